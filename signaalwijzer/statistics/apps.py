from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "signaalwijzer.statistics"
    label = "sw_statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from signaalwijzer.statistics import signals

        signals.connect()
