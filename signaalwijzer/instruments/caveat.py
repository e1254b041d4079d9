"""What an instrument's result is worth, in words: the one caveat every export of a result carries.

The PDF dossier, the Veilig Thuis package, the subject-access export, the API and the timeline all take it from
here, so Signaalwijzer's own list never leaves the screen looking like a validated instrument (or like 11VB).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from signaalwijzer.instruments.loader import LoadedDefinition, load_cached, shipped_definitions
from signaalwijzer.instruments.models import Assessment, UploadedDefinition
from signaalwijzer.instruments.schema import DefinitionError


@dataclass(frozen=True)
class Caveat:
    validated: bool
    own_list: bool  # Signaalwijzer's own (shipped) signalling list: not validated, not 11VB
    label: str  # short, to put on the very line that gives the result: "own list, not validated"
    text: str  # the whole caveat, as its own line


def caveat_for(loaded: LoadedDefinition | None) -> Caveat:
    """The caveat of a result made with ``loaded``; ``None`` (a withdrawn definition) counts as not validated."""
    definition = loaded.definition if loaded is not None else None
    if definition is not None and definition.validated:
        return Caveat(
            validated=True,
            own_list=False,
            label=_("validated"),
            text=_("A validated instrument. A result is a reason to consult, not a diagnosis."),
        )
    if definition is not None and definition.is_checklist and is_shipped(loaded):
        return Caveat(
            validated=False,
            own_list=True,
            label=_("own list, not validated"),
            text=_(
                "Caution: Signaalwijzer's own list, not validated, not the Signaleringstool 11VB. Its "
                "thresholds are indicative; a result is a reason to consult, not a diagnosis."
            ),
        )
    return Caveat(
        validated=False,
        own_list=False,
        label=_("not validated"),
        text=_(
            "Caution: not validated. Its thresholds are indicative; a result is a reason to consult, "
            "not a diagnosis."
        ),
    )


def is_shipped(loaded: LoadedDefinition | None) -> bool:
    """Shipped with Signaalwijzer (not an organisation's upload)."""
    return loaded is not None and not loaded.origin.startswith("upload:")


def caveats_for(assessments: list[Assessment]) -> dict[int, Caveat]:
    """The caveat of each assessment (by pk), in at most one query whatever their number.

    Key, version and hash name one definition everywhere (models.UploadedDefinition.clean), so an
    upload is found by its hash without asking which organisation it belongs to.
    """
    shipped = {
        (loaded.definition.key, loaded.definition.version, loaded.sha256): loaded
        for loaded in shipped_definitions()
    }
    wanted = {
        (a.instrument_key, a.instrument_version, a.instrument_hash) for a in assessments
    } - shipped.keys()
    uploaded: dict[tuple[str, str, str], LoadedDefinition] = {}
    if wanted:
        rows = UploadedDefinition.objects.filter(
            sha256__in={sha256 for _key, _version, sha256 in wanted}
        ).values_list("organisation_id", "content")
        for organisation_id, content in rows:
            try:
                loaded = load_cached(content.encode("utf-8"), origin=f"upload:{organisation_id}")
            except DefinitionError:
                continue  # no longer loads: its assessments count as not validated
            uploaded[(loaded.definition.key, loaded.definition.version, loaded.sha256)] = loaded
    index = {**uploaded, **shipped}
    return {
        a.pk: caveat_for(index.get((a.instrument_key, a.instrument_version, a.instrument_hash)))
        for a in assessments
    }
