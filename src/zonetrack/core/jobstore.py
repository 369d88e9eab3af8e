"""Huey's SQLite queue, opened (and its file created) on first use rather than at start-up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from huey import Huey
from huey.storage import SqliteStorage


class LazySqliteStorage(SqliteStorage):
    """SqliteStorage that makes its directory and tables when the queue is first touched.

    Huey builds its storage when Django loads the apps; the stock storage creates the file and
    its tables right then, so every command (even ``zonetrack help``) wrote to the data directory.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs["create_tables"] = False
        super().__init__(*args, **kwargs)
        self._schema_ready = False

    def _create_connection(self) -> sqlite3.Connection:
        Path(self.filename).parent.mkdir(parents=True, exist_ok=True)
        conn = super()._create_connection()
        if not self._schema_ready:
            for sql in self.ddl:
                conn.execute(sql)
            conn.commit()
            self._schema_ready = True
        return conn


class LazySqliteHuey(Huey):
    storage_class = LazySqliteStorage
