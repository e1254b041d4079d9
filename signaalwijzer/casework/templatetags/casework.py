"""Labels for codes the pure rules return (steps, missing items, timeline kinds, due states)."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

STEP_TITLES = {
    1: _("Map the signals"),
    2: _("Discuss with an expert colleague"),
    3: _("Talk with the young person"),
    4: _("Weigh: the afwegingskader"),
    5: _("Decide and organise help"),
}

MISSING = {
    "report_now": _("Report to Veilig Thuis now (0800-2000)"),
    "observation": _("Record at least one signal, or fill in a signalling list."),
    "consultation": _("Record a consultation with an expert colleague."),
    "conversation": _(
        "Record the conversation with the young person (or why it cannot happen now)."
    ),
    "consent": _(
        "Record the consent of everyone who must consent (or that it was refused or not asked)."
    ),
    "weighing": _("Answer the questions of the afwegingskader and take a decision."),
    "weighing_presented": _("Discuss the weighing with the young person and those involved."),
    "action": _("Add the actions you decided on."),
    "report": _("Record the report to Veilig Thuis (date, how, reference)."),
    "follow_up": _("Plan a follow-up: when will you check whether the help works?"),
    "expert_consultation": _(
        "Discuss the weighing with Veilig Thuis and/or the zorgcoördinator (a step 4 consultation), "
        "or write down in the weighing why not."
    ),
    "care_coordinator": _(
        "Contact the zorgcoördinator mensenhandel: the first point of contact for professionals, who "
        "keeps the lead from registration to the end. Or write down in the weighing why not."
    ),
}

STATES = {
    "todo": _("To do"),
    "in_progress": _("In progress"),
    "done": _("Done"),
    "skipped": _("Skipped, with reason"),
}

TIMELINE = {
    "case_opened": _("Case started"),
    "case_updated": _("Details changed"),
    "case_closed": _("Case closed"),
    "case_reopened": _("Case reopened"),
    "legal_hold_placed": _("Legal hold placed: the file is kept"),
    "legal_hold_lifted": _("Legal hold lifted"),
    "member_added": _("Colleague added to the team"),
    "member_removed": _("Colleague removed from the team"),
    "owner_changed": _("Case handed over to a new owner"),
    "meldcode_officer_asked": _("Meldcode officer asked to consult"),
    "emergency_access": _("Emergency access by a meldcode officer (break the glass)"),
    "observation": _("Signal recorded"),
    "assessment_started": _("Signalling list started"),
    "assessment_finished": _("Signalling list finished"),
    "consultation": _("Consultation"),
    "conversation_step3": _("Conversation"),
    "conversation_weighing": _("Weighing discussed with those involved"),
    "step3_skipped": _("Conversation skipped, with reason"),
    "consent": _("Consent recorded"),
    "share": _("Information shared"),
    "weighing_saved": _("Weighing saved"),
    "action": _("Action added"),
    "action_updated": _("Action changed"),
    "missing_episode": _("Missing episode recorded"),
    "missing_episode_updated": _("Missing episode changed"),
    "safety_plan": _("Safety plan made"),
    "safety_plan_updated": _("Safety plan changed"),
    "veilig_thuis_feedback": _("Feedback from Veilig Thuis"),
}

DUE = {
    "overdue": _("Overdue"),
    "due_today": _("Due today"),
    "upcoming": _("Planned"),
    "no_date": _("No date"),
    "done": _("Done"),
}


MISSING_URL_NAMES = {
    "report_now": "cases:veilig_thuis_package",
    "observation": "cases:observation_create",
    "consultation": "cases:consultation_create",
    "conversation": "cases:conversation_create",
    "consent": "cases:consent_create",
    "weighing": "cases:weighing",
    "weighing_presented": "cases:conversation_create",
    "action": "cases:action_create",
    "report": "cases:action_create",
    "follow_up": "cases:action_create",
    "expert_consultation": "cases:consultation_create",
    "care_coordinator": "cases:action_create",
}


@register.simple_tag
def missing_url(code: str, case_id: int) -> str:
    """Where to record what is missing: every 'what now?' line is a link to its form."""
    name = MISSING_URL_NAMES.get(code)
    return reverse(name, kwargs={"case_id": case_id}) if name else ""


@register.filter
def step_title(number: int) -> str:
    return str(STEP_TITLES.get(number, ""))


@register.filter
def missing_label(code: str) -> str:
    return str(MISSING.get(code, code))


@register.filter
def without_report_now(codes: tuple[str, ...]) -> tuple[str, ...]:
    """The "What now?" codes after the report-now block, which the page shows on its own, first."""
    return tuple(code for code in codes if code != "report_now")


@register.filter
def state_label(state: str) -> str:
    return str(STATES.get(state, state))


@register.filter
def timeline_label(kind: str) -> str:
    return str(TIMELINE.get(kind, kind))


@register.filter
def due_label(state: str) -> str:
    return str(DUE.get(state, state))


@register.simple_tag
def sector_guidance(case: object, step: int) -> str:
    """Guidance for this step, for the sector of the case's organisation, in the active language."""
    from django.utils import translation

    from signaalwijzer.meldcode.sector_guidance import guidance

    sector = case.organisation.sector  # type: ignore[attr-defined]
    return guidance(sector, step, translation.get_language() or "nl")
