"""The one writer of the organisation administrator's changes, each with its ``AdminChange``.

Every function takes the acting administrator first, works only within their organisation (another
organisation's user, team or upload is a 404), validates its input and raises ``ValidationError`` with a clear
message (keyed by form field) before anything is written: bad input changes nothing. Users, teams and roles
are written by ``accounts.services``; a case changes owner through ``cases.services.transfer_ownership``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from signaalwijzer.accounts import services as accounts
from signaalwijzer.accounts.code_attempts import unlock
from signaalwijzer.accounts.mfa import has_second_factor
from signaalwijzer.accounts.models import ConsentPolicyChoice, Organisation, RoleGrant, Team, User
from signaalwijzer.accounts.roles import Role, can_manage_organisation
from signaalwijzer.cases.access import case_access_for_reassignment
from signaalwijzer.cases.models import CaseMember
from signaalwijzer.cases.retention import MAXIMUM_RETENTION_YEARS, MINIMUM_RETENTION_YEARS
from signaalwijzer.cases.services import transfer_candidates, transfer_ownership
from signaalwijzer.instruments.loader import shipped_definitions
from signaalwijzer.instruments.models import InstrumentChoice, UploadedDefinition, too_large_error
from signaalwijzer.orgadmin import group_lines, rules
from signaalwijzer.orgadmin.invitations import send_invitation
from signaalwijzer.orgadmin.models import AdminChange
from signaalwijzer.register.periods import MAXIMUM_MONTHS, MINIMUM_MONTHS
from signaalwijzer.sso import services as sso
from signaalwijzer.sso.models import IdentityProvider, SsoUser
from signaalwijzer.text_input import validate_free_text

Kind = AdminChange.Kind
Target = AdminChange.Target
MINIMUM_REASON_LENGTH = 10


def _organisation_of(admin: User) -> int:
    """The administrator's organisation; anyone else (or a user without one) is refused."""
    if not can_manage_organisation(admin.roles) or admin.organisation_id is None:
        raise PermissionDenied
    return admin.organisation_id


def _log(
    admin: User,
    kind: str,
    target_type: str,
    *,
    target_id: int | None,
    label: str,
    changes: dict[str, list[object]] | None = None,
    reason: str = "",
) -> AdminChange:
    return AdminChange.objects.create(
        organisation_id=_organisation_of(admin),
        actor=admin,
        kind=kind,
        target_type=target_type,
        target_id=target_id,
        target_label=label[:300],
        changes=changes or {},
        reason=reason,
    )


def _message(problem: rules.Problem) -> str:
    return {
        rules.Problem.OWN_ADMIN_ROLE: _(
            "You cannot take away your own role of organisation administrator. Ask another administrator."
        ),
        rules.Problem.OWN_ACCOUNT_INACTIVE: _(
            "You cannot deactivate your own account. Ask another administrator."
        ),
        rules.Problem.OWN_SECOND_FACTOR: _(
            "You cannot reset your own second step. Manage it under Security, or ask another administrator."
        ),
        rules.Problem.NO_ROLE: _("Choose at least one role."),
        rules.Problem.RETENTION_OUT_OF_BOUNDS: _(
            "Choose a retention period from %(minimum)s to %(maximum)s years. The law asks for at least "
            "%(minimum)s years."
        )
        % {"minimum": MINIMUM_RETENTION_YEARS, "maximum": MAXIMUM_RETENTION_YEARS},
        rules.Problem.REGISTER_MONTHS_OUT_OF_BOUNDS: _(
            "Choose a period from %(minimum)s to %(maximum)s months."
        )
        % {"minimum": MINIMUM_MONTHS, "maximum": MAXIMUM_MONTHS},
    }[problem]


def _locked_user(organisation_id: int, user_id: int) -> User:
    user = (
        User.objects.select_for_update()
        .filter(organisation_id=organisation_id, pk=user_id, is_staff=False, is_superuser=False)
        .first()
    )
    if user is None:
        raise Http404
    return user


