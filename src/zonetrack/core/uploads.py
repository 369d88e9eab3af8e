"""Uploaded import files kept between an upload, its preview job and its import job."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from .limits import MAX_SHEET_BYTES

logger = logging.getLogger(__name__)

# Everything an import keeps between its steps lives under this folder of the media storage.
FOLDER = "imports"
# An unconfirmed preview's upload and plan are deleted after this long.
KEEP_FOR = timedelta(days=1)
# Magic bytes of the files an import accepts; anything else is refused before it is stored.
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def stash(upload: File, name: str, **extra: Any) -> dict[str, Any]:
    """Store an uploaded file in chunks (never whole in memory) under a new token; the dict
    returned is what the preview and import jobs get as their parameters."""
    token = uuid.uuid4().hex
    suffix = ".csv" if name.lower().endswith((".csv", ".txt")) else ".xlsx"
    upload.seek(0)
    path = default_storage.save(f"{FOLDER}/{token}{suffix}", upload)
    return {"token": token, "path": path, "name": name, "size": upload.size or 0, **extra}


def sheet_refusal(upload: File, name: str) -> str | None:
    """Why an uploaded spreadsheet is refused at once (too large, not a sheet), or None."""
    if upload.size is not None and upload.size > MAX_SHEET_BYTES:
        return _("The file is larger than %(limit)d MB.") % {"limit": MAX_SHEET_BYTES >> 20}
    if not looks_like_a_sheet(upload, name):
        return _("This file is not an .xlsx or .csv spreadsheet.")
    return None


def looks_like_a_sheet(upload: File, name: str) -> bool:
    """A cheap first look, in the request: an .xlsx (zip) or old .xls by its first bytes, or a
    text file by its name. The full check is the preview job's."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(_XLSX_MAGIC) or head.startswith(_OLE_MAGIC):
        return True
    return name.lower().endswith((".csv", ".txt")) and b"\x00" not in head


def open_stashed(pending: dict[str, Any]) -> File:
    """The stashed file, opened for reading (the caller closes it)."""
    return default_storage.open(pending["path"], "rb")


def read(pending: dict[str, Any]) -> bytes:
    with open_stashed(pending) as upload:
        return upload.read()


def size(pending: dict[str, Any]) -> int:
    return default_storage.size(pending["path"])


def exists(pending: dict[str, Any]) -> bool:
    return bool(pending.get("path")) and default_storage.exists(pending["path"])


def discard(pending: dict[str, Any]) -> None:
    """Delete the stored file (and a kept plan) once its import is written or expired."""
    for key in ("path", "plan_path"):
        if pending.get(key):
            default_storage.delete(pending[key])


def purge_stale(*, now: datetime | None = None, keep_for: timedelta = KEEP_FOR) -> int:
    """Delete every kept upload and plan older than ``keep_for``: previews nobody confirmed.
    Returns how many files were deleted."""
    cutoff = (now or timezone.now()) - keep_for
    deleted = 0
    for folder in (FOLDER, f"{FOLDER}/plans"):
        try:
            _dirs, files = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        for name in files:
            path = f"{folder}/{name}"
            try:
                if default_storage.get_modified_time(path) < cutoff:
                    default_storage.delete(path)
                    deleted += 1
            except FileNotFoundError:  # deleted meanwhile by its import
                continue
    if deleted:
        logger.info("deleted %d stale import files", deleted)
    return deleted
