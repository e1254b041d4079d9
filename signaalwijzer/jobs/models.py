"""JobSlot: that a scheduled run of a job was queued. One row per job and time slot (unique), so two schedulers,
or a scheduler and a cron line, never queue the same run twice."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobSlot(models.Model):
    name = models.CharField(_("job"), max_length=100)
    due_at = models.DateTimeField(_("scheduled for"))
    enqueued_at = models.DateTimeField(_("queued at"), default=timezone.now)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["name", "due_at"], name="jobslot_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.due_at.isoformat()}"
