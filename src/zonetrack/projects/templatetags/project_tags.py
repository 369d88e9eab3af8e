"""Tags of the projects pages: ``{% may_verify as shown %}`` (whether the user verifies any
claims, so the verification queue's tab is offered only to them)."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

from zonetrack.projects import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def may_verify(context: dict[str, Any]) -> bool:
    """Whether the signed-in user supervises a zone, i.e. has a verification queue."""
    request = context.get("request")
    # Never None: to the access rules None is zonetrack itself, which may do everything.
    return permissions.can_verify_any_stage(getattr(request, "user", None) or AnonymousUser())
