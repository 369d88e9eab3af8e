"""Inserting many rows at once, with their ids; updating many rows each to its own values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from django.db import NotSupportedError, connection, models, transaction

M = TypeVar("M", bound=models.Model)


def bulk_insert(model: type[M], objs: Iterable[M], *, batch_size: int = 1000) -> list[M]:
    """Insert the rows in batches and return them with their ids set.

    Both databases zonetrack runs on (SQLite 3.35+ and PostgreSQL) return the ids of inserted
    rows; a database that does not is refused here rather than leaving objects without ids.
    """
    if not connection.features.can_return_rows_from_bulk_insert:
        raise NotSupportedError("zonetrack needs a database that returns ids of bulk inserts")
    return model._default_manager.bulk_create(list(objs), batch_size=batch_size)


def bulk_set(model: type[M], objs: Iterable[M], fields: Sequence[str]) -> int:
    """Write each object's own values of ``fields`` to its row, as one parameterised UPDATE
    run for every object (executemany). Returns how many objects were written.

    Django's ``bulk_update`` states every row's value in a ``CASE WHEN`` per field, built as
    expressions in Python: for thousands of rows that costs seconds of Python before the
    database sees a query. Here each value is prepared by its field, as ``save()`` prepares
    it, and the database runs one prepared statement per row. No signals, no ``save()``.
    """
    rows = list(objs)
    if not rows:
        return 0
    meta = model._meta
    quote = connection.ops.quote_name
    by_name = {name: f for f in meta.concrete_fields for name in (f.name, f.attname)}
    columns = [by_name[name] for name in fields]
    pk_column = str(meta.pk.column) if meta.pk is not None else "id"
    assignments = ", ".join(f"{quote(str(field.column))} = %s" for field in columns)
    # Only quoted names from the model's metadata are written into the statement; values are
    # parameters.
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(pk_column)} = %s"  # noqa: S608
    params = [
        [
            *(field.get_db_prep_save(getattr(obj, field.attname), connection) for field in columns),
            obj.pk,
        ]
        for obj in rows
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(rows)
