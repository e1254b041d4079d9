"""Synthetic data in bulk: cases with observations, assessments and access events; and one reader with cases of 10
and of 1,000 records for the page measurements. Nothing here is real; every value is encrypted like any other."""

from __future__ import annotations

import datetime as dt
import json
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


ORGANISATIONS = 8


@dataclass
class OrganisationReaders:
    """``ORGANISATIONS`` professionals, each reading a case of their own: ``spread`` in as many organisations,
    ``together`` all in one. Pairs of (user, case id); the same number of users, cases and clients either way,
    so the only difference is how many organisations the access events come from."""

    spread: list[tuple[object, int]]
    together: list[tuple[object, int]]


def _reader_with_case(email: str, team) -> tuple[object, int]:  # type: ignore[no-untyped-def]
    from signaalwijzer.accounts.models import User
    from signaalwijzer.cases import services
    from signaalwijzer.cases.models import Case
    from tests.factories import enrol_totp, make_user

    user = User.objects.filter(email=email).first()
    if user is None:
        user = make_user(email, team=team)
        enrol_totp(user)
        services.open_case(user=user, pseudonym="O.", concern="Bench.")
    return user, Case.objects.filter(created_by=user).order_by("pk").values_list("pk", flat=True)[0]


def ensure_organisation_readers() -> OrganisationReaders:
    """The users and cases of ``access_events_8_orgs_vs_1``, made once and reused."""
    from signaalwijzer.accounts.models import Organisation, Team

    def team_of(name: str):  # type: ignore[no-untyped-def]
        organisation, _created = Organisation.objects.get_or_create(name=name)
        return Team.objects.get_or_create(organisation=organisation, name="Bench team")[0]

    spread = [
        _reader_with_case(f"bench-org-{index}@example.org", team_of(f"Bench organisatie {index}"))
        for index in range(ORGANISATIONS)
    ]
    together_team = team_of("Bench één organisatie")
    together = [
        _reader_with_case(f"bench-one-org-{index}@example.org", together_team)
        for index in range(ORGANISATIONS)
    ]
    return OrganisationReaders(spread=spread, together=together)


# --- The statistics datasets (bench/statistics_bench.py): same organisations, 10,000 or 1,000,000 cases ---------

STATISTICS_ORGANISATIONS = 200
DECISIONS = ["report", "close", "organise_help", "close_with_monitoring", ""]
RESULTS = ["low", "medium", "high"]


def _pick(expression: str, values: list[str]) -> str:
    """SQL: the value at ``expression`` (a number from 0 to len(values) - 1; its placeholder ``{n}``)."""
    branches = " ".join(f"WHEN {index} THEN '{value}'" for index, value in enumerate(values))
    return f"(CASE {expression.format(n=len(values))} {branches} END)"


def _columns(model) -> list[str]:  # type: ignore[no-untyped-def]
    return [field.column for field in model._meta.concrete_fields if not field.primary_key]


def _copy_sql(model, template_pk: int, overrides: dict[str, str], source: str) -> str:  # type: ignore[no-untyped-def]
    """INSERT one row per row of ``source`` (aliased s): the template's values, some replaced by SQL."""
    table = model._meta.db_table
    columns = _columns(model)
    values = ", ".join(overrides.get(column, f"t.{column}") for column in columns)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"SELECT {values} FROM {table} t, ({source}) s WHERE t.id = {template_pk}"
    )


