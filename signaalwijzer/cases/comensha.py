"""CoMensha's registration codes for forms of exploitation (mensenhandel), mapped 1:1. Pure: no Django.

CoMensha registers presumed victims of human trafficking under four forms: sexual exploitation, exploitation
outside the sex industry (labour, "overige uitbuiting"), criminal exploitation and forced organ removal. Each of
our forms but "other or not yet clear" is exactly one of them; "not yet clear" is not registrable until it is.
"""

from __future__ import annotations

from collections.abc import Iterable

# our ExploitationForm value -> CoMensha's form code
COMENSHA_FORMS: dict[str, str] = {
    "sexual": "seksuele_uitbuiting",
    "labour": "overige_uitbuiting",
    "criminal": "criminele_uitbuiting",
    "organ_removal": "orgaanverwijdering",
}


def comensha_codes(forms: Iterable[str]) -> list[str]:
    """The CoMensha codes of a case's forms, in CoMensha's order, without duplicates or unclear forms."""
    wanted = set(forms)
    return [code for form, code in COMENSHA_FORMS.items() if form in wanted]