def _locked_team(organisation_id: int, team_id: int) -> Team:
    team = (
        Team.objects.select_for_update().filter(organisation_id=organisation_id, pk=team_id).first()
    )
    if team is None:
        raise Http404
    return team


def _roles(values: Iterable[str]) -> set[Role]:
    try:
        return {Role(value) for value in values}
    except ValueError as error:
        raise ValidationError({"roles": _("Choose from the roles listed.")}) from error


def _teams(organisation_id: int, team_ids: Iterable[int]) -> list[Team]:
    wanted = set(team_ids)
    teams = list(Team.objects.filter(organisation_id=organisation_id, pk__in=wanted))
    if len(teams) != len(wanted):
        raise ValidationError({"teams": _("Choose from the teams of your organisation.")})
    return teams


def _name(value: str, *, field: str, empty: str) -> str:
    """A person's or team's name: spaces tidied, filled in, at most 200 characters, plain text."""
    name = " ".join(value.split())
    if not name:
        raise ValidationError({field: empty})
    if len(name) > 200:
        raise ValidationError({field: _("Make the name shorter: at most 200 characters.")})
    try:
        validate_free_text(name)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    return name


def _full_name(value: str) -> str:
    return _name(value, field="full_name", empty=_("Fill in the name."))


def role_names(roles: Iterable[str]) -> list[str]:
    """Role codes in a fixed order, as kept in the log."""
    return sorted(str(role) for role in roles)


def _team_names(teams: Iterable[Team]) -> list[str]:
    return sorted(team.name for team in teams)


def _current_roles(user: User) -> list[str]:
    return role_names(RoleGrant.objects.filter(user=user).values_list("role", flat=True))


def _current_teams(user: User) -> list[str]:
    return sorted(Team.objects.filter(memberships__user=user).values_list("name", flat=True))


# --- Users --------------------------------------------------------------------------------------------


@transaction.atomic
def invite_user(
    admin: User, *, email: str, full_name: str, roles: Iterable[str], team_ids: Iterable[int] = ()
) -> User:
    """Make the account (no password yet) and e-mail a one-time link to choose a password (orgadmin/invitations)."""
    organisation_id = _organisation_of(admin)
    address = email.strip().lower()
    try:
        validate_email(address)
    except ValidationError as error:
        raise ValidationError({"email": _("Fill in a valid e-mail address.")}) from error
    if User.objects.filter(email__iexact=address).exists():
        raise ValidationError({"email": _("There is already an account with this e-mail address.")})
    name = _full_name(full_name)
    chosen_roles = _roles(roles)
    if not chosen_roles:
        raise ValidationError({"roles": _message(rules.Problem.NO_ROLE)})
    teams = _teams(organisation_id, team_ids)
    user = accounts.create_user(
        email=address,
        organisation=Organisation.objects.get(pk=organisation_id),
        roles=chosen_roles,
        teams=teams,
        full_name=name,
        password=None,
    )
    _log(
        admin,
        Kind.USER_INVITED,
        Target.USER,
        target_id=user.pk,
        label=name,
        changes={
            "email": [None, address],
            "full_name": [None, name],
            "roles": [[], role_names(chosen_roles)],
            "teams": [[], _team_names(teams)],
        },
    )
    transaction.on_commit(lambda: send_invitation.enqueue(user.pk))
    return user


@transaction.atomic
def send_new_invitation(admin: User, user_id: int) -> AdminChange:
    """A new one-time link for a user who has not chosen a password yet (the old link expired or got lost)."""
    user = _locked_user(_organisation_of(admin), user_id)
    if not user.is_active:
        raise ValidationError(_("This account is deactivated. Reactivate it first."))
    if user.has_usable_password():
        raise ValidationError(
            _(
                "This user has chosen a password already. A forgotten password can be reset on the login "
                "page."
            )
        )
    change = _log(admin, Kind.INVITATION_SENT, Target.USER, target_id=user.pk, label=str(user))
    transaction.on_commit(lambda: send_invitation.enqueue(user.pk))
    return change


