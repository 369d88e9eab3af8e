"""The archive's layout, the row counts and schema state of a database, and the PostgreSQL
client tools a backup or restore runs."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.core.management.base import CommandError
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

if TYPE_CHECKING:
    # Imported for its type only: at run time it needs psycopg, which SQLite sites lack.
    from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper

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
    major = cast("PostgresWrapper", connection).pg_version // 10000
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
