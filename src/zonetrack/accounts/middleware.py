"""Session lifetime limits and the per-user interface language."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import translation

_STARTED = "zonetrack_started_at"
_SEEN = "zonetrack_seen_at"
# Write the last-seen mark at most this often, so reading pages does not write every time.
_SEEN_RESOLUTION_S = 60


class SessionLifetimeMiddleware:
    """End a session after the idle timeout or the absolute lifetime, whichever comes first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            session = request.session
            started = session.setdefault(_STARTED, now)
            seen = session.get(_SEEN, started)
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            lifetime = settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()
            if now - started > lifetime or now - seen > idle:
                logout(request)
                request.session["zonetrack_expired"] = True
            elif now - seen > _SEEN_RESOLUTION_S or _SEEN not in session:
                session[_SEEN] = now
        return self.get_response(request)


def language_for(request: HttpRequest) -> str:
    """The user's chosen language; anonymous visitors get the cookie or Chinese."""
    supported = {code for code, _ in settings.LANGUAGES}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in supported:
        return user.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return cookie if cookie in supported else settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    """Activate the language for this request. Browser headers are ignored on purpose:
    zonetrack speaks Chinese first, and English only to those who choose it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
