"""Every API error answers ``{"error": {"code", "message", "fields"}}`` with its HTTP status."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from zonetrack.core.dberrors import DATABASE_ERRORS, RETRY_AFTER_SECONDS
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
    503: "unavailable",
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
            # A check of ours speaks for itself, without pydantic's prefix.
            message = message.removeprefix("Value error, ")
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


def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE >> 20
    return error_response(413, _("The request is larger than %(mb)d MB.") % {"mb": limit})


def _bad_request(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A body that cannot be read as its declared type (a multipart body without its
    boundary, too many fields)."""
    return error_response(400, _("The request body cannot be read as its content type says."))


def _unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.warning("API: database unavailable: %s", exc)
    return unavailable_response()


def unavailable_response() -> HttpResponse:
    """503 with Retry-After: the database is restarting or unreachable; nothing was done."""
    response = error_response(
        503, _("The service is briefly unavailable; nothing was changed. Try again shortly.")
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error", exc_info=exc)
    return error_response(500, _("Internal error; it has been logged."))


# An exception class and its answer; ninja types a handler's exception loosely (the class or
# an instance), so the table holds them as taking Any.
Handler = Callable[[HttpRequest, Any], HttpResponse]
HANDLERS: list[tuple[type[Exception], Handler]] = [
    (NinjaValidationError, _validation),
    (DjangoValidationError, _django_validation),
    (HttpError, _http_error),
    (Http404, _not_found),
    (PermissionDenied, _forbidden),
    (StaleVersion, _stale),
    (IntegrityError, _integrity),
    (RequestDataTooBig, _too_large),
    (MultiPartParserError, _bad_request),
    (SuspiciousOperation, _bad_request),
    (BadRequest, _bad_request),
    *((database_error, _unavailable) for database_error in DATABASE_ERRORS),
    (Exception, _server_error),
]


def install(api: NinjaAPI) -> None:
    """Register the handlers on the API object."""
    for exception, handler in HANDLERS:
        api.add_exception_handler(exception, handler)


# --- the error responses every operation declares in the OpenAPI document -------------------

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string", "enum": sorted(set(CODES.values()) | {"error"})},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
                "current_version": {"type": "integer"},
            },
        }
    },
}

_DESCRIPTIONS = {
    400: "Invalid fields or parameters, or an unreadable body",
    401: "Not signed in, or the token is unknown, revoked or its user locked out",
    403: "Not allowed (or the session's CSRF token is missing)",
    404: "Not found, or not visible to the caller",
    409: "The record changed since the given version, or conflicts with another",
    413: "The request body is too large",
    503: "The database is briefly unavailable; retry after the given seconds",
}
_UNSAFE = {"post", "put", "patch", "delete"}


def error_statuses(method: str, operation: dict[str, Any]) -> list[int]:
    """The error statuses an operation can answer with, from its shape."""
    statuses = [503]
    # Parameters and bodies can be invalid, and the ids in them unknown or out of sight.
    if operation.get("parameters") or "requestBody" in operation:
        statuses += [400, 404]
    if operation.get("security"):
        statuses.append(401)
    if method in _UNSAFE:
        statuses += [400, 403, 404, 409]
    if "requestBody" in operation:
        statuses.append(413)
    return sorted(set(statuses))


def declare_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error responses, each with the one error schema, to every operation."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status in error_statuses(method, operation):
                response: dict[str, Any] = {
                    "description": _DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": ref}},
                }
                if status == 503:
                    response["headers"] = {
                        "Retry-After": {
                            "description": "seconds to wait before retrying",
                            "schema": {"type": "integer"},
                        }
                    }
                operation["responses"].setdefault(status, response)
    return schema
