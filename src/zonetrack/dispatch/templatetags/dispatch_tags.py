"""`{% load dispatch_tags %}{% unread_notifications as n %}`: the unread count for the header."""

from __future__ import annotations

from typing import Any

from django import template

from zonetrack.dispatch.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    """How many notifications the signed-in user has not read (one indexed count)."""
    request = context.get("request")
    return unread_count(getattr(request, "user", None)) if request is not None else 0
