"""The statistics tables (ORM, Python, disclosure control) against their own SQL run directly."""

from __future__ import annotations

from datetime import date

from django.db import connection

from bench.data import ensure_bulk
from bench.timing import median_ms


def run(target: int) -> list[tuple[str, float, float, float]]:
    from signaalwijzer.statistics import selectors

    ensure_bulk(target)
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
        .values("organisation_id", "quarter")
        .annotate(**selectors._form_counts())
        .order_by()
    )


def _age_gender_query(scope):  # type: ignore[no-untyped-def]
    from django.db.models import Count

    from signaalwijzer.statistics import selectors

    return _compiled(
        selectors._cases(scope)
        .values("organisation_id", "age_band", "gender")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _outcomes_query(scope):  # type: ignore[no-untyped-def]
    from django.db.models import Count, F

    from signaalwijzer.statistics import selectors

    return _compiled(
        selectors._cases(scope)
        .annotate(outcome=F("weighing__final_decision"), sector=F("organisation__sector"))
        .values("organisation_id", "sector", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
