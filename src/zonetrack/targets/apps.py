"""App configuration of targets."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "zonetrack.targets"
    label = "targets"
    verbose_name = _("Targets")

    def ready(self) -> None:
        from . import sheets  # noqa: F401  (registers the values import's background jobs)
