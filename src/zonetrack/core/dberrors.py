"""A database that is restarting or unreachable answers 503 with Retry-After, never 500.

The API answers in its error shape (its exception handlers); everything else reaches
:func:`server_error`, the project's 500 handler, which tells a database outage apart."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.utils.html import escape
from django.views import defaults

# Connection refused, server restarting, connection lost, SQLite busy beyond its timeout.
DATABASE_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
# Long enough for a restart of PostgreSQL, short enough not to lose the person.
RETRY_AFTER_SECONDS = 10

# Plain and bilingual: rendering must not need the database (no session, no user, no
# template context processors), and the person's language may be unknown.
_PAGE = """<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>{title}</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>{title}</h1>
<p>系统正在恢复，您的操作未被执行。请稍候{seconds}秒后重试。</p>
<p lang="en">The service is briefly unavailable; nothing was changed.
Please try again in {seconds} seconds.</p>
</body></html>
"""


def is_database_outage(exc: BaseException | None) -> bool:
    return isinstance(exc, DATABASE_ERRORS)


def unavailable_page() -> HttpResponse:
    title = escape("暂时无法访问 · Temporarily unavailable")
    response = HttpResponse(
        _PAGE.format(title=title, seconds=RETRY_AFTER_SECONDS),
        status=503,
        content_type="text/html; charset=utf-8",
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def unavailable_json() -> HttpResponse:
    response = JsonResponse(
        {
            "error": {
                "code": "unavailable",
                "message": "The service is briefly unavailable; nothing was changed.",
                "fields": {},
            }
        },
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """The 500 handler: a database outage becomes 503 (the API's in its error shape);
    other errors keep Django's page, or the API's error shape under /api/."""
    exc = sys.exc_info()[1]
    is_api = request.path.startswith("/api/")
    if is_database_outage(exc):
        return unavailable_json() if is_api else unavailable_page()
    if is_api:
        return JsonResponse(
            {"error": {"code": "error", "message": "Internal error.", "fields": {}}}, status=500
        )
    try:
        return defaults.server_error(request, template_name)
    except Exception:  # a template that needs what failed must not hide the answer
        return HttpResponseServerError("<h1>Server Error (500)</h1>")
