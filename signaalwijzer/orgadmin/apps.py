from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgAdminConfig(AppConfig):
    """The organisation administrator's screens: users, teams, settings, instruments, cases to hand over."""

    name = "signaalwijzer.orgadmin"
    verbose_name = _("Organisation administration")
