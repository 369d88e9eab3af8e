"""App configuration of land."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandConfig(AppConfig):
    name = "zonetrack.land"
    label = "land"
    verbose_name = _("Land")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the import jobs)
