"""Forms for the case and step 1. Validation that needs the case lives in the services."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db import models
from django.db.models import BLANK_CHOICE_DASH
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaalwijzer.accounts.models import User
from signaalwijzer.cases import coded_lists
from signaalwijzer.cases.models import (
    CODED_LISTS,
    Case,
    DestructionRequest,
    ExploitationForm,
    ExploitationMethod,
    Gender,
    LocationType,
    LvbIndication,
    Observation,
    RecruitmentChannel,
)
from signaalwijzer.cases.services import coded_list_message
from signaalwijzer.directory.municipalities import municipalities
from signaalwijzer.text_input import FreeTextField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def today() -> Any:
    return timezone.localdate()


BLANK_LABEL = BLANK_CHOICE_DASH[0][1]


def drop_blank_radio_choice(field: forms.Field) -> None:
    """Radio buttons get no "---------" choice (Django adds it to model fields with choices).

    A required radio group has no empty choice at all: nothing is preselected, and leaving it open
    is an error. An optional group keeps an empty choice only when it is worded ("Not decided yet").
    """
    widget = field.widget
    if not isinstance(widget, forms.RadioSelect) or isinstance(
        widget, forms.CheckboxSelectMultiple
    ):
        return
    if isinstance(field, forms.ModelChoiceField):
        if field.required:
            field.empty_label = None
        return
    if not isinstance(field, forms.ChoiceField):
        return
    choices: list[tuple[Any, Any]] = list(field.choices)  # type: ignore[arg-type]
    field.choices = [
        (value, label)
        for value, label in choices
        if value not in ("", None) or (not field.required and str(label) != BLANK_LABEL)
    ]


class FormConventions:
    """What every form of a case follows: see drop_blank_radio_choice, and `required_when`.

    `required_when` maps a field that the service requires only in some situations to the words
    that say when ("required when you answer the question"); the label shows them instead of
    "(optional)".
    """

    required_when: ClassVar[dict[str, Any]] = {}
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            drop_blank_radio_choice(field)
        for name, when in self.required_when.items():
            self.fields[name].required_when = when  # type: ignore[attr-defined]


def coded_list_field(label: Any, choices: type[models.TextChoices]) -> forms.MultipleChoiceField:
    """A coded list (how it happens): checkboxes, several allowed, "Unknown" too, never free text."""
    return forms.MultipleChoiceField(
        label=label,
        choices=choices.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_('Tick all that apply, or "Unknown".'),
    )


def municipality_choices() -> list[tuple[str, Any]]:
    return [("", _("Unknown or choose later")), *municipalities()]


class CaseDetailsForm(FormConventions, forms.ModelForm):
    required_when: ClassVar[dict[str, Any]] = {
        "parents_involved_reason": _("required when you tick the box above"),
    }

    parents_involved = forms.BooleanField(
        label=_("Parent(s) or family (possibly) involved in the exploitation"),
        required=False,
        help_text=_(
            "Then the parents are not asked for consent and not told beforehand about a report, "
            "and an export made for them leaves this out."
        ),
    )
    exploitation_forms = forms.MultipleChoiceField(
        label=_("Suspected forms of exploitation"),
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick all that apply. Boys can be victims too."),
    )
    recruitment_channels = coded_list_field(
        _("How the young person was recruited"), RecruitmentChannel
    )
    methods = coded_list_field(_("Method of the exploiters"), ExploitationMethod)
    location_types = coded_list_field(_("Where the exploitation takes place"), LocationType)
    municipality_code = forms.ChoiceField(
        label=_("Municipality where the young person lives"),
        choices=municipality_choices,
        required=False,
        help_text=_("Used to find the regional contacts (such as the zorgcoördinator)."),
    )

    class Meta:
        model = Case
        fields = [
            "pseudonym",
            "concern",
            "date_of_birth",
            "municipality_code",
            "reference",
            "gender",
            "lvb",
            "setting",
            "exploitation_forms",
            "parents_involved",
            "parents_involved_reason",
            *CODED_LISTS,
        ]
        widgets = {
            "pseudonym": forms.TextInput(attrs={"autocomplete": "off"}),
            "reference": forms.TextInput(attrs={"autocomplete": "off"}),
            "concern": forms.Textarea(attrs={"rows": 3}),
            "date_of_birth": DateInput(),
            "parents_involved_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "date_of_birth": _(
                "The age decides whose consent you need before you share information (the age rule)."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # These have a sensible default ("unknown"); nobody should be stopped by them.
        for name in ("gender", "lvb"):
            self.fields[name].required = False

    def clean_gender(self) -> str:
        return self.cleaned_data.get("gender") or Gender.UNKNOWN

    def clean_lvb(self) -> str:
        return self.cleaned_data.get("lvb") or LvbIndication.UNKNOWN

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, choices in CODED_LISTS.items():
            problem = coded_lists.problem(cleaned.get(name) or [], choices.values)
            if problem is not None and name not in self.errors:
                self.add_error(name, coded_list_message(problem))
        return cleaned

    def how_it_happens_fields(self) -> list[forms.BoundField]:
        """The coded lists, shown together in their own fieldset (see cases/includes/how_it_happens.html)."""
        return [self[name] for name in CODED_LISTS]

    def other_fields(self) -> list[forms.BoundField]:
        return [field for field in self if field.name not in CODED_LISTS]


class CaseStartForm(CaseDetailsForm):
    """Starting must be quick: only the pseudonym and the worry are required."""

    # Folded away under "More details (optional)" on the start page; opened again when one has an error.
    MORE_DETAILS = (
        "reference",
        "gender",
        "lvb",
        "setting",
        "exploitation_forms",
        "parents_involved",
        "parents_involved_reason",
        *CODED_LISTS,
    )

    def more_details_have_errors(self) -> bool:
        return self.is_bound and any(name in self.errors for name in self.MORE_DETAILS)


class CaseEditForm(CaseDetailsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = FreeTextField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class LegalHoldForm(ReasonForm):
    """Place or lift a legal hold: the page posts the intended action and the case version it showed."""

    action = forms.ChoiceField(
        choices=[("place", "place"), ("lift", "lift")], widget=forms.HiddenInput
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and self.initial:
            # The posted action and version are validated as sent; if the page is shown again (refused),
            # it is based on the case as it is now, like the other forms after a conflict.
            data = QueryDict(mutable=True)
            data.update(self.data)
            for name in ("action", "version"):
                if name in self.initial:
                    data[name] = str(self.initial[name])
            self.data = data


class ObservationForm(FormConventions, forms.ModelForm):
    class Meta:
        model = Observation
        fields = ["observed_on", "description", "source", "source_name", "nature"]
        widgets = {
            "observed_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "source": forms.RadioSelect,
            "nature": forms.RadioSelect,
            "source_name": forms.TextInput,
        }
        help_texts = {
            "description": _(
                "Describe what you saw or heard as concretely as you can, in your own words."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["observed_on"].initial = today()


class UserChoiceForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Colleague"))

    def __init__(self, *args: Any, users: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=[user.pk for user in users])
        field.label_from_instance = lambda user: user.get_full_name()  # type: ignore[method-assign,assignment]


class ColleagueChoiceForm(UserChoiceForm):
    """A colleague shown with their teams and roles, so that a namesake in another team is told apart."""

    def __init__(self, *args: Any, users: list[User], **kwargs: Any) -> None:
        super().__init__(*args, users=users, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        labels = {user.pk: colleague_label(user) for user in users}
        field.label_from_instance = lambda user: labels.get(user.pk, user.get_full_name())  # type: ignore[method-assign,assignment]


def colleague_label(user: User) -> str:
    """'Name – team(s) – role(s)', from prefetched memberships and role grants."""
    from signaalwijzer.accounts.models import RoleGrant

    teams = ", ".join(sorted(m.team.name for m in user.memberships.all())) or str(_("no team"))
    role_names = dict(RoleGrant._meta.get_field("role").choices or [])
    roles = ", ".join(sorted(str(role_names.get(r.value, r.value)) for r in user.roles))
    return f"{user.get_full_name()} – {teams} – {roles}"


class TeamMemberForm(ColleagueChoiceForm):
    """Add a colleague: outside the user's own team(s) only when asked for, and confirmed."""

    confirm_outside = forms.BooleanField(
        label=_("Yes, I want to give access to a colleague outside my team"),
        required=False,
    )

    def __init__(
        self, *args: Any, users: list[User], own_team_ids: set[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, users=users, **kwargs)
        self.own_team_ids = own_team_ids

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = cleaned.get("user")
        if chosen is not None and self.own_team_ids:
            theirs = {m.team_id for m in chosen.memberships.all()}
            if not theirs & self.own_team_ids and not cleaned.get("confirm_outside"):
                self.add_error(
                    "confirm_outside",
                    _("This colleague is not in your team. Tick the box to confirm."),
                )
        return cleaned


class TransferForm(ColleagueChoiceForm):
    """Hand the case to a colleague, who becomes its owner."""


STATUS_CHOICES = [
    ("open", _("Open")),
    ("closed", _("Closed")),
    ("all", _("Open and closed")),
]
STEP_CHOICES = [
    ("", _("Any step")),
    ("1", _("Step 1: map the signals")),
    ("2", _("Step 2: discuss with a colleague")),
    ("3", _("Step 3: talk with the young person")),
    ("4", _("Step 4: weigh the situation")),
    ("5", _("Step 5: decide and organise help")),
]


class CaseListFilterForm(forms.Form):
    """The filters of the case list: a plain GET form, so they stay in the address (no personal data)."""

    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    step = forms.ChoiceField(label=_("Current step"), choices=STEP_CHOICES, required=False)
    owner = forms.ChoiceField(label=_("Case owner"), required=False)
    team = forms.ChoiceField(label=_("Team of the case owner"), required=False)
    overdue = forms.BooleanField(label=_("Only with an overdue action"), required=False)
    my_actions = forms.BooleanField(label=_("Only where I have an open action"), required=False)

    def __init__(
        self, *args: Any, owners: list[User], teams: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        owner_field = self.fields["owner"]
        team_field = self.fields["team"]
        assert isinstance(owner_field, forms.ChoiceField)
        assert isinstance(team_field, forms.ChoiceField)
        owner_field.choices = [("", _("Anyone")), ("me", _("Me"))] + [
            (str(user.pk), user.get_full_name()) for user in owners
        ]
        team_field.choices = [("", _("Any team"))] + [(str(pk), name) for pk, name in teams]
        for field in self.fields.values():
            field.hide_optional_marker = True  # type: ignore[attr-defined]


class CaseSearchForm(forms.Form):
    """The search term goes in the body of a POST, never in the address (it is personal data)."""

    q = forms.CharField(
        label=_("Find a case"),
        max_length=200,
        help_text=_(
            "Type the whole pseudonym or reference, as it was written down. Capitals and extra spaces do "
            "not matter; part of a name does not find anything."
        ),
    )


class EmergencyAccessForm(forms.Form):
    case = forms.IntegerField(
        label=_("Case number"),
        min_value=1,
        help_text=_("The number at the top of the case page, for example 42."),
    )
    reason = FreeTextField(
        label=_("Why you must see this case now"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("This is recorded, shown to the case team, and reviewed by the log manager."),
    )


class DestructionRequestForm(FormConventions, forms.ModelForm):
    class Meta:
        model = DestructionRequest
        fields = ["requested_by", "requested_on"]
        widgets = {"requested_by": forms.RadioSelect, "requested_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requested_on"].initial = today()


class DestructionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("refuse", _("Refuse")), ("approve", _("Approve and destroy the file now"))],
        widget=forms.RadioSelect,
    )
    reason = FreeTextField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
