"""Databases as `zonetrack migrate` leaves them, copied instead of migrated once more.

Migrating a new database through the 93 migrations of zonetrack and Django takes 12–20 s on
two cores, and the tests that run zonetrack in processes of its own (backup and restore, the
faults, two app servers, a long import) each need such an installation. The suite's own test
database is one: pytest-django makes it with `migrate`. Right after it is made, each worker
keeps a copy of it (tests/conftest.py: ``django_db_setup``), a file for SQLite and a template
database for PostgreSQL, and those tests start from the copy. They still run `zonetrack
migrate` on it, as an administrator would; it then finds nothing to apply.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest

SUFFIX = "installed"


def missing(message: str) -> None:
    """Skip for want of a server, or fail under CI, where every server must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def suite_on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def postgres_server_url() -> str | None:
    """A PostgreSQL server to create databases on: the suite's own, or the test line's."""
    if suite_on_postgresql():
        return os.environ["DATABASE_URL"]
    return os.environ.get("ZONETRACK_TEST_POSTGRES_URL") or None


class Installed:
    """The copy of a freshly migrated database a worker keeps, on the suite's database."""

    def __init__(self) -> None:
        self.sqlite: Path | None = None
        # (host, port, template database name) on the suite's PostgreSQL server.
        self.postgres: tuple[str, str, str] | None = None

    def keep(self, connection: Any) -> None:
        """Copy the test database, just made, before any test writes to it."""
        if connection.vendor == "sqlite":
            source = connection.settings_dict["NAME"]
            if connection.creation.is_in_memory_db(source):
                return
            target = Path(connection.creation.get_test_db_clone_settings(SUFFIX)["NAME"])
            target.unlink(missing_ok=True)
            connection.ensure_connection()
            # The online backup API: a consistent copy, pages still in the WAL file included.
            with contextlib.closing(sqlite3.connect(target)) as copy:
                connection.connection.backup(copy)
            self.sqlite = target
        elif connection.vendor == "postgresql":
            # CREATE DATABASE … TEMPLATE wants nobody connected to the source.
            connection.close()
            connection.creation.clone_test_db(suffix=SUFFIX, verbosity=0, keepdb=False)
            settings = connection.settings_dict
            name = connection.creation.get_test_db_clone_settings(SUFFIX)["NAME"]
            self.postgres = (settings["HOST"] or "", str(settings["PORT"] or ""), name)

    def drop(self, connection: Any) -> None:
        if self.sqlite is not None:
            self.sqlite.unlink(missing_ok=True)
            self.sqlite = None
        if self.postgres is not None:
            connection.creation.destroy_test_db(verbosity=0, suffix=SUFFIX)
            self.postgres = None

    def sqlite_into(self, data_dir: Path) -> None:
        """Put a migrated SQLite database where an installation in ``data_dir`` keeps it."""
        if self.sqlite is None:
            return
        data_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.sqlite, data_dir / "zonetrack.sqlite3")

    def postgres_database(self, server_url: str, *, migrated: bool) -> str:
        """A new database on the server of ``server_url``, empty, or ``migrated``: a copy of
        the migrated one when the server is the suite's own (else empty, to be migrated).
        Returns its URL."""
        parts = urllib.parse.urlsplit(server_url)
        base = server_url.rsplit("/", 1)[0]
        name = f"zt_ops_{uuid.uuid4().hex[:12]}"
        template = ""
        if migrated and self.postgres is not None:
            host, port, template_name = self.postgres
            if (parts.hostname or "", str(parts.port or "")) == (host, port):
                template = f' TEMPLATE "{template_name}"'
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{template}')
        return f"{base}/{name}"


INSTALLED = Installed()
