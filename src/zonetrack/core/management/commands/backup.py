"""`zonetrack backup FILE`: the database, the uploaded files and a manifest in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zonetrack.core import backup


class Command(BaseCommand):
    help = (
        "Write a backup of the configured database (SQLite or PostgreSQL) and the uploaded "
        "files to FILE (a tar archive with a manifest)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the archive to write, e.g. zonetrack-2026-01-31.tar")

    def handle(self, *args: Any, file: str, **opts: Any) -> None:
        manifest = backup.create(Path(file))
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"Backed up {manifest['vendor']}: {len(manifest['row_counts'])} tables, {rows} rows, "
            f"{manifest['media_files']} files → {file}"
        )
