from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StatisticsExport(models.Model):
    """All statistics tables of a period (a year, or ``year``..``last_year`` for a three-year block) and an area
    (the own organisation, national or a safety region) in one XLSX, built by the worker, downloadable by
    whoever asked. It holds protected tables only, never case data."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)
    national = models.BooleanField(default=False)
    area = models.CharField(max_length=12, default="organisation")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    progress = models.PositiveSmallIntegerField(default=0)
    content = models.BinaryField(null=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"statistics {self.year}"


class StatisticsCount(models.Model):
    """The summary the statistics pages read: how many cases of an organisation, created in a year, living in a
    safety region ("" when unknown), fall in one cell (row, column) of one table. Rebuilt per organisation-year
    by the worker (summary.py); the pages never count cases themselves."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    region = models.CharField(max_length=4, blank=True)
    table = models.CharField(max_length=40)
    row = models.CharField(max_length=80)
    column = models.CharField(max_length=80)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "region", "table", "row", "column"],
                name="statistics_count_unique",
            )
        ]
        indexes = [models.Index(fields=["table", "year"], name="statistics_count_table_year")]

    def __str__(self) -> str:
        return f"{self.table} {self.year} {self.row}/{self.column}: {self.n}"


class StatisticsDuration(models.Model):
    """Sums for the average durations of an organisation-year-region: cases with a first signal; of those, how
    many were decided (and the days from the first signal to the first decision, added up) and how many were
    reported to Veilig Thuis (and the days from the first signal to the report, added up)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    region = models.CharField(max_length=4, blank=True)
    signalled = models.PositiveIntegerField(default=0)
    decided = models.PositiveIntegerField(default=0)
    decision_days = models.BigIntegerField(default=0)
    reported = models.PositiveIntegerField(default=0)
    report_days = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "region"], name="statistics_duration_unique"
            )
        ]

    def __str__(self) -> str:
        return f"durations {self.year}"


class StatisticsDirty(models.Model):
    """An organisation-year whose cases changed since its summary was built. Written by a database trigger on
    the case table (dirty.py) in the same transaction as the change; ``generation`` goes up with every change,
    so the rebuild removes the mark only if nothing changed while it counted. No foreign key: a destroyed
    organisation's last mark must still be seen."""

    organisation_id = models.BigIntegerField()
    year = models.IntegerField()
    generation = models.BigIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_id", "year"], name="statistics_dirty_unique"
            )
        ]

    def __str__(self) -> str:
        return f"dirty {self.organisation_id} {self.year}"


class StatisticsSummaryState(models.Model):
    """The summary's watermarks: one row for all organisations together (``organisation_id`` 0, what the national
    and regional views read) and one per organisation. ``version`` goes up with every rebuild that touched it, so
    the protected tables cached under the old version are never read again, and a rebuild of one organisation
    leaves the cached tables of the others alone."""

    organisation_id = models.BigIntegerField(unique=True)
    version = models.BigIntegerField(default=0)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"summary version {self.version}"
