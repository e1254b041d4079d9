from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from signaalwijzer.accounts.models import User
from signaalwijzer.cases.forms import DateInput, FormConventions, today
from signaalwijzer.meldcode.models import (
    Action,
    Consultation,
    Conversation,
    DecisionChoice,
    Step3Skip,
    UnsafetyChoice,
    VeiligThuisFeedback,
)
from signaalwijzer.text_input import FreeTextField

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def yes_no(value: bool | None) -> str | None:
    """A stored yes/no answer as the radio buttons' value."""
    return None if value is None else ("yes" if value else "no")


class ConsultationForm(FormConventions, forms.ModelForm):
    class Meta:
        model = Consultation
        fields = [
            "stage",
            "consulted_on",
            "consultee",
            "consultee_name",
            "question",
            "advice",
            "no_identifying_data_shared",
        ]
        widgets = {
            "stage": forms.RadioSelect,
            "consulted_on": DateInput(),
            "consultee": forms.RadioSelect,
            "consultee_name": forms.TextInput,
            "question": forms.Textarea(attrs={"rows": 3}),
            "advice": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consulted_on"].initial = today()


class ConversationForm(FormConventions, forms.ModelForm):
    class Meta:
        model = Conversation
        fields = [
            "kind",
            "held_on",
            "with_young_person",
            "with_parents",
            "others_present",
            "discussed",
            "reaction",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "held_on": DateInput(),
            "others_present": forms.TextInput,
            "discussed": forms.Textarea(attrs={"rows": 3}),
            "reaction": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = today()


class Step3SkipForm(FormConventions, forms.ModelForm):
    class Meta:
        model = Step3Skip
        fields = ["reason", "explanation"]
        widgets = {"reason": forms.RadioSelect, "explanation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The service refuses a skip without an explanation: the form says so too.
        self.fields["explanation"].required = True


def _yes_no_field(label: Any, help_text: Any = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


def _reason_field() -> FreeTextField:
    return FreeTextField(label=_("Why?"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


# The questions of the afwegingskader and the two decisions of step 5, as the form and the dossier word them.
QUESTION_LABELS = {
    "q1_suspicion": _(
        "1. Based on steps 1 to 3, do I suspect (a threat of) violence, abuse or exploitation?"
    ),
    "q2_unsafety": _("2. Is there acute and/or structural unsafety?"),
    "q3_can_help": _(
        "3. Can I offer or organise sufficient help (given my competence, role and limits)?"
    ),
    "q4_help_accepted": _("4. Do those involved accept this help and commit to it?"),
    "q5_help_effective": _(
        "5. Does the help lead, within the agreed time, to the necessary safety and well-being?"
    ),
}
REPORT_NEEDED_LABEL = _("Is reporting necessary?")
HELP_POSSIBLE_LABEL = _("Is offering or organising help (also) possible?")


class WeighingForm(FormConventions, forms.Form):
    """The five questions of the afwegingskader; guidance per question is shown by the template."""

    required_when: ClassVar[dict[str, Any]] = {
        **{
            f"q{number}_reason": _("required when you answer the question")
            for number in range(1, 6)
        },
        "deviation_reason": _("required when your decision differs from the afwegingskader"),
    }

    version = forms.IntegerField(widget=forms.HiddenInput, initial=0)
    q1_suspicion = _yes_no_field(QUESTION_LABELS["q1_suspicion"])
    q1_reason = _reason_field()
    q2_unsafety = forms.ChoiceField(
        label=QUESTION_LABELS["q2_unsafety"],
        choices=UnsafetyChoice.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    q2_reason = _reason_field()
    q3_can_help = _yes_no_field(QUESTION_LABELS["q3_can_help"])
    q3_reason = _reason_field()
    q4_help_accepted = _yes_no_field(QUESTION_LABELS["q4_help_accepted"])
    q4_reason = _reason_field()
    q5_help_effective = _yes_no_field(
        QUESTION_LABELS["q5_help_effective"],
        _("Answer this later, at the follow-up date you agreed."),
    )
    q5_reason = _reason_field()
    disclosure = forms.BooleanField(
        label=_("The young person told me about violence or exploitation (a disclosure)"),
        required=False,
    )
    final_decision = forms.ChoiceField(
        label=_("My decision"),
        choices=[("", _("Not decided yet")), *DecisionChoice.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    report_needed = _yes_no_field(REPORT_NEEDED_LABEL)
    help_possible = _yes_no_field(
        HELP_POSSIBLE_LABEL, _("Reporting and going on with the help often go together.")
    )
    deviation_reason = FreeTextField(
        label=_("Why my decision differs from the afwegingskader"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    exploiter_in_household = _yes_no_field(
        _("Is the (suspected) exploiter an (ex-)partner, family member or housemate?"),
        _(
            "Asked for young adults (18 and over). If not, the meldcode does not formally apply: the "
            "zorgcoördinator and the police lead, Veilig Thuis advises."
        ),
    )
    no_expert_consultation_reason = FreeTextField(
        label=_("Not discussed with Veilig Thuis or the zorgcoördinator? Write down why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Step 4 asks you to discuss the weighing with Veilig Thuis and/or the zorgcoördinator "
            "mensenhandel (record it as a step 4 consultation)."
        ),
    )
    no_coordinator_contact_reason = FreeTextField(
        label=_("Not contacted the zorgcoördinator? Write down why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For a (suspected) victim of exploitation, contacting the zorgcoördinator is a required "
            "action in step 5."
        ),
    )

    def clean_q2_unsafety(self) -> str | None:
        return self.cleaned_data.get("q2_unsafety") or None


class ActionForm(FormConventions, forms.ModelForm):
    required_when: ClassVar[dict[str, Any]] = {
        "due_on": _("required for a follow-up"),
        "channel": _("required when you fill in the date reported"),
        "informed_beforehand": _("required when you fill in the date reported"),
        "informed_who": _("required when you told them beforehand"),
        "not_informed_reason": _("required when you did not tell them beforehand"),
    }

    class Meta:
        model = Action
        fields = [
            "kind",
            "description",
            "owner",
            "due_on",
            "reported_on",
            "channel",
            "reference",
            "informed_beforehand",
            "informed_who",
            "informed_reaction",
            "not_informed_reason",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_on": DateInput(),
            "reported_on": DateInput(),
            "channel": forms.RadioSelect,
            "reference": forms.TextInput,
            "informed_who": forms.TextInput,
            "informed_reaction": forms.Textarea(attrs={"rows": 2}),
            "not_informed_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "reported_on": _("Report to Veilig Thuis only: fill in once you have reported."),
        }

    informed_beforehand = _yes_no_field(
        _("Did you tell those involved beforehand? (open melden, tenzij)"),
        _("Report to Veilig Thuis only."),
    )

    def __init__(self, *args: Any, owners: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = User.objects.filter(pk__in=[user.pk for user in owners])
        owner.label_from_instance = lambda user: user.get_full_name()  # type: ignore[method-assign,assignment]
        if self.instance.pk and self.instance.informed_beforehand is not None:
            self.initial["informed_beforehand"] = yes_no(self.instance.informed_beforehand)


class ActionUpdateForm(ActionForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(ActionForm.Meta):
        fields = [*ActionForm.Meta.fields, "status"]
        widgets = {**ActionForm.Meta.widgets, "status": forms.RadioSelect}


class FeedbackForm(FormConventions, forms.ModelForm):
    class Meta:
        model = VeiligThuisFeedback
        fields = ["received_on", "stage", "summary"]
        widgets = {
            "received_on": DateInput(),
            "stage": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = today()


class VeiligThuisPackageForm(FormConventions, forms.Form):
    """What the report package needs besides the case file. Nothing is preset: the user chooses the basis.

    The "open melden" fields are required for a report (not for an anonymous advice request); their label says
    when (FormConventions.required_when), never "(optional)".
    """

    basis = forms.ChoiceField(
        label=_("On what basis do you share?"),
        choices=[
            ("meldrecht", _("A report on the basis of meldrecht (no consent needed)")),
            ("consent", _("A report with the consent the age rule requires")),
            ("advice", _("An anonymous advice request")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _(
                "Choose on what basis you share: a report with meldrecht, a report with consent, or "
                "an anonymous advice request."
            )
        },
    )
    informed_beforehand = _yes_no_field(
        _("Did you tell those involved beforehand? (open melden, tenzij)"),
        _("Required for a report. Not needed for an anonymous advice request."),
    )
    informed_who = FreeTextField(
        label=_("Who was told"),
        required=False,
        help_text=_("Required for a report when you told those involved beforehand."),
    )
    informed_reaction = FreeTextField(
        label=_("Their reaction and objections"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    not_informed_reason = FreeTextField(
        label=_("Why they were not told"),
        required=False,
        help_text=_("Required for a report when you did not tell those involved beforehand."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    our_help = FreeTextField(
        label=_("What your organisation does and will keep doing"),
        required=False,
        help_text=_(
            "The package already lists your planned and done actions and the safety plan. Add what "
            "they do not say."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    support_network = FreeTextField(
        label=_("Support network"),
        required=False,
        help_text=_("Who around the young person can help: family, school, coach, friends."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    other_information = FreeTextField(
        label=_("Other information"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    # Required for a report, not for an advice request: the label says when instead of "(optional)".
    required_when: ClassVar[dict[str, Any]] = {
        "informed_beforehand": _("required for a report"),
        "informed_who": _("required when you told them beforehand"),
        "not_informed_reason": _("required when you did not tell them beforehand"),
    }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("basis") in ("meldrecht", "consent"):
            if data.get("informed_beforehand") is None:
                self.add_error(
                    "informed_beforehand",
                    _("Were those involved told beforehand? Answer yes or no."),
                )
            elif data["informed_beforehand"] and not data.get("informed_who", "").strip():
                self.add_error("informed_who", _("Write down who was told."))
            elif (
                data["informed_beforehand"] is False
                and not data.get("not_informed_reason", "").strip()
            ):
                self.add_error("not_informed_reason", _("Write down why they were not told."))
        return data


class SentForm(forms.Form):
    """Recording the report as sent: the date and the channel are required, the reference is optional."""

    reported_on = forms.DateField(
        label=_("Date reported"),
        widget=DateInput(),
        error_messages={"required": _("Fill in the date you reported.")},
    )
    channel = forms.ChoiceField(
        label=_("How"),
        choices=Action.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you reported: by phone or with the web form.")},
    )
    reference = FreeTextField(label=_("Veilig Thuis reference"), required=False)


class ComenshaForm(forms.Form):
    nationality = FreeTextField(label=_("Nationality"), required=False, max_length=100)
