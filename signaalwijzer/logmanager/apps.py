from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogManagerConfig(AppConfig):
    """The log manager's pages and commands: search, unusual access, emergency reviews, verification.

    Above the core: it reads the access log (audit) and the cases' emergency accesses (cases).
    """

    name = "signaalwijzer.logmanager"
    verbose_name = _("Access log management")
