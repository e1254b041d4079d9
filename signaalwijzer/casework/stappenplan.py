"""Progress through the five steps of the stappenplan, derived from what a case has recorded.

Every step must be recorded in the dossier (meldcode requirement), so each step reports not only
its state but also what is still missing, as short codes the interface translates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from enum import StrEnum

from signaalwijzer.meldcode.afwegingskader import Decision


class StepState(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


FINISHED = frozenset({StepState.DONE, StepState.SKIPPED})

# INCOMPLETE is not a decision a completed weighing can end in.
FINAL_DECISIONS = frozenset(decision.value for decision in Decision) - {Decision.INCOMPLETE.value}
FOLLOW_UP_DECISIONS = frozenset(
    {Decision.ORGANISE_HELP.value, Decision.CLOSE_WITH_MONITORING.value}
)


@dataclass(frozen=True)
class CaseFacts:
    """The counts and flags of a case that decide its progress."""

    observations: int = 0
    assessments: int = 0
    consultations: int = 0  # step 2 consultations
    conversations: int = 0  # step 3 conversations with the young person and/or parents
    step3_skipped: bool = False  # with a recorded reason: danger, or risk of losing contact
    consent_recorded: bool = False  # every party the age rule requires has a consent record
    weighing_started: bool = False
    weighing_decision: str | None = None  # the final Decision value once complete, else None
    weighing_presented: bool = False  # the weighing was discussed with the young person / parents
    actions: int = 0
    open_actions: int = 0
    report_made: bool = False  # a report to Veilig Thuis is recorded as made
    follow_up_planned: bool = False  # a monitoring action with a follow-up date exists
    # Step 4: the weighing discussed with Veilig Thuis and/or the zorgcoördinator (a step 4 consultation),
    # or a recorded reason why not.
    weighing_discussed_with_experts: bool = False
    # Step 5, for a (suspected) victim of exploitation: the zorgcoördinator contacted, or a recorded reason.
    exploitation_suspected: bool = False
    coordinator_contacted: bool = False
    # Urgency (issue 15): question 2 answered "acute" (alone or with structural unsafety), a disclosure by the
    # young person, and the step-5 decision "reporting is necessary" (True), "not necessary" (False) or open.
    acute_unsafety: bool = False
    disclosure: bool = False
    report_needed: bool | None = None

    def __post_init__(self) -> None:
        # Inconsistent facts would silently show a step as done; refuse them at the boundary.
        for field in fields(self):
            value = getattr(self, field.name)
            if type(value) is int and value < 0:
                raise ValueError(f"{field.name} must not be negative")
        if self.open_actions > self.actions:
            raise ValueError("open_actions cannot exceed actions")
        if self.weighing_decision is not None and self.weighing_decision not in FINAL_DECISIONS:
            raise ValueError(f"{self.weighing_decision!r} is not a final weighing decision")


@dataclass(frozen=True)
class StepStatus:
    number: int
    state: StepState
    missing: tuple[str, ...]


def _step1(facts: CaseFacts) -> StepStatus:
    if facts.observations > 0 or facts.assessments > 0:
        return StepStatus(1, StepState.DONE, ())
    return StepStatus(1, StepState.TODO, ("observation",))


def _step2(facts: CaseFacts) -> StepStatus:
    if facts.consultations > 0:
        return StepStatus(2, StepState.DONE, ())
    return StepStatus(2, StepState.TODO, ("consultation",))


def _step3(facts: CaseFacts) -> StepStatus:
    if facts.step3_skipped:
        return StepStatus(3, StepState.SKIPPED, ())
    missing = _codes(
        ("conversation", facts.conversations == 0),
        ("consent", not facts.consent_recorded),
    )
    if not missing:
        return StepStatus(3, StepState.DONE, ())
    started = facts.conversations > 0 or facts.consent_recorded
    return StepStatus(3, StepState.IN_PROGRESS if started else StepState.TODO, missing)


def _step4(facts: CaseFacts) -> StepStatus:
    # Presenting the weighing is owed only where talking to the young person was possible at all.
    missing = _codes(
        ("weighing", facts.weighing_decision is None),
        ("weighing_presented", not facts.weighing_presented and not facts.step3_skipped),
        ("expert_consultation", not facts.weighing_discussed_with_experts),
    )
    if not missing:
        return StepStatus(4, StepState.DONE, ())
    started = facts.weighing_started or facts.weighing_decision is not None
    return StepStatus(4, StepState.IN_PROGRESS if started else StepState.TODO, missing)


def _step5(facts: CaseFacts) -> StepStatus:
    decision = facts.weighing_decision
    if decision == Decision.CLOSE and facts.actions == 0:
        # Closing after question 1 is itself the outcome; it needs no actions.
        return StepStatus(5, StepState.DONE, ())
    missing = _codes(
        ("action", facts.actions == 0),
        ("report", decision == Decision.REPORT and not facts.report_made),
        ("follow_up", decision in FOLLOW_UP_DECISIONS and not facts.follow_up_planned),
        ("care_coordinator", facts.exploitation_suspected and not facts.coordinator_contacted),
    )
    if not missing and facts.open_actions == 0:
        return StepStatus(5, StepState.DONE, ())
    state = StepState.IN_PROGRESS if facts.actions > 0 else StepState.TODO
    return StepStatus(5, state, missing)


def _codes(*candidates: tuple[str, bool]) -> tuple[str, ...]:
    return tuple(code for code, is_missing in candidates if is_missing)


def report_decided(facts: CaseFacts) -> bool:
    """The weighing's final decision, or the first step-5 decision, is to report to Veilig Thuis."""
    return facts.weighing_decision == Decision.REPORT or facts.report_needed is True


def report_declined(facts: CaseFacts) -> bool:
    """A recorded decision not to report: step 5 says reporting is not necessary, or the final decision is
    something else. With acute unsafety or a disclosure that takes a written deviation reason (meldcode.services),
    and a reasoned decision is not overruled by the page."""
    if report_decided(facts):
        return False
    return facts.report_needed is False or facts.weighing_decision is not None


def report_urgent(facts: CaseFacts) -> bool:
    """Report to Veilig Thuis now: decided, or acute unsafety / a disclosure not reasoned away, and not made yet."""
    if facts.report_made:
        return False
    if report_decided(facts):
        return True
    return (facts.acute_unsafety or facts.disclosure) and not report_declined(facts)


REPORT_NOW = "report_now"


def next_steps(facts: CaseFacts, statuses: Sequence[StepStatus]) -> tuple[str, ...]:
    """The "What now?" list: first "report_now" while a report is urgent, then what the current step misses."""
    current = current_step(statuses)
    missing = next((s.missing for s in statuses if s.number == current), ())
    if report_urgent(facts):
        return (REPORT_NOW, *missing)
    return tuple(missing)


def progress(
    facts: CaseFacts,
) -> tuple[StepStatus, StepStatus, StepStatus, StepStatus, StepStatus]:
    """The status of steps 1 to 5, in order."""
    return (_step1(facts), _step2(facts), _step3(facts), _step4(facts), _step5(facts))


def current_step(statuses: Sequence[StepStatus]) -> int:
    """The number of the first step not yet finished; 5 when every step is finished."""
    for status in statuses:
        if status.state not in FINISHED:
            return status.number
    return 5
