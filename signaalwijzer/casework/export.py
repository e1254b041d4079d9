"""Subject access (inzage): everything recorded about one young person, and who accessed it.

The data is collected once, as plain values, and rendered as JSON or as a PDF.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.history import case_history
from signaalwijzer.cases.models import CODED_LISTS
from signaalwijzer.cases.selectors import who_saw
from signaalwijzer.casework.case_page import case_page
from signaalwijzer.instruments.caveat import caveat_for
from signaalwijzer.instruments.models import Assessment
from signaalwijzer.instruments.scoring import ChecklistResult
from signaalwijzer.instruments.selectors import ScoredAssessment

SKIPPED_FIELDS = {
    "id",
    "case",
    "version",
    "last_reminded_on",
    "feedback_reminded_on",
    "answers_json",
    "instrument_hash",
}


def _value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _record(instance: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS:
            continue
        value = getattr(instance, field.name)
        if field.choices and value:
            value = getattr(instance, f"get_{field.name}_display")()
        data[field.name] = _value(value)
    return data


# What an export made for a parent leaves out when the parents or family may be involved in the exploitation:
# the flag itself, and every record that may say something about them (the free text of steps 1-5).
ABOUT_THE_FAMILY = (
    "signals",
    "consultations",
    "conversations",
    "conversation_skipped",
    "consent",
    "shared_with_others",
    "weighing",
    "weighing_versions",
    "actions",
    "timeline",
    "changes",
    "missing_episodes",
    "safety_plan",
)


def subject_access_data(access: CaseAccess, *, for_parents: bool = False) -> dict[str, Any]:
    """Everything about the case, for the young person; ``for_parents`` makes the version a parent gets.

    A parent's version never shows whether the parents may be involved; when they may be, it also leaves out
    the records that could be about them, and says that something was left out.
    """
    data = _subject_access_data(access)
    if not for_parents:
        return data
    for name in ("parents_involved", "parents_involved_reason"):
        data["case"].pop(name, None)
    if access.case.parents_involved:
        for name in ABOUT_THE_FAMILY:
            data.pop(name, None)
        # How it happens may point at the family ("family or people close to the family", "a private address").
        for name in CODED_LISTS:
            data["case"].pop(name, None)
        data["left_out"] = str(
            _(
                "Some information is not included, to protect the young person. Ask the professional "
                "if you want to know why."
            )
        )
    return data


def _signalling_list(item: ScoredAssessment | Assessment) -> dict[str, Any]:
    """One signalling list: its result in words and what that result is worth ("own list, not validated")."""
    scored = item if isinstance(item, ScoredAssessment) else None
    assessment = item.assessment if isinstance(item, ScoredAssessment) else item
    caveat = caveat_for(scored.loaded if scored else None)
    result = ""
    if scored and assessment.is_finished:
        language = translation.get_language() or "nl"
        result = (
            scored.result.profile.label.get(language)
            if isinstance(scored.result, ChecklistResult)
            else next(
                (
                    level.label.get(language)
                    for level in scored.loaded.definition.levels
                    if level.key == scored.result.final_level
                ),
                "",
            )
        )
    return {
        "instrument": assessment.instrument_key,
        "version": assessment.instrument_version,
        "status": assessment.get_status_display(),
        # The result line itself says what it is worth, like the dossier's.
        "result": f"{result} – {caveat.label}" if result else "",
        "validated": caveat.validated,
        "caveat": caveat.text,
        "answers": assessment.answers,
    }


def _subject_access_data(access: CaseAccess) -> dict[str, Any]:
    page = case_page(access)
    case = access.case
    return {
        "exported_at": timezone.now().isoformat(),
        "exported_by": access.user.get_full_name(),
        "case": {
            "number": case.pk,
            **_record(case),
            "exploitation_forms": case.exploitation_form_labels(),
            **{name: case.coded_labels(name) for name in CODED_LISTS},
        },
        "team": [
            {"name": member.user.get_full_name(), "role": member.get_role_display()}
            for member in page.members
        ],
        "signals": [_record(item) for item in page.observations],
        "signalling_lists": [_signalling_list(item) for item in page.assessments],
        "consultations": [_record(item) for item in page.consultations],
        "conversations": [_record(item) for item in page.conversations],
        "conversation_skipped": [_record(item) for item in page.step3_skips],
        "consent": [_record(item) for item in page.consents],
        "shared_with_others": [_record(item) for item in page.shares],
        "weighing": _record(page.weighing) if page.weighing else None,
        "weighing_versions": [_record(version) for version in reversed(page.weighing_versions)],
        "actions": [
            {**_record(row.action), "feedback": [_record(f) for f in row.action.feedback.all()]}
            for row in page.actions
        ],
        "timeline": [
            {
                "at": entry.at.isoformat(),
                "by": entry.actor.get_full_name(),
                "what": entry.kind,
                "summary": entry.summary,
            }
            for entry in page.timeline
        ],
        "missing_episodes": [_record(episode) for episode in page.safety.missing_episodes]
        if page.safety
        else [],
        "safety_plan": _record(page.safety.safety_plan)
        if page.safety and page.safety.safety_plan
        else None,
        "changes": [
            {
                "at": change.changed_at.isoformat(),
                "by": change.changed_by.get_full_name(),
                "record": change.record_label,
                "fields": [
                    {"field": field.label, "before": field.before_text, "after": field.after_text}
                    for field in change.fields
                ],
            }
            for change in case_history(access)
        ],
        "access_log": [
            {
                "at": event.at.isoformat(),
                "who": event.user.get_full_name() if event.user else event.on_behalf_of,
                "what": event.get_action_display(),
                "why": event.purpose,
                "basis": event.basis,
                "emergency": event.emergency,
            }
            for event in who_saw(access)
        ],
    }


def subject_access_pdf(data: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("cases/subject_access_pdf.html", {"data": data})
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def record_export(access: CaseAccess, purpose: str) -> None:
    access.record(AccessEvent.Action.EXPORT, purpose)
