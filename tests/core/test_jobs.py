"""Background jobs: imports run in jobs, not in the upload request; dead workers are found and
their jobs retried without doubling an effect; the consumer is supervised; stale previews go."""

from __future__ import annotations

import io
import os
import signal
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from huey.contrib.djhuey import HUEY

from tests.conftest import World, client_for
from zonetrack.core import chunked, jobs, uploads
from zonetrack.core.management.commands.serve import Supervisor
from zonetrack.core.models import Job, JobStatus
from zonetrack.registry import imports
from zonetrack.registry.models import Zone


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


def zone_list(*names: str) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    workbook.active.append(["开发区名称", "行政区划代码", "规划面积"])
    for name in names:
        workbook.active.append([name, "141023", 3])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("zones.xlsx", buffer.getvalue())


def preview_and_confirm(world: World, *names: str) -> tuple[Job, Job]:
    client = client_for(world.city_manager)
    url = reverse("registry:zone_import")
    client.post(url, {"file": zone_list(*names), "parent": world.city.pk})
    preview = Job.objects.filter(kind="registry.zone_preview").first()
    client.post(url, {"confirm": "1", "preview": preview.pk})
    return preview, Job.objects.filter(kind="registry.zone_import").first()


def test_a_large_upload_is_only_stored_in_its_request(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The request stores the file and queues the preview; no sheet is opened in it."""

    def no_reading(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the request read the spreadsheet")

    monkeypatch.setattr(imports.sheet, "open_table", no_reading)
    monkeypatch.setattr(HUEY, "immediate", False)
    monkeypatch.setattr(jobs, "JOB_BYTES", 0)
    client = client_for(world.city_manager)
    response = client.post(
        reverse("registry:zone_import"), {"file": zone_list("丁区"), "parent": world.city.pk}
    )
    preview = Job.objects.get(kind="registry.zone_preview")
    assert response.status_code == 302
    assert response.url == reverse("core:job_detail", args=[preview.pk])
    assert preview.status == JobStatus.QUEUED and default_storage.exists(preview.params["path"])
    page = client.get(response.url).content.decode()
    assert 'id="job-progress"' in page


def test_a_job_runs_once_however_often_it_is_delivered(world: World) -> None:
    _preview, job = preview_and_confirm(world, "丁区")
    assert job.status == JobStatus.DONE and job.result["imported"]["create"] == 1
    # A second delivery of the same task, and a second import job of the same preview.
    jobs.execute(job.pk)
    again = jobs.start(
        kind="registry.zone_import", owner=world.city_manager, title="again", params=job.params
    )
    assert again.status == JobStatus.DONE and again.result["already"]
    assert Zone.objects.filter(name="丁区").count() == 1


def test_a_job_whose_worker_died_is_failed_and_retried_by_its_owner(world: World) -> None:
    _preview, job = preview_and_confirm(world, "丁区")
    # The worker was killed after the import had been committed, before it said so.
    long_ago = timezone.now() - jobs.STALE_AFTER - timedelta(seconds=1)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=long_ago, result={})
    client = client_for(world.city_manager)
    url = reverse("core:job_detail", args=[job.pk])
    page = client.get(url).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and 'id="job-retry"' in page
    assert 'id="job-retry"' not in client_for(world.a_manager).get(url).content.decode()
    # Someone else cannot retry it.
    client_for(world.a_manager).post(reverse("core:job_retry", args=[job.pk]))
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED
    response = client.post(reverse("core:job_retry", args=[job.pk]))
    assert response.url == url
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result["already"] and job.attempts == 2
    assert Zone.objects.filter(name="丁区").count() == 1


def test_the_periodic_watch_fails_silent_jobs_and_spares_beating_ones(world: World) -> None:
    now = timezone.now()
    silent = Job.objects.create(
        kind="projects.ledger_export",
        owner=world.a_manager,
        title="silent",
        params={"query": f"zone={world.zone_a.pk}", "year": 2026},
        status=JobStatus.RUNNING,
        started_at=now - timedelta(hours=1),
        heartbeat_at=now - timedelta(minutes=10),
    )
    alive = Job.objects.create(
        kind="projects.ledger_export",
        owner=world.a_manager,
        title="alive",
        status=JobStatus.RUNNING,
        started_at=now - timedelta(hours=1),
        heartbeat_at=now - timedelta(minutes=10),
    )
    jobs.beat(alive.pk)
    jobs.watch_jobs.call_local()
    silent.refresh_from_db()
    alive.refresh_from_db()
    assert silent.status == JobStatus.FAILED and "Retry" in silent.message
    assert alive.status == JobStatus.RUNNING
    assert jobs.can_retry(silent)
    assert jobs.retry(silent, at_once=True)
    silent.refresh_from_db()
    assert silent.status == JobStatus.DONE and silent.file_name.endswith(".xlsx")


def test_an_unconfirmed_preview_loses_its_upload_after_a_day(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(world.city_manager)
    url = reverse("registry:zone_import")
    client.post(url, {"file": zone_list("丁区"), "parent": world.city.pk})
    old = Job.objects.get(kind="registry.zone_preview")
    client.post(url, {"file": zone_list("戊区"), "parent": world.city.pk})
    fresh = Job.objects.filter(kind="registry.zone_preview").first()
    assert jobs.can_confirm(old) and jobs.can_confirm(fresh)
    two_days_ago = time.time() - 2 * 86400
    for key in ("path", "plan_path"):
        os.utime(Path(settings.MEDIA_ROOT) / old.params[key], (two_days_ago, two_days_ago))
    jobs.purge_previews.call_local()
    assert not default_storage.exists(old.params["path"])
    assert not default_storage.exists(old.params["plan_path"])
    assert default_storage.exists(fresh.params["plan_path"])
    assert not jobs.can_confirm(old) and jobs.can_confirm(fresh)
    page = client.get(reverse("core:job_detail", args=[old.pk])).content.decode()
    assert 'id="import-confirm"' not in page and 'id="preview-expired"' in page
    response = client.post(url, {"confirm": "1", "preview": old.pk})
    assert response.url == url and not Zone.objects.filter(name="丁区").exists()
    assert uploads.purge_stale() == 0


def test_serve_restarts_its_consumer_when_it_is_killed() -> None:
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    supervisor = Supervisor(sleeper, backoff=0.05, poll=0.05).start()
    try:
        first = supervisor.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while supervisor.pid == first and time.monotonic() < deadline:
            time.sleep(0.05)
        assert supervisor.pid != first and supervisor.restarts == 1
        assert supervisor.process is not None and supervisor.process.poll() is None
    finally:
        supervisor.stop(timeout=5)
    assert supervisor.process.poll() is not None  # stopped with the server
    time.sleep(0.2)
    assert supervisor.restarts == 1  # and not started again


def test_an_import_whose_worker_died_midway_is_undone_then_retried_whole(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chunked, "CHUNK_ROWS", 2)
    names = [f"新{n}区" for n in range(1, 6)]
    client = client_for(world.city_manager)
    url = reverse("registry:zone_import")
    client.post(url, {"file": zone_list(*names), "parent": world.city.pk})
    preview = Job.objects.get(kind="registry.zone_preview")
    job = Job.objects.create(
        kind="registry.zone_import",
        owner=world.city_manager,
        title="import",
        params={"preview": preview.pk},
    )

    # The worker is killed while writing the third chunk: two chunks stay committed.
    def killed(chunk: Any) -> None:
        raise SystemExit

    calls = iter([True, True, False])
    real_write = imports.services.zones_bulk_create

    def write_or_die(**kwargs: Any) -> Any:
        return real_write(**kwargs) if next(calls) else killed(kwargs)

    monkeypatch.setattr(imports.services, "zones_bulk_create", write_or_die)
    monkeypatch.setattr(chunked.Run, "undo", lambda self: 0)  # nothing runs after a kill -9
    with pytest.raises(SystemExit):
        jobs.execute(job.pk)
    monkeypatch.undo()
    monkeypatch.setattr(chunked, "CHUNK_ROWS", 2)
    assert Zone.objects.filter(name__in=names).count() == 4  # half an import is visible
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))

    jobs.watch_jobs.call_local()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.result["undone"]
    assert not Zone.objects.filter(name__in=names).exists()
    assert jobs.retry(job, at_once=True)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result["imported"]["create"] == 5
    assert Zone.objects.filter(name__in=names).count() == 5


def test_a_long_zone_export_runs_as_a_job(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "JOB_ROWS", 0)
    client = client_for(world.a_manager)
    response = client.get(reverse("registry:zone_export"))
    job = Job.objects.get(kind="registry.zone_export")
    assert response.status_code == 302 and response.url == reverse("core:job_detail", args=[job.pk])
    assert job.status == JobStatus.DONE and job.file_name.endswith(".xlsx")
    content = b"".join(client.get(reverse("core:job_file", args=[job.pk])).streaming_content)
    names = [row[0] for row in openpyxl.load_workbook(io.BytesIO(content)).active.values]
    assert world.zone_a.name in names and world.zone_b.name not in names


def test_a_large_ledger_upload_is_only_stored_in_its_request(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.projects.test_ledger import ledger_file
    from tests.projects.test_ledger_pages import new_rows
    from zonetrack.projects.ledger import reading

    def no_reading(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the request read the spreadsheet")

    monkeypatch.setattr(reading, "open_table", no_reading)
    monkeypatch.setattr(HUEY, "immediate", False)
    monkeypatch.setattr(jobs, "JOB_BYTES", 0)
    response = client_for(world.a_manager).post(
        reverse("projects:ledger_import"),
        {
            "file": SimpleUploadedFile("台账.xlsx", ledger_file(new_rows(3))),
            "zone": world.zone_a.pk,
        },
    )
    preview = Job.objects.get(kind="projects.ledger_preview")
    assert response.url == reverse("core:job_detail", args=[preview.pk])
    assert preview.status == JobStatus.QUEUED
