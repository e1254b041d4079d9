"""Many readers at once still make one unbroken access log chain (PostgreSQL: one-statement writer)."""

import threading

import pytest
from django.db import connection

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.audit.services import verify_chain
from signaalwijzer.cases.access import case_get_for_user

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"
    ),
]

READERS = 8
READS = 25


@pytest.mark.django_db(transaction=True)
def test_concurrent_reads_make_one_chain_with_an_event_each(professional, case):
    errors: list[BaseException] = []
    start = threading.Barrier(READERS)

    def read() -> None:
        try:
            start.wait()
            for _ in range(READS):
                case_get_for_user(professional, case.pk, purpose="case.detail")
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=read) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AccessEvent.objects.filter(case=case, purpose="case.detail").count() == READERS * READS
    assert verify_chain() is None
