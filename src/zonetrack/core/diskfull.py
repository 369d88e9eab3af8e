"""A full disk (or quota) under the data directory answers 507 with a clear message, never 500,
and leaves no half-written file behind.

The storage of uploaded files removes what it had written of a file it could not finish, and
the middleware turns the error into a page (or the API's error shape) saying that nothing was
saved and that an administrator must free space. The request's database transaction, if any,
is rolled back by the error as usual, so no row points at a missing file.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
from collections.abc import Callable
from typing import Any

from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape

logger = logging.getLogger(__name__)

DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
STATUS = 507  # Insufficient Storage

# Plain and bilingual like core.dberrors' page: rendering must not need what just failed.
_PAGE = """<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>{title}</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>{title}</h1>
<p>服务器存储空间已满，您上传的文件未保存，其他数据未受影响。请联系管理员清理空间后重试。</p>
<p lang="en">The server's storage is full: your file was not saved and nothing else was
changed. Ask an administrator to free space, then try again.</p>
</body></html>
"""
MESSAGE = "The server's storage is full: nothing was saved. Ask an administrator to free space."


def is_disk_full(exc: BaseException | None) -> bool:
    return isinstance(exc, OSError) and exc.errno in DISK_FULL_ERRNOS


class FileSystemStorage(DjangoFileSystemStorage):
    """Django's file storage, removing the part of a file it could not finish writing."""

    def _save(self, name: str, content: Any) -> str:
        try:
            return str(super()._save(name, content))  # type: ignore[misc]
        except OSError as exc:
            if is_disk_full(exc):
                # The name was free when the save began (it opens with O_EXCL): the file there
                # is this save's own unfinished one.
                with contextlib.suppress(OSError):
                    os.remove(self.path(name))
            raise


class DiskFullMiddleware:
    """Answers a request that ran out of disk space with 507 and a clear message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_disk_full(exception):
            return None
        logger.error("disk full while answering %s %s: %s", request.method, request.path, exception)
        if request.path.startswith("/api/"):
            body = {"error": {"code": "disk_full", "message": MESSAGE, "fields": {}}}
            return JsonResponse(body, status=STATUS)
        title = escape("存储空间已满 · Storage full")
        return HttpResponse(
            _PAGE.format(title=title), status=STATUS, content_type="text/html; charset=utf-8"
        )
