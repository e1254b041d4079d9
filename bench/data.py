"""Synthetic data in bulk: cases with observations, assessments and access events; and one reader with cases of 10
and of 1,000 records for the page measurements. Nothing here is real; every value is encrypted like any other."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

FORMS = ["sexual", "criminal", "labour", "other_unknown"]
GENDERS = ["girl", "boy", "other", "unknown"]
BANDS = ["under_12", "12_15", "16_17", "18_plus", "unknown"]
BATCH = 10_000
READER = "bench-reader@example.org"


def ensure_bulk(target: int) -> None:
    """At least ``target`` cases, each with an observation and an access event, every fifth with an assessment."""
    from signaalwijzer.accounts.models import Organisation, Sector, User
    from signaalwijzer.cases.models import Case

    existing = Case.objects.count()
    if existing >= target:
        return
    organisations = [
        Organisation.objects.get_or_create(name=f"Bench {i}", defaults={"sector": sector})[0]
        for i, sector in enumerate([Sector.YOUTH_CARE, Sector.EDUCATION, Sector.DISABILITY_CARE])
    ]
    user, _created = User.objects.get_or_create(email="bench@example.org")
    rng = random.Random(existing)
    start = timezone.make_aware(datetime(date.today().year, 1, 1))
    for first in range(existing, target, BATCH):
        cases = [
            Case(
                organisation=organisations[index % 3],
                pseudonym="bench",
                concern="bench",
                gender=rng.choice(GENDERS),
                age_band=rng.choice(BANDS),
                exploitation_forms=rng.sample(FORMS, rng.choice([1, 1, 1, 2])),
                created_by=user,
                created_at=start + timedelta(minutes=rng.randrange(0, 60 * 24 * 330)),
            )
            for index in range(first, min(first + BATCH, target))
        ]
        _records_for(Case.objects.bulk_create(cases, batch_size=5000), user)


def _records_for(cases: list, user) -> None:  # type: ignore[no-untyped-def,type-arg]
    from signaalwijzer.audit.models import AccessEvent
    from signaalwijzer.audit.services import _append, _event
    from signaalwijzer.cases.models import Observation
    from signaalwijzer.instruments.models import Assessment

    today = timezone.localdate()
    Observation.objects.bulk_create(
        [
            Observation(
                case=case,
                recorded_by=user,
                observed_on=today,
                description="bench",
                source="own",
                nature="fact",
            )
            for case in cases
        ],
        batch_size=5000,
    )
    Assessment.objects.bulk_create(
        [
            Assessment(
                case=case,
                recorded_by=user,
                instrument_key="bench",
                instrument_version="1",
                instrument_hash="0" * 64,
            )
            for case in cases[::5]
        ],
        batch_size=5000,
    )
    # Access events go through the one writer, so the bench database keeps a valid chain.
    events = [
        _event(
            user=user,
            action=AccessEvent.Action.CREATE,
            purpose="bench.open",
            basis="owner",
            case=case,
            record=None,
            emergency=False,
        )
        for case in cases
    ]
    _append(events)


@dataclass
class Readers:
    """Signed-in professionals: ``few`` has 10 open cases (one with 10 records, one with 1,000); ``many`` has 1,000."""

    few: object
    many: object
    small_case: int
    large_case: int


def ensure_readers() -> Readers:
    from signaalwijzer.accounts.models import Organisation, Team, User
    from signaalwijzer.cases import services
    from signaalwijzer.cases.access import CaseAccess
    from signaalwijzer.cases.models import Case, CaseMember
    from tests.factories import enrol_totp, make_user

    if not User.objects.filter(email=READER).exists():
        organisation, _created = Organisation.objects.get_or_create(name="Bench lezers")
        team = Team.objects.create(organisation=organisation, name="Bench team")
        few = make_user(READER, team=team)
        many = make_user("bench-many@example.org", team=team)
        for user in (few, many):
            enrol_totp(user)
        for index in range(10):
            case = services.open_case(user=few, pseudonym=f"R{index}.", concern="Bench.")
            access = CaseAccess(case=case, user=few, basis=CaseMember.Role.OWNER)
            for number in range({0: 10, 1: 1000}.get(index, 0)):
                services.record_observation(
                    access,
                    observed_on=dt.date.today(),
                    description=f"Signaal {number}",
                    source="own",
                    nature="fact",
                )
        cases = Case.objects.bulk_create(
            [
                Case(organisation=organisation, pseudonym="M.", concern="Bench.", created_by=many)
                for _ in range(1000)
            ]
        )
        CaseMember.objects.bulk_create(
            [
                CaseMember(case=case, user=many, role=CaseMember.Role.OWNER, added_by=many)
                for case in cases
            ]
        )
    few = User.objects.get(email=READER)
    small, large = [case.pk for case in Case.objects.filter(created_by=few).order_by("pk")[:2]]
    return Readers(
        few=few,
        many=User.objects.get(email="bench-many@example.org"),
        small_case=small,
        large_case=large,
    )
