"""Long imports written in short transactions, kept or undone as a whole by their history.

A transaction that writes 100,000 rows holds SQLite's single write lock for minutes, and every
other writer gives up after its busy timeout. A ``Run`` instead writes a chunk of rows per
transaction, so others wait at most one chunk. Every write of a run carries the run's id in its
history (``audit.Change.request_id``); when a chunk fails, or the process dies and the run is
taken up again, ``undo`` deletes what the run created and restores what it changed, newest
first, and removes the run's history: the database is as before the import.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction
from django.db.models import F

from .middleware import current_request_id

logger = logging.getLogger(__name__)

T = TypeVar("T")
# Rows per transaction: a chunk of an import takes under a second to write.
CHUNK_ROWS = 500
# SQLite's waiting writers retry every 100 ms at most; the run pauses a little longer between
# chunks so that they get the lock, instead of the run taking it again at once.
SQLITE_PAUSE_S = 0.12
# History rows undone per transaction.
UNDO_ROWS = 2000


class Superseded(Exception):
    """The run's work was published by another run already; this one was undone."""


class Run:
    """One logical import written in chunks; ``id`` marks its history rows."""

    def __init__(self, run_id: str = "", *, on_undo: Callable[[], Any] | None = None) -> None:
        self.id = run_id or f"run{uuid.uuid4().hex}"
        # Derived data (totals kept per zone) to recompute once the run's rows are gone.
        self.on_undo = on_undo

    @contextmanager
    def chunk(self) -> Iterator[None]:
        """One short transaction whose history carries the run's id."""
        token = current_request_id.set(self.id)
        try:
            with transaction.atomic():
                yield
        finally:
            current_request_id.reset(token)

    def write(
        self,
        items: Sequence[T],
        write: Callable[[Sequence[T]], Any],
        *,
        size: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        publish: Callable[[], bool] | None = None,
    ) -> None:
        """``write(chunk)`` for each chunk of ``items`` in its own transaction, then
        ``publish()`` in a last short one (False: another run published the same work, raise
        Superseded). When anything fails, undo the chunks already written and raise."""
        size = size or CHUNK_ROWS
        try:
            for start in range(0, len(items), size):
                with self.chunk():
                    write(items[start : start + size])
                if progress:
                    progress(min(start + size, len(items)), len(items))
                if connection.vendor == "sqlite" and not connection.in_atomic_block:
                    time.sleep(SQLITE_PAUSE_S)
            if publish is not None:
                with self.chunk():
                    if not publish():
                        raise Superseded
        except BaseException:
            self.undo()
            raise

    def undo(self) -> int:
        """Remove every write of this run, newest first; returns how many history rows it had.
        Safe to call again (after a crash midway, or when there is nothing to undo)."""
        change_model = apps.get_model("audit", "Change")
        changes = list(
            change_model.objects.filter(request_id=self.id)
            .order_by("-pk")
            .values_list("pk", "content_type_id", "object_id", "action", "before")
        )
        if not changes:
            return 0
        logger.warning("undoing %d writes of import run %s", len(changes), self.id)
        content_types = apps.get_model("contenttypes", "ContentType").objects
        for start in range(0, len(changes), UNDO_ROWS):
            part = changes[start : start + UNDO_ROWS]
            with transaction.atomic():
                _undo(part, content_types)
                change_model.objects.filter(pk__in=[row[0] for row in part]).delete()
        if self.on_undo is not None:
            with transaction.atomic():
                self.on_undo()
        return len(changes)


def _undo(part: list[tuple[Any, ...]], content_types: Any) -> None:
    """Undo history rows (newest first): consecutive creations of one model in one delete."""
    created: list[str] = []
    created_model: type[models.Model] | None = None

    def flush() -> None:
        if created_model is not None and created:
            created_model._base_manager.filter(pk__in=created).delete()
        created.clear()

    for _pk, content_type_id, object_id, action, before in part:
        model = content_types.get_for_id(content_type_id).model_class()
        if action == "create":
            if model is not created_model:
                flush()
                created_model = model
            created.append(object_id)
            continue
        flush()
        created_model = None
        if action == "update":
            _restore(model, object_id, before)
        elif action == "archive":
            model._base_manager.filter(pk=object_id).update(archived_at=None)
    flush()


def _restore(model: type[models.Model], object_id: str, before: dict[str, Any]) -> None:
    """Put a record's fields back as they were before the run changed them."""
    plain: dict[str, Any] = {}
    linked: dict[str, list[Any]] = {}
    for name, value in before.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a field removed since: nothing to restore
            continue
        if field.many_to_many:
            linked[name] = value or []
        elif field.concrete:
            plain[field.attname] = value
    if any(f.name == "version" for f in model._meta.concrete_fields):
        plain["version"] = F("version") + 1  # a new version whose content is the old one
    model._base_manager.filter(pk=object_id).update(**plain)
    if linked:
        obj = model._base_manager.get(pk=object_id)
        for name, ids in linked.items():
            getattr(obj, name).set(ids)
