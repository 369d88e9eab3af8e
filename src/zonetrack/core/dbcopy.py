"""Copy a whole installation's database into another one (SQLite to PostgreSQL).

The target is migrated by the same code, emptied of what its migrations loaded, and filled with
every row of every table in dependency order, in batches, inside one transaction: it ends up
an exact copy (same primary keys, same history) or unchanged. Sequences are moved past the
copied keys, and the row counts of both sides are compared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import dj_database_url
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.migrations.executor import MigrationExecutor

from .backup import BackupError, holds_data, row_counts

TARGET = "dbcopy_target"


def _register(url: str) -> None:
    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["ENGINE"] = "zonetrack.core.sqlite3"
    configured = connections.configure_settings({"default": config})["default"]
    connections.settings[TARGET] = configured
    # The handler's per-thread cache of open connections, which the stubs leave out.
    opened = connections._connections  # type: ignore[attr-defined]
    if hasattr(opened, TARGET):
        delattr(opened, TARGET)


def copied_models() -> list[type[models.Model]]:
    """Every table-owning model, each after the models its foreign keys point to (cycles,
    such as a tree's parent, are left to constraints checked at commit)."""
    candidates = {
        model._meta.db_table: model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    }
    ordered: list[type[models.Model]] = []
    seen: set[type[models.Model]] = set()

    def visit(model: type[models.Model], path: set[type[models.Model]]) -> None:
        if model in seen or model in path:
            return
        path.add(model)
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if isinstance(target, type) and target is not model:
                visit(target._meta.concrete_model or target, path)
        path.discard(model)
        seen.add(model)
        ordered.append(model)

    for table in sorted(candidates):
        visit(candidates[table], set())
    tables = set(candidates)
    return [model for model in ordered if model._meta.db_table in tables]


def _rows(model: type[models.Model], batch: int) -> Iterator[list[tuple[Any, ...]]]:
    fields = model._meta.concrete_fields
    # Through the ORM, so each value is converted from the source's storage (SQLite keeps
    # booleans as 0/1, JSON as text); the insert below skips the model's pre_save, so
    # auto_now timestamps keep their recorded values.
    queryset = (
        model._base_manager.using("default")
        .order_by("pk")
        .values_list(*[field.attname for field in fields])
    )
    chunk: list[tuple[Any, ...]] = []
    for row in queryset.iterator(chunk_size=batch):
        chunk.append(row)
        if len(chunk) >= batch:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _copy_table(model: type[models.Model], batch: int) -> int:
    target = connections[TARGET]
    fields = model._meta.concrete_fields
    quote = target.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (model metadata only)
        quote(model._meta.db_table),
        # A concrete field always has a column (db_column or attname); None is for the others.
        ", ".join(quote(field.column or field.attname) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    copied = 0
    with target.cursor() as cursor:
        for chunk in _rows(model, batch):
            values = [
                tuple(
                    field.get_db_prep_save(value, connection=target)
                    for field, value in zip(fields, row, strict=True)
                )
                for row in chunk
            ]
            cursor.executemany(sql, values)
            copied += len(values)
    return copied


def copy_to(
    url: str, *, batch: int = 2000, report: Callable[[str], None] = lambda line: None
) -> dict[str, tuple[int, int]]:
    """Copy the configured database into the (empty) database at ``url``; returns
    ``{table: (source rows, target rows)}``. Raises BackupError when they differ."""
    source = connections["default"]
    executor = MigrationExecutor(source)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError(
            "The configured database has migrations to apply: run `zonetrack migrate` first."
        )
    _register(url)
    target = connections[TARGET]
    if target.settings_dict["NAME"] == source.settings_dict["NAME"] and (
        target.vendor == source.vendor
    ):
        raise BackupError("The target is the configured database itself.")
    used = holds_data(TARGET)
    if used:
        raise BackupError(
            f"The target database already holds data ({', '.join(used)}); copy into an empty "
            "database."
        )
    report(f"Migrating the target ({target.vendor}) …")
    call_command("migrate", database=TARGET, interactive=False, verbosity=0)
    ordered = copied_models()
    tables = [model._meta.db_table for model in ordered]
    with transaction.atomic(using=TARGET):
        with target.cursor() as cursor:
            # What the target's migrations loaded (divisions, content types) is copied from the
            # source instead, with the source's keys, so every reference stays right.
            for statement in target.ops.sql_flush(
                no_style(), tables, reset_sequences=False, allow_cascade=True
            ):
                cursor.execute(statement)
        for model in ordered:
            copied = _copy_table(model, batch)
            report(f"  {model._meta.db_table}: {copied}")
        with target.cursor() as cursor:
            for statement in target.ops.sequence_reset_sql(no_style(), ordered):
                cursor.execute(statement)
    before, after = row_counts("default"), row_counts(TARGET)
    compared = {table: (before.get(table, 0), after.get(table, 0)) for table in tables}
    wrong = {table: pair for table, pair in compared.items() if pair[0] != pair[1]}
    target.close()
    if wrong:
        details = ", ".join(f"{t}: {a} → {b}" for t, (a, b) in sorted(wrong.items()))
        raise BackupError(f"Row counts differ after the copy: {details}")
    return compared
