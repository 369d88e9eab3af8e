"""``{% badge obj "field" %}``: any choice field as a badge, coloured as its choices declare."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from zonetrack.core.badges import colour_for

register = template.Library()


@register.simple_tag
def badge(obj: Any, field: str, extra_class: str = "") -> SafeString | str:
    """The field's label in a badge of its declared colour ("" for an empty value)."""
    value = getattr(obj, field, None)
    if value in (None, ""):
        return ""
    choices = obj._meta.get_field(field).choices or []
    label = getattr(obj, f"get_{field}_display")()
    css = colour_for(choices, value)
    if extra_class:
        css = f"{css} {extra_class}"
    return format_html('<span class="badge {}" data-value="{}">{}</span>', css, value, label)
