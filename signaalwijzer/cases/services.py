"""Writing cases: every change, its timeline entry and its access event in one transaction."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import Role, can_work_on_cases
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import coded_lists
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.ages import age_band, age_on
from signaalwijzer.cases.models import (
    CODED_LISTS,
    Case,
    CaseMember,
    EmergencyAccess,
    ExploitationForm,
    Observation,
)
from signaalwijzer.cases.tasks import notify_meldcode_officer
from signaalwijzer.cases.write_path import (
    ConflictError,
    add_timeline,
    record_created,
    touch,
    update_record,
)
from signaalwijzer.directory.municipalities import municipality_name
from signaalwijzer.encryption import blind_index

__all__ = ["ConflictError", "add_timeline", "record_created", "touch"]

CASE_FIELDS = (
    "pseudonym",
    "reference",
    "concern",
    "date_of_birth",
    "gender",
    "municipality_code",
    "lvb",
    "setting",
    "exploitation_forms",
    "recruitment_channels",
    "methods",
    "location_types",
    "parents_involved",
    "parents_involved_reason",
)


def _age_band_now(born: Any) -> str:
    return age_band(age_on(born, timezone.localdate()) if born else None)


def coded_list_message(problem: coded_lists.Problem) -> str:
    if problem is coded_lists.Problem.UNKNOWN_COMBINED:
        return _(
            '"Unknown" cannot be combined with another choice. Untick "Unknown" or the other choices.'
        )
    return _("Choose from the options listed.")


def _clean_coded_lists(data: dict[str, Any], errors: dict[str, str]) -> None:
    """Check the coded lists (how it happens) and store each once per value, in the order of the choices."""
    for name, choices in CODED_LISTS.items():
        values = data.get(name)
        if values is None:
            continue
        if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
            errors[name] = coded_list_message(coded_lists.Problem.NOT_A_CHOICE)
            continue
        problem = coded_lists.problem(values, choices.values)
        if problem is not None:
            errors[name] = coded_list_message(problem)
        else:
            data[name] = coded_lists.normalised(values, choices.values)


def _clean_case_fields(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    data = dict(data)
    _clean_coded_lists(data, errors)
    if "pseudonym" in data and not str(data["pseudonym"]).strip():
        errors["pseudonym"] = _("Fill in a pseudonym or initials.")
    if "concern" in data and not str(data["concern"]).strip():
        errors["concern"] = _("Write down in a sentence what worries you.")
    code = data.get("municipality_code")
    if code and municipality_name(code) is None:
        errors["municipality_code"] = _("Choose a municipality from the list.")
    forms = data.get("exploitation_forms")
    if forms is not None and not set(forms) <= set(ExploitationForm.values):
        errors["exploitation_forms"] = _("Choose from the forms of exploitation listed.")
    if data.get("parents_involved") and not str(data.get("parents_involved_reason", "")).strip():
        errors["parents_involved_reason"] = _(
            "Write down why you think the parents or family may be involved."
        )
    born = data.get("date_of_birth")
    if born is not None and born > timezone.localdate():
        errors["date_of_birth"] = _("The date of birth cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    return {key: value for key, value in data.items() if key in CASE_FIELDS}


@transaction.atomic
def open_case(*, user: User, pseudonym: str, concern: str, **details: Any) -> Case:
    """Start a case: a pseudonym and one line of worry are enough. The user becomes its owner."""
    if not can_work_on_cases(user.roles) or user.organisation_id is None:
        raise PermissionDenied
    fields = _clean_case_fields({"pseudonym": pseudonym, "concern": concern, **details})
    case = Case.objects.create(
        organisation_id=user.organisation_id,
        created_by=user,
        age_band=_age_band_now(fields.get("date_of_birth")),
        **fields,
    )
    CaseMember.objects.create(case=case, user=user, role=CaseMember.Role.OWNER, added_by=user)
    access = CaseAccess(case=case, user=user, basis=CaseMember.Role.OWNER)
    add_timeline(access, "case_opened", fields["concern"])
    access.record(AccessEvent.Action.CREATE, "case.open", case)
    return case


@transaction.atomic
def update_case(access: CaseAccess, *, expected_version: int, changes: dict[str, Any]) -> Case:
    fields = _clean_case_fields(changes)
    if not access.case.is_open:
        raise ValidationError(_("A closed case cannot be changed. Reopen it first."))
    for name in CODED_LISTS:
        # None and [] both mean "not filled in": leaving a list empty is no change (and no history line).
        if name in fields and not fields[name] and not getattr(access.case, name):
            del fields[name]
    if "date_of_birth" in fields:
        fields["age_band"] = _age_band_now(fields["date_of_birth"])
    # A queryset update bypasses BlindIndexField.pre_save: keep the search indexes with their source.
    for source in ("pseudonym", "reference"):
        if source in fields:
            fields[f"{source}_index"] = blind_index(fields[source])
    return update_record(
        access,
        access.case,
        expected_version=expected_version,
        changes={**fields, "updated_at": timezone.now()},
        purpose="case.update",
        timeline_kind="case_updated",
    )


def _change_status(
    access: CaseAccess, *, action: str, kind: str, reason: str, **changes: Any
) -> None:
    case = Case.objects.get(pk=access.case.pk)  # locked by the caller's write access
    update_record(
        access,
        case,
        expected_version=case.version,
        changes={**changes, "updated_at": timezone.now()},
        purpose=f"case.{action}",
        timeline_kind=kind,
        timeline_summary=reason,
        action=action,
    )


@transaction.atomic
def close_case(access: CaseAccess, *, reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": _("Write down why you close the case.")})
    if not access.case.is_open:
        raise ValidationError(_("This case is already closed."))
    _change_status(
        access,
        action=AccessEvent.Action.CLOSE,
        kind="case_closed",
        reason=reason,
        status=Case.Status.CLOSED,
        closed_at=timezone.now(),
        close_reason=reason,
    )


@transaction.atomic
def reopen_case(access: CaseAccess, *, reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": _("Write down why you reopen the case.")})
    if access.case.is_open:
        raise ValidationError(_("This case is already open."))
    _change_status(
        access,
        action=AccessEvent.Action.REOPEN,
        kind="case_reopened",
        reason=reason,
        status=Case.Status.OPEN,
        closed_at=None,
    )


def _teams_of(user: User) -> set[int]:
    return {membership.team_id for membership in user.memberships.all()}


def own_team_ids(user: User) -> set[int]:
    return _teams_of(user)


def team_candidates(access: CaseAccess, *, outside_team: bool = False) -> list[User]:
    """Colleagues of the organisation who work on cases and are not in the case team yet.

    Only those who share one of the acting user's teams, unless ``outside_team`` is asked for explicitly
    (a user in no team sees the whole organisation: there is no team to keep to). Each comes with its teams
    and roles prefetched, for the picker's labels.
    """
    members = CaseMember.objects.filter(case=access.case).values("user_id")
    users = (
        User.objects.filter(organisation_id=access.case.organisation_id, is_active=True)
        .exclude(pk__in=members)
        .prefetch_related("role_grants", "memberships__team")
        .order_by("full_name", "email")
    )
    own_teams = _teams_of(access.user)
    return [
        user
        for user in users
        if can_work_on_cases(user.roles)
        and (outside_team or not own_teams or own_teams & _teams_of(user))
    ]


def require_membership(access: CaseAccess) -> None:
    """Changes to the team need membership: emergency access grants nothing that outlives it."""
    if access.is_emergency:
        raise ValidationError(
            _(
                "With emergency access you cannot change the team. Ask the owner of the case to "
                "give you access."
            )
        )


@transaction.atomic
def add_team_member(access: CaseAccess, *, member: User) -> CaseMember:
    if not access.is_owner:
        raise PermissionDenied
    if member not in team_candidates(access, outside_team=True):
        raise ValidationError(_("This person cannot be added to the case."))
    membership = CaseMember.objects.create(
        case=access.case, user=member, role=CaseMember.Role.MEMBER, added_by=access.user
    )
    add_timeline(access, "member_added", member.get_full_name())
    access.record(AccessEvent.Action.GRANT, "case.team.add", membership)
    return membership


def removable_members(access: CaseAccess) -> list[CaseMember]:
    """Whom the owner can take off the team: everyone but the owner."""
    if not access.is_owner:
        return []
    return list(
        CaseMember.objects.filter(case=access.case)
        .exclude(role=CaseMember.Role.OWNER)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


@transaction.atomic
def remove_team_member(access: CaseAccess, *, member: CaseMember) -> None:
    """The owner takes someone off the team; from the next request on they get a 404 (logged)."""
    if not access.is_owner:
        raise PermissionDenied
    if member.case_id != access.case.pk or member.role == CaseMember.Role.OWNER:
        raise ValidationError(_("This person cannot be removed from the case."))
    access.record(AccessEvent.Action.UPDATE, "case.team.remove", member)
    add_timeline(access, "member_removed", member.user.get_full_name())
    CaseMember.objects.filter(pk=member.pk).delete()


def may_transfer(access: CaseAccess) -> bool:
    """The owner, or a meldcode officer in the team (not by emergency access), may hand the case over; and the
    organisation administrator a case whose owner left (``access.case_access_for_reassignment``)."""
    if access.is_owner or access.is_admin_reassignment:
        return True
    in_team = access.basis in (CaseMember.Role.MEMBER, CaseMember.Role.CONSULTANT)
    return in_team and Role.MELDCODE_OFFICER in access.user.roles


def transfer_candidates(access: CaseAccess) -> list[User]:
    """Case workers of the case's organisation, other than the current owner(s)."""
    if not may_transfer(access):
        return []
    owners = CaseMember.objects.filter(case=access.case, role=CaseMember.Role.OWNER).values(
        "user_id"
    )
    users = (
        User.objects.filter(organisation_id=access.case.organisation_id, is_active=True)
        .exclude(pk__in=owners)
        .prefetch_related("role_grants", "memberships__team")
        .order_by("full_name", "email")
    )
    return [user for user in users if can_work_on_cases(user.roles)]


