from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinksConfig(AppConfig):
    name = "signaalwijzer.links"
    verbose_name = _("Linked cases")

    def ready(self) -> None:
        from signaalwijzer.links import services  # noqa: F401  (connects the clean-up on delete)
