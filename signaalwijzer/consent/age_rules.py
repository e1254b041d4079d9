"""Whose consent is needed to share information about a young person, by age, competence and policy.

The law (DOMAIN.md §6): under 12 the parents with authority (or the guardian) decide; from 12 the young person
decides about information to third parties; from 16 the parents lose even their own right to information
(Jeugdwet 7.3.11). A young person of 12-17 who is not competent to decide (wilsonbekwaam) is represented by the
parents with authority; from 18 parental authority has ended and an adult who is not competent is represented
by a curator, mentor or written authorised person (the *representative*), never by "the parents" as such.

Asking both the young person and the parents from 12 to 15 is common practice, not law: each organisation
chooses its policy. When the parents may be involved in the exploitation, asking them can endanger the young
person, so a competent young person of 12-15 then decides alone whatever the policy.

CoMensha's own registration form has its own signatories: from 16 the young person, under 16 the parents or
guardian (``comensha_signatories``).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from signaalwijzer.cases.ages import age_on

__all__ = [
    "ADULT_FROM_AGE",
    "OWN_CONSENT_FROM_AGE",
    "SHARED_CONSENT_FROM_AGE",
    "ConsentPolicy",
    "Party",
    "age_on",
    "comensha_signatories",
    "required_consenters",
]

SHARED_CONSENT_FROM_AGE = 12
OWN_CONSENT_FROM_AGE = 16
ADULT_FROM_AGE = 18


class Party(StrEnum):
    YOUNG_PERSON = "young_person"
    PARENTS = "parents"  # parents with authority (gezag) or guardian
    # curator, mentor or written authorised person of an adult who is not competent to decide
    REPRESENTATIVE = "representative"


class ConsentPolicy(StrEnum):
    """An organisation's choice for a competent young person of 12 to 15."""

    DUAL_FROM_12 = "dual_from_12"  # the young person and the parents: common practice (the default)
    YOUNG_PERSON_FROM_12 = "young_person_from_12"  # the young person alone: the legal minimum


def _not_competent(age: int) -> frozenset[Party]:
    """Who decides for someone who is not competent: the parents until 18, then the representative."""
    if age >= ADULT_FROM_AGE:
        return frozenset({Party.REPRESENTATIVE})
    return frozenset({Party.PARENTS})


def required_consenters(
    born: date,
    day: date,
    *,
    competent: bool = True,
    policy: ConsentPolicy = ConsentPolicy.DUAL_FROM_12,
    parents_involved: bool = False,
) -> frozenset[Party]:
    """The parties whose consent is required on ``day`` (the moment consent is asked).

    ``competent`` is ignored under 12 (the parents decide anyway). ``parents_involved``: the parents (or
    family) may be involved in the exploitation; then a competent young person of 12-15 is asked alone.
    """
    policy = ConsentPolicy(
        policy
    )  # a stored string is accepted; an unknown one must not fall through
    age = age_on(born, day)
    if age < SHARED_CONSENT_FROM_AGE:
        return frozenset({Party.PARENTS})
    if not competent:
        return _not_competent(age)
    if age < OWN_CONSENT_FROM_AGE and policy is ConsentPolicy.DUAL_FROM_12 and not parents_involved:
        return frozenset({Party.YOUNG_PERSON, Party.PARENTS})
    return frozenset({Party.YOUNG_PERSON})


def comensha_signatories(born: date, day: date, *, competent: bool = True) -> frozenset[Party]:
    """Who signs CoMensha's consent form on ``day``: from 16 the young person, under 16 the parents or
    guardian; a young person of 16 or 17 who is not competent: the parents; an adult who is not competent:
    the representative."""
    age = age_on(born, day)
    if age < OWN_CONSENT_FROM_AGE:
        return frozenset({Party.PARENTS})
    if not competent:
        return _not_competent(age)
    return frozenset({Party.YOUNG_PERSON})
