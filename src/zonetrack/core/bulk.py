"""Inserting many rows at once, with their ids."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.db import NotSupportedError, connection, models

M = TypeVar("M", bound=models.Model)


def bulk_insert(model: type[M], objs: Iterable[M], *, batch_size: int = 1000) -> list[M]:
    """Insert the rows in batches and return them with their ids set.

    Both databases zonetrack runs on (SQLite 3.35+ and PostgreSQL) return the ids of inserted
    rows; a database that does not is refused here rather than leaving objects without ids.
    """
    if not connection.features.can_return_rows_from_bulk_insert:
        raise NotSupportedError("zonetrack needs a database that returns ids of bulk inserts")
    return model._default_manager.bulk_create(list(objs), batch_size=batch_size)
