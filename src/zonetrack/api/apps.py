"""App configuration of api."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "zonetrack.api"
    label = "api"
