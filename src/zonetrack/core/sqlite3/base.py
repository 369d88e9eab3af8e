"""Django's SQLite backend, creating the data directory on the first connection.

Settings only name the database file; the directory is made when a command actually opens the
database, so importing the settings (``zonetrack help``, a worker's start-up) writes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        name = str(conn_params.get("database", ""))
        if name and not self.is_in_memory_db() and not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        return super().get_new_connection(conn_params)
