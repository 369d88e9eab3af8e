"""Reads of the change history, shown in words a person understands."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from zonetrack.core.templatetags.money import wan

from .models import Change
from .services import history_of


def _related_names(model: type[models.Model] | None, ids: set[Any]) -> dict[str, str]:
    if not ids or model is None:
        return {}
    found = model._base_manager.in_bulk([i for i in ids if i is not None])
    return {str(pk): str(obj) for pk, obj in found.items()}


def local_time(value: Any) -> Any:
    """A stored time (ISO text, UTC) as the configured time zone reads it: 2026-01-02 08:30."""
    moment = parse_datetime(value) if isinstance(value, str) else value
    if not isinstance(moment, datetime):
        return value
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def coordinates(value: dict[str, Any]) -> Any:
    """A GeoJSON point as longitude, latitude; an outline as the number of its points.

    History stores the GeoJSON as saved; a person reading a change wants where, not the JSON.
    """
    geometry = value.get("geometry", value) if value.get("type") == "Feature" else value
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    points = geometry.get("coordinates") if kind else None
    if kind == "Point" and isinstance(points, list) and len(points) >= 2:
        return f"{float(points[0]):.6f}, {float(points[1]):.6f}"
    if kind in {"Polygon", "MultiPolygon", "LineString", "MultiLineString"}:
        return _("Outline of %(count)d points") % {"count": _count_points(points)}
    return value


def _count_points(coordinates: Any) -> int:
    if isinstance(coordinates, list) and coordinates and isinstance(coordinates[0], int | float):
        return 1
    if isinstance(coordinates, list):
        return sum(_count_points(item) for item in coordinates)
    return 0


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
        if isinstance(field, models.DateTimeField):
            return local_time(value)
        if isinstance(field, models.JSONField) and isinstance(value, dict):
            return coordinates(value)
        if isinstance(field, models.DecimalField) and name.endswith("_wan"):
            return wan(value, "" if "usd" not in name else "number")
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
