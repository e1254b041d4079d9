"""Writing steps 2–5: consultations, conversations, the weighing, actions and Veilig Thuis feedback."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import User
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.ages import age_on
from signaalwijzer.cases.models import Case, CaseMember
from signaalwijzer.cases.services import (
    ConflictError,
    add_timeline,
    record_created,
    require_open,
    touch,
)
from signaalwijzer.cases.write_path import update_record
from signaalwijzer.consent.services import check_sharing
from signaalwijzer.consent.sharing import LegalBasis, Purpose
from signaalwijzer.meldcode.afwegingskader import (
    Answers,
    Contradiction,
    ContradictionKind,
    Decision,
    Outcome,
    Unsafety,
    contradictions,
    evaluate,
    implied_step5,
)
from signaalwijzer.meldcode.models import (
    Action,
    Consultation,
    Conversation,
    Step3Skip,
    VeiligThuisFeedback,
    Weighing,
    WeighingVersion,
)
from signaalwijzer.meldcode.scope import ADULT_FROM, Route, route

QUESTIONS = (
    ("q1_suspicion", "q1_reason"),
    ("q2_unsafety", "q2_reason"),
    ("q3_can_help", "q3_reason"),
    ("q4_help_accepted", "q4_reason"),
    ("q5_help_effective", "q5_reason"),
)


def _not_in_future(day: date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


@transaction.atomic
def record_consultation(access: CaseAccess, **data: Any) -> Consultation:
    require_open(access)
    _not_in_future(data.get("consulted_on"), "consulted_on")
    is_advice_request = data.get("consultee") == Consultation.Consultee.VEILIG_THUIS_ADVICE
    if is_advice_request and not data.get("no_identifying_data_shared"):
        raise ValidationError(
            {
                "no_identifying_data_shared": _(
                    "An advice request to Veilig Thuis is anonymous. Confirm that you shared no data "
                    "that identify the young person, or record it as a report."
                )
            }
        )
    consultation = Consultation.objects.create(case=access.case, recorded_by=access.user, **data)
    summary = f"{consultation.get_consultee_display()}: {consultation.advice}"
    record_created(
        access, consultation, kind="consultation", purpose="consultation.create", summary=summary
    )
    return consultation


@transaction.atomic
def record_conversation(access: CaseAccess, **data: Any) -> Conversation:
    require_open(access)
    _not_in_future(data.get("held_on"), "held_on")
    if not data.get("with_young_person") and not data.get("with_parents"):
        raise ValidationError(
            _("Tick who the conversation was with: the young person, the parents, or both.")
        )
    conversation = Conversation.objects.create(case=access.case, recorded_by=access.user, **data)
    record_created(
        access,
        conversation,
        kind=f"conversation_{conversation.kind}",
        purpose="conversation.create",
        summary=conversation.reaction,
    )
    return conversation


@transaction.atomic
def record_step3_skip(access: CaseAccess, **data: Any) -> Step3Skip:
    require_open(access)
    if not str(data.get("explanation", "")).strip():
        raise ValidationError({"explanation": _("Explain why talking is not possible now.")})
    skip = Step3Skip.objects.create(case=access.case, recorded_by=access.user, **data)
    summary = f"{skip.get_reason_display()}: {skip.explanation}"
    record_created(access, skip, kind="step3_skipped", purpose="step3_skip.create", summary=summary)
    return skip


def answers_of(weighing: Weighing | WeighingVersion | None) -> Answers:
    if weighing is None:
        return Answers()
    return Answers(
        q1_suspicion=weighing.q1_suspicion,
        q2_unsafety=Unsafety(weighing.q2_unsafety) if weighing.q2_unsafety else None,
        q3_can_help=weighing.q3_can_help,
        q4_help_accepted=weighing.q4_help_accepted,
        q5_help_effective=weighing.q5_help_effective,
        disclosure=weighing.disclosure,
    )


def _contradiction_message(contradiction: Contradiction) -> str:
    earlier = {"question": contradiction.because_of}
    if contradiction.kind == ContradictionKind.DISCLOSURE_WITHOUT_SUSPICION:
        return _(
            "The young person told you about violence or exploitation: that is a suspicion, and it is "
            "always reported. Answer question 1 with yes, or untick the disclosure."
        )
    if contradiction.kind == ContradictionKind.NO_SUSPICION:
        return _(
            "You answered question 1 with no: the weighing ends there and you close the case. Remove "
            "this answer, or change your answer to question 1."
        )
    if contradiction.kind == ContradictionKind.FLOW_ENDED:
        return (
            _(
                "You answered question %(question)s with no: then you report, and the weighing ends "
                "there. Remove this answer, or change your answer to question %(question)s."
            )
            % earlier
        )
    return _("Answer question %(question)s first.") % earlier


def _step5_deviations(data: dict[str, Any], answers: Answers) -> dict[str, str]:
    """A step-5 decision that differs from what the answers imply needs the deviation reason."""
    if str(data.get("deviation_reason", "")).strip():
        return {}
    implied = implied_step5(answers)
    errors: dict[str, str] = {}
    report_needed = data.get("report_needed")
    if implied.report_needed is not None and report_needed not in (None, implied.report_needed):
        errors["deviation_reason"] = _(
            "Your answer to whether reporting is necessary differs from what the afwegingskader "
            "gives. Write down why."
        )
    help_possible = data.get("help_possible")
    if implied.help_possible is not None and help_possible not in (None, implied.help_possible):
        errors["deviation_reason"] = _(
            "Your answer to whether help is (also) possible differs from your answers to questions "
            "3 and 4. Write down why."
        )
    return errors


def _step5_consistency(data: dict[str, Any]) -> dict[str, str]:
    """The final decision and "is reporting necessary?" may not say opposite things."""
    decision = data.get("final_decision") or ""
    report_needed = data.get("report_needed")
    if not decision or report_needed is None:
        return {}
    if (decision == Decision.REPORT) != report_needed:
        return {
            "report_needed": _(
                "This does not match your decision. Reporting is necessary if, and only if, "
                "you decide to report to Veilig Thuis."
            )
        }
    return {}


def _validate_weighing(data: dict[str, Any], answers: Answers, outcome: Outcome) -> None:
    errors: dict[str, str] = {}
    for contradiction in contradictions(answers):
        answer_field = QUESTIONS[contradiction.question - 1][0]
        errors[answer_field] = _contradiction_message(contradiction)
    for answer_field, reason_field in QUESTIONS:
        answered = data.get(answer_field) not in (None, "")
        if answered and not str(data.get(reason_field, "")).strip():
            errors.setdefault(reason_field, _("Write down why you answer this way."))
    decision = data.get("final_decision") or ""
    decided = bool(decision) or any(
        data.get(key) is not None for key in ("report_needed", "help_possible")
    )
    if decided and outcome.decision == Decision.INCOMPLETE:
        errors["final_decision"] = _("Answer the questions first; then decide.")
    elif (
        decision
        and decision != outcome.decision
        and not str(data.get("deviation_reason", "")).strip()
    ):
        errors["deviation_reason"] = _(
            "Your decision differs from what the afwegingskader gives. Write down why."
        )
    elif decided:
        errors.update(_step5_deviations(data, answers))
    errors.update(_step5_consistency(data))
    if errors:
        raise ValidationError(errors)


def _weighing_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = {key: data.get(key) for pair in QUESTIONS for key in pair}
    fields["q2_unsafety"] = fields["q2_unsafety"] or ""
    for _answer, reason in QUESTIONS:
        fields[reason] = fields[reason] or ""
    fields.update(
        disclosure=bool(data.get("disclosure")),
        final_decision=data.get("final_decision") or "",
        deviation_reason=data.get("deviation_reason") or "",
        report_needed=data.get("report_needed"),
        help_possible=data.get("help_possible"),
        no_expert_consultation_reason=data.get("no_expert_consultation_reason") or "",
        no_coordinator_contact_reason=data.get("no_coordinator_contact_reason") or "",
        exploiter_in_household=data.get("exploiter_in_household"),
    )
    return fields


DECISION_FIELDS = ("final_decision", "report_needed", "help_possible")


def _add_version(access: CaseAccess, weighing: Weighing, outcome: Outcome) -> WeighingVersion:
    """The saved weighing as a new, dated version; an unchanged decision keeps the date it was taken."""
    previous = WeighingVersion.objects.filter(case=access.case).order_by("-number").first()
    version = WeighingVersion(
        case=access.case,
        number=weighing.version,
        **{name: getattr(weighing, name) for pair in QUESTIONS for name in pair},
        disclosure=weighing.disclosure,
        outcome=outcome.decision.value,
        deviation_reason=weighing.deviation_reason,
        no_expert_consultation_reason=weighing.no_expert_consultation_reason,
        no_coordinator_contact_reason=weighing.no_coordinator_contact_reason,
        exploiter_in_household=weighing.exploiter_in_household,
        **{name: getattr(weighing, name) for name in DECISION_FIELDS},
        author=access.user,
        recorded_at=weighing.updated_at,
    )
    if version.has_decision:
        unchanged = previous is not None and all(
            getattr(previous, name) == getattr(version, name) for name in DECISION_FIELDS
        )
        version.decided_at = (
            previous.decided_at if unchanged and previous is not None else None
        ) or weighing.updated_at
    version.save()
    return version


@transaction.atomic
def save_weighing(access: CaseAccess, *, expected_version: int, data: dict[str, Any]) -> Weighing:
    """Save the case's weighing and add it as a new dated version; a save based on an older version is
    refused, and so are answers that contradict the afwegingskader.
    """
    require_open(access)
    fields = _weighing_fields(data)
    answers = answers_of(Weighing(**fields))
    outcome = evaluate(answers)
    _validate_weighing(fields, answers, outcome)
    now = timezone.now()
    if expected_version == 0:
        if Weighing.objects.filter(case=access.case).exists():
            raise ConflictError
        weighing = Weighing(case=access.case, **fields, updated_by=access.user, updated_at=now)
        weighing.save()
    else:
        updated = Weighing.objects.filter(case=access.case, version=expected_version).update(
            **fields, updated_by=access.user, updated_at=now, version=F("version") + 1
        )
        if updated == 0:
            raise ConflictError
        weighing = Weighing.objects.get(case=access.case)
    version = _add_version(access, weighing, outcome)
    summary = weighing.get_final_decision_display() if weighing.final_decision else ""
    add_timeline(
        access,
        "weighing_saved",
        (_("Version %(number)s") % {"number": version.number})
        + (f": {summary}" if summary else ""),
    )
    action = AccessEvent.Action.CREATE if expected_version == 0 else AccessEvent.Action.UPDATE
    access.record(action, "weighing.save", weighing)
    touch(access.case)
    return weighing


def action_owner_choices(access: CaseAccess) -> list[User]:
    members = (
        CaseMember.objects.filter(case=access.case).select_related("user").order_by("added_at")
    )
    return [member.user for member in members]


def _validate_report(data: dict[str, Any]) -> None:
    """A report to Veilig Thuis: when and how, and 'open melden, tenzij' (who was told, or why not)."""
    if not data.get("reported_on"):
        return
    errors: dict[str, str] = {}
    _not_in_future(data.get("reported_on"), "reported_on")
    if not data.get("channel"):
        errors["channel"] = _("How did you report: by phone or with the web form?")
    informed = data.get("informed_beforehand")
    if informed is None:
        errors["informed_beforehand"] = _("Were those involved told beforehand? Answer yes or no.")
    elif informed and not str(data.get("informed_who", "")).strip():
        errors["informed_who"] = _("Write down who was told, and their reaction.")
    elif informed is False and not str(data.get("not_informed_reason", "")).strip():
        errors["not_informed_reason"] = _(
            "Write down why they were not told (for example: telling them would endanger someone)."
        )
    if errors:
        raise ValidationError(errors)


def _validate_action(access: CaseAccess, data: dict[str, Any]) -> None:
    if data.get("owner") not in action_owner_choices(access):
        raise ValidationError({"owner": _("Choose someone from the case team.")})
    if data.get("kind") == Action.Kind.MONITORING and not data.get("due_on"):
        raise ValidationError({"due_on": _("A follow-up needs a date: when will you check again?")})
    if data.get("kind") == Action.Kind.COMENSHA:
        check_sharing(
            access.case,
            purpose=Purpose.COMENSHA,
            basis=LegalBasis.CONSENT,
            day=timezone.localdate(),
        )
    if data.get("kind") == Action.Kind.REPORT_VEILIG_THUIS:
        _validate_report(data)
    if data.get("status") == Action.Status.DONE and not data.get("completed_on"):
        data["completed_on"] = data.get("reported_on") or timezone.localdate()


def _schedule_reminders(action: Action) -> None:
    from signaalwijzer.meldcode.tasks import schedule_action_reminders

    transaction.on_commit(lambda: schedule_action_reminders(action.pk))


@transaction.atomic
def add_action(access: CaseAccess, **data: Any) -> Action:
    require_open(access)
    if data.get("kind") == Action.Kind.REPORT_VEILIG_THUIS and data.get("reported_on"):
        data.setdefault("status", Action.Status.DONE)
    _validate_action(access, data)
    action = Action.objects.create(case=access.case, recorded_by=access.user, **data)
    summary = f"{action.get_kind_display()}: {action.description or action.reference}"
    record_created(access, action, kind="action", purpose="action.create", summary=summary)
    _schedule_reminders(action)
    return action


@transaction.atomic
def update_action(
    access: CaseAccess, action: Action, *, expected_version: int, changes: dict[str, Any]
) -> Action:
    require_open(access)
    merged = {field.name: getattr(action, field.name) for field in Action._meta.concrete_fields}
    merged["owner"] = action.owner
    merged.update(changes)
    if merged.get("kind") == Action.Kind.REPORT_VEILIG_THUIS and merged.get("reported_on"):
        merged["status"] = Action.Status.DONE
    _validate_action(access, merged)
    allowed = {key: merged[key] for key in changes} | {
        key: merged[key] for key in ("status", "completed_on") if key in merged
    }
    status = Action.Status(merged["status"]).label
    action = update_record(
        access,
        action,
        expected_version=expected_version,
        changes=allowed,
        purpose="action.update",
        timeline_kind="action_updated",
        timeline_summary=f"{Action.Kind(merged['kind']).label}: {status}",
    )
    _schedule_reminders(action)
    return action


@transaction.atomic
def record_feedback(access: CaseAccess, action: Action, **data: Any) -> VeiligThuisFeedback:
    require_open(access)
    if action.case_id != access.case.pk or not action.is_report or not action.reported_on:
        raise ValidationError(_("Feedback can only be recorded on a report made to Veilig Thuis."))
    _not_in_future(data.get("received_on"), "received_on")
    if data["received_on"] < action.reported_on:
        raise ValidationError({"received_on": _("Feedback cannot come before the report.")})
    feedback = VeiligThuisFeedback.objects.create(
        case=access.case, action=action, recorded_by=access.user, **data
    )
    summary = f"{feedback.get_stage_display()}: {feedback.summary}"
    record_created(
        access, feedback, kind="veilig_thuis_feedback", purpose="feedback.create", summary=summary
    )
    return feedback


CONTACT_KINDS = {
    "veilig_thuis": Action.Kind.ADVICE_VEILIG_THUIS,
    "coordinator": Action.Kind.CARE_COORDINATOR,
}


@transaction.atomic
def log_contact(access: CaseAccess, *, contact: str, who: str) -> Action:
    """One click after a phone call: the planned open action of that kind (the one due first) is completed,
    through update_record (version check, history); only when none is planned is a done action of today added.
    """
    require_open(access)
    if contact not in CONTACT_KINDS:
        raise ValidationError(_("Unknown contact."))
    kind = CONTACT_KINDS[contact]
    today = timezone.localdate()
    called = _("Called %(who)s.") % {"who": who}
    planned = (
        Action.objects.filter(case=access.case, kind=kind, status=Action.Status.OPEN)
        .order_by(F("due_on").asc(nulls_last=True), "pk")
        .first()
    )
    if planned is not None:
        description = f"{planned.description}\n{called}" if planned.description else called
        return update_action(
            access,
            planned,
            expected_version=planned.version,
            changes={
                "status": Action.Status.DONE,
                "completed_on": today,
                "description": description,
            },
        )
    action = Action.objects.create(
        case=access.case,
        recorded_by=access.user,
        kind=kind,
        owner=access.user,
        description=called,
        status=Action.Status.DONE,
        completed_on=today,
        due_on=today,
    )
    record_created(
        access, action, kind="action", purpose="contact.logged", summary=action.description
    )
    return action


def is_adult_today(case: Case) -> bool:
    born = case.date_of_birth
    return born is not None and age_on(born, timezone.localdate()) >= ADULT_FROM


def case_route(case: Case, weighing: Weighing | None) -> Route:
    """The route that fits: the meldcode, or (an adult exploited outside the household) the chain without it."""
    born = case.date_of_birth
    age = age_on(born, timezone.localdate()) if born else None
    return route(age, weighing.exploiter_in_household if weighing else None)
