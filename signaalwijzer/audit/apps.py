from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _


def audit_log_is_on(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    if settings.PRODUCTION and not settings.AUDIT_LOG_ENABLED:
        return [
            checks.Error(
                "AUDIT_LOG_ENABLED is off; the access log may never be off in production.",
                id="audit.E001",
            )
        ]
    return []


class AuditConfig(AppConfig):
    name = "signaalwijzer.audit"
    verbose_name = _("Access log")

    def ready(self) -> None:
        checks.register(audit_log_is_on)
