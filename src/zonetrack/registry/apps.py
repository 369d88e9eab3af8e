"""App configuration of registry."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "zonetrack.registry"
    label = "registry"
    verbose_name = _("Zone registry")

    def ready(self) -> None:
        from zonetrack.sheets.kinds import register

        from . import jobs  # noqa: F401  (registers the zone import's background jobs)
        from .commands import export_zones_to, import_zones

        register("zones", importer=import_zones, exporter=export_zones_to)
