"""`zonetrack import KIND FILE [--dry-run] …`: read a spreadsheet into records, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zonetrack.sheets.kinds import KINDS


class Command(BaseCommand):
    help = (
        "Import records from a spreadsheet (.xlsx or .csv). Prints a row-by-row report; writes "
        "all rows or none, and exits non-zero when anything is rejected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(k for k, v in KINDS.items() if v.importer))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
        parser.add_argument("--zone", type=int, help="zone id (project ledgers)")
        parser.add_argument(
            "--under", type=int, help="organisation id for new zone committees (zone lists)"
        )

    def handle(self, *args: Any, kind: str, file: Path, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        runner = KINDS[kind].importer
        assert runner is not None
        # Django's OutputWrapper writes text like the file the runners take.
        status = runner(file, options, cast(TextIO, self.stdout))
        if status:
            raise CommandError("Nothing was imported.", returncode=status)
