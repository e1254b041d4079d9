"""The composed pages of a case: dashboard, case page, PDF dossier, subject-access export, Veilig Thuis package.

They assemble the core (``cases``) and the step apps' parts; the pages that record something live in the app
that owns the record.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from signaalwijzer.accounts.roles import (
    Role,
    can_manage_organisation,
    can_read_audit_log,
    can_view_statistics,
    can_work_on_cases,
)
from signaalwijzer.accounts.services import signed_in_user
from signaalwijzer.cases.access import CaseAccess, case_get_for_user
from signaalwijzer.cases.recording import add_service_errors
from signaalwijzer.cases.write_path import note_export, note_read, reading, writing
from signaalwijzer.casework import case_list, export, overview, page_cache
from signaalwijzer.casework import dossier as case_dossier
from signaalwijzer.casework import veilig_thuis_package as vt_package
from signaalwijzer.casework.case_page import COLLAPSED, RECORD_LISTS, case_page, record_list
from signaalwijzer.casework.urgent import urgent_for
from signaalwijzer.directory.selectors import contacts_for_display
from signaalwijzer.meldcode import services as meldcode_services
from signaalwijzer.meldcode.forms import SentForm, VeiligThuisPackageForm
from signaalwijzer.meldcode.models import Action
from signaalwijzer.meldcode.selectors import my_actions


@require_http_methods(["GET", "POST"])
def dashboard(request: HttpRequest) -> HttpResponse:
    """The overview; a POST is the case search (the term stays out of the address, see case_list.py)."""
    user = signed_in_user(request)
    roles = user.roles
    works_on_cases = can_work_on_cases(roles)
    listing = case_list.case_list(request, user)
    return render(
        request,
        "cases/dashboard.html",
        {
            "works_on_cases": works_on_cases,
            "views_statistics": can_view_statistics(roles),
            "reads_audit_log": can_read_audit_log(roles),
            "manages_organisation": can_manage_organisation(roles),
            "has_no_role": not roles,
            "is_meldcode_officer": Role.MELDCODE_OFFICER in roles,
            "listing": listing,
            "case_list": listing.page if listing is not None else None,
            "my_actions": my_actions(user) if works_on_cases else [],
            "urgent": urgent_for(user) if works_on_cases else [],
        },
    )


def officer_overview(request: HttpRequest) -> HttpResponse:
    """The meldcode officer's overview of the organisation's trajectories: progress only, no case content."""
    user = signed_in_user(request)
    if Role.MELDCODE_OFFICER not in user.roles:
        raise PermissionDenied
    return render(
        request,
        "cases/officer_overview.html",
        {"overview": overview.officer_overview(user, page=request.GET.get("page"))},
    )


def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    access = case_get_for_user(signed_in_user(request), case_id, purpose="case.detail")
    return page_cache.render_case_page(
        request,
        access,
        "cases/case_detail.html",
        lambda: {"page": case_page(access, newest=COLLAPSED), "contacts": contacts_for_display()},
    )


def case_records(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    """One of the case page's shortened lists (signals, actions, timeline) in full; for the case team only."""
    if kind not in RECORD_LISTS:
        raise Http404
    access = case_get_for_user(signed_in_user(request), case_id, purpose=f"case.records.{kind}")
    return render(
        request,
        "cases/case_records.html",
        {"case": access.case, "kind": kind, "rows": record_list(access, kind)},
    )


def _require_owner(access: CaseAccess) -> CaseAccess:
    if not access.is_owner:
        raise Http404
    return access


def subject_access(request: HttpRequest, case_id: int) -> HttpResponse:
    """The page from which the case owner exports everything for the young person (inzage)."""
    with reading(signed_in_user(request), case_id) as access:
        note_read(_require_owner(access), "subject_access.page")
    return render(request, "cases/subject_access.html", {"case": access.case})


