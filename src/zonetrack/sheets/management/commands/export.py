"""`zonetrack export KIND FILE.xlsx …`: write records as a spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandParser

from zonetrack.sheets.kinds import KINDS


class Command(BaseCommand):
    help = "Export records to a spreadsheet (.xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(k for k, v in KINDS.items() if v.exporter))
        parser.add_argument("file", type=Path)
        parser.add_argument("--region", default="", help="division code prefix (zones)")
        parser.add_argument("--zone", type=int, help="zone id (projects)")
        parser.add_argument("--year", type=int, help="year (projects)")

    def handle(self, *args: Any, kind: str, file: Path, **options: Any) -> None:
        runner = KINDS[kind].exporter
        assert runner is not None
        # Django's OutputWrapper writes text like the file the runners take.
        runner(file, options, cast(TextIO, self.stdout))
