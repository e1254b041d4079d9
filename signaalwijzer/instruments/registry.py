"""Which instrument definitions an organisation can use, and finding the one an assessment used."""

from __future__ import annotations

import logging

from django.http import Http404

from signaalwijzer.accounts.models import Organisation
from signaalwijzer.instruments.loader import (
    LoadedDefinition,
    load_cached,
    shipped_definitions,
    version_tuple,
)
from signaalwijzer.instruments.models import InstrumentChoice, UploadedDefinition
from signaalwijzer.instruments.schema import DefinitionError

logger = logging.getLogger(__name__)


def _uploaded(organisation_id: int, **filters: object) -> list[LoadedDefinition]:
    """The organisation's uploads, each parsed once per process (cached by the hash of its text).

    An upload that no longer loads (stricter checks in a newer release) is left out and logged, so its
    assessments show as withdrawn instead of every page failing.
    """
    uploads = UploadedDefinition.objects.filter(organisation_id=organisation_id, **filters)
    loaded = []
    for pk, content in uploads.values_list("pk", "content"):
        try:
            loaded.append(load_cached(content.encode("utf-8"), origin=f"upload:{organisation_id}"))
        except DefinitionError as error:
            logger.warning(
                "uploaded instrument definition %s does not load: %s", pk, error.problems[:3]
            )
    return loaded


def available_for(organisation: Organisation) -> list[LoadedDefinition]:
    """Released shipped instruments the organisation offers, plus its own enabled uploads."""
    choices = dict(
        InstrumentChoice.objects.filter(organisation=organisation).values_list(
            "instrument_key", "enabled"
        )
    )
    shipped = [
        loaded
        for loaded in shipped_definitions()
        if loaded.definition.is_released and choices.get(loaded.definition.key, True)
    ]
    latest: dict[str, LoadedDefinition] = {}
    for loaded in shipped:
        current = latest.get(loaded.definition.key)
        if current is None or _version_tuple(loaded) > _version_tuple(current):
            latest[loaded.definition.key] = loaded
    return [*latest.values(), *_uploaded(organisation.pk, enabled=True)]


def _version_tuple(loaded: LoadedDefinition) -> tuple[int, ...]:
    return version_tuple(loaded.definition.version)


DefinitionIndex = dict[tuple[str, str, str], LoadedDefinition]


def definitions_index(organisation_id: int) -> DefinitionIndex:
    """Every definition an assessment of this organisation can refer to, by (key, version, hash); one query."""
    everything = [*shipped_definitions(), *_uploaded(organisation_id)]
    return {
        (loaded.definition.key, loaded.definition.version, loaded.sha256): loaded
        for loaded in everything
    }


def find(organisation_id: int, key: str, version: str, sha256: str) -> LoadedDefinition:
    """The exact definition (by hash) an assessment was made with; shipped or uploaded."""
    loaded = definitions_index(organisation_id).get((key, version, sha256))
    if loaded is None:
        raise Http404
    return loaded
