"""The directory in the database, so organisation admins can correct it; loaded from the data files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaalwijzer.directory.coordinators import Coordinator, needs_checking


class CoordinatorEntry(models.Model):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    region = models.CharField(_("region"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    phones = models.JSONField(_("phone numbers"), default=list, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    age_min = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("up to and including age"), null=True, blank=True)
    national_fallback = models.BooleanField(_("national fallback (CoMensha)"), default=False)
    safety_regions = models.JSONField(_("safety regions (VR codes)"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    # National data (decision "Regional contacts: one national directory"): who verified it last, and for
    # which organisation. The full history is the ContactChange log.
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_by_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by organisation"),
    )
    # The fields an organisation administrator corrected: `load_directory` leaves exactly these alone.
    corrected_fields = models.JSONField(_("corrected fields"), default=list, blank=True)
    # Set when someone corrected the entry in the Django admin: loading the data files then leaves it alone.
    edited_in_admin = models.BooleanField(_("corrected in the admin"), default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("zorgcoördinator mensenhandel")
        verbose_name_plural = _("zorgcoördinatoren mensenhandel")
        ordering = ["region", "organisation"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.region})"

    @property
    def needs_checking(self) -> bool:
        return needs_checking(self.last_verified, timezone.localdate())

    def as_value(self) -> Coordinator:
        return Coordinator(
            key=self.key,
            region=self.region,
            organisation=self.organisation,
            phones=tuple(self.phones or ()),
            email=self.email or None,
            website=self.website or None,
            age_min=self.age_min,
            age_max=self.age_max,
            national_fallback=self.national_fallback,
            safety_regions=tuple(self.safety_regions or ()),
            note=self.note or None,
            last_verified=self.last_verified,
            source=self.source or None,
            source_url=self.source_url or None,
            verified_by_organisation=(
                self.verified_by_organisation.name if self.verified_by_organisation else None
            ),
        )


class MunicipalityEntry(models.Model):
    code = models.CharField(_("CBS code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    safety_region = models.CharField(_("safety region"), max_length=4)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ContactChange(models.Model):
    """The log of what an organisation administrator did to a directory entry. Written once, never changed."""

    class Action(models.TextChoices):
        VERIFIED = "verified", _("verified")
        CORRECTED = "corrected", _("corrected")

    entry = models.ForeignKey(
        CoordinatorEntry, on_delete=models.PROTECT, related_name="changes", verbose_name=_("entry")
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    # Kept as it was at the moment of the change.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # {field: [from, to]}; contact data of organisations, never case data.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("change to a contact")
        verbose_name_plural = _("changes to contacts")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.entry_id}"
