"""App configuration of dispatch."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "zonetrack.dispatch"
    label = "dispatch"
    verbose_name = _("Dispatch")
