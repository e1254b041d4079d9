from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    """Signals that are not (yet) a case: short, without a name, and gone after the organisation's period."""

    name = "signaalwijzer.register"
    verbose_name = _("Signal register")
