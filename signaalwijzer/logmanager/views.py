"""The access log for the log manager (logbeheerder): search, unusual access, emergency reviews.

Every page needs the log manager role and a second factor used in the last minutes; reading the log is
itself written to the log.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from signaalwijzer.accounts.mfa import fresh_second_factor_required
from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import can_read_audit_log
from signaalwijzer.accounts.services import signed_in_user
from signaalwijzer.logmanager import reviews, selectors
from signaalwijzer.logmanager.forms import LogSearchForm, ReviewForm
from signaalwijzer.replica import replica_reads

PAGE_SIZE = 50


def _log_manager(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not can_read_audit_log(user.roles):
        raise PermissionDenied
    return user


@fresh_second_factor_required
@replica_reads
def log_search(request: HttpRequest) -> HttpResponse:
    manager = _log_manager(request)
    form = LogSearchForm(request.GET or None, organisation_id=manager.organisation_id)
    page = None
    if form.is_valid():
        data = form.cleaned_data
        events = selectors.search(
            manager,
            case_id=data.get("case"),
            user=data.get("user"),
            start=data.get("start"),
            end=data.get("end"),
            action=data.get("action") or "",
        )
        page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
        selectors.log_viewed(manager, "audit.search")
    else:
        selectors.log_viewed(manager, "audit.search.form")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/search.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@fresh_second_factor_required
@replica_reads
def unusual(request: HttpRequest) -> HttpResponse:
    manager = _log_manager(request)
    selectors.log_viewed(manager, "audit.unusual")
    return render(request, "audit/unusual.html", selectors.unusual_access(manager))


@fresh_second_factor_required
@require_http_methods(["GET", "POST"])
def emergency_reviews(request: HttpRequest) -> HttpResponse:
    manager = _log_manager(request)
    if request.method == "POST":
        queue = {item.pk: item for item in selectors.emergency_review_queue(manager)}
        try:
            emergency = queue[int(request.POST.get("emergency", "0"))]
        except (KeyError, ValueError) as error:
            raise Http404 from error
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                saved = reviews.review(
                    reviewer=manager, emergency=emergency, note=form.cleaned_data["note"]
                )
            except ValidationError:
                messages.error(request, _("Write down your conclusion."))
            else:
                if saved:
                    messages.success(request, _("The review has been saved."))
                else:
                    messages.info(
                        request, _("Someone else reviewed this emergency access already.")
                    )
            return redirect("audit:emergency_reviews")
        messages.error(request, _("Write down your conclusion."))
        return redirect("audit:emergency_reviews")
    selectors.log_viewed(manager, "audit.emergency_reviews")
    return render(
        request,
        "audit/emergency_reviews.html",
        {"queue": selectors.emergency_review_queue(manager), "form": ReviewForm()},
    )
