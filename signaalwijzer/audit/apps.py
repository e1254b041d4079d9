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


def checkpoints_can_be_signed(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    if settings.PRODUCTION and not settings.AUDIT_SIGNING_KEY:
        return [
            checks.Warning(
                "AUDIT_SIGNING_KEY is not set: no signed checkpoints of the access log can be written, "
                "so a rewritten log may still verify.",
                hint="Set AUDIT_SIGNING_KEY_FILE to an Ed25519 key (docs/operations.md, Access log).",
                id="audit.W002",
            )
        ]
    return []


def log_kept_five_years(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    if int(settings.AUDIT_LOG_RETENTION_YEARS) < 5:
        return [
            checks.Error(
                "AUDIT_LOG_RETENTION_YEARS is below 5: the access log is kept at least five years "
                "(NEN 7513); the database refuses to drop a younger month anyway.",
                id="audit.E004",
            )
        ]
    return []


def application_cannot_rewrite_the_log(
    app_configs: Any, databases: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    if not settings.PRODUCTION or not databases:
        return []
    from signaalwijzer.audit.privileges import rewrite_rights

    rights = rewrite_rights()
    if not rights:
        return []
    return [
        checks.Warning(
            "This database role can rewrite the access log: " + ", ".join(rights) + ".",
            hint="Run the application as a role that does not own the tables (docs/operations.md); "
            "expected only for the owner role that runs migrate.",
            id="audit.W003",
        )
    ]


class AuditConfig(AppConfig):
    name = "signaalwijzer.audit"
    verbose_name = _("Access log")

    def ready(self) -> None:
        checks.register(audit_log_is_on)
        checks.register(log_kept_five_years)
        checks.register(checkpoints_can_be_signed, deploy=True)
        checks.register(application_cannot_rewrite_the_log, checks.Tags.database)
