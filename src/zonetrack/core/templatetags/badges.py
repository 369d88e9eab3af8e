"""``{% badge obj "field" %}``: any choice field as a badge, coloured as its choices declare."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString

from zonetrack.core.badges import DEFAULT_CSS, colours_of

register = template.Library()


_FIELDS: dict[tuple[type[models.Model], str], tuple[dict[str, Any], dict[str, str]]] = {}


def _field(model: type[models.Model], field: str) -> tuple[dict[str, Any], dict[str, str]]:
    """A field's labels (lazy, so each page shows them in its own language) and badge classes
    by value; read once per model and field, since a list page renders a badge on every row."""
    key = (model, field)
    if key not in _FIELDS:
        model_field = model._meta.get_field(field)
        choices = getattr(model_field, "flatchoices", [])
        labels = {str(value): label for value, label in choices}
        _FIELDS[key] = (labels, colours_of(getattr(model_field, "choices", None) or []))
    return _FIELDS[key]


@register.simple_tag
def badge(obj: Any, field: str, extra_class: str = "") -> SafeString | str:
    """The field's label in a badge of its declared colour ("" for an empty value)."""
    value = getattr(obj, field, None)
    if value in (None, ""):
        return ""
    labels, colours = _field(type(obj), field)
    label = labels.get(str(value), value)
    css = colours.get(str(value), DEFAULT_CSS)
    if extra_class:
        css = f"{css} {extra_class}"
    return format_html('<span class="badge {}" data-value="{}">{}</span>', css, value, label)
