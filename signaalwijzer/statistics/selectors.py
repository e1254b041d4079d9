"""Anonymised statistics read from the summary (summary.py), protected (disclosure.py) before display.

The pages never count cases: they read ``StatisticsCount`` and ``StatisticsDuration``, so a page costs the same
at 10,000 and at 1,000,000 cases. Protection is consistent across views: for each table there is ONE protected
cube per (three-year block, audience), and every view (a year or the block; an organisation, a safety region or
the whole country) is cut from it, so two views never hide the same cell differently. The protected cube is
cached under the summary's version: a rebuild makes a new one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Sum

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import Role
from signaalwijzer.statistics import summary
from signaalwijzer.statistics.dimensions import AGE_BAND_LABELS, TABLES, TableDefinition
from signaalwijzer.statistics.disclosure import (
    DEFAULT_THRESHOLD,
    TOTAL,
    PublishedCube,
    PublishedTable,
    protect_cube,
)
from signaalwijzer.statistics.models import StatisticsCount, StatisticsDuration

__all__ = [
    "AGE_BAND_LABELS",
    "REGIONS",
    "Scope",
    "StatisticsTable",
    "block_of",
    "durations",
    "published",
    "warm",
]

ORGANISATION = "organisation"
NATIONAL = "national"
REGIONS = tuple(f"VR{number:02d}" for number in range(1, 26))
UNKNOWN_REGION = ""  # the case's municipality is not known
BLOCK_YEARS = 3
CACHE_SECONDS = (
    7 * 24 * 60 * 60
)  # protected tables only (no personal data); a rebuild makes new keys
READY_SECONDS = CACHE_SECONDS


def block_of(year: int) -> tuple[int, int, int]:
    """The fixed three-year block a year belongs to (2025-2027, 2028-2030, ...): every year in exactly one."""
    first = year - year % BLOCK_YEARS
    return (first, first + 1, first + 2)


@dataclass(frozen=True, init=False)
class Scope:
    """What a view shows: ``area`` is "organisation", "national" or a safety region code (VR01-VR25);
    ``years`` is one year or a whole block (``block_of``)."""

    area: str
    years: tuple[int, ...]
    organisation_id: int | None

    def __init__(
        self,
        area: str = ORGANISATION,
        years: Iterable[int] = (),
        organisation_id: int | None = None,
    ) -> None:
        chosen = tuple(years)
        if area not in (ORGANISATION, NATIONAL, *REGIONS):
            raise ValueError(f"unknown area {area!r}")
        if not chosen or (len(chosen) > 1 and chosen != block_of(chosen[0])):
            raise ValueError("years must be one year or a whole block")
        object.__setattr__(self, "area", area)
        object.__setattr__(self, "years", chosen)
        object.__setattr__(self, "organisation_id", organisation_id)

    @property
    def national(self) -> bool:
        """Across organisations (national or a safety region): for researchers only."""
        return self.area != ORGANISATION

    @property
    def year(self) -> int:
        return self.years[0]

    @property
    def block(self) -> tuple[int, int, int]:
        return block_of(self.years[0])

    @property
    def is_block(self) -> bool:
        return len(self.years) > 1


@dataclass
class StatisticsTable:
    key: str
    title: str
    row_title: str
    table: PublishedTable
    row_labels: dict[str, str]
    column_labels: dict[str, str]


def may_see_national(user: User) -> bool:
    return Role.RESEARCHER in user.roles


def _audience(scope: Scope) -> str:
    return "all" if scope.national else f"org{scope.organisation_id or 0}"


def _cube_key(key: str, scope: Scope, version: int, threshold: int) -> str:
    return f"statistics:cube:v{version}:{key}:{scope.block[0]}:{_audience(scope)}:{threshold}"


def _ordered(defined: Sequence[str], found: Iterable[str]) -> tuple[str, ...]:
    """The defined labels in their order, or (none defined) whatever occurs, sorted."""
    return tuple(defined) if defined else tuple(sorted(set(found)))


def _build_cube(key: str, scope: Scope, threshold: int) -> PublishedCube:
    definition = TABLES[key]
    rows = StatisticsCount.objects.filter(table=key, year__in=scope.block)
    if not scope.national:
        # A user without an organisation sees nothing of anyone's.
        rows = rows.filter(organisation_id=scope.organisation_id or 0)
    cells = list(
        rows.values_list("organisation_id", "region", "year", "row", "column", "n").order_by()
    )
    years = tuple(str(year) for year in scope.block)
    row_dim = _ordered(definition.rows, (cell[3] for cell in cells))
    column_dim = _ordered(definition.columns, (cell[4] for cell in cells))
    counts: dict[tuple[str, ...], int] = {}
    parts: dict[str, dict[tuple[str, ...], int]] = {}
    for organisation_id, region, year, row, column, n in cells:
        if row not in row_dim or column not in column_dim:
            continue  # a value the table does not show (yet)
        place: tuple[str, ...] = (str(year), row, column)
        if scope.national:
            place = (region if region in REGIONS else UNKNOWN_REGION, *place)
            part = parts.setdefault(str(organisation_id), {})
            part[place] = part.get(place, 0) + n
        counts[place] = counts.get(place, 0) + n
    if scope.national:
        dims: list[Sequence[str]] = [(*REGIONS, UNKNOWN_REGION), years, row_dim, column_dim]
        return protect_cube(counts, dims, threshold=threshold, parts=parts)
    return protect_cube(counts, [years, row_dim, column_dim], threshold=threshold)


def _without_empty_rows(table: PublishedTable) -> PublishedTable:
    """Drop rows that are all zero (a quarter of another year in a table whose rows come from the data).
    Removing a row of zeros changes no total, so it reveals nothing."""
    rows = tuple(row for row in table.rows if table.values[(row, TOTAL)] > 0)
    if rows == table.rows:
        return table
    keep = {*rows, TOTAL}
    return PublishedTable(
        rows,
        table.columns,
        {cell: value for cell, value in table.values.items() if cell[0] in keep},
        frozenset(cell for cell in table.hidden if cell[0] in keep),
        table.threshold,
    )


def _statistics_table(
    key: str, definition: TableDefinition, table: PublishedTable
) -> StatisticsTable:
    if not definition.rows:
        table = _without_empty_rows(table)
    return StatisticsTable(
        key=key,
        title=str(definition.title),
        row_title=str(definition.row_title),
        table=table,
        row_labels={row: str(definition.row_labels.get(row, row)) for row in table.rows},
        column_labels={
            column: str(definition.column_labels.get(column, column)) for column in table.columns
        },
    )


def _cubes(keys: list[str], scope: Scope, threshold: int, version: int) -> dict[str, PublishedCube]:
    """The protected cube of each table for the scope's block and audience: from the cache (one read for all),
    else built from the summary and cached."""
    names = {key: _cube_key(key, scope, version, threshold) for key in keys}
    cached: dict[str, Any] = cache.get_many(list(names.values()))
    cubes: dict[str, PublishedCube] = {}
    fresh: dict[str, PublishedCube] = {}
    for key in keys:
        cube = cached.get(names[key])
        if not isinstance(cube, PublishedCube):
            cube = fresh[names[key]] = _build_cube(key, scope, threshold)
        cubes[key] = cube
    if fresh:
        cache.set_many(fresh, CACHE_SECONDS)
    return cubes


def _version(scope: Scope) -> int:
    national, own = summary.versions(None if scope.national else scope.organisation_id)
    return national if scope.national else own


def _view_labels(scope: Scope) -> tuple[str, ...]:
    year = TOTAL if scope.is_block else str(scope.year)
    if scope.area == ORGANISATION:
        return (year,)
    return (TOTAL if scope.area == NATIONAL else scope.area, year)


def _ready_key(scope: Scope, threshold: int) -> str:
    """Where the worker notes the newest version whose cubes it has all built, per block and audience."""
    return f"statistics:ready:{scope.block[0]}:{_audience(scope)}:{threshold}"


def _view_name(key: str, scope: Scope, version: int, threshold: int) -> str:
    return f"{_cube_key(key, scope, version, threshold)}:view:{':'.join(_view_labels(scope))}"


def published(
    scope: Scope, keys: Iterable[str], *, threshold: int = DEFAULT_THRESHOLD
) -> list[StatisticsTable]:
    """The protected tables of a view, in the order of ``keys``.

    While the worker builds the tables of a newer summary version, a page shows the last complete version it
    built (``warm`` notes it): a minute behind rather than a page that protects every national cube itself. Only
    what is in neither version is built here. A constant number of queries: the watermark, one cache read for
    the views of both versions (and the note), and on a miss one for the cubes, and one summary read per cube
    that is not cached either."""
    keys = list(keys)
    version = _version(scope)
    ready_key = _ready_key(scope, threshold)
    names = {key: _view_name(key, scope, version, threshold) for key in keys}
    found: dict[str, Any] = cache.get_many([*names.values(), ready_key])
    ready = found.get(ready_key)
    if isinstance(ready, int) and ready < version:
        # The worker is still building this version: the views, else the cubes, of the last complete one.
        older = {key: _view_name(key, scope, ready, threshold) for key in keys}
        found.update(cache.get_many([older[key] for key in keys if names[key] not in found]))
        for key in keys:
            if not isinstance(found.get(names[key]), PublishedTable):
                names[key] = older[key]
        uncut = [key for key in keys if not isinstance(found.get(names[key]), PublishedTable)]
        if uncut:
            cube_names = {key: _cube_key(key, scope, ready, threshold) for key in uncut}
            cubes_found: dict[str, Any] = cache.get_many(list(cube_names.values()))
            cut = {
                names[key]: cube.table(*_view_labels(scope))
                for key in uncut
                if isinstance(cube := cubes_found.get(cube_names[key]), PublishedCube)
            }
            if cut:
                cache.set_many(cut, CACHE_SECONDS)
                found.update(cut)
    missing = [key for key in keys if not isinstance(found.get(names[key]), PublishedTable)]
    if missing:
        names.update({key: _view_name(key, scope, version, threshold) for key in missing})
        cubes = _cubes(missing, scope, threshold, version)
        fresh = {names[key]: cubes[key].table(*_view_labels(scope)) for key in missing}
        cache.set_many(fresh, CACHE_SECONDS)
        found.update(fresh)
    return [_statistics_table(key, TABLES[key], found[names[key]]) for key in keys]


def warm(pairs: Iterable[tuple[int, int]], *, threshold: int = DEFAULT_THRESHOLD) -> int:
    """Build and cache the protected cubes a rebuild made stale (the worker calls it after a rebuild, so a page
    seldom builds one): those of the rebuilt organisations and the national ones, per block; then note each
    audience's version as ready (pages show it until the next one is ready). Returns how many cubes."""
    keys = list(TABLES)
    organisations: dict[tuple[int, int, int], set[int]] = {}
    for organisation_id, year in pairs:
        if 1 <= year <= 9999:
            organisations.setdefault(block_of(year), set()).add(organisation_id)
    built = 0
    for block, members in organisations.items():
        scopes = [Scope(NATIONAL, block, None)]
        scopes += [Scope(ORGANISATION, block, member) for member in sorted(members)]
        for scope in scopes:
            version = _version(scope)
            cubes = _cubes(keys, scope, threshold, version)
            built += len(cubes)
            cache.set(_ready_key(scope, threshold), version, READY_SECONDS)
    return built


@dataclass(frozen=True)
class Durations:
    cases: int
    to_decision: float | None  # average days from the first signal to the decision
    to_report: float | None  # average days from the first signal to the report to Veilig Thuis


def durations(scope: Scope, threshold: int = DEFAULT_THRESHOLD) -> Durations:
    """Average days, shown only when at least ``threshold`` cases contribute (else None). One query."""
    rows = StatisticsDuration.objects.filter(year__in=scope.years)
    if not scope.national:
        rows = rows.filter(organisation_id=scope.organisation_id or 0)
    elif scope.area != NATIONAL:
        rows = rows.filter(region=scope.area)
    sums = rows.aggregate(
        signalled=Sum("signalled"),
        decided=Sum("decided"),
        decision_days=Sum("decision_days"),
        reported=Sum("reported"),
        report_days=Sum("report_days"),
    )

    def average(days: int | None, cases: int | None) -> float | None:
        if not cases or cases < threshold:
            return None
        return round((days or 0) / cases, 1)

    return Durations(
        cases=sums["signalled"] or 0,
        to_decision=average(sums["decision_days"], sums["decided"]),
        to_report=average(sums["report_days"], sums["reported"]),
    )
