"""Assessments on a case, definitions uploaded by an organisation, and which instruments it uses."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaalwijzer.cases.models import Case, CaseRecord
from signaalwijzer.encryption import EncryptedTextField
from signaalwijzer.instruments.loader import definition_files, load_bytes
from signaalwijzer.instruments.schema import DefinitionError


class Assessment(CaseRecord):
    """One filling-in of an instrument. Keeps key, version and file hash, so it always re-scores the same."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINISHED = "finished", _("Finished")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    instrument_key = models.CharField(_("instrument"), max_length=80)
    instrument_version = models.CharField(_("version"), max_length=20)
    instrument_hash = models.CharField(_("definition hash"), max_length=64)
    answers_json = EncryptedTextField(default="{}")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The profile (checklist) or final rating (judgement) once finished, for anonymised statistics:
    # the answers themselves are encrypted and cannot be counted by the database.
    result_key = models.CharField(max_length=40, blank=True, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.instrument_key} {self.instrument_version}"

    @property
    def answers(self) -> dict[str, Any]:
        return json.loads(self.answers_json or "{}")

    @property
    def is_finished(self) -> bool:
        return self.status == self.Status.FINISHED


class UploadedDefinition(models.Model):
    """An organisation's own definition, e.g. its licensed 11VB; checked exactly like shipped files."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="instrument_definitions"
    )
    content = models.TextField(_("definition (YAML)"))
    key = models.CharField(_("key"), max_length=80, editable=False)
    version = models.CharField(_("version"), max_length=20, editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    enabled = models.BooleanField(_("professionals can use it"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("instrument definition of the organisation")
        verbose_name_plural = _("instrument definitions of the organisation")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key", "version"], name="uploaded_definition_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.version}"

    def clean(self) -> None:
        # The size first: a huge text is refused before it is read as YAML.
        content = self.content.encode("utf-8")
        if len(content) > settings.INSTRUMENT_DEFINITION_MAX_BYTES:
            raise ValidationError({"content": too_large_error()})
        try:
            loaded = load_bytes(content, origin=str(_("the uploaded definition")))
        except DefinitionError as error:
            raise ValidationError({"content": error.problems}) from error
        key, version, sha256 = loaded.definition.key, loaded.definition.version, loaded.sha256
        if self.pk is not None:
            stored = UploadedDefinition.objects.filter(pk=self.pk).values_list("sha256", flat=True)
            if stored.first() not in (None, sha256):
                raise ValidationError(
                    {
                        "content": _(
                            "A saved definition cannot be changed: assessments refer to it. "
                            "Upload the changed definition with a new version."
                        )
                    }
                )
        if key in shipped_keys():
            raise ValidationError(
                {
                    "content": ValidationError(
                        _(
                            "The key %(key)s belongs to an instrument that comes with Signaalwijzer. "
                            "Give your own definition its own key."
                        ),
                        code="shipped_key",
                        params={"key": key},
                    )
                }
            )
        same_version = UploadedDefinition.objects.filter(key=key, version=version).exclude(
            pk=self.pk
        )
        if same_version.filter(organisation_id=self.organisation_id).exists():
            raise ValidationError(
                {
                    "content": _(
                        "This version exists already. Give the changed definition a new version."
                    )
                }
            )
        # Another organisation may load the very same file (same hash), never another text under the
        # same key and version: key, version and hash must name one definition everywhere.
        if same_version.exclude(sha256=sha256).exists():
            raise ValidationError(
                {
                    "content": _(
                        "Another organisation uses this key and version for a different definition. "
                        "Give this definition its own key."
                    )
                }
            )
        self.key, self.version, self.sha256 = key, version, sha256


def too_large_error() -> ValidationError:
    return ValidationError(
        _("The definition is larger than the maximum of %(limit)s KB. Make it smaller."),
        code="too_large",
        params={"limit": settings.INSTRUMENT_DEFINITION_MAX_BYTES // 1024},
    )


def shipped_keys() -> set[str]:
    """The keys of the instruments that ship (by folder name, so a broken file cannot hide one)."""
    return {path.parent.name for path in definition_files()}


class InstrumentChoice(models.Model):
    """An organisation's choice to offer (or not) a shipped instrument. No rows: all are offered."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="instrument_choices"
    )
    instrument_key = models.CharField(_("instrument"), max_length=80)
    enabled = models.BooleanField(_("offered to professionals"), default=True)

    class Meta:
        verbose_name = _("instrument choice")
        verbose_name_plural = _("instrument choices")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "instrument_key"], name="instrument_choice_unique"
            )
        ]

    def __str__(self) -> str:
        return self.instrument_key
