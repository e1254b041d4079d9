"""Whose consent is needed to share information about a young person, by age and competence.

Under 12 the parents with authority (or the guardian) decide; from 12 to 15 both the young person
and the parents; from 16 the young person alone (Jeugdwet 7.3.11). A young person of 12 or over
who is not competent to decide is represented by the parents. See docs DOMAIN.md §6.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from signaalwijzer.cases.ages import age_on

__all__ = [
    "OWN_CONSENT_FROM_AGE",
    "SHARED_CONSENT_FROM_AGE",
    "Party",
    "age_on",
    "required_consenters",
]

SHARED_CONSENT_FROM_AGE = 12
OWN_CONSENT_FROM_AGE = 16


class Party(StrEnum):
    YOUNG_PERSON = "young_person"
    PARENTS = "parents"  # parents with authority (gezag) or guardian


def required_consenters(born: date, day: date, *, competent: bool = True) -> frozenset[Party]:
    """The parties whose consent is required on ``day`` (the moment consent is asked)."""
    age = age_on(born, day)
    if age < SHARED_CONSENT_FROM_AGE or not competent:
        return frozenset({Party.PARENTS})
    if age < OWN_CONSENT_FROM_AGE:
        return frozenset({Party.YOUNG_PERSON, Party.PARENTS})
    return frozenset({Party.YOUNG_PERSON})
