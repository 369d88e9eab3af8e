"""An uploaded file kept between an import's preview and its confirmation."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest


def stash(request: HttpRequest, key: str, data: bytes, name: str, **extra: Any) -> dict[str, Any]:
    """Store the upload under a new token and remember it in the session under ``key``; the
    preview's confirm form sends the token back."""
    token = uuid.uuid4().hex
    suffix = ".csv" if name.lower().endswith(".csv") else ".xlsx"
    path = default_storage.save(f"imports/{token}{suffix}", ContentFile(data))
    pending = {"token": token, "path": path, "name": name, **extra}
    request.session[key] = pending
    return pending


def confirmed(request: HttpRequest, key: str) -> dict[str, Any] | None:
    """The stashed upload the posted token names, or None when it has expired or was used."""
    pending = request.session.get(key)
    if not pending or pending.get("token") != request.POST.get("token"):
        return None
    return pending


def read(pending: dict[str, Any]) -> bytes:
    with default_storage.open(pending["path"], "rb") as upload:
        return upload.read()


def size(pending: dict[str, Any]) -> int:
    return default_storage.size(pending["path"])


def discard(pending: dict[str, Any]) -> None:
    """Delete the stored file once its import is written."""
    default_storage.delete(pending["path"])
