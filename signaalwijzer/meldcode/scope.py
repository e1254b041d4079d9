"""Does the meldcode cover this case? Pure: no Django (DOMAIN.md §4, scope).

The meldcode covers child abuse (a minor, including anyone the minor depends on) and domestic violence (the
huiselijke kring: (ex-)partners, family, housemates). A young adult (18-23) exploited by someone outside that
circle is not formally a meldcode case: the zorgcoördinator and the police (AVIM / mensenhandel team) lead, with
Veilig Thuis for advice.
"""

from __future__ import annotations

from enum import StrEnum

ADULT_FROM = 18


class Route(StrEnum):
    MELDCODE = "meldcode"  # a minor, or an adult exploited within the huiselijke kring
    ASK_WHO = (
        "ask_who"  # an adult: first answer whether the exploiter is a partner, family or housemate
    )
    CHAIN_OUTSIDE_MELDCODE = (
        "chain_outside_meldcode"  # zorgcoördinator and police lead; Veilig Thuis advises
    )


def route(age: int | None, exploiter_in_household: bool | None) -> Route:
    """The route for a case, by the young person's age today and who the (suspected) exploiter is.

    An unknown age counts as a minor: the meldcode is the careful default.
    """
    if age is None or age < ADULT_FROM:
        return Route.MELDCODE
    if exploiter_in_household is None:
        return Route.ASK_WHO
    return Route.MELDCODE if exploiter_in_household else Route.CHAIN_OUTSIDE_MELDCODE
