"""The directory in the database, so organisation admins can correct it; loaded from the data files."""

from __future__ import annotations

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
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    # Set when someone corrected the entry in the admin: loading the data files then leaves it alone.
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
