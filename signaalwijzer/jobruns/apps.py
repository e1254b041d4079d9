from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobRunsConfig(AppConfig):
    """The record of every background run (a scheduled job, a reminder e-mail) and its retries. A bottom app:
    it knows nothing of cases, so any app can record its runs here (decision 45)."""

    name = "signaalwijzer.jobruns"
    verbose_name = _("Background runs")
