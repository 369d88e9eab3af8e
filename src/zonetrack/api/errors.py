"""Every API error answers ``{"error": {"code", "message", "fields"}}`` with its HTTP status."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from zonetrack.core.errors import StaleVersion

logger = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_requests",
}

# Where a parameter came from is not part of its name for the caller.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file", "payload", "data"}


def error_body(
    code: str, message: str, fields: dict[str, list[str]] | None = None, **extra: Any
) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}, **extra}}


def error_response(
    status: int, message: str, fields: dict[str, list[str]] | None = None, **extra: Any
) -> HttpResponse:
    return JsonResponse(
        error_body(CODES.get(status, "error"), message, fields, **extra), status=status
    )


def _field_name(loc: Any) -> str:
    parts = [str(part) for part in loc if str(part) not in _SOURCES]
    # ninja wraps each parameter group in its function argument name: drop it when nested.
    if len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        if err.get("type") == "extra_forbidden":
            message = _("Unknown field.")
        else:
            message = str(err.get("msg", _("Invalid value.")))
        fields.setdefault(_field_name(err.get("loc", ())), []).append(message)
    return error_response(400, _("The request has invalid fields."), fields)


def _django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        fields = {name: [str(m) for m in msgs] for name, msgs in exc.message_dict.items()}
    else:
        fields = {"__all__": [str(m) for m in exc.messages]}
    return error_response(400, _("The request has invalid fields."), fields)


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        return error_response(401, _("Authentication required."))
    message = str(exc)
    if exc.status_code == 400 and "parse" in message.lower():
        message = _("The request body is not valid JSON.")
    return error_response(exc.status_code, message)


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(404, _("Not found."))


def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(403, _("You may not do this."))


def _stale(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
    return error_response(409, exc.message, current_version=exc.current_version)


def _integrity(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    return error_response(409, _("This conflicts with an existing record."))


def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error", exc_info=exc)
    return error_response(500, _("Internal error; it has been logged."))


def install(api: NinjaAPI) -> None:
    """Register the handlers on the API object."""
    api.add_exception_handler(NinjaValidationError, _validation)
    api.add_exception_handler(DjangoValidationError, _django_validation)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(PermissionDenied, _forbidden)
    api.add_exception_handler(StaleVersion, _stale)
    api.add_exception_handler(IntegrityError, _integrity)
    api.add_exception_handler(Exception, _server_error)