@transaction.atomic
def change_user(
    admin: User,
    user_id: int,
    *,
    full_name: str,
    roles: Iterable[str],
    team_ids: Iterable[int],
) -> AdminChange | None:
    """Change the name, roles and teams; None when nothing differs. An administrator keeps their own role."""
    organisation_id = _organisation_of(admin)
    user = _locked_user(organisation_id, user_id)
    name = _full_name(full_name)
    chosen_roles = _roles(roles)
    problem = rules.role_change_problem(
        actor_id=admin.pk, target_id=user.pk, new_roles=chosen_roles
    )
    if problem is not None:
        raise ValidationError({"roles": _message(problem)})
    teams = _teams(organisation_id, team_ids)
    before = {
        "full_name": user.full_name,
        "roles": _current_roles(user),
        "teams": _current_teams(user),
    }
    after = {"full_name": name, "roles": role_names(chosen_roles), "teams": _team_names(teams)}
    changes = rules.changed(before, after)
    if not changes:
        return None
    if "full_name" in changes:
        accounts.set_details(user, full_name=name)
    if "roles" in changes:
        accounts.set_roles(user, chosen_roles)
    if "teams" in changes:
        accounts.set_teams(user, teams)
    return _log(
        admin, Kind.USER_CHANGED, Target.USER, target_id=user.pk, label=name, changes=changes
    )


def _deliberate(user: User) -> None:
    """An administrator decided: the departure sweep's mark goes, so a later single sign-on does not
    reactivate an account the administrator deactivated."""
    SsoUser.objects.filter(user=user).update(deactivated_by_sweep_at=None)


@transaction.atomic
def deactivate_user(admin: User, user_id: int, *, reason: str = "") -> AdminChange:
    """The user can no longer log in (a session they have ends at its next request). Their open cases then
    show under "To be handed over"."""
    user = _locked_user(_organisation_of(admin), user_id)
    problem = rules.deactivation_problem(actor_id=admin.pk, target_id=user.pk)
    if problem is not None:
        raise ValidationError(_message(problem))
    if not user.is_active:
        raise ValidationError(_("This account is already deactivated."))
    try:
        validate_free_text(reason)
    except ValidationError as error:
        raise ValidationError({"reason": error.messages}) from error
    accounts.set_active(user, False)
    _deliberate(user)
    return _log(
        admin,
        Kind.USER_DEACTIVATED,
        Target.USER,
        target_id=user.pk,
        label=str(user),
        changes={"is_active": [True, False]},
        reason=reason.strip(),
    )


@transaction.atomic
def reactivate_user(admin: User, user_id: int) -> AdminChange:
    user = _locked_user(_organisation_of(admin), user_id)
    if user.is_active:
        raise ValidationError(_("This account is already active."))
    accounts.set_active(user, True)
    _deliberate(user)
    return _log(
        admin,
        Kind.USER_REACTIVATED,
        Target.USER,
        target_id=user.pk,
        label=str(user),
        changes={"is_active": [False, True]},
    )


@transaction.atomic
def reset_second_factor(admin: User, user_id: int, *, reason: str) -> AdminChange:
    """Remove the user's second factors (app, passkeys, recovery codes): they set one up again at next login.

    The reason is required and logged. Not for the administrator's own account.
    """
    user = _locked_user(_organisation_of(admin), user_id)
    problem = rules.second_factor_reset_problem(actor_id=admin.pk, target_id=user.pk)
    if problem is not None:
        raise ValidationError(_message(problem))
    reason = reason.strip()
    if len(reason) < MINIMUM_REASON_LENGTH:
        raise ValidationError(
            {"reason": _("Write down why you reset the second step (for example: phone lost).")}
        )
    try:
        validate_free_text(reason)
    except ValidationError as error:
        raise ValidationError({"reason": error.messages}) from error
    had_factor = has_second_factor(user)
    removed = accounts.remove_second_factors(user)
    if not removed:
        raise ValidationError(_("This user has no second step set up: there is nothing to reset."))
    unlock(user)  # a lock after too many wrong codes goes too
    return _log(
        admin,
        Kind.SECOND_FACTOR_RESET,
        Target.USER,
        target_id=user.pk,
        label=str(user),
        changes={"second_factor": [had_factor, False]},
        reason=reason,
    )


