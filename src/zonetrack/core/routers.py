"""Read replica: dashboard and list pages read from DATABASE_REPLICA_URL, the rest the primary.

Only the reads of a GET of a dashboard or a list page (``replica_page``) go to the replica, and
only outside a transaction: a write, and every read inside a write's transaction, stays on the
primary. A browser that has just written something reads from the primary for a few seconds
after (a cookie), so the list it is sent back to shows its own change despite the replica's lag.
Sessions and sign-in records are always read from the primary (a session made a moment ago).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
# Seconds a browser reads from the primary after it wrote (longer than the replica's lag).
PIN_SECONDS = 10
PIN_COOKIE = "zonetrack_primary"
# Read from the primary whatever the page: sessions, sign-in attempts, jobs and their progress.
PRIMARY_ONLY_APPS = {"sessions", "axes", "core"}

_replica_reads: ContextVar[bool] = ContextVar("zonetrack_replica_reads", default=False)


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Within the block, reads outside a transaction go to the replica (when one is set)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    """Sends reads to the replica inside ``replica_reads`` and outside any transaction of the
    primary; writes, migrations and everything else to the primary."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if (
            _replica_reads.get()
            and REPLICA in settings.DATABASES
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        return "default"

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"


def replica_page(request: HttpRequest) -> bool:
    """Whether a request is a read of a dashboard or a list page (by its URL name)."""
    match = getattr(request, "resolver_match", None)
    if request.method not in {"GET", "HEAD"} or match is None or not match.url_name:
        return False
    return "dashboards" in match.namespaces or match.url_name.endswith(("_list", "list"))


class ReplicaReadsMiddleware:
    """Routes the reads of dashboard and list pages to the replica; pins a browser that has
    just written to the primary for PIN_SECONDS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        finally:
            token = getattr(request, "_replica_token", None)
            if token is not None:
                _replica_reads.reset(token)
        if request.method not in {"GET", "HEAD", "OPTIONS"}:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(self, request: HttpRequest, *args: Any) -> None:
        if replica_page(request) and not request.COOKIES.get(PIN_COOKIE):
            request._replica_token = _replica_reads.set(True)  # type: ignore[attr-defined]
