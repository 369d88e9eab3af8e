"""API authentication: bearer tokens for programs, the session (with CSRF) for the browser."""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from zonetrack.accounts.services import token_authenticate


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``; the user becomes ``request.user`` as for pages."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is None or is_locked_out(request, user):
            return None
        request.user = user
        return user


def is_locked_out(request: HttpRequest, user: Any) -> bool:
    """Whether sign-ins of ``user`` are locked after repeated failures (django-axes): a
    token must not open what the password may not while the lockout lasts."""
    return bool(AxesProxyHandler.is_locked(request, credentials={"username": user.username}))


class ActiveSession(SessionAuth):
    """The browser's signed-in session (CSRF checked on unsafe methods)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated and user.is_active else None
