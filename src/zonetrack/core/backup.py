"""Backups: the database, the uploaded files and a manifest, in one tar archive.

SQLite is copied through its online backup API, PostgreSQL by ``pg_dump`` in custom format,
each from one consistent snapshot; the manifest records the schema state (the applied
migrations per app), the zonetrack version, the database vendor and the row count of every
table, read from that same snapshot, so a restore can refuse a schema it does not know and
check that every row came back.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

import zonetrack

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA = "media"
# Tables whose rows mean that people have used the database (migrations fill others, such as
# the administrative divisions, on their own).
DATA_TABLES = ("accounts_user", "accounts_organisation", "audit_change")


class BackupError(CommandError):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


# --- reading a database --------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _applied(cursor: Any) -> dict[str, list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def _counts(cursor: Any, tables: Iterable[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 (our own tables)
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [name for (name,) in rows]


def row_counts(using: str = "default") -> dict[str, int]:
    """The number of rows of every table of a configured database."""
    connection = connections[using]
    with connection.cursor() as cursor:
        return _counts(cursor, connection.introspection.table_names(cursor))


def holds_data(using: str = "default") -> list[str]:
    """The tables that show people have used the database (users, organisations, history)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        found = []
        for table in DATA_TABLES:
            if table in present:
                cursor.execute(f"SELECT 1 FROM {_quote(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    found.append(table)
    return found


# --- PostgreSQL tools ------------------------------------------------------------------------


def _tool_major(path: str) -> int | None:
    try:
        out = subprocess.run(  # noqa: S603 (a PostgreSQL tool found by name)
            [path, "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(found.group(1)) if found else None


def pg_tool(name: str, connection: BaseDatabaseWrapper) -> str:
    """``pg_dump`` or ``pg_restore`` able to talk to this server: the one of the server's major
    version where Debian keeps each version apart, else the one on PATH if it is not older."""
    connection.ensure_connection()
    major = connection.pg_version // 10000
    beside = Path("/usr/lib/postgresql") / str(major) / "bin" / name
    if os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found on PATH: install the PostgreSQL {major} client tools "
            f"(Debian: apt-get install postgresql-client-{major})."
        )
    tool_major = _tool_major(found)
    if tool_major is not None and tool_major < major:
        raise BackupError(
            f"{found} is version {tool_major}, older than the server ({major}): install the "
            f"PostgreSQL {major} client tools or put them first on PATH."
        )
    return found


def pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq environment variables for a Django database (the password never on a command
    line, where other users could read it)."""
    env = dict(os.environ)
    pairs = {
        "PGDATABASE": settings_dict.get("NAME"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
    }
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in [
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("passfile", "PGPASSFILE"),
        ("service", "PGSERVICE"),
    ]:
        pairs[variable] = options.get(option)
    for variable, value in pairs.items():
        if value not in (None, ""):
            env[variable] = str(value)
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}")


# --- backup --------------------------------------------------------------------------------


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
            cursor = copy.cursor()
            state = {
                "migrations": _applied(cursor),
                "row_counts": _counts(cursor, _sqlite_tables(copy)),
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


# --- restore -------------------------------------------------------------------------------


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
