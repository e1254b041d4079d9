"""Instruments: an upload is checked and kept inactive until the administrator activates it; a bad file is
refused with every problem and changes nothing; shipped instruments are switched per organisation; the
professional's choice follows."""

from __future__ import annotations

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.test import override_settings

from signaalwijzer.instruments import registry
from signaalwijzer.instruments.models import InstrumentChoice, UploadedDefinition
from signaalwijzer.instruments.tests.samples import checklist
from signaalwijzer.orgadmin import services
from signaalwijzer.orgadmin.models import AdminChange


def _yaml(document) -> bytes:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode("utf-8")


def _offered_keys(organisation):
    return {loaded.definition.key for loaded in registry.available_for(organisation)}


def test_an_upload_is_inactive_until_activated(administrator, organisation):
    upload = services.upload_instrument(administrator, content=_yaml(checklist()))
    assert (upload.key, upload.version, upload.enabled) == ("test-lijst", "1.0.0", False)
    assert "test-lijst" not in _offered_keys(organisation)
    services.set_upload_active(administrator, upload.pk, active=True)
    assert "test-lijst" in _offered_keys(organisation)
    services.set_upload_active(administrator, upload.pk, active=False)
    assert "test-lijst" not in _offered_keys(organisation)
    assert list(AdminChange.objects.order_by("pk").values_list("kind", flat=True)) == [
        "instrument_uploaded",
        "instrument_activated",
        "instrument_deactivated",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"key: [unclosed", "not valid YAML"),
        (_yaml(checklist(version="1.0")), "version"),
        (_yaml({**checklist(), "title": {"nl": "Alleen Nederlands"}}), "title.en"),
        ("format: 1\n".encode("utf-16"), "UTF-8"),
    ],
)
def test_a_bad_file_is_refused_and_changes_nothing(administrator, content, expected):
    with pytest.raises(ValidationError) as raised:
        services.upload_instrument(administrator, content=content)
    assert expected in " ".join(raised.value.message_dict["file"])
    assert not UploadedDefinition.objects.exists()
    assert not AdminChange.objects.exists()


def test_a_too_large_file_is_refused_before_reading(administrator):
    with (
        override_settings(INSTRUMENT_DEFINITION_MAX_BYTES=100),
        pytest.raises(ValidationError) as raised,
    ):
        services.upload_instrument(administrator, content=_yaml(checklist()))
    assert "KB" in " ".join(raised.value.message_dict["file"])
    assert not UploadedDefinition.objects.exists()


def test_the_same_version_twice_is_refused(administrator):
    services.upload_instrument(administrator, content=_yaml(checklist()))
    with pytest.raises(ValidationError, match="new version"):
        services.upload_instrument(administrator, content=_yaml(checklist()))
    assert UploadedDefinition.objects.count() == 1


def test_a_shipped_instrument_is_switched_per_organisation(
    administrator, organisation, other_organisation
):
    key = "gedrag-seksueel-grensoverschrijdend"
    assert key in _offered_keys(organisation)
    services.set_shipped_active(administrator, key, active=False)
    assert key not in _offered_keys(organisation)
    assert key in _offered_keys(other_organisation)
    assert services.set_shipped_active(administrator, key, active=False) is None  # no change
    services.set_shipped_active(administrator, key, active=True)
    assert key in _offered_keys(organisation)
    assert InstrumentChoice.objects.get(organisation=organisation, instrument_key=key).enabled


def test_an_unknown_shipped_key_is_a_404(administrator):
    from django.http import Http404

    with pytest.raises(Http404):
        services.set_shipped_active(administrator, "bestaat-niet", active=False)
    assert not InstrumentChoice.objects.exists()


def test_another_organisations_upload_is_a_404(administrator, outsider_org, other_organisation):
    from django.http import Http404

    foreign = UploadedDefinition(
        organisation=other_organisation, content=_yaml(checklist()).decode(), enabled=True
    )
    foreign.clean()
    foreign.save()
    with pytest.raises(Http404):
        services.set_upload_active(administrator, foreign.pk, active=False)
    foreign.refresh_from_db()
    assert foreign.enabled