# --- Teams ----------------------------------------------------------------------------------------------


def _team_name(organisation_id: int, value: str, *, except_id: int | None = None) -> str:
    name = _name(value, field="name", empty=_("Fill in the name of the team."))
    same = Team.objects.filter(organisation_id=organisation_id, name__iexact=name)
    if except_id is not None:
        same = same.exclude(pk=except_id)
    if same.exists():
        raise ValidationError({"name": _("Your organisation already has a team with this name.")})
    return name


@transaction.atomic
def create_team(admin: User, *, name: str) -> Team:
    organisation_id = _organisation_of(admin)
    team_name = _team_name(organisation_id, name)
    team = accounts.create_team(Organisation.objects.get(pk=organisation_id), team_name)
    _log(
        admin,
        Kind.TEAM_CREATED,
        Target.TEAM,
        target_id=team.pk,
        label=team_name,
        changes={"name": [None, team_name]},
    )
    return team


@transaction.atomic
def rename_team(admin: User, team_id: int, *, name: str) -> AdminChange | None:
    organisation_id = _organisation_of(admin)
    team = _locked_team(organisation_id, team_id)
    team_name = _team_name(organisation_id, name, except_id=team.pk)
    if team_name == team.name:
        return None
    old = team.name
    accounts.rename_team(team, team_name)
    return _log(
        admin,
        Kind.TEAM_RENAMED,
        Target.TEAM,
        target_id=team.pk,
        label=team_name,
        changes={"name": [old, team_name]},
    )


@transaction.atomic
def remove_team(admin: User, team_id: int) -> AdminChange:
    """Only an empty team can go: move its members to another team first."""
    team = _locked_team(_organisation_of(admin), team_id)
    if team.memberships.exists():
        raise ValidationError(
            _("This team still has members. Move them to another team first, then remove the team.")
        )
    change = _log(
        admin,
        Kind.TEAM_REMOVED,
        Target.TEAM,
        target_id=team.pk,
        label=team.name,
        changes={"name": [team.name, None]},
    )
    accounts.remove_team(team)
    return change


# --- Organisation settings ------------------------------------------------------------------------------


@transaction.atomic
def change_settings(
    admin: User, *, consent_policy: str, retention_years: int, signal_register_months: int
) -> AdminChange | None:
    """The consent policy (12-15), the retention period and how long a signal without a case is kept."""
    organisation_id = _organisation_of(admin)
    errors: dict[str, str] = {}
    if consent_policy not in ConsentPolicyChoice.values:
        errors["consent_policy"] = _("Choose one of the options.")
    for field, problem in rules.settings_problems(
        retention_years=retention_years, signal_register_months=signal_register_months
    ).items():
        errors[field] = _message(problem)
    if errors:
        raise ValidationError(errors)
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    after = {
        "consent_policy": consent_policy,
        "retention_years": retention_years,
        "signal_register_months": signal_register_months,
    }
    changes = rules.changed({name: getattr(organisation, name) for name in after}, after)
    if not changes:
        return None
    Organisation.objects.filter(pk=organisation_id).update(
        **{name: after[name] for name in changes}
    )
    return _log(
        admin,
        Kind.SETTINGS_CHANGED,
        Target.ORGANISATION,
        target_id=organisation_id,
        label=organisation.name,
        changes=changes,
    )


# --- Instruments ----------------------------------------------------------------------------------------


@transaction.atomic
def upload_instrument(admin: User, *, content: bytes) -> UploadedDefinition:
    """Check an instrument definition and keep it, not yet active: the administrator reads the report first.

    A file with any problem is refused with every problem named, and nothing is kept.
    """
    organisation_id = _organisation_of(admin)
    if len(content) > settings.INSTRUMENT_DEFINITION_MAX_BYTES:
        raise ValidationError({"file": too_large_error()})
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValidationError(
            {"file": _("This is not a text file in UTF-8. Save the definition as YAML (UTF-8).")}
        ) from error
    upload = UploadedDefinition(
        organisation_id=organisation_id, content=text, uploaded_by=admin, enabled=False
    )
    try:
        upload.clean()
    except ValidationError as error:
        raise ValidationError(
            {"file": error.message_dict.get("content", error.messages)}
        ) from error
    upload.save()
    _log(
        admin,
        Kind.INSTRUMENT_UPLOADED,
        Target.INSTRUMENT,
        target_id=upload.pk,
        label=f"{upload.key} {upload.version}",
        changes={"sha256": [None, upload.sha256]},
    )
    return upload


