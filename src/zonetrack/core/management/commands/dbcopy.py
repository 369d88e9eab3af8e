"""`zonetrack dbcopy --to DATABASE_URL`: move an installation's database (SQLite to PostgreSQL)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zonetrack.core import dbcopy


class Command(BaseCommand):
    help = (
        "Copy every table of the configured database into an empty database at DATABASE_URL "
        "(migrated first), then compare row counts. Stop the server and jobs consumer first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--to",
            required=True,
            metavar="DATABASE_URL",
            help="the target, e.g. postgres://zonetrack@127.0.0.1:5432/zonetrack",
        )
        parser.add_argument("--batch", type=int, default=2000, help="rows per insert batch")

    def handle(self, *args: Any, to: str, batch: int, **opts: Any) -> None:
        compared = dbcopy.copy_to(to, batch=batch, report=self.stdout.write)
        rows = sum(source for source, _target in compared.values())
        self.stdout.write(
            f"Copied {len(compared)} tables, {rows} rows; row counts match. Set DATABASE_URL to "
            "the target and restart."
        )
