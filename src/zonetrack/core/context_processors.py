"""Template context shared by every page: the navigation of the product's areas."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The areas of DESIGN.md; those not built yet lead to a 'coming' page."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    current = request.path
    items = []
    for url_name, label, key in settings.NAVIGATION:
        url = reverse(url_name) if url_name else reverse(settings.NAVIGATION_COMING, args=[key])
        is_home = url_name == settings.LOGIN_REDIRECT_URL
        active = current == url if is_home else current.startswith(url)
        items.append(
            {"label": label, "url": url, "key": key, "active": active, "coming": not url_name}
        )
    return {"nav": items}
