from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Every periodic job in one registry, the scheduler that queues them, and the readiness checks
    (decision 45). A composing app: it calls into the apps whose jobs it runs."""

    name = "signaalwijzer.jobs"
    verbose_name = _("Scheduled jobs")
