"""The page to link a case to a coded person, address or account. Thin: the service does the work."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from signaalwijzer.cases.recording import record_form_view
from signaalwijzer.links import services
from signaalwijzer.links.forms import CaseLinkForm


@require_http_methods(["GET", "POST"])
def link_create(request: HttpRequest, case_id: int) -> HttpResponse:
    return record_form_view(
        request,
        case_id,
        form_class=CaseLinkForm,
        save=services.link_case,
        purpose="case_link.create",
        title=_("Link this case"),
        intro=_(
            "Record a suspected exploiter, recruiter, address or online account as a code. Cases in "
            "your organisation with the same code are linked; colleagues see only cases they are in "
            "the team of."
        ),
        anchor="links",
        success_message=_("The case has been linked."),
    )
