"""Who signs CoMensha's consent form, for the CoMensha page (a meldcode page that shows a consent rule)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from signaalwijzer.cases.models import Case
from signaalwijzer.consent.selectors import comensha_signers
from signaalwijzer.consent.services import party_labels

register = template.Library()


@register.simple_tag
def comensha_signers_today(case: Case) -> str:
    """The parties who sign today, in words; empty while the date of birth is unknown."""
    signers = comensha_signers(case, timezone.localdate())
    return party_labels(signers) if signers else ""
