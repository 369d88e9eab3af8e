"""``{% badge obj "field" %}``: any choice field as a badge, coloured as its choices declare."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString

from zonetrack.core.badges import colour_for

register = template.Library()


_LABELS: dict[tuple[type[models.Model], str], dict[str, Any]] = {}


def _labels(model: type[models.Model], field: str) -> dict[str, Any]:
    """A field's labels by value (lazy, so each page shows them in its own language); read once
    per model and field, since a list page renders a badge on every row."""
    key = (model, field)
    if key not in _LABELS:
        choices = getattr(model._meta.get_field(field), "flatchoices", [])
        _LABELS[key] = {str(value): label for value, label in choices}
    return _LABELS[key]


@register.simple_tag
def badge(obj: Any, field: str, extra_class: str = "") -> SafeString | str:
    """The field's label in a badge of its declared colour ("" for an empty value)."""
    value = getattr(obj, field, None)
    if value in (None, ""):
        return ""
    model = type(obj)
    label = _labels(model, field).get(str(value), value)
    css = colour_for(model._meta.get_field(field).choices or [], value)
    if extra_class:
        css = f"{css} {extra_class}"
    return format_html('<span class="badge {}" data-value="{}">{}</span>', css, value, label)
