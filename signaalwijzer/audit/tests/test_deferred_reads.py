"""A request's read events are written with its session save, before the response leaves, or it fails."""

import pytest
from django.db import DatabaseError
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from signaalwijzer.audit import services
from signaalwijzer.audit.middleware import SessionAndReadsMiddleware
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.access import case_get_for_user
from tests.factories import sign_in


def _reads(case):
    return AccessEvent.objects.filter(case=case, action=AccessEvent.Action.READ)


def test_a_page_read_is_logged_by_the_time_the_response_is_there(signed_in_client, case):
    response = signed_in_client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    assert _reads(case).filter(purpose="case.detail").count() == 1


def test_outside_a_request_a_read_is_written_at_once(professional, case):
    case_get_for_user(professional, case.pk, purpose="export.task")
    assert _reads(case).filter(purpose="export.task").count() == 1


def test_when_the_event_cannot_be_written_the_page_is_not_shown(professional, case, monkeypatch):
    client = Client(raise_request_exception=False)
    sign_in(client, professional)

    def broken(events, *, single=False):
        raise DatabaseError("disk full")

    monkeypatch.setattr(services, "_append", broken)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 500
    assert case.pseudonym not in response.content.decode()


def test_reads_are_written_even_when_the_view_fails(professional, case):
    def view(request):
        case_get_for_user(professional, case.pk, purpose="case.detail")
        raise RuntimeError("template broke")

    request = RequestFactory().get("/")
    with pytest.raises(RuntimeError):
        SessionAndReadsMiddleware(view)(request)
    assert _reads(case).filter(purpose="case.detail").count() == 1


def test_queued_reads_wait_for_the_session_save(professional, case):
    with services.reads_deferred() as pending:
        case_get_for_user(professional, case.pk, purpose="case.detail")
        assert len(pending) == 1
        assert not _reads(case).exists()
        services.write_deferred(pending)
    assert pending == []
    assert _reads(case).count() == 1


def test_middleware_passes_a_response_through(professional, case):
    def view(request):
        case_get_for_user(professional, case.pk, purpose="case.detail")
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    response = SessionAndReadsMiddleware(view)(request)
    assert response.content == b"ok"
    assert _reads(case).count() == 1