class _TriggersOff:
    """Bulk loading without the row triggers (content stamp, dirty marks); they are put back afterwards."""

    def __init__(self, tables: list[str]) -> None:
        self.tables = tables
        self.saved: list[str] = []

    def __enter__(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for table in self.tables:
                    cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
                return
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            for name, sql in cursor.fetchall():
                self.saved.append(sql)
                cursor.execute(f'DROP TRIGGER "{name}"')

    def __exit__(self, *exc: object) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for table in self.tables:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            for sql in self.saved:
                cursor.execute(sql)


def ensure_statistics_bulk(target: int) -> None:
    """At least ``target`` cases over ``STATISTICS_ORGANISATIONS`` organisations, made by set-based SQL (a
    million in about a minute on PostgreSQL): created over last year and this year, spread over the
    municipalities (one in ten unknown), each with an observation; half weighed (four of five of those
    decided, with a weighing version dated up to a month later), one in five with a finished screening."""
    from django.db import connection

    from signaalwijzer.accounts.models import Organisation, Sector, User
    from signaalwijzer.cases.models import Case, ExploitationForm, Observation
    from signaalwijzer.directory.municipalities import safety_regions
    from signaalwijzer.instruments.models import Assessment
    from signaalwijzer.meldcode.models import Weighing, WeighingVersion

    existing = Case.objects.count()
    if existing >= target:
        return
    sectors = list(Sector.values)
    Organisation.objects.bulk_create(
        [
            Organisation(name=f"Bench statistiek {index:03d}", sector=sectors[index % len(sectors)])
            for index in range(STATISTICS_ORGANISATIONS)
        ],
        ignore_conflicts=True,
    )
    organisations = [
        str(pk)
        for pk in Organisation.objects.filter(name__startswith="Bench statistiek ")
        .order_by("name")
        .values_list("pk", flat=True)
    ]
    user, _created = User.objects.get_or_create(email="bench-statistics@example.org")
    template = Case.objects.create(
        organisation_id=int(organisations[0]),
        pseudonym="bench",
        concern="bench",
        created_by=user,
    )
    observation = Observation.objects.create(
        case=template,
        recorded_by=user,
        observed_on=date.today(),
        description="bench",
        source="own",
        nature="fact",
    )
    weighing = Weighing.objects.create(case=template, updated_by=user, final_decision="close")
    version = WeighingVersion.objects.create(
        case=template, number=1, outcome="incomplete", author=user, decided_at=timezone.now()
    )
    assessment = Assessment.objects.create(
        case=template,
        recorded_by=user,
        instrument_key="bench",
        instrument_version="1",
        instrument_hash="0" * 64,
        status=Assessment.Status.FINISHED,
        result_key="low",
    )
    municipalities = sorted(safety_regions())
    first_id = template.pk
    count = target - Case.objects.count()
    start = datetime(date.today().year - 1, 1, 1, 12)
    minutes = int((datetime.now() - start).total_seconds() // 60)
    form_sets = [[form] for form in ExploitationForm.values] + [
        [ExploitationForm.values[0], ExploitationForm.values[1]]
    ]
    forms_json = [json.dumps(forms) for forms in form_sets]
    postgres = connection.vendor == "postgresql"
    if postgres:
        # Independent random choices per case (the same generator for every dataset size).
        rand = "floor(random() * {n})::int"
        series = f"SELECT i::bigint AS i FROM generate_series(1, {count}) AS g(i)"
        created = (
            f"timestamptz '{start:%Y-%m-%d %H:%M:%S}+00' "
            f"+ floor(random() * {minutes}) * interval '1 minute'"
        )
        forms = f"({_pick(rand, forms_json)})::jsonb"
        observed_on = "(s.created_at AT TIME ZONE 'UTC')::date"
        decided_at = "s.created_at + (s.id % 30) * interval '1 day'"
    else:
        series = (
            f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) "
            "SELECT i FROM n"
        )
        rand = "(abs(random()) % {n})"
        created = f"datetime('{start:%Y-%m-%d %H:%M:%S}', '+' || (abs(random()) % {minutes}) || ' minutes')"
        forms = _pick(rand, forms_json)
        observed_on = "date(s.created_at)"
        decided_at = "datetime(s.created_at, '+' || (s.id % 30) || ' days')"
    municipality = f"(CASE WHEN i % 10 = 0 THEN '' ELSE {_pick(rand, municipalities)} END)"
    new_cases = f"SELECT id, created_at FROM cases_case WHERE id > {first_id}"
    statements = [
        _copy_sql(
            Case,
            template.pk,
            {
                "organisation_id": f"CAST({_pick(rand, organisations)} AS INTEGER)",
                "gender": _pick(rand, GENDERS),
                "age_band": _pick(rand, BANDS),
                "exploitation_forms": forms,
                "municipality_code": municipality,
                "created_at": created,
                "updated_at": created,
            },
            series,
        ),
        _copy_sql(
            Observation, observation.pk, {"case_id": "s.id", "observed_on": observed_on}, new_cases
        ),
        _copy_sql(
            Weighing,
            weighing.pk,
            {"case_id": "s.id", "final_decision": _pick("((s.id / 2) % {n})", DECISIONS)},
            new_cases + " AND id % 2 = 0",
        ),
        _copy_sql(
            WeighingVersion,
            version.pk,
            {"case_id": "s.id", "decided_at": decided_at},
            new_cases + " AND id % 2 = 0 AND (id / 2) % 5 <> 4",
        ),
        _copy_sql(
            Assessment,
            assessment.pk,
            {"case_id": "s.id", "result_key": _pick("((s.id / 5) % {n})", RESULTS)},
            new_cases + " AND id % 5 = 0",
        ),
    ]
    tables = ["cases_case", "cases_observation", "meldcode_weighing", "meldcode_weighingversion"]
    with _TriggersOff([*tables, "instruments_assessment"]), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
