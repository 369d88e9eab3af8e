"""Backups: the database, the uploaded files and a manifest, in one tar archive.

SQLite is copied through its online backup API, PostgreSQL by ``pg_dump`` in custom format,
each from one consistent snapshot; the manifest records the schema state (the applied
migrations per app), the zonetrack version, the database vendor and the row count of every
table, read from that same snapshot, so a restore can refuse a schema it does not know and
check that every row came back.
"""

from __future__ import annotations

from .common import (
    DATA_TABLES,
    DATABASE_MEMBERS,
    FORMAT,
    MANIFEST,
    MEDIA,
    BackupError,
    holds_data,
    pg_environment,
    pg_tool,
    row_counts,
)
from .create import create
from .restore import missing_migrations, read_manifest, restore, unknown_migrations

__all__ = [
    "DATABASE_MEMBERS",
    "DATA_TABLES",
    "FORMAT",
    "MANIFEST",
    "MEDIA",
    "BackupError",
    "create",
    "holds_data",
    "missing_migrations",
    "pg_environment",
    "pg_tool",
    "read_manifest",
    "restore",
    "row_counts",
    "unknown_migrations",
]
