"""Forms built from an instrument definition: one page per area (checklist) or one page (judgement)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from signaalwijzer.instruments.schema import Definition, Item, Text
from signaalwijzer.text_input import FreeTextField

# Free text on an assessment: enough for a careful explanation, not unbounded.
NOTE_MAX_LENGTH = 2000
REASONS_MAX_LENGTH = 5000

MARK_CHOICES = [
    ("present", _("Present")),
    ("absent", _("Not present")),
    ("unknown", _("Don't know")),
]


@dataclass(frozen=True)
class Part:
    """One page of a checklist: an attention area, or a cluster of protective factors."""

    key: str
    title: Text
    help: Text | None
    items: tuple[Item, ...]
    protective: bool


def checklist_parts(definition: Definition) -> list[Part]:
    parts = [
        Part(area.key, area.title, area.help, area.signals, False) for area in definition.areas
    ]
    parts += [Part(c.key, c.title, None, c.factors, True) for c in definition.clusters]
    return parts


class ChecklistPartForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, part: Part, language: str, answers: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        marks = answers.get("marks", {})
        self.part = part
        for item in part.items:
            self.fields[f"item__{item.key}"] = forms.ChoiceField(
                label=item.label.get(language),
                choices=MARK_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                initial=marks.get(item.key),
            )
            # Optional for a draft, but needed to finish: "(optional)" would mislead.
            self.fields[f"item__{item.key}"].hide_optional_marker = True  # type: ignore[attr-defined]

    def part_answers(self) -> dict[str, Any]:
        marks = {
            name.removeprefix("item__"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("item__") and value
        }
        return {"marks": marks}


class JudgementForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        definition: Definition,
        language: str,
        answers: dict[str, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        levels = [(level.key, level.label.get(language)) for level in definition.levels]
        ratings = answers.get("ratings", {})
        notes = answers.get("notes", {})
        final = answers.get("final") or {}
        self.definition = definition
        for factor in definition.factors:
            self.fields[f"rating__{factor.key}"] = forms.ChoiceField(
                label=factor.label.get(language),
                help_text=factor.help.get(language) if factor.help else "",
                choices=levels,
                required=False,
                widget=forms.RadioSelect,
                initial=ratings.get(factor.key),
            )
            self.fields[f"rating__{factor.key}"].hide_optional_marker = True  # type: ignore[attr-defined]
            self.fields[f"note__{factor.key}"] = FreeTextField(
                label=_("Note"),
                required=False,
                max_length=NOTE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=notes.get(factor.key, ""),
            )
        self.fields["final_level"] = forms.ChoiceField(
            label=_("Your own final rating"),
            help_text=_("The computed summary only advises. Your professional judgement decides."),
            choices=levels,
            required=False,
            widget=forms.RadioSelect,
            initial=final.get("level"),
        )
        self.fields["final_reasons"] = FreeTextField(
            label=_("Reasons for your rating"),
            required=False,
            max_length=REASONS_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 3}),
            initial=final.get("reasons", ""),
        )

    def factor_fields(self) -> list[tuple[Any, Any, Any]]:
        return [
            (factor, self[f"rating__{factor.key}"], self[f"note__{factor.key}"])
            for factor in self.definition.factors
        ]

    def part_answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        ratings = {
            name.removeprefix("rating__"): value
            for name, value in data.items()
            if name.startswith("rating__") and value
        }
        notes = {
            name.removeprefix("note__"): value
            for name, value in data.items()
            if name.startswith("note__") and value
        }
        final = {"level": data.get("final_level") or "", "reasons": data.get("final_reasons") or ""}
        return {"ratings": ratings, "notes": notes, "final": final}


class StartForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Instrument"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, options: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["instrument"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = options
