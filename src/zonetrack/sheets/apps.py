"""App configuration of sheets (no models: it provides the import and export commands)."""

from django.apps import AppConfig


class SheetsConfig(AppConfig):
    name = "zonetrack.sheets"
    label = "sheets"
