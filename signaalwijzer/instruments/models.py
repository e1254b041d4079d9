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
from signaalwijzer.instruments.loader import load_bytes
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
        try:
            loaded = load_bytes(
                self.content.encode("utf-8"), origin=str(_("the uploaded definition"))
            )
        except DefinitionError as error:
            raise ValidationError({"content": error.problems}) from error
        self.key, self.version, self.sha256 = (
            loaded.definition.key,
            loaded.definition.version,
            loaded.sha256,
        )
        clash = UploadedDefinition.objects.filter(
            organisation_id=self.organisation_id, key=self.key, version=self.version
        ).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError(
                {
                    "content": _(
                        "This version exists already. Give the changed definition a new version."
                    )
                }
            )


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
