"""`zonetrack outlines FILE`: load city and county outlines for the battle maps' base layer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zonetrack.dashboards.outlines import DEFAULT_TOLERANCE, outline_dir, outlines_import


class Command(BaseCommand):
    help = (
        "Load city and county outlines (GeoJSON with six-digit division codes and names, "
        "WGS-84) for the battle maps, simplified, one file per province."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a GeoJSON FeatureCollection")
        parser.add_argument("--province", default="", help="two-digit code: load this one only")
        parser.add_argument(
            "--tolerance",
            type=float,
            default=DEFAULT_TOLERANCE,
            help="simplification in degrees (default %(default)s)",
        )

    def handle(self, *args: Any, file: Path, province: str, tolerance: float, **opts: Any) -> None:
        if province and not (len(province) == 2 and province.isdigit()):
            raise CommandError("--province takes a two-digit code, e.g. 14")
        if tolerance < 0:
            raise CommandError("--tolerance cannot be negative")
        try:
            written = outlines_import(file, province=province, tolerance=tolerance)
        except (OSError, ValueError) as error:
            raise CommandError(f"{file}: {error}") from error
        if not written:
            raise CommandError(f"{file}: no city or county outline found")
        for code, size in written.items():
            self.stdout.write(f"{code}: {size:,} bytes → {outline_dir() / (code + '.geojson')}")
