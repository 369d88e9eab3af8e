"""Tracked writes: every create, update, archive and restore of a record goes through here.

Each write runs in a transaction, checks the optimistic version, records the before/after of
the changed fields, and lets the calling service veto the result (for example a record moved
outside the writer's subtree) before anything is committed. The mechanism is plain SQL with a
compare-and-set on ``version``, so it behaves the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from .bulk import tracked_bulk_create, tracked_bulk_set, tracked_bulk_update
from .history import (
    actor_user,
    history_of,
    record_change,
    record_created,
    snapshot,
    stale_error,
)
from .writes import (
    bump_version,
    purge,
    tracked_archive,
    tracked_create,
    tracked_restore,
    tracked_update,
)

__all__ = [
    "actor_user",
    "bump_version",
    "history_of",
    "purge",
    "record_change",
    "record_created",
    "snapshot",
    "stale_error",
    "tracked_archive",
    "tracked_bulk_create",
    "tracked_bulk_set",
    "tracked_bulk_update",
    "tracked_create",
    "tracked_restore",
    "tracked_update",
]
