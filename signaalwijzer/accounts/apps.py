from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "signaalwijzer.accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from signaalwijzer.accounts import session_limits, signals  # noqa: F401  (connects the receivers)