@transaction.atomic
def transfer_ownership(access: CaseAccess, *, new_owner: User) -> CaseMember:
    """Hand the case to a colleague: they become the owner, the old owner(s) stay in the team as members.

    Logged (a GRANT event on the new owner's membership, an UPDATE on each old one) and kept in the timeline.
    """
    if not may_transfer(access):
        raise PermissionDenied
    require_membership(access)
    if new_owner not in transfer_candidates(access):
        raise ValidationError(
            {"user": _("Choose a colleague of your organisation who works on cases.")}
        )
    for previous in CaseMember.objects.filter(case=access.case, role=CaseMember.Role.OWNER):
        CaseMember.objects.filter(pk=previous.pk).update(role=CaseMember.Role.MEMBER)
        access.record(AccessEvent.Action.UPDATE, "case.owner.previous", previous)
    membership, created = CaseMember.objects.get_or_create(
        case=access.case,
        user=new_owner,
        defaults={"role": CaseMember.Role.OWNER, "added_by": access.user},
    )
    if not created:
        CaseMember.objects.filter(pk=membership.pk).update(role=CaseMember.Role.OWNER)
    add_timeline(access, "owner_changed", new_owner.get_full_name())
    access.record(AccessEvent.Action.GRANT, "case.owner.transfer", membership)
    return membership


