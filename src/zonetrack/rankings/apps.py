"""App configuration of rankings."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    name = "zonetrack.rankings"
    label = "rankings"
    verbose_name = _("Rankings")

    def ready(self) -> None:
        # Registers the background job that computes a ranking of a large group.
        from . import jobs  # noqa: F401
