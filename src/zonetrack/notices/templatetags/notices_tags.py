"""Tags of the notices pages: ``{% unread_notifications as n %}`` (the header's count) and
``{% manages_webhooks as shows %}`` (whether to show the alert webhooks tab)."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

from zonetrack.notices.permissions import may_manage_webhooks
from zonetrack.notices.selectors import unread_count

register = template.Library()


def _user(context: template.Context) -> Any:
    request = context.get("request")
    # Never None: to the access rules None is zonetrack itself, which may do everything.
    return getattr(request, "user", None) or AnonymousUser()


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> int:
    """How many notifications the signed-in user has not read (one indexed count)."""
    return unread_count(_user(context))


@register.simple_tag(takes_context=True)
def manages_webhooks(context: template.Context) -> bool:
    """Whether the signed-in user manages an organisation (from the memberships in memory)."""
    return bool(may_manage_webhooks(_user(context)))
