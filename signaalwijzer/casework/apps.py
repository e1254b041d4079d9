from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    """The composing layer: the case page, dashboard, dossier and exports, from the core and the step apps."""

    name = "signaalwijzer.casework"
    verbose_name = _("Casework")
