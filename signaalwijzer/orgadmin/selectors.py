"""What the organisation administrator's pages read: always limited to the administrator's own organisation.

A user, team or upload of another organisation is not found (the views make that a 404). The cases to hand over
come through ``cases.access`` (number, dates and step only; one LIST event per case shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from allauth.mfa.models import Authenticator
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch

from signaalwijzer.accounts.mfa import SECOND_FACTORS
from signaalwijzer.accounts.models import Membership, Organisation, Team, User
from signaalwijzer.cases.access import (
    awaiting_handover,
    case_access_for_reassignment,
    note_handover_list,
)
from signaalwijzer.cases.models import Case, CaseMember
from signaalwijzer.cases.services import transfer_candidates
from signaalwijzer.casework.overview import cases_with_progress, progress_facts
from signaalwijzer.casework.stappenplan import current_step, progress
from signaalwijzer.instruments.loader import LoadedDefinition, load_cached, shipped_definitions
from signaalwijzer.instruments.loader import version_tuple as _version_tuple
from signaalwijzer.instruments.models import InstrumentChoice, UploadedDefinition
from signaalwijzer.instruments.schema import DefinitionError
from signaalwijzer.orgadmin.models import AdminChange
from signaalwijzer.sso.models import IdentityProvider
from signaalwijzer.sso.selectors import client_secret, free_slug, secret_env_allowed

CHANGES_PER_PAGE = 50
HANDOVER_PURPOSE = "orgadmin.handover"


def _users(organisation_id: int) -> models.QuerySet[User]:
    return (
        # Platform staff are the platform operator's, never the organisation administrator's to see or change.
        User.objects.filter(organisation_id=organisation_id, is_staff=False, is_superuser=False)
        .annotate(
            has_second_factor=Exists(
                Authenticator.objects.filter(user=OuterRef("pk"), type__in=SECOND_FACTORS)
            )
        )
        .prefetch_related(
            "role_grants",
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("team").order_by("team__name"),
            ),
        )
    )


def users_of(organisation_id: int) -> list[User]:
    """Every user of the organisation, active first, by name; roles, teams and the second step in 3 queries."""
    return list(_users(organisation_id).order_by("-is_active", "full_name", "email"))


def user_of(organisation_id: int, user_id: int) -> User | None:
    return _users(organisation_id).filter(pk=user_id).first()


def teams_of(organisation_id: int) -> list[Team]:
    return list(
        Team.objects.filter(organisation_id=organisation_id)
        .annotate(member_count=Count("memberships"))
        .order_by("name")
    )


def team_of(organisation_id: int, team_id: int) -> Team | None:
    return (
        Team.objects.filter(organisation_id=organisation_id, pk=team_id)
        .annotate(member_count=Count("memberships"))
        .first()
    )


def organisation(organisation_id: int) -> Organisation:
    return Organisation.objects.get(pk=organisation_id)


def email_taken(email: str) -> bool:
    return User.objects.filter(email__iexact=email.strip()).exists()


def changes_page(organisation_id: int, page: int | str | None) -> Page[AdminChange]:
    changes = AdminChange.objects.filter(organisation_id=organisation_id).select_related("actor")
    return Paginator(changes, CHANGES_PER_PAGE).get_page(page)


# --- Instruments ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShippedInstrument:
    loaded: LoadedDefinition  # the newest released version: the one offered for new assessments
    enabled: bool


@dataclass(frozen=True)
class UploadedInstrument:
    upload: UploadedDefinition
    loaded: LoadedDefinition | None  # None: it no longer loads (stricter checks in a newer release)


def shipped_instruments(organisation_id: int) -> list[ShippedInstrument]:
    choices = dict(
        InstrumentChoice.objects.filter(organisation_id=organisation_id).values_list(
            "instrument_key", "enabled"
        )
    )
    latest: dict[str, LoadedDefinition] = {}
    for loaded in shipped_definitions():
        if not loaded.definition.is_released:
            continue
        current = latest.get(loaded.definition.key)
        if current is None or _version_tuple(loaded.definition.version) > _version_tuple(
            current.definition.version
        ):
            latest[loaded.definition.key] = loaded
    return [
        ShippedInstrument(loaded=loaded, enabled=choices.get(key, True))
        for key, loaded in sorted(latest.items())
    ]


def _loaded(upload: UploadedDefinition) -> LoadedDefinition | None:
    try:
        return load_cached(
            upload.content.encode("utf-8"), origin=f"upload:{upload.organisation_id}"
        )
    except DefinitionError:
        return None


def uploaded_instruments(organisation_id: int) -> list[UploadedInstrument]:
    uploads = UploadedDefinition.objects.filter(organisation_id=organisation_id).order_by(
        "key", "-uploaded_at"
    )
    return [UploadedInstrument(upload=upload, loaded=_loaded(upload)) for upload in uploads]


def uploaded_instrument(organisation_id: int, upload_id: int) -> UploadedInstrument | None:
    upload = (
        UploadedDefinition.objects.filter(organisation_id=organisation_id, pk=upload_id)
        .select_related("uploaded_by")
        .first()
    )
    return None if upload is None else UploadedInstrument(upload=upload, loaded=_loaded(upload))


# --- Cases to hand over -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoverRow:
    """A case whose owner left: its number, step, dates, the departed owner(s) and their team(s). No content."""

    number: int
    step: int
    opened_at: datetime
    updated_at: datetime
    departed: tuple[str, ...]
    teams: tuple[str, ...]


def _departed_owners(case_ids: list[int]) -> dict[int, list[User]]:
    owners: dict[int, list[User]] = {}
    rows = (
        CaseMember.objects.filter(case_id__in=case_ids, role=CaseMember.Role.OWNER)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__memberships",
                queryset=Membership.objects.select_related("team").order_by("team__name"),
            )
        )
        .order_by("user__full_name", "user__email")
    )
    for member in rows:
        owners.setdefault(member.case_id, []).append(member.user)
    return owners


def _rows(cases: list[Case]) -> list[HandoverRow]:
    owners = _departed_owners([case.pk for case in cases])
    rows = []
    for case in cases:
        departed = owners.get(case.pk, [])
        teams = sorted({m.team.name for user in departed for m in user.memberships.all()})
        rows.append(
            HandoverRow(
                number=case.pk,
                step=current_step(progress(progress_facts(case))),
                opened_at=case.created_at,
                updated_at=case.updated_at,
                departed=tuple(user.get_full_name() for user in departed),
                teams=tuple(teams),
            )
        )
    return rows


def _with_progress(admin: User, waiting: models.QuerySet[Case]) -> list[Case]:
    if admin.organisation_id is None:
        return []
    return list(
        cases_with_progress(admin, admin.organisation_id)
        .filter(pk__in=waiting.values("pk"))
        .order_by("updated_at", "pk")
    )


def handover_rows(admin: User) -> list[HandoverRow]:
    """The open cases of the administrator's organisation whose owner left, least recently changed first; one
    LIST event per case shown (basis ``admin_reassignment``). A fixed number of queries."""
    cases = _with_progress(admin, awaiting_handover(admin))
    if not cases:
        return []
    note_handover_list(admin, cases, purpose=HANDOVER_PURPOSE)
    return _rows(cases)


@dataclass(frozen=True)
class HandoverCase:
    row: HandoverRow
    candidates: list[User]  # who may become the owner: active case workers of the organisation


def handover_case(admin: User, case_id: int) -> HandoverCase:
    """One case awaiting handover, for the form: through ``case_access_for_reassignment`` (404 otherwise,
    one LIST event)."""
    access = case_access_for_reassignment(admin, case_id, purpose=f"{HANDOVER_PURPOSE}.form")
    (row,) = _rows(_with_progress(admin, awaiting_handover(admin).filter(pk=access.case.pk)))
    return HandoverCase(row=row, candidates=transfer_candidates(access))


def handover_count(admin: User) -> int:
    """How many cases wait for a new owner (a count only: no event, nothing of the cases is shown)."""
    return awaiting_handover(admin).count()


# --- Single sign-on -------------------------------------------------------------------------------------


def identity_provider(organisation_id: int) -> IdentityProvider | None:
    """The organisation's own identity provider (enabled or not), with its domains and mappings."""
    return (
        IdentityProvider.objects.filter(organisation_id=organisation_id)
        .prefetch_related("domains", "group_mappings__team")
        .first()
    )


def sso_secret_present(provider: IdentityProvider | None) -> bool | None:
    """Whether the environment variable the provider names holds a value (never the value); None without a
    provider or when the name is not an SSO_SECRET_ one (then it is never read)."""
    if provider is None or not secret_env_allowed(provider.secret_env):
        return None
    try:
        return client_secret(provider) is not None
    except ImproperlyConfigured:
        return False


def sso_slug(organisation_id: int) -> str:
    """The provider's short name (part of the redirect address): the current one, or the one it will get."""
    return free_slug(Organisation.objects.get(pk=organisation_id))
