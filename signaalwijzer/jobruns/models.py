"""JobRun: one row per attempt of a background run. Names, times, a status and an error class; never case
content, never an exception message (it may hold an e-mail address or a name)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        OK = "ok", _("ok")
        FAILED = "failed", _("failed")

    name = models.CharField(_("job"), max_length=100)
    # The record a run is about (the action of a reminder), by id only; empty for a periodic job.
    target_id = models.PositiveBigIntegerField(_("about record"), null=True, blank=True)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The exception's class name only (e.g. "SMTPException"), never its message.
    error_class = models.CharField(_("error"), max_length=200, blank=True)
    # A failed run: when the next attempt is queued, or empty when there is none (gave_up).
    retry_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    gave_up = models.BooleanField(_("retries used up"), default=False)

    class Meta:
        verbose_name = _("background run")
        verbose_name_plural = _("background runs")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["name", "-started_at"], name="jobrun_name_started"),
            models.Index(fields=["status", "started_at"], name="jobrun_status_started"),
        ]

    def __str__(self) -> str:
        return f"{self.name} #{self.attempt} {self.status}"
