"""The access log can only be switched off outside production (the benchmark measures its cost that way)."""

from signaalwijzer.audit.apps import audit_log_is_on
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.access import case_get_for_user


def test_production_refuses_a_switched_off_access_log(settings):
    settings.PRODUCTION = True
    settings.AUDIT_LOG_ENABLED = False
    assert [message.id for message in audit_log_is_on(None)] == ["audit.E001"]
    settings.AUDIT_LOG_ENABLED = True
    assert audit_log_is_on(None) == []


def test_switched_off_writes_no_events_and_on_writes_one(settings, professional, case):
    before = AccessEvent.objects.count()
    settings.AUDIT_LOG_ENABLED = False
    case_get_for_user(professional, case.pk, purpose="test.read")
    assert AccessEvent.objects.count() == before
    settings.AUDIT_LOG_ENABLED = True
    case_get_for_user(professional, case.pk, purpose="test.read")
    assert AccessEvent.objects.count() == before + 1
