"""App configuration of targets."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "zonetrack.targets"
    label = "targets"
    verbose_name = _("Targets")

    def ready(self) -> None:
        from zonetrack.projects.services import projects_changed, projects_changing

        from . import sheets  # noqa: F401  (registers the values import's background jobs)
        from .services import rollups

        # The computed figures follow the projects' writes in the same transaction.
        projects_changed.connect(rollups.zones_changed, dispatch_uid="targets.rollups")
        projects_changing.connect(rollups.projects_noted, dispatch_uid="targets.rollups")
