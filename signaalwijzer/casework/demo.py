"""A demo case, so that `make run` shows a case half-way through the steps. Invented; no real person."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from signaalwijzer.accounts.models import User
from signaalwijzer.cases import services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import CaseMember
from signaalwijzer.consent import services as consent_services
from signaalwijzer.meldcode import services as meldcode_services


@transaction.atomic
def seed_demo_case(owner: User, colleague: User | None = None) -> bool:
    """Create the demo case for ``owner`` unless they already have a case. True if created."""
    if CaseMember.objects.filter(user=owner).exists():
        return False
    today = timezone.localdate()
    case = services.open_case(
        user=owner,
        pseudonym="S.",
        concern="Heeft sinds kort dure spullen en wordt na school opgehaald door een oudere jongen.",
        reference="DEMO-001",
        date_of_birth=today.replace(year=today.year - 15) - dt.timedelta(days=40),
        gender="girl",
        lvb="yes",
        setting="ambulant",
        municipality_code="GM0988",
        exploitation_forms=["sexual"],
    )
    access = CaseAccess(case=case, user=owner, basis=CaseMember.Role.OWNER)
    if colleague is not None:
        services.add_team_member(access, member=colleague)
    services.record_observation(
        access,
        observed_on=today - dt.timedelta(days=9),
        description="Nieuwe telefoon en merkkleding; zegt dat ze het 'van een vriend' heeft.",
        source="own",
        nature="fact",
    )
    services.record_observation(
        access,
        observed_on=today - dt.timedelta(days=6),
        description="Mentor zag haar instappen bij een auto met een man van rond de 25.",
        source="colleague",
        source_name="mentor op school",
        nature="fact",
    )
    meldcode_services.record_consultation(
        access,
        consulted_on=today - dt.timedelta(days=5),
        consultee="meldcode_officer",
        question="Zijn dit signalen van loverboy-uitbuiting?",
        advice="De combinatie is zorgelijk. Ga in gesprek met S. en haar moeder; vraag toestemming.",
    )
    meldcode_services.record_conversation(
        access,
        held_on=today - dt.timedelta(days=2),
        with_young_person=True,
        with_parents=True,
        discussed="Onze zorgen over de nieuwe vriend en de cadeaus.",
        reaction="S. werd boos; moeder is ongerust en wil hulp.",
    )
    consent_services.record_consent(
        access,
        party="parents",
        purpose="care_coordinator",
        status="given",
        recorded_on=today - dt.timedelta(days=2),
    )
    consent_services.record_consent(
        access,
        party="young_person",
        purpose="care_coordinator",
        status="refused",
        recorded_on=today - dt.timedelta(days=2),
    )
    meldcode_services.add_action(
        access,
        kind="other",
        owner=owner,
        due_on=today,
        description="Afweging maken met de aandachtsfunctionaris.",
    )
    return True
