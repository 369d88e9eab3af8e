"""App configuration of dashboards."""

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "zonetrack.dashboards"
    label = "dashboards"
