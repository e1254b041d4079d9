"""The afwegingskader of the meldcode (step 4, mandatory since 1 January 2019).

Five questions decide between closing, organising help and reporting to Veilig Thuis
(DOMAIN.md §4). ``evaluate`` walks them in order and stops at the first unanswered question or
terminal answer; answers past that point do not change the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# The three professional reporting norms (meldnormen).
NORM_UNSAFETY = 1
NORM_NO_EFFECTIVE_HELP = 2
NORM_UNSAFETY_PERSISTS = 3


class Unsafety(StrEnum):
    NONE = "none"
    ACUTE = "acute"
    STRUCTURAL = "structural"
    ACUTE_AND_STRUCTURAL = "acute_and_structural"


class Decision(StrEnum):
    INCOMPLETE = "incomplete"
    CLOSE = "close"
    REPORT = "report"
    ORGANISE_HELP = "organise_help"
    CLOSE_WITH_MONITORING = "close_with_monitoring"


@dataclass(frozen=True)
class Answers:
    """The answers so far; None means not yet answered."""

    q1_suspicion: bool | None = None
    q2_unsafety: Unsafety | None = None
    q3_can_help: bool | None = None
    q4_help_accepted: bool | None = None
    q5_help_effective: bool | None = None
    disclosure: bool = False  # the young person told about the violence or exploitation


@dataclass(frozen=True)
class Outcome:
    decision: Decision
    next_question: int | None
    reporting_norms: frozenset[int]
    with_veilig_thuis: bool  # questions 3-5 are answered together with Veilig Thuis


def _outcome(
    decision: Decision, next_question: int | None = None, norms: frozenset[int] = frozenset()
) -> Outcome:
    return Outcome(decision, next_question, norms, with_veilig_thuis=False)


def _is_unsafe(unsafety: Unsafety | None) -> bool:
    return unsafety is not None and unsafety != Unsafety.NONE


def _help_norms(answers: Answers) -> frozenset[int]:
    """The norms that questions 3-5 add, counting only answers on the flow path."""
    if answers.q3_can_help is False:
        return frozenset({NORM_NO_EFFECTIVE_HELP})
    if answers.q3_can_help is None:
        return frozenset()
    if answers.q4_help_accepted is False:
        return frozenset({NORM_NO_EFFECTIVE_HELP})
    if answers.q4_help_accepted is None:
        return frozenset()
    if answers.q5_help_effective is False:
        return frozenset({NORM_UNSAFETY_PERSISTS})
    return frozenset()


def _next_help_question(answers: Answers) -> int | None:
    """The first of questions 3-5 still open on the flow path, or None when it has ended."""
    if answers.q3_can_help is None:
        return 3
    if answers.q3_can_help and answers.q4_help_accepted is None:
        return 4
    if answers.q3_can_help and answers.q4_help_accepted and answers.q5_help_effective is None:
        return 5
    return None


def _report_with_veilig_thuis(answers: Answers) -> Outcome:
    return Outcome(
        decision=Decision.REPORT,
        next_question=_next_help_question(answers),
        reporting_norms=frozenset({NORM_UNSAFETY}) | _help_norms(answers),
        with_veilig_thuis=True,
    )


def evaluate(answers: Answers) -> Outcome:
    """The decision the answers lead to, and which question comes next."""
    # A disclosure is always reported, whatever the professional answered to questions 1 and 2.
    if answers.disclosure:
        return _report_with_veilig_thuis(answers)
    if answers.q1_suspicion is None:
        return _outcome(Decision.INCOMPLETE, next_question=1)
    if not answers.q1_suspicion:
        return _outcome(Decision.CLOSE)
    if answers.q2_unsafety is None:
        return _outcome(Decision.INCOMPLETE, next_question=2)
    if _is_unsafe(answers.q2_unsafety):
        return _report_with_veilig_thuis(answers)
    return _evaluate_help(answers)


def _evaluate_help(answers: Answers) -> Outcome:
    """Questions 3-5 when there is no acute or structural unsafety."""
    no_help = frozenset({NORM_NO_EFFECTIVE_HELP})
    if answers.q3_can_help is None:
        return _outcome(Decision.INCOMPLETE, next_question=3)
    if not answers.q3_can_help:
        return _outcome(Decision.REPORT, norms=no_help)
    if answers.q4_help_accepted is None:
        return _outcome(Decision.INCOMPLETE, next_question=4)
    if not answers.q4_help_accepted:
        return _outcome(Decision.REPORT, norms=no_help)
    if answers.q5_help_effective is None:
        return _outcome(Decision.ORGANISE_HELP, next_question=5)
    if not answers.q5_help_effective:
        return _outcome(Decision.REPORT, norms=frozenset({NORM_UNSAFETY_PERSISTS}))
    return _outcome(Decision.CLOSE_WITH_MONITORING)


# Contradictions: answers that ``evaluate`` would silently ignore, refused instead of saved.


class ContradictionKind(StrEnum):
    EARLIER_OPEN = "earlier_open"  # answered while an earlier question on the path is still open
    NO_SUSPICION = "no_suspicion"  # answered after question 1 = no, which ends the weighing
    FLOW_ENDED = "flow_ended"  # answered after question 3 or 4 = no, which ends the weighing
    DISCLOSURE_WITHOUT_SUSPICION = (
        "disclosure_without_suspicion"  # question 1 = no, yet a disclosure
    )


@dataclass(frozen=True)
class Contradiction:
    question: int  # the question whose answer cannot stand
    kind: ContradictionKind
    because_of: int  # the question that is still open, or whose answer ended the weighing


def _answered(answers: Answers) -> dict[int, bool]:
    return {
        1: answers.q1_suspicion is not None,
        2: answers.q2_unsafety is not None,
        3: answers.q3_can_help is not None,
        4: answers.q4_help_accepted is not None,
        5: answers.q5_help_effective is not None,
    }


def _after(
    answered: dict[int, bool], question: int, kind: ContradictionKind
) -> list[Contradiction]:
    return [
        Contradiction(later, kind, question) for later in range(question + 1, 6) if answered[later]
    ]


def _help_contradictions(answers: Answers, answered: dict[int, bool]) -> list[Contradiction]:
    """Questions 3-5 are answered in order; 3 or 4 = no ends the weighing in a report."""
    if answers.q3_can_help is None:
        return _after(answered, 3, ContradictionKind.EARLIER_OPEN)
    if not answers.q3_can_help:
        return _after(answered, 3, ContradictionKind.FLOW_ENDED)
    if answers.q4_help_accepted is None:
        return _after(answered, 4, ContradictionKind.EARLIER_OPEN)
    if not answers.q4_help_accepted:
        return _after(answered, 4, ContradictionKind.FLOW_ENDED)
    return []


def contradictions(answers: Answers) -> tuple[Contradiction, ...]:
    """The answers that contradict the order of the afwegingskader, one per answered question.

    Without a disclosure these are exactly the answers ``evaluate`` ignores. A disclosure is reported
    whatever questions 1 and 2 say, so then only question 1 = no is a contradiction (with the
    disclosure itself, and with every later answer).
    """
    answered = _answered(answers)
    if answers.q1_suspicion is False:
        found = _after(answered, 1, ContradictionKind.NO_SUSPICION)
        if answers.disclosure:
            found.insert(0, Contradiction(1, ContradictionKind.DISCLOSURE_WITHOUT_SUSPICION, 1))
        return tuple(found)
    if answers.disclosure:
        return tuple(_help_contradictions(answers, answered))
    if answers.q1_suspicion is None:
        return tuple(_after(answered, 1, ContradictionKind.EARLIER_OPEN))
    if answers.q2_unsafety is None:
        return tuple(_after(answered, 2, ContradictionKind.EARLIER_OPEN))
    return tuple(_help_contradictions(answers, answered))


# Step 5 of the meldcode: two decisions, "is reporting necessary?" and "is help (also) possible?".


@dataclass(frozen=True)
class Step5:
    """What the answers imply for the two decisions of step 5; None where they do not say yet."""

    report_needed: bool | None
    help_possible: bool | None


def implied_step5(answers: Answers) -> Step5:
    """``report_needed`` follows the outcome; ``help_possible`` follows questions 3 and 4."""
    decision = evaluate(answers).decision
    report_needed = None if decision == Decision.INCOMPLETE else decision == Decision.REPORT
    if decision == Decision.CLOSE:
        return Step5(report_needed=False, help_possible=None)
    if answers.q3_can_help is False or (answers.q3_can_help and answers.q4_help_accepted is False):
        return Step5(report_needed, help_possible=False)
    if answers.q3_can_help and answers.q4_help_accepted:
        return Step5(report_needed, help_possible=True)
    return Step5(report_needed, help_possible=None)


# After a report for unsafety (or a disclosure), questions 3-5 are answered together with Veilig Thuis.


class FollowUp(StrEnum):
    ANSWER_WITH_VEILIG_THUIS = "answer_with_veilig_thuis"  # a question of 3-5 is still open
    CONTINUE_HELP = "continue_help"  # continue the help in consultation with Veilig Thuis
    HELP_BY_VEILIG_THUIS = "help_by_veilig_thuis"  # you cannot help (3) or it is refused (4)
    REPORT_AGAIN = "report_again"  # the help did not bring safety (5): report again


@dataclass(frozen=True)
class VeiligThuisFollowUp:
    follow_up: FollowUp
    next_question: int | None


def follow_up_with_veilig_thuis(
    answers: Answers, *, report_made: bool
) -> VeiligThuisFollowUp | None:
    """What questions 3-5, answered with Veilig Thuis after the report, lead to.

    None when questions 3-5 are not answered with Veilig Thuis or no report has been recorded yet.
    """
    result = evaluate(answers)
    if not result.with_veilig_thuis or not report_made:
        return None
    if answers.q3_can_help is False or (answers.q3_can_help and answers.q4_help_accepted is False):
        return VeiligThuisFollowUp(FollowUp.HELP_BY_VEILIG_THUIS, None)
    if answers.q3_can_help and answers.q4_help_accepted and answers.q5_help_effective is False:
        return VeiligThuisFollowUp(FollowUp.REPORT_AGAIN, None)
    if result.next_question in (3, 4):
        return VeiligThuisFollowUp(FollowUp.ANSWER_WITH_VEILIG_THUIS, result.next_question)
    # Help accepted: continue it with Veilig Thuis; question 5 (if open) comes at the follow-up date.
    return VeiligThuisFollowUp(FollowUp.CONTINUE_HELP, result.next_question)
