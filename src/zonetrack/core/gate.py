"""The access gate as core's base views see it: accounts plugs its visibility rule in at start.

core sits below every app and imports none of them, yet its base views must load records
through the one gate. ``accounts`` registers its ``get_visible`` from its AppConfig.ready; until
it has, loading a record fails loudly — a missing gate must never mean "everything is visible".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models

GetVisible = Callable[..., Any]

_get_visible: GetVisible | None = None


def register(get_visible: GetVisible) -> None:
    """Install the gate's "one record the user may see, else 404" function."""
    global _get_visible
    _get_visible = get_visible


def get_visible(queryset: models.QuerySet[Any], user: Any, **lookup: Any) -> Any:
    """One record the user may see (404 otherwise), decided by the registered gate."""
    if _get_visible is None:
        raise ImproperlyConfigured("No access gate is registered (is accounts installed?)")
    return _get_visible(queryset, user, **lookup)


def require(allowed: bool) -> None:
    """403 unless the step is allowed (the record itself is already known to be visible)."""
    if not allowed:
        raise PermissionDenied
