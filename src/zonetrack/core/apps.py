"""App configuration of core."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zonetrack.core"
    label = "core"
