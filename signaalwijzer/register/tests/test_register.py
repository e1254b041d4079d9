"""The signal register: record without a name, only the own organisation, expiry, turning it into a case."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.models import Case, CaseMember, Observation
from signaalwijzer.register.models import LooseSignal
from signaalwijzer.register.periods import expires_on
from signaalwijzer.register.services import (
    convert_to_case,
    expire_signals,
    open_signals,
    record_signal,
)
from tests.factories import sign_in

TEXT = "Jongere stapte in een auto bij een onbekende man, bij het hek van school."


def _record(user, **extra):
    return record_signal(
        user=user,
        observed_on=extra.pop("observed_on", timezone.localdate()),
        description=TEXT,
        **extra,
    )


def _events(purpose):
    return AccessEvent.objects.filter(purpose=purpose)


@pytest.mark.parametrize(
    ("recorded", "months", "expected"),
    [
        (dt.date(2026, 1, 15), 6, dt.date(2026, 7, 15)),
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
        (dt.date(2026, 12, 1), 1, dt.date(2027, 1, 1)),
    ],
)
def test_expiry_date_is_calendar_months_later(recorded, months, expected):
    assert expires_on(recorded, months) == expected


def test_a_signal_is_stored_encrypted_and_logged(professional):
    signal = _record(professional, setting="school")
    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM register_loosesignal WHERE id = %s", [signal.pk])
        (raw,) = cursor.fetchone()
    assert "onbekende" not in raw
    assert LooseSignal.objects.get(pk=signal.pk).description == TEXT
    assert signal.expires_on == expires_on(timezone.localdate(), 6)
    event = _events("register.record").get()
    assert (event.user_id, event.action, event.record_id) == (
        professional.pk,
        AccessEvent.Action.CREATE,
        signal.pk,
    )


def test_the_organisation_sets_the_period(professional, organisation):
    organisation.signal_register_months = 2
    organisation.save()
    professional.refresh_from_db()
    signal = _record(professional)
    assert signal.expires_on == expires_on(timezone.localdate(), 2)


def test_only_the_own_organisation_sees_a_signal(professional, officer, outsider_org, client):
    signal = _record(professional)
    assert open_signals(officer) == [signal]
    assert open_signals(outsider_org) == []
    assert _events("register.list").filter(user=officer, record_id=signal.pk).count() == 1
    sign_in(client, outsider_org)
    page = client.get(reverse("register:list"))
    assert page.status_code == 200
    assert "onbekende" not in page.content.decode()
    sign_in(client, officer)
    assert "onbekende" in client.get(reverse("register:list")).content.decode()


def test_other_roles_and_organisations_are_refused(professional, log_manager, outsider_org, client):
    signal = _record(professional)
    sign_in(client, log_manager)
    assert client.get(reverse("register:list")).status_code == 403
    assert client.post(reverse("register:convert", args=[signal.pk])).status_code == 403
    sign_in(client, outsider_org)
    assert client.post(reverse("register:convert", args=[signal.pk])).status_code == 404
    assert Case.objects.count() == 0
    assert LooseSignal.objects.get(pk=signal.pk).converted is False


def test_the_page_records_a_signal(professional, client):
    sign_in(client, professional)
    page = client.get(reverse("register:list"))
    text = page.content.decode()
    assert "Een naam is niet nodig" in text
    assert "Na 6 maanden wordt het signaal vanzelf verwijderd" in text
    response = client.post(
        reverse("register:list"),
        {"observed_on": timezone.localdate().isoformat(), "description": TEXT, "setting": ""},
    )
    assert response.status_code == 302
    assert LooseSignal.objects.get().recorded_by == professional


@pytest.mark.parametrize(
    ("observed_on", "description"),
    [
        (timezone.localdate().isoformat(), "   "),
        ((timezone.localdate() + dt.timedelta(days=1)).isoformat(), TEXT),
        ("morgen", TEXT),
    ],
)
def test_bad_input_gives_a_form_error_and_saves_nothing(
    professional, client, observed_on, description
):
    sign_in(client, professional)
    response = client.post(
        reverse("register:list"), {"observed_on": observed_on, "description": description}
    )
    assert response.status_code == 400
    assert response.context["form"].errors
    assert LooseSignal.objects.count() == 0
    assert _events("register.record").count() == 0


def test_a_future_date_is_refused_by_the_service_too(professional):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _record(professional, observed_on=timezone.localdate() + dt.timedelta(days=1))
    assert LooseSignal.objects.count() == 0


def test_turning_a_signal_into_a_case(officer, professional, client):
    signal = _record(
        professional, observed_on=timezone.localdate() - dt.timedelta(days=3), setting="school"
    )
    sign_in(client, officer)
    response = client.post(reverse("register:convert", args=[signal.pk]), {"pseudonym": "R."})
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert (case.pseudonym, case.concern, case.setting) == ("R.", TEXT, "school")
    assert CaseMember.objects.get(case=case).user == officer
    assert CaseMember.objects.get(case=case).role == CaseMember.Role.OWNER
    observation = Observation.objects.get(case=case)
    assert (observation.description, observation.observed_on) == (TEXT, signal.observed_on)
    assert (observation.source, observation.nature) == ("own", "fact")
    signal.refresh_from_db()
    assert signal.converted and signal.converted_case == case
    assert _events("register.convert").filter(user=officer, record_id=signal.pk).count() == 2
    # It leaves the list, and a second click makes no second case.
    assert open_signals(professional) == []
    assert convert_to_case(user=professional, signal_id=signal.pk) is None
    assert Case.objects.count() == 1


def test_expired_signals_are_deleted_and_converted_ones_kept(professional, organisation):
    old = _record(professional)
    kept = _record(professional)
    converted = _record(professional)
    convert_to_case(user=professional, signal_id=converted.pk)
    LooseSignal.objects.update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    LooseSignal.objects.filter(pk=kept.pk).update(expires_on=timezone.localdate())
    call_command("register", "expire", stdout=io.StringIO())
    assert set(LooseSignal.objects.values_list("pk", flat=True)) == {kept.pk, converted.pk}
    event = _events("register.expire").get()
    assert (event.action, event.user_id, event.organisation_id) == (
        AccessEvent.Action.DELETE,
        None,
        organisation.pk,
    )
    assert old.pk not in LooseSignal.objects.values_list("pk", flat=True)


def test_a_signal_goes_when_its_case_is_destroyed(professional):
    signal = _record(professional)
    case = convert_to_case(user=professional, signal_id=signal.pk)
    Case.objects.filter(pk=case.pk).delete()
    assert expire_signals() == 1
    assert not LooseSignal.objects.filter(pk=signal.pk).exists()
