"""Organisations, teams and the people who work in them."""

from __future__ import annotations

from functools import cached_property
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaalwijzer.accounts.roles import Role


class Sector(models.TextChoices):
    """The meldcode has sector versions; later steps show guidance for the organisation's sector."""

    YOUTH_CARE = "youth_care", _("Youth care (jeugdhulp)")
    EDUCATION = "education", _("Education and compulsory schooling")
    DISABILITY_CARE = "disability_care", _("Care for people with a disability")
    CHILDCARE = "childcare", _("Childcare")
    HEALTH_CARE = "health_care", _("Health care (doctors, nurses, mental health)")
    SOCIAL_SUPPORT = "social_support", _("Social support and social work")
    JUSTICE = "justice", _("Justice")
    OTHER = "other", _("Other")


class ConsentPolicyChoice(models.TextChoices):
    """Whom the organisation asks for consent for a competent young person of 12 to 15.

    The values are those of ``consent.age_rules.ConsentPolicy`` (a test keeps them equal)."""

    DUAL_FROM_12 = (
        "dual_from_12",
        _("From 12 to 15 the young person and the parents (common practice)"),
    )
    YOUNG_PERSON_FROM_12 = (
        "young_person_from_12",
        _("From 12 the young person alone (what the law requires)"),
    )


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    retention_years = models.PositiveSmallIntegerField(
        _("retention period in years after closing"),
        default=20,
        help_text=_("Youth-care files are kept at least 20 years after the help ended."),
    )
    signal_register_months = models.PositiveSmallIntegerField(
        _("months a signal without a case is kept"),
        default=6,
        help_text=_("A signal that did not become a case is deleted after this many months."),
    )
    consent_policy = models.CharField(
        _("consent from 12 to 15"),
        max_length=24,
        choices=ConsentPolicyChoice.choices,
        default=ConsentPolicyChoice.DUAL_FROM_12,
        help_text=_(
            "From 12 the young person decides about sharing information; the law does not ask the parents. "
            "Asking the parents too is common practice. When the parents may be involved in the "
            "exploitation, only the young person is asked."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="teams", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="team_name_unique_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an e-mail address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. Belongs to one organisation (platform operators to none)."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    teams: models.ManyToManyField[Team, Membership] = models.ManyToManyField(
        Team, through="Membership", related_name="members", blank=True, verbose_name=_("teams")
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("platform administrator"),
        default=False,
        help_text=_("May use the technical administration site. Not needed for daily work."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def roles(self) -> frozenset[Role]:
        """The user's roles, read once per user object (per request); prefetch ``role_grants`` for lists."""
        return frozenset(Role(grant.role) for grant in self.role_grants.all())


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.team}"

    def clean(self) -> None:
        if self.user_id and self.team_id and self.user.organisation_id != self.team.organisation_id:
            raise ValidationError(
                _("A user can only join teams of their own organisation."),
                code="other_organisation",
            )


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(
        _("role"),
        max_length=32,
        choices=[
            (Role.PROFESSIONAL.value, _("Professional (care worker, teacher)")),
            (Role.MELDCODE_OFFICER.value, _("Meldcode officer (aandachtsfunctionaris)")),
            (Role.ORGANISATION_ADMIN.value, _("Organisation administrator")),
            (Role.LOG_MANAGER.value, _("Log manager")),
            (Role.RESEARCHER.value, _("Researcher (statistics only)")),
        ],
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="role_grant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()}"

    def clean(self) -> None:
        if self.user_id and self.user.organisation_id is None:
            raise ValidationError(
                _("Only a user of an organisation can hold a role."), code="no_organisation"
            )