@transaction.atomic
def set_upload_active(admin: User, upload_id: int, *, active: bool) -> AdminChange | None:
    """Offer (or stop offering) an uploaded definition to the organisation's professionals."""
    organisation_id = _organisation_of(admin)
    upload = (
        UploadedDefinition.objects.select_for_update()
        .filter(organisation_id=organisation_id, pk=upload_id)
        .first()
    )
    if upload is None:
        raise Http404
    if upload.enabled == active:
        return None
    if active:
        try:
            upload.clean()  # checked again: the rules may have become stricter since the upload
        except ValidationError as error:
            raise ValidationError(
                _("This definition no longer passes the checks and cannot be activated.")
            ) from error
    UploadedDefinition.objects.filter(pk=upload.pk).update(enabled=active)
    return _log(
        admin,
        Kind.INSTRUMENT_ACTIVATED if active else Kind.INSTRUMENT_DEACTIVATED,
        Target.INSTRUMENT,
        target_id=upload.pk,
        label=f"{upload.key} {upload.version}",
        changes={"active": [not active, active]},
    )


def shipped_keys() -> set[str]:
    return {
        loaded.definition.key for loaded in shipped_definitions() if loaded.definition.is_released
    }


@transaction.atomic
def set_shipped_active(admin: User, key: str, *, active: bool) -> AdminChange | None:
    """Offer (or not) an instrument that comes with Signaalwijzer; no choice recorded means offered."""
    organisation_id = _organisation_of(admin)
    if key not in shipped_keys():
        raise Http404
    choice, _created = InstrumentChoice.objects.select_for_update().get_or_create(
        organisation_id=organisation_id, instrument_key=key, defaults={"enabled": True}
    )
    if choice.enabled == active:
        return None
    InstrumentChoice.objects.filter(pk=choice.pk).update(enabled=active)
    return _log(
        admin,
        Kind.INSTRUMENT_ACTIVATED if active else Kind.INSTRUMENT_DEACTIVATED,
        Target.INSTRUMENT,
        target_id=None,
        label=key,
        changes={"active": [not active, active]},
    )


# --- Cases whose owner left -----------------------------------------------------------------------------


@transaction.atomic
def reassign_case(admin: User, case_id: int, *, new_owner_id: int) -> AdminChange:
    """Hand a case whose owner left to an active professional or meldcode officer of the organisation.

    Through the case's own handover (``transfer_ownership``: the new owner gets the case as if handed over,
    the departed owner stays a member, timeline and access events as usual) on the audited access path of
    ``case_access_for_reassignment``. Nothing of the case's content is read.
    """
    _organisation_of(admin)
    access = case_access_for_reassignment(
        admin, case_id, purpose="orgadmin.handover.reassign", lock=True
    )
    new_owner = next(
        (user for user in transfer_candidates(access) if user.pk == new_owner_id), None
    )
    if new_owner is None:
        raise ValidationError(
            {"user": _("Choose an active professional or meldcode officer of your organisation.")}
        )
    departed = [
        member.user.get_full_name()
        for member in CaseMember.objects.filter(
            case=access.case, role=CaseMember.Role.OWNER
        ).select_related("user")
    ]
    transfer_ownership(access, new_owner=new_owner)
    return _log(
        admin,
        Kind.CASE_REASSIGNED,
        Target.CASE,
        target_id=access.case.pk,
        label=f"#{access.case.pk}",
        changes={"owner": [", ".join(sorted(departed)), new_owner.get_full_name()]},
    )


# --- Single sign-on -------------------------------------------------------------------------------------

