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
