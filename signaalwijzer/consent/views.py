from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.recording import record_form_view
from signaalwijzer.consent import services
from signaalwijzer.consent.forms import ConsentForm, ShareForm


def _who_must_consent(access: CaseAccess) -> dict[str, object]:
    required = services.required_parties(access.case, timezone.localdate())
    return {
        "required_today": required,
        "required_today_labels": services.party_labels(required) if required else "",
        "consent_policy": services.consent_policy(access.case).value,
        "parents_involved": services.parents_may_be_involved(access.case),
    }


@require_http_methods(["GET", "POST"])
def consent_create(request: HttpRequest, case_id: int) -> HttpResponse:
    return record_form_view(
        request,
        case_id,
        form_class=ConsentForm,
        save=services.record_consent,
        purpose="consent.create",
        title=_("Record consent"),
        intro=_(
            "Record the answer of each party separately, for each purpose. Refused or withdrawn "
            "consent is recorded too. You can still report to Veilig Thuis without consent (meldrecht), "
            "but tell the young person and parents unless that is unsafe."
        ),
        anchor="step-3",
        template="consent/consent_form.html",
        extra_context=_who_must_consent,
        success_message=_("The consent has been recorded."),
    )


@require_http_methods(["GET", "POST"])
def share_create(request: HttpRequest, case_id: int) -> HttpResponse:
    return record_form_view(
        request,
        case_id,
        form_class=ShareForm,
        save=services.record_share,
        purpose="share.create",
        title=_("Share information with another organisation"),
        intro=_(
            "Sharing is only possible with the consent the age rule requires, or on a legal basis: "
            "meldrecht towards Veilig Thuis, or a conflict of duties with a written justification."
        ),
        anchor="sharing",
        template="consent/consent_form.html",
        extra_context=_who_must_consent,
        success_message=_("The sharing has been recorded."),
    )
