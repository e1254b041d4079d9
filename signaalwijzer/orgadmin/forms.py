"""The organisation administrator's forms. They check the shape of the input; the services check the rest
(``orgadmin/services.py``) and their messages are put on the fields (``cases.recording.add_service_errors``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from signaalwijzer.accounts.models import ConsentPolicyChoice, Organisation, RoleGrant, Team, User
from signaalwijzer.cases.forms import FormConventions, TransferForm
from signaalwijzer.cases.retention import MAXIMUM_RETENTION_YEARS, MINIMUM_RETENTION_YEARS
from signaalwijzer.orgadmin.services import SSO_FIELDS, group_mappings_text, role_names
from signaalwijzer.register.periods import MAXIMUM_MONTHS, MINIMUM_MONTHS
from signaalwijzer.sso.models import IdentityProvider
from signaalwijzer.text_input import FreeTextField


def role_choices() -> list[tuple[str, Any]]:
    return list(RoleGrant._meta.get_field("role").choices or [])


class _TeamsMixin:
    fields: dict[str, forms.Field]

    def _set_teams(self, teams: list[Team]) -> None:
        field = self.fields["teams"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(team.pk), team.name) for team in teams]
        if not teams:
            field.help_text = _("Your organisation has no teams yet.")

    def team_ids(self) -> list[int]:
        return [int(value) for value in self.cleaned_data.get("teams", [])]  # type: ignore[attr-defined]


class UserForm(FormConventions, _TeamsMixin, forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=role_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Professionals and meldcode officers work on cases. An administrator sees no case content."
        ),
    )
    teams = forms.MultipleChoiceField(
        label=_("Teams"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, teams: list[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_teams(teams)

    @classmethod
    def for_user(cls, user: User, teams: list[Team], data: Any = None) -> UserForm:
        initial = {
            "full_name": user.full_name,
            "roles": role_names(user.roles),
            "teams": [str(m.team_id) for m in user.memberships.all()],
        }
        return cls(data, teams=teams, initial=initial)


class InviteForm(UserForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)

    field_order = ["email", "full_name", "roles", "teams"]


class DeactivateForm(forms.Form):
    reason = FreeTextField(
        label=_("Why (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: left the organisation. Kept in the change log."),
    )


class SecondFactorResetForm(forms.Form):
    reason = FreeTextField(
        label=_("Why do you reset the second step?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: phone lost, checked by phone with the colleague. Kept in the change log."
        ),
    )


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name of the team"), max_length=200)


class SettingsForm(FormConventions, forms.Form):
    consent_policy = forms.ChoiceField(
        label=_("Consent from 12 to 15"),
        choices=ConsentPolicyChoice.choices,
        widget=forms.RadioSelect,
        help_text=Organisation._meta.get_field("consent_policy").help_text,
    )
    retention_years = forms.IntegerField(label=_("Retention period in years after closing"))
    signal_register_months = forms.IntegerField(label=_("Months a signal without a case is kept"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["retention_years"].help_text = gettext(
            "Closed cases are destroyed after this period. At least %(minimum)s years (the law), at most "
            "%(maximum)s."
        ) % {"minimum": MINIMUM_RETENTION_YEARS, "maximum": MAXIMUM_RETENTION_YEARS}
        self.fields["signal_register_months"].help_text = gettext(
            "A signal that did not become a case is deleted after this many months: from %(minimum)s to "
            "%(maximum)s."
        ) % {"minimum": MINIMUM_MONTHS, "maximum": MAXIMUM_MONTHS}

    @classmethod
    def for_organisation(cls, organisation: Organisation, data: Any = None) -> SettingsForm:
        initial = {
            "consent_policy": organisation.consent_policy,
            "retention_years": organisation.retention_years,
            "signal_register_months": organisation.signal_register_months,
        }
        return cls(data, initial=initial)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Instrument definition (YAML file)"),
        help_text=_(
            "The file is checked first. You then see what it contains; professionals only get it after "
            "you activate it."
        ),
    )


class NewOwnerForm(TransferForm):
    """The new owner of a case whose owner left: an active professional or meldcode officer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].label = _("New owner")


class SingleSignOnForm(forms.Form):
    """What the organisation administrator sets of the own organisation's single sign-on. The identity
    provider itself (issuer, client ID, secret variable, e-mail domains, MFA values) is the platform
    operator's. Only the shape here; ``services.save_single_sign_on`` (through ``sso.services``) checks the
    rest, and its messages land on these fields."""

    enabled = forms.BooleanField(
        label=_("Single sign-on enabled"),
        required=False,
        help_text=_("When on, the login page shows a button to sign in through your organisation."),
    )
    group_mappings = forms.CharField(
        label=_("Group mappings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
    )
    groups_claim = forms.CharField(
        label=_("Claim with the groups"),
        max_length=100,
        help_text=_("The name of the claim in the ID token that lists the groups; usually groups."),
    )
    session_hours = forms.IntegerField(
        label=_("Maximum session length in hours"),
        help_text=_("From 1 to 24. After this, a person signs in through the provider again."),
    )
    inactive_days = forms.IntegerField(
        label=_("Deactivate after days without sign-in"),
        help_text=_(
            "From 1 to 365. Only when password login is off: someone who has not signed in through the "
            "provider for this long is deactivated."
        ),
    )
    password_login_enabled = forms.BooleanField(
        label=_("Password login allowed"),
        required=False,
        help_text=_(
            "Warning: when you switch this off, the people of your organisation can only sign in through the "
            "identity provider (no password, no passkey). Test single sign-on with one person first. This is "
            "only possible while single sign-on is enabled."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = ", ".join(f"{code} ({label})" for code, label in role_choices())
        self.fields["group_mappings"].help_text = gettext(
            "One per line: group = role, team. The team is optional and must be a team of your "
            "organisation. Roles: %(roles)s. Example: sw-professionals = professional, Team Noord"
        ) % {"roles": roles}

    @classmethod
    def for_provider(cls, provider: IdentityProvider, data: Any = None) -> SingleSignOnForm:
        initial: dict[str, Any] = {name: getattr(provider, name) for name in SSO_FIELDS}
        initial["group_mappings"] = group_mappings_text(provider)
        return cls(data, initial=initial)