# What the organisation administrator sets; the provider itself (issuer, client ID, secret variable, e-mail
# domains, MFA values) is set by the platform operator, so nobody in the organisation decides who signs in
# as whom.
SSO_FIELDS = sso.ORGANISATION_FIELDS


def _line_message(number: int, problem: group_lines.LineProblem) -> str:
    text = {
        group_lines.LineProblem.NO_EQUALS: _('put "=" between the group and the role'),
        group_lines.LineProblem.NO_GROUP: _(
            'give the group value (at most 200 characters) before the "="'
        ),
        group_lines.LineProblem.NO_ROLE: _('give a role after the "="'),
    }[problem]
    return _("Line %(number)s: %(problem)s.") % {"number": number, "problem": text}


def _role_by_name() -> dict[str, Role]:
    names: dict[str, Role] = {}
    for code, label in RoleGrant._meta.get_field("role").choices or []:
        names[str(code).lower()] = Role(code)
        names[str(label).lower()] = Role(code)
    return names


def _group_mappings(organisation_id: int, text: str) -> list[sso.Mapping]:
    """The group mappings from the text (one "group = role [, team]" a line), or a ValidationError with one
    message per wrong line."""
    lines, problems = group_lines.parse_group_lines(text)
    messages = [_line_message(number, problem) for number, problem in problems]
    roles = _role_by_name()
    teams = {
        team.name.lower(): team for team in Team.objects.filter(organisation_id=organisation_id)
    }
    mappings = []
    for line in lines:
        role = roles.get(line.role.lower())
        team = teams.get(line.team.lower()) if line.team else None
        if role is None:
            messages.append(
                _("Line %(number)s: unknown role %(role)s. Use one of the roles listed.")
                % {"number": line.number, "role": line.role[:40]}
            )
        if line.team and team is None:
            messages.append(
                _("Line %(number)s: your organisation has no team called %(team)s.")
                % {"number": line.number, "team": line.team[:100]}
            )
        if role is not None and (team is not None or not line.team):
            mappings.append(sso.Mapping(line.group, role, team))
    if messages:
        raise ValidationError({"group_mappings": messages})
    return mappings


def group_mappings_text(provider: IdentityProvider | None) -> str:
    """The provider's mappings as the text area shows them (role codes, team names)."""
    if provider is None:
        return ""
    return "\n".join(
        group_lines.format_group_line(m.group, m.role, m.team.name if m.team else "")
        for m in provider.group_mappings.all()
    )


def _sso_snapshot(provider: IdentityProvider) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(provider, name) for name in SSO_FIELDS}
    values["group_mappings"] = sso.mapping_descriptions(provider)
    return values


@transaction.atomic
def save_single_sign_on(
    admin: User, *, group_mappings: str, **fields: object
) -> AdminChange | None:
    """Change the own organisation's part of single sign-on (``SSO_FIELDS``) and replace its group
    mappings, through ``sso.services`` (SsoChange rows), and log one AdminChange. Every problem is reported
    at once; then nothing is written. Without a provider (the platform operator sets it up): 404."""
    organisation_id = _organisation_of(admin)
    unknown = set(fields) - set(SSO_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    provider = IdentityProvider.objects.filter(organisation_id=organisation_id).first()
    if provider is None:
        raise Http404
    errors: dict[str, list[str]] = {}
    mappings: list[sso.Mapping] = []
    try:
        mappings = _group_mappings(organisation_id, group_mappings)
    except ValidationError as error:
        errors.update(error.message_dict)
    before = _sso_snapshot(provider)
    try:
        with transaction.atomic():
            sso.save_organisation_fields(admin, provider, **fields)
            if errors:
                raise ValidationError(errors)
    except ValidationError as error:
        raise ValidationError({**error.message_dict, **errors}) from error
    sso.set_group_mappings(admin, provider, mappings)
    provider.refresh_from_db()
    changes = rules.changed(before, _sso_snapshot(provider))
    if not changes:
        return None
    return _log(
        admin,
        Kind.SSO_CHANGED,
        Target.ORGANISATION,
        target_id=organisation_id,
        label=organisation.name,
        changes=changes,
    )
