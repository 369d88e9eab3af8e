"""App configuration of projects."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "zonetrack.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from zonetrack.sheets.kinds import register

        from . import jobs  # noqa: F401  (registers the ledger's background jobs)
        from .commands import export_ledger_to, import_ledger

        register("projects", importer=import_ledger, exporter=export_ledger_to)
