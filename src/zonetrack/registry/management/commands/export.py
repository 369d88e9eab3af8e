"""`zonetrack export zones FILE.xlsx`: write the whole zone list as a spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zonetrack.registry.imports import export_zones
from zonetrack.registry.selectors import ZoneFilters, zone_list


class Command(BaseCommand):
    help = "Export records to a spreadsheet (.xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["zones"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--region", default="", help="division code prefix, e.g. 1410")

    def handle(self, *args: Any, what: str, file: Path, region: str, **opts: Any) -> None:
        zones = zone_list(user=None, filters=ZoneFilters(region=region))
        with file.open("wb") as out:
            export_zones(zones.select_related("region__parent__parent"), out)
        self.stdout.write(f"Wrote {zones.count()} zones to {file}.")