def subject_access_download(request: HttpRequest, case_id: int, fmt: str) -> HttpResponse:
    if fmt not in ("json", "pdf"):
        raise Http404
    with reading(signed_in_user(request), case_id) as access:
        for_parents = request.GET.get("for") == "parents"
        data = export.subject_access_data(_require_owner(access), for_parents=for_parents)
        export.record_export(access, f"subject_access.{'parents.' if for_parents else ''}{fmt}")
    filename = f"inzage-casus-{case_id}{'-ouders' if for_parents else ''}.{fmt}"
    if fmt == "json":
        response: HttpResponse = JsonResponse(
            data, json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
    else:
        response = HttpResponse(export.subject_access_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def dossier(request: HttpRequest, case_id: int) -> HttpResponse:
    """The PDF dossier of the case (an audited export), for every member of the case team."""
    with reading(signed_in_user(request), case_id) as access:
        pdf = case_dossier.dossier_pdf(access)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dossier-casus-{case_id}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def veilig_thuis_package(request: HttpRequest, case_id: int) -> HttpResponse:
    """Prepare the report for Veilig Thuis (text to copy, or PDF), and record it as sent."""
    user = signed_in_user(request)
    if request.method == "GET":
        access = case_get_for_user(user, case_id, purpose="veilig_thuis_package.form")
        # What the user filled in earlier in this session comes back (after going back, or a download).
        draft = vt_package.load_draft(request.session, access.case.pk)
        return render(
            request,
            "meldcode/veilig_thuis_package.html",
            {"case": access.case, "form": VeiligThuisPackageForm(initial=draft)},
        )
    step = request.POST.get("step", "preview")
    access_for = writing if step == "sent" else reading
    with access_for(user, case_id) as access:
        form = VeiligThuisPackageForm(request.POST)
        vt_package.save_draft(
            request.session,
            access.case.pk,
            {name: request.POST.get(name, "") for name in form.fields},
        )
        sent_form = SentForm(
            request.POST if step == "sent" else None, initial={"reported_on": timezone.localdate()}
        )
        context: dict[str, Any] = {"case": access.case, "form": form, "sent_form": sent_form}
        if not form.is_valid():
            note_read(access, "veilig_thuis_package.form")
            return render(request, "meldcode/veilig_thuis_package.html", context, status=400)
        data = form.cleaned_data
        try:
            package = vt_package.build_package(access, basis=data["basis"], data=data)
        except ValidationError as error:
            add_service_errors(form, error)
            note_read(access, "veilig_thuis_package.form")
            return render(request, "meldcode/veilig_thuis_package.html", context, status=400)
        if step == "sent" and data["basis"] != "advice" and sent_form.is_valid():
            sent = sent_form.cleaned_data
            meldcode_services.add_action(
                access,
                kind=Action.Kind.REPORT_VEILIG_THUIS,
                owner=user,
                reported_on=sent["reported_on"],
                channel=sent["channel"],
                reference=sent["reference"],
                informed_beforehand=data["informed_beforehand"],
                informed_who=data["informed_who"],
                informed_reaction=data["informed_reaction"],
                not_informed_reason=data["not_informed_reason"],
                description=_("Report prepared in Signaalwijzer."),
            )
            vt_package.forget_draft(request.session, access.case.pk)
            messages.success(
                request, _("The report to Veilig Thuis has been recorded under step 5.")
            )
            return redirect(access.case.get_absolute_url() + "#step-5")
        note_export(access, f"veilig_thuis_package.{'pdf' if step == 'pdf' else 'text'}")
    if step == "pdf":
        html = render_to_string(
            "meldcode/veilig_thuis_package_pdf.html", {"case": access.case, "package": package}
        )
        from weasyprint import HTML

        response = HttpResponse(
            HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="melding-veilig-thuis-casus-{case_id}.pdf"'
        )
        return response
    context["package"] = package
    return render(
        request,
        "meldcode/veilig_thuis_package.html",
        context,
        status=400 if step == "sent" else 200,
    )
