"""Reads of the change history, shown in words a person understands."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import Change
from .services import history_of


def _related_names(model: type[models.Model] | None, ids: set[Any]) -> dict[str, str]:
    if not ids or model is None:
        return {}
    found = model._base_manager.in_bulk([i for i in ids if i is not None])
    return {str(pk): str(obj) for pk, obj in found.items()}


def history_for(obj: models.Model, *, limit: int = 50) -> list[Change]:
    """The latest changes of a record, each with ``rows`` of (field label, before, after) in
    the reader's language: choice labels for codes, names for linked records. Linked records
    are looked up once per model for the whole page, so the cost does not grow with changes."""
    changes = list(history_of(obj)[:limit])
    model = type(obj)
    # Fields of the record itself (reverse relations have no label and are not in history).
    fields = {f.name: f for f in model._meta.get_fields() if isinstance(f, models.Field)}
    wanted: dict[str, set[Any]] = {}
    for change in changes:
        for name, before, after in change.fields:
            field = fields.get(name)
            if field is not None and (field.many_to_one or field.many_to_many):
                for value in (before, after):
                    values = value if isinstance(value, list) else [value]
                    wanted.setdefault(name, set()).update(v for v in values if v is not None)
    names = {name: _related_names(fields[name].related_model, ids) for name, ids in wanted.items()}

    def shown(name: str, value: Any) -> Any:
        field = fields.get(name)
        if value is None or value == "" or field is None:
            return value
        if name in names:
            values = value if isinstance(value, list) else [value]
            return "、".join(names[name].get(str(v), f"#{v}") for v in values) or None
        if getattr(field, "choices", None):
            # In words now, in the language of the request (not a lazy label resolved later).
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return "✓" if value else "✗"
        return value

    for change in changes:
        change.rows = [
            (
                str(fields[name].verbose_name) if name in fields else name,
                shown(name, before),
                shown(name, after),
            )
            for name, before, after in change.fields
        ]
    return changes
