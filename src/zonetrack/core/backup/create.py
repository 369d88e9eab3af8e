"""Writing a backup: one consistent snapshot of the database, the uploaded files, a manifest."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

import zonetrack

from .common import (
    DATABASE_MEMBERS,
    FORMAT,
    MANIFEST,
    MEDIA,
    BackupError,
    _applied,
    _counts,
    _run,
    _sqlite_tables,
    pg_environment,
    pg_tool,
)


def _snapshot(connection: BaseDatabaseWrapper, directory: Path) -> tuple[Path, dict[str, Any]]:
    """Copy the database into ``directory``; the schema state and row counts of that copy."""
    vendor = connection.vendor
    if vendor == "sqlite":
        target = directory / DATABASE_MEMBERS["sqlite"]
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            # The online backup API: a consistent copy while the server goes on writing.
            connection.connection.backup(copy)
            copy_cursor = copy.cursor()
            state = {
                "migrations": _applied(copy_cursor),
                "row_counts": _counts(copy_cursor, _sqlite_tables(copy)),
            }
        finally:
            copy.close()
        return target, state
    if vendor == "postgresql":
        target = directory / DATABASE_MEMBERS["postgresql"]
        tool = pg_tool("pg_dump", connection)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            # One snapshot for the counts, the migrations and pg_dump: they describe one state.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = connection.introspection.table_names(cursor)
            state = {"migrations": _applied(cursor), "row_counts": _counts(cursor, tables)}
            _run(
                [tool, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                pg_environment(connection.settings_dict),
                "pg_dump",
            )
        return target, state
    raise BackupError(f"Backups of {vendor} databases are not supported.")


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def create(path: Path, *, using: str = "default") -> dict[str, Any]:
    """Write a backup of the configured database and the uploaded files to ``path``; returns
    the manifest. The file appears only once complete."""
    connection = connections[using]
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix=".zonetrack-backup-", dir=path.parent) as tmp:
        database, state = _snapshot(connection, Path(tmp))
        files = _media_files(media_root)
        manifest = {
            "format": FORMAT,
            "zonetrack_version": zonetrack.__version__,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "vendor": connection.vendor,
            "database_file": database.name,
            "migrations": state["migrations"],
            "row_counts": state["row_counts"],
            "media_files": len(files),
            "media_bytes": sum(file.stat().st_size for file in files),
        }
        partial = Path(tmp) / "backup.partial"
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(datetime.now(UTC).timestamp()), 0o600
            archive.addfile(info, io.BytesIO(data))
            archive.add(database, arcname=database.name)
            for file in files:
                archive.add(file, arcname=f"{MEDIA}/{file.relative_to(media_root).as_posix()}")
        partial.chmod(0o600)  # it holds every password hash and uploaded file
        os.replace(partial, path)
    return manifest
