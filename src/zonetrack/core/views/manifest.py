"""The web app manifest, so a phone can add zonetrack to its home screen."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

# Tabler's primary blue, the colour of the icons and of the browser bar.
THEME_COLOUR = "#206bc4"


@require_safe
@cache_control(max_age=3600, public=True)
def manifest(request: HttpRequest) -> JsonResponse:
    """Public, like the icons it names: browsers fetch a manifest without the session cookie.

    It names no data, and no service worker is offered: signing in stays online.
    """
    name = settings.ZONETRACK_APP_NAME
    body = {
        "name": name,
        "short_name": settings.ZONETRACK_APP_SHORT_NAME,
        "lang": "zh-CN",
        # Relative to the manifest's own address, which is the site's root (under any prefix).
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {
                "src": static(f"zonetrack/icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size in (192, 512)
        ],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
