"""`zonetrack restore FILE`: put a backup back into the configured database and data directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zonetrack.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `zonetrack backup` into the configured database and media "
        "directory. Stop the server and the jobs consumer first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="an archive written by `zonetrack backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database (and media directory) that already holds data",
        )

    def handle(self, *args: Any, file: str, force: bool, **opts: Any) -> None:
        done = backup.restore(Path(file), force=force)
        manifest = done["manifest"]
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} (zonetrack "
            f"{manifest['zonetrack_version']}): {len(manifest['row_counts'])} tables, {rows} rows "
            f"(counts checked), {done['media_files']} files."
        )
        if done["kept_media"]:
            self.stdout.write(f"The previous media directory was kept as {done['kept_media']}.")
        if done["missing_migrations"]:
            self.stdout.write(
                f"The backup's schema is older than this version "
                f"({len(done['missing_migrations'])} migrations to apply): "
                "run `zonetrack migrate` now."
            )
