"""Reading the history of a case and its records ("Geschiedenis"), for the team, the dossier and the API.

The values are kept as JSON inside an encrypted field (``RecordChange.changes``); here they become labelled
lines in words (choices by their label, dates in the active language, people by name).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import User
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import CODED_LISTS, Case, ExploitationForm, RecordChange


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    before: Any  # as stored (JSON)
    after: Any
    before_text: str
    after_text: str


@dataclass(frozen=True)
class Change:
    record_type: str
    record_id: int
    record_label: str
    changed_by: User
    changed_at: datetime
    version: int
    fields: list[FieldChange]


def _model(record_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(record_type)
    except (LookupError, ValueError):
        return None


def _list_labels(field: models.Field | None) -> dict[Any, Any]:
    """The labels of a list field's values: the case's coded lists are JSON fields without choices."""
    if field is None:
        return {}
    if field.model is Case and field.name == "exploitation_forms":
        return dict(ExploitationForm.choices)
    if field.model is Case and field.name in CODED_LISTS:
        return dict(CODED_LISTS[field.name].choices)
    return dict(getattr(field, "base_field", field).flatchoices)


def _in_words(field: models.Field | None, value: Any, people: dict[int, str]) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and field.is_relation and isinstance(value, int):
        return people.get(value, str(value))
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    if isinstance(value, list):
        labels = _list_labels(field)
        return ", ".join(str(labels.get(item, item)) for item in value)
    if value in choices:
        return str(choices[value])
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return formats.date_format(date.fromisoformat(value), "j F Y")
        except ValueError:
            return value
    text = str(value)
    return text if len(text) <= 300 else text[:300] + "…"


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _changes(rows: list[RecordChange]) -> list[Change]:
    decoded = [(row, json.loads(row.changes)) for row in rows]
    person_ids: set[int] = set()
    for row, diff in decoded:
        model = _model(row.record_type)
        for name, values in diff.items():
            field = _field(model, name)
            if field is not None and field.is_relation:
                person_ids.update(v for v in values if isinstance(v, int))
    people = {user.pk: user.get_full_name() for user in User.objects.filter(pk__in=person_ids)}
    result = []
    for row, diff in decoded:
        model = _model(row.record_type)
        fields = []
        for name, (before, after) in diff.items():
            field = _field(model, name)
            fields.append(
                FieldChange(
                    name=name,
                    label=capfirst(str(field.verbose_name)) if field is not None else name,
                    before=before,
                    after=after,
                    before_text=_in_words(field, before, people),
                    after_text=_in_words(field, after, people),
                )
            )
        result.append(
            Change(
                record_type=row.record_type,
                record_id=row.record_id,
                record_label=capfirst(str(model._meta.verbose_name)) if model else row.record_type,
                changed_by=row.changed_by,
                changed_at=row.changed_at,
                version=row.version,
                fields=fields,
            )
        )
    return result


def case_history(access: CaseAccess) -> list[Change]:
    """Every change of the case and its records, newest first (the caller has logged the read)."""
    rows = RecordChange.objects.filter(case=access.case).select_related("changed_by")
    return _changes(list(rows))


def record_history(access: CaseAccess, record: models.Model) -> list[Change]:
    """The changes of one record of ``access.case``, newest first."""
    rows = RecordChange.objects.filter(
        case=access.case, record_type=record._meta.label_lower, record_id=record.pk
    ).select_related("changed_by")
    return _changes(list(rows))


def saved_values(record: models.Model, names: list[str]) -> list[tuple[str, str]]:
    """The record's saved values of ``names``, labelled and in words (for the conflict page)."""
    model = type(record)
    people_ids = []
    values = []
    for name in names:
        field = _field(model, name)
        if field is None:
            continue
        value = (
            getattr(record, field.attname)
            if isinstance(field, models.ForeignKey)
            else getattr(record, name)
        )
        if isinstance(value, date):
            value = value.isoformat()
        if isinstance(field, models.ForeignKey) and isinstance(value, int):
            people_ids.append(value)
        values.append((name, field, value))
    people = {user.pk: user.get_full_name() for user in User.objects.filter(pk__in=people_ids)}
    return [
        (capfirst(str(field.verbose_name)), _in_words(field, value, people))
        for _name, field, value in values
    ]