def meldcode_officers(access: CaseAccess) -> list[User]:
    members = CaseMember.objects.filter(case=access.case).values("user_id")
    users = (
        User.objects.filter(
            organisation_id=access.case.organisation_id,
            is_active=True,
            role_grants__role=Role.MELDCODE_OFFICER,
        )
        .exclude(pk__in=members)
        .order_by("full_name", "email")
    )
    return list(users)


@transaction.atomic
def ask_meldcode_officer(access: CaseAccess, *, officer: User) -> CaseMember:
    """The officer gets access to consult on the case, until the case closes (logged)."""
    require_membership(access)
    if officer not in meldcode_officers(access):
        raise ValidationError(_("Choose a meldcode officer of your organisation."))
    if not access.case.is_open:
        raise ValidationError(_("A closed case cannot be changed. Reopen it first."))
    membership = CaseMember.objects.create(
        case=access.case, user=officer, role=CaseMember.Role.CONSULTANT, added_by=access.user
    )
    add_timeline(access, "meldcode_officer_asked", officer.get_full_name())
    access.record(AccessEvent.Action.GRANT, "case.meldcode_officer.ask", membership)
    transaction.on_commit(lambda: notify_meldcode_officer.enqueue(officer.pk))
    return membership


def require_open(access: CaseAccess) -> None:
    if not access.case.is_open:
        raise ValidationError(_("A closed case cannot be changed. Reopen it first."))


@transaction.atomic
def record_observation(access: CaseAccess, **data: Any) -> Observation:
    require_open(access)
    if data.get("observed_on") and data["observed_on"] > timezone.localdate():
        raise ValidationError({"observed_on": _("The date cannot be in the future.")})
    needs_name = data.get("source") in (
        Observation.Source.COLLEAGUE,
        Observation.Source.THIRD_PARTY,
    )
    if needs_name and not str(data.get("source_name", "")).strip():
        raise ValidationError(
            {"source_name": _("Write down who told you this (a name or a role).")}
        )
    observation = Observation.objects.create(case=access.case, recorded_by=access.user, **data)
    record_created(
        access,
        observation,
        kind="observation",
        purpose="observation.create",
        summary=observation.description,
    )
    return observation


class NoSuchCaseError(Exception):
    """No case with this number in the user's organisation (said the same way whatever the reason)."""


@transaction.atomic
def break_the_glass(*, user: User, case_id: int, reason: str) -> EmergencyAccess:
    """A meldcode officer opens a case they have no access to, in an emergency, for a few hours."""
    if Role.MELDCODE_OFFICER not in user.roles or user.organisation_id is None:
        raise PermissionDenied
    if not reason.strip() or len(reason.strip()) < 10:
        raise ValidationError(
            {"reason": _("Describe the emergency: why must you see this case now?")}
        )
    case = Case.objects.filter(pk=case_id, organisation_id=user.organisation_id).first()
    if case is None:
        raise NoSuchCaseError
    emergency = EmergencyAccess.objects.create(
        case=case,
        user=user,
        reason=reason,
        expires_at=timezone.now() + timedelta(hours=settings.EMERGENCY_ACCESS_HOURS),
    )
    access = CaseAccess(case=case, user=user, basis="emergency")
    # The team sees that someone broke the glass, and who.
    add_timeline(access, "emergency_access", user.get_full_name())
    access.record(AccessEvent.Action.BREAK_GLASS, "case.break_glass", emergency)
    return emergency


@transaction.atomic
def review_emergency_access(*, reviewer: User, emergency: EmergencyAccess, note: str) -> None:
    if (
        Role.LOG_MANAGER not in reviewer.roles
        or emergency.case.organisation_id != reviewer.organisation_id
    ):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError({"note": _("Write down your conclusion.")})
    EmergencyAccess.objects.filter(pk=emergency.pk, reviewed_at__isnull=True).update(
        reviewed_by=reviewer, reviewed_at=timezone.now(), review_note=note
    )
