"""The content stamp changes with every change of a case or its records, however it is written."""

import datetime as dt

from django.apps import apps
from django.db import connection

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services, stamp
from signaalwijzer.cases.models import Case, Observation, TimelineEntry
from signaalwijzer.meldcode import services as meldcode_services

TODAY = dt.date.today()


def _stamp(case: Case) -> int:
    return Case.objects.values_list("content_stamp", flat=True).get(pk=case.pk)


def _tables_with_a_case() -> set[str]:
    tables = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Case:
                tables.add(model._meta.db_table)
    return tables - set(stamp.UNSTAMPED_TABLES)


def _triggers(table: str) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
        return [row[0] for row in cursor.fetchall()]


def test_every_table_with_a_case_is_stamped(db):
    """A new model with a case_id fails here until a migration installs its trigger."""
    assert _tables_with_a_case() == set(stamp.RECORD_TABLES)
    for table in stamp.RECORD_TABLES:
        assert any(name.startswith(stamp.trigger_name(table)) for name in _triggers(table)), table


def test_a_service_write_changes_the_stamp(owner_access, case):
    before = _stamp(case)
    services.record_observation(
        owner_access, observed_on=TODAY, description="Nieuw signaal", source="own", nature="fact"
    )
    after = _stamp(case)
    assert after != before
    meldcode_services.record_consultation(
        owner_access, consulted_on=TODAY, consultee="colleague", question="?", advice="!"
    )
    assert _stamp(case) not in {before, after}


def test_writes_that_bypass_the_services_change_the_stamp(owner_access, case):
    services.record_observation(
        owner_access, observed_on=TODAY, description="Signaal", source="own", nature="fact"
    )
    seen = {_stamp(case)}
    Observation.objects.filter(case=case).update(description="Anders")  # queryset update
    seen.add(_stamp(case))
    TimelineEntry.objects.filter(case=case).delete()  # delete
    seen.add(_stamp(case))
    with connection.cursor() as cursor:  # raw SQL
        cursor.execute(
            "UPDATE cases_observation SET nature = 'opinion' WHERE case_id = %s", [case.pk]
        )
    seen.add(_stamp(case))
    assert len(seen) == 4


def test_saving_a_stale_case_still_gives_a_new_stamp(owner_access, case):
    stale = Case.objects.get(pk=case.pk)
    services.record_observation(
        owner_access, observed_on=TODAY, description="Signaal", source="own", nature="fact"
    )
    newer = _stamp(case)
    stale.save()  # writes the old stamp back; the trigger replaces it
    assert _stamp(case) not in {stale.content_stamp, newer}


def test_reading_a_case_does_not_change_the_stamp(owner_access, case):
    before = _stamp(case)
    owner_access.record(AccessEvent.Action.READ, "case.detail")
    assert AccessEvent.objects.filter(case=case, action=AccessEvent.Action.READ).exists()
    assert _stamp(case) == before
