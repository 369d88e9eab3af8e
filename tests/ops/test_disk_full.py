"""Disk full on the data directory during an upload: a clear error, nothing corrupted.

The media directory is a tmpfs of 256 KB mounted for the test (as root), so the disk really
fills while the upload is written. Without root (or where mounting is not allowed) the same
test runs with the disk-full error simulated at the storage layer instead: the file's writes
fail with ENOSPC after part of it is on disk.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import World, client_for
from zonetrack.core.models import Job

LIMIT = "256k"


@pytest.fixture
def small_media(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A media directory that is full after 256 KB: a tmpfs, or ENOSPC simulated."""
    media = tmp_path / "media"
    media.mkdir()
    mount, umount = shutil.which("mount"), shutil.which("umount")
    mounted = bool(
        os.geteuid() == 0
        and mount
        and umount
        and subprocess.run(
            [mount, "-t", "tmpfs", "-o", f"size={LIMIT},mode=0755", "tmpfs", str(media)],
            capture_output=True,
        ).returncode
        == 0
    )
    if not mounted:
        _simulate_enospc(monkeypatch, limit=256 * 1024)
    settings.MEDIA_ROOT = media
    try:
        yield media
    finally:
        if mounted:
            subprocess.run([str(umount), str(media)], check=True)


def _simulate_enospc(monkeypatch: pytest.MonkeyPatch, *, limit: int) -> None:
    """Writes of stored files fail with ENOSPC once ``limit`` bytes are on disk."""
    from django.core.files.storage import filesystem

    real_fdopen = filesystem.os.fdopen

    class Full(io.FileIO):
        def write(self, data: Any) -> int:
            if self.tell() + len(data) > limit:
                super().write(bytes(data)[: max(0, limit - self.tell())])
                raise OSError(errno.ENOSPC, "No space left on device")
            return super().write(data)

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        return Full(fd, "wb") if "w" in mode else real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(filesystem.os, "fdopen", fdopen)


def _zone_csv(rows: int) -> SimpleUploadedFile:
    lines = ["开发区名称,行政区划代码,规划面积"]
    lines += [f"满盘区{n:06d}{'x' * 40},141023,3" for n in range(rows)]
    return SimpleUploadedFile("zones.csv", "\n".join(lines).encode())


def _files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def test_an_upload_that_fills_the_disk_is_refused_clearly_and_leaves_nothing(
    world: World, small_media: Path
) -> None:
    client = client_for(world.city_manager)
    url = reverse("registry:zone_import")
    big = _zone_csv(10000)  # about 650 KB: more than the disk holds
    assert big.size is not None and big.size > 512 * 1024

    response = client.post(url, {"file": big, "parent": world.city.pk})

    assert response.status_code == 507
    page = response.content.decode()
    assert "存储空间已满" in page and "未保存" in page
    assert _files(small_media) == []  # no half-written file
    assert not Job.objects.exists()  # and no job pointing at one

    # Nothing else is broken: a file that fits is taken as before.
    response = client.post(url, {"file": _zone_csv(3), "parent": world.city.pk})
    assert response.status_code == 302
    assert Job.objects.filter(kind="registry.zone_preview", status="done").count() == 1
    assert len(_files(small_media)) >= 1


def test_the_api_says_disk_full_in_its_error_shape(rf: Any) -> None:
    from zonetrack.core.diskfull import DiskFullMiddleware

    middleware = DiskFullMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    error = OSError(errno.ENOSPC, "No space left on device")
    response = middleware.process_exception(rf.post("/api/projects/1/photos"), error)
    assert response is not None and response.status_code == 507
    assert b'"code": "disk_full"' in response.content
    assert middleware.process_exception(rf.get("/"), OSError(errno.EACCES, "denied")) is None
