"""Restoring a backup: the manifest checked against this schema, then the database and files."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

import zonetrack

from .common import (
    DATABASE_MEMBERS,
    FORMAT,
    MANIFEST,
    MEDIA,
    BackupError,
    _quote,
    _run,
    holds_data,
    pg_environment,
    pg_tool,
    row_counts,
)


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
        manifest = json.load(archive.extractfile(member))  # type: ignore[arg-type]
    except (KeyError, ValueError, TypeError) as exc:
        raise BackupError("This file is not a zonetrack backup (it has no manifest).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"This backup has format {manifest.get('format')!r}; this zonetrack reads format "
            f"{FORMAT}."
        )
    return manifest


def unknown_migrations(manifest: dict[str, Any]) -> list[str]:
    """Migrations the backup's database had that this version of zonetrack does not know."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in sorted(manifest["migrations"].items())
        for name in names
        if (app, name) not in known
    ]


def missing_migrations(manifest: dict[str, Any]) -> list[str]:
    """Migrations this version has that the backup's database had not applied yet."""
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    replaced = {key for migration in loader.disk_migrations.values() for key in migration.replaces}
    return sorted(
        f"{app}.{name}"
        for app, name in loader.disk_migrations
        if (app, name) not in applied and (app, name) not in replaced
    )


def _safe_media_path(member: tarfile.TarInfo, root: Path) -> Path | None:
    name = member.name
    if not member.isfile() or not name.startswith(f"{MEDIA}/"):
        return None
    relative = Path(name[len(MEDIA) + 1 :])
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BackupError(f"The backup names a file outside the media directory: {name}")
    return root / relative


def _restore_database(
    connection: BaseDatabaseWrapper, archive: tarfile.TarFile, member: str, directory: Path
) -> None:
    archive.extract(member, directory, filter="data")
    source = directory / member
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        connection.close()
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        copy, target = sqlite3.connect(source), sqlite3.connect(name)
        try:
            # Through the backup API, not a file copy: it replaces every page, also those of the
            # write-ahead log, and other connections see one whole database or the other.
            copy.backup(target)
        finally:
            copy.close()
            target.close()
        return
    tool = pg_tool("pg_restore", connection)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {_quote(table)} CASCADE")
    connection.close()
    _run(
        [
            tool,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        pg_environment(connection.settings_dict),
        "pg_restore",
    )


def _restore_media(
    archive: tarfile.TarFile, root: Path, directory: Path
) -> tuple[int, Path | None]:
    """Put the backup's files in place of the media directory; the previous one is kept aside
    (its new name is returned) rather than deleted."""
    staging = directory / MEDIA
    staging.mkdir()
    count = 0
    for member in archive.getmembers():
        destination = _safe_media_path(member, staging)
        if destination is None:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        with archive.extractfile(member) as source, destination.open("wb") as target:  # type: ignore[union-attr]
            shutil.copyfileobj(source, target)
        count += 1
    kept = None
    if root.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        kept = root.with_name(f"{root.name}.before-restore-{stamp}")
        if any(root.iterdir()):
            root.rename(kept)
        else:
            root.rmdir()
            kept = None
    root.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(staging), root)
    return count, kept


def restore(path: Path, *, force: bool = False, using: str = "default") -> dict[str, Any]:
    """Restore a backup into the configured database and media directory.

    Refuses a backup of another database vendor, one whose schema is newer than this version
    knows, and (without ``force``) a database or media directory that already holds data.
    Returns ``{"manifest", "media_files", "kept_media", "missing_migrations"}``.
    """
    connection = connections[using]
    media_root = Path(settings.MEDIA_ROOT)
    try:
        archive = tarfile.open(path, "r")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"Cannot read {path}: {exc}") from exc
    with archive:
        manifest = read_manifest(archive)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                f"This is a backup of a {manifest['vendor']} database; the configured database is "
                f"{connection.vendor}. Restore it into a {manifest['vendor']} database (then "
                "`zonetrack dbcopy --to DATABASE_URL` moves SQLite to PostgreSQL)."
            )
        unknown = unknown_migrations(manifest)
        if unknown:
            shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
            raise BackupError(
                f"This backup comes from a newer schema (zonetrack "
                f"{manifest.get('zonetrack_version', '?')}) than this zonetrack "
                f"({zonetrack.__version__}) knows: {len(unknown)} unknown migration(s): {shown}. "
                "Install the zonetrack version that made the backup, or a newer one, and restore "
                "with it."
            )
        if not force:
            used = holds_data(using)
            if used:
                raise BackupError(
                    f"The configured database ({connection.settings_dict['NAME']}) already holds "
                    f"data ({', '.join(used)}). Restoring replaces all of it: run again with "
                    "--force to do so, or configure an empty database."
                )
            if media_root.is_dir() and any(media_root.iterdir()):
                raise BackupError(
                    f"The media directory ({media_root}) already holds files. Restoring replaces "
                    "them: run again with --force to do so (they are kept aside)."
                )
        member = manifest.get("database_file") or DATABASE_MEMBERS[manifest["vendor"]]
        data_dir = media_root.parent
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".zonetrack-restore-", dir=data_dir) as tmp:
            _restore_database(connection, archive, member, Path(tmp))
            files, kept = _restore_media(archive, media_root, Path(tmp))
    counts = row_counts(using)
    wrong = {
        table: (expected, counts.get(table))
        for table, expected in manifest["row_counts"].items()
        if counts.get(table) != expected
    }
    if wrong:
        details = ", ".join(f"{t}: {got} of {want}" for t, (want, got) in sorted(wrong.items()))
        raise BackupError(
            f"The restored database does not match the backup's row counts: {details}"
        )
    return {
        "manifest": manifest,
        "media_files": files,
        "kept_media": kept,
        "missing_migrations": missing_migrations(manifest),
    }
