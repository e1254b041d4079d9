"""Synthetic cases in bulk, then the statistics tables against their own SQL."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from django.db import connection
from django.utils import timezone

from bench.__main__ import median_ms

FORMS = ["sexual", "criminal", "labour", "other_unknown"]
GENDERS = ["girl", "boy", "other", "unknown"]
BANDS = ["under_12", "12_15", "16_17", "18_plus", "unknown"]


def _ensure_data(target: int) -> None:
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
    cipher = "bench"  # encrypted on insert like any value; this benchmark counts, it never decrypts
    rng = random.Random(7)
    start = timezone.make_aware(datetime(date.today().year, 1, 1))
    batch = []
    for index in range(existing, target):
        forms = rng.sample(FORMS, rng.choice([1, 1, 1, 2]))
        batch.append(
            Case(
                organisation=organisations[index % 3],
                pseudonym=cipher,
                concern=cipher,
                gender=rng.choice(GENDERS),
                age_band=rng.choice(BANDS),
                exploitation_forms=forms,
                created_by=user,
                created_at=start + timedelta(minutes=rng.randrange(0, 60 * 24 * 330)),
            )
        )
        if len(batch) == 20000:
            _bulk(batch)
            batch = []
    if batch:
        _bulk(batch)


def _bulk(batch: list) -> None:  # type: ignore[type-arg]
    from signaalwijzer.cases.models import Case

    Case.objects.bulk_create(batch, batch_size=5000)


def run(target: int) -> list[tuple[str, float, float, float]]:
    from signaalwijzer.statistics import selectors

    _ensure_data(target)
    scope = selectors.Scope(national=True, organisation_id=None, year=date.today().year)
    builders = {
        "forms": (selectors.cases_by_quarter_and_form, _forms_query),
        "age_gender": (selectors.cases_by_age_and_gender, _age_gender_query),
        "outcomes": (selectors.cases_by_sector_and_outcome, _outcomes_query),
    }
    results = []
    for name, (build, query) in builders.items():
        sql, params = query(scope)

        def raw(sql: str = sql, params: tuple = params) -> None:  # type: ignore[type-arg]
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()

        dashboard_ms = median_ms(lambda build=build: build(scope))
        raw_ms = median_ms(raw)
        results.append((name, dashboard_ms, raw_ms, dashboard_ms / raw_ms if raw_ms else 0.0))
    return results


def _compiled(queryset) -> tuple[str, tuple]:  # type: ignore[no-untyped-def,type-arg]
    return queryset.query.sql_with_params()


def _forms_query(scope):  # type: ignore[no-untyped-def]
    from django.db.models.functions import TruncQuarter

    from signaalwijzer.statistics import selectors

    return _compiled(
        selectors._cases(scope)
        .annotate(quarter=TruncQuarter("created_at"))
        .values("quarter")
        .annotate(**selectors._form_counts())
        .order_by("quarter")
    )


def _age_gender_query(scope):  # type: ignore[no-untyped-def]
    from django.db.models import Count

    from signaalwijzer.statistics import selectors

    return _compiled(
        selectors._cases(scope).values("age_band", "gender").annotate(n=Count("pk")).order_by()
    )


def _outcomes_query(scope):  # type: ignore[no-untyped-def]
    from django.db.models import Count, F

    from signaalwijzer.statistics import selectors

    return _compiled(
        selectors._cases(scope)
        .annotate(outcome=F("weighing__final_decision"), sector=F("organisation__sector"))
        .values("sector", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
