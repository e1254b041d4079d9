"""Single sign-on per organisation: its identity provider, e-mail domains, group mappings and change log."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaalwijzer.accounts.models import RoleGrant

# Only variables made for this purpose: a name like SECRET_KEY or DATABASE_URL would send that value to
# whichever issuer is configured.
SECRET_ENV_PATTERN = r"^SSO_SECRET_[A-Z0-9_]+$"  # noqa: S105  # nosec B105  a pattern for names
ENV_NAME = RegexValidator(
    SECRET_ENV_PATTERN,
    _(
        "Use a name that starts with SSO_SECRET_ followed by capital letters, digits and underscores "
        "(e.g. SSO_SECRET_ACME)."
    ),
)


class IdentityProvider(models.Model):
    """An organisation's OpenID Provider (one per organisation). The client secret is not stored here:
    only the name of the environment variable (or ``<NAME>_FILE``) that holds it."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="identity_provider",
        verbose_name=_("organisation"),
    )
    slug = models.SlugField(
        _("short name"),
        max_length=40,
        unique=True,
        help_text=_("Part of the sign-in address, e.g. jeugdzorg-noord."),
    )
    issuer = models.URLField(
        _("issuer"),
        max_length=300,
        help_text=_(
            "The OpenID Provider's address, e.g. https://login.microsoftonline.com/<tenant>/v2.0."
        ),
    )
    client_id = models.CharField(_("client ID"), max_length=200)
    secret_env = models.CharField(
        _("environment variable with the client secret"),
        max_length=100,
        validators=[ENV_NAME],
        help_text=_(
            "The name only, e.g. SSO_SECRET_ACME. The value is read from that variable or from the file named by SSO_SECRET_ACME_FILE."
        ),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    password_login_enabled = models.BooleanField(
        _("password login allowed"),
        default=True,
        help_text=_(
            "Switch off once everyone signs in through the identity provider: then a person removed there can no longer sign in here."
        ),
    )
    groups_claim = models.CharField(_("claim with the groups"), max_length=100, default="groups")
    mfa_amr_values = models.CharField(
        _("amr values that mean multi-factor"),
        max_length=200,
        default="mfa",
        blank=True,
        help_text=_(
            "Comma-separated. When the ID token's amr holds one of these, Signaalwijzer does not ask for its own second step."
        ),
    )
    mfa_acr_values = models.CharField(
        _("acr values that mean multi-factor"), max_length=500, blank=True, default=""
    )
    session_hours = models.PositiveSmallIntegerField(
        _("maximum session length in hours"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    inactive_days = models.PositiveSmallIntegerField(
        _("deactivate after days without sign-in"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "Only when password login is off: a user who has not signed in through the identity provider for this long is deactivated."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.issuer})"


class EmailDomain(models.Model):
    """An e-mail domain of the organisation: sign-in by these addresses goes to its identity provider.
    A domain belongs to one organisation only."""

    provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.CASCADE,
        related_name="domains",
        verbose_name=_("identity provider"),
    )
    domain = models.CharField(_("domain"), max_length=253, unique=True)

    class Meta:
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class GroupMapping(models.Model):
    """A value of the groups claim gives a role, and optionally a team of the organisation."""

    provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.CASCADE,
        related_name="group_mappings",
        verbose_name=_("identity provider"),
    )
    group = models.CharField(
        _("group"),
        max_length=200,
        help_text=_(
            "The value as the identity provider sends it (Microsoft Entra ID: the group's object ID)."
        ),
    )
    role = models.CharField(
        _("role"), max_length=32, choices=RoleGrant._meta.get_field("role").choices
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )

    class Meta:
        verbose_name = _("group mapping")
        verbose_name_plural = _("group mappings")
        ordering = ["group", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "group", "role", "team"], name="sso_group_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} -> {self.role}"


class SsoUser(models.Model):
    """A user who signed in through an identity provider, and when they last did (for the departure sweep)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sso",
        verbose_name=_("user"),
    )
    provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.CASCADE,
        related_name="users",
        verbose_name=_("identity provider"),
    )
    first_sign_in_at = models.DateTimeField(_("first sign-in"), default=timezone.now)
    last_sign_in_at = models.DateTimeField(_("last sign-in"), default=timezone.now, db_index=True)
    # Set when the departure sweep deactivated the user; a later sign-in through the provider reactivates.
    deactivated_by_sweep_at = models.DateTimeField(
        _("deactivated by the sweep at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("single sign-on user")
        verbose_name_plural = _("single sign-on users")

    def __str__(self) -> str:
        return str(self.user)


class SsoChange(models.Model):
    """The log of every change to an organisation's single sign-on, and of the sweep's deactivations.
    Written once, never changed; never holds a secret (only the name of its variable)."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")
        MAPPINGS = "mappings", _("group mappings changed")
        DEACTIVATED = "deactivated", _("user deactivated (no sign-in)")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # Nobody: the sweep.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # {field: [from, to]}
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("change to single sign-on")
        verbose_name_plural = _("changes to single sign-on")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
