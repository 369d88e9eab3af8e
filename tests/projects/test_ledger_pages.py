"""The ledger pages: export of the filtered list, import with preview and confirm, and the
background jobs that take over for large files."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.conftest import World, client_for
from zonetrack.core import jobs
from zonetrack.core.models import Job
from zonetrack.projects.models import Project

from .test_ledger import YEAR, ledger_file
from .test_ledger import new_rows as named_rows


def new_rows(count: int) -> list[list[Any]]:
    """New projects without a leader (the test users have no display names)."""
    return [[*row[:8], None, *row[9:]] for row in named_rows(count)]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


def upload(data: bytes, name: str = "台账.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def cells(content: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_export_is_the_filtered_list_in_the_ledger_layout(world: World) -> None:
    response = client_for(world.a_manager).get(
        reverse("projects:ledger_export"), {"zone": world.zone_a.pk}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = cells(b"".join(response.streaming_content) if response.streaming else response.content)
    assert "甲区" in rows[0][0] and rows[1][-1] == "单位：万元"
    names = [row[1] for row in rows[4:]]
    assert world.project_a.name in names and "合计" in names
    assert world.project_b.name not in names


def test_a_long_export_runs_as_a_job_with_a_file_only_its_owner_gets(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "JOB_ROWS", 0)
    client = client_for(world.city_manager)
    response = client.get(reverse("projects:ledger_export"), {"zone": world.zone_a.pk})
    job = Job.objects.get(owner=world.city_manager)
    assert response.status_code == 302 and response.url == reverse("core:job_detail", args=[job.pk])
    assert job.status == "done" and job.file_name.endswith(".xlsx")
    page = client.get(response.url).content.decode()
    assert 'id="job-download"' in page
    content = b"".join(client.get(reverse("core:job_file", args=[job.pk])).streaming_content)
    names = [row[1] for row in cells(content)[4:]]
    assert world.project_a.name in names and world.project_b.name not in names
    # Someone else's job is not there at all.
    other = client_for(world.a_manager)
    assert other.get(reverse("core:job_detail", args=[job.pk])).status_code == 404
    assert other.get(reverse("core:job_file", args=[job.pk])).status_code == 404
    assert job.title not in other.get(reverse("core:job_list")).content.decode()


def test_import_previews_then_writes_all_rows(world: World) -> None:
    client = client_for(world.a_manager)
    url = reverse("projects:ledger_import")
    response = client.post(
        url, {"file": upload(ledger_file(new_rows(3))), "zone": world.zone_a.pk, "year": YEAR}
    )
    preview = Job.objects.get(kind="projects.ledger_preview")
    assert response.status_code == 302
    assert response.url == reverse("core:job_detail", args=[preview.pk])
    page = client.get(response.url).content.decode()
    assert 'id="import-preview"' in page and 'id="import-confirm"' in page
    assert page.count('data-action="create"') == 3
    assert not Project.objects.filter(name__startswith="新建项目").exists()
    response = client.post(url, {"confirm": "1", "preview": preview.pk})
    assert response.status_code == 302
    assert Project.objects.filter(zone=world.zone_a, name__startswith="新建项目").count() == 3
    # The same confirmation cannot write twice.
    again = client.post(url, {"confirm": "1", "preview": preview.pk})
    assert again.status_code == 302 and again.url == url
    assert Project.objects.filter(name__startswith="新建项目").count() == 3


def test_import_refuses_a_zone_out_of_sight_and_a_file_that_is_no_ledger(world: World) -> None:
    client = client_for(world.a_manager)
    url = reverse("projects:ledger_import")
    response = client.post(url, {"file": upload(ledger_file(new_rows(1))), "zone": world.zone_b.pk})
    assert response.status_code == 400 and "zone" in response.context["form"].errors
    response = client.post(
        url, {"file": upload(b"\x00\x01 no sheet", "x.xlsx"), "zone": world.zone_a.pk}
    )
    assert response.status_code == 400 and "file" in response.context["form"].errors
    assert not Project.objects.filter(name__startswith="新建项目").exists()


def test_a_large_import_is_checked_and_written_by_jobs(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "JOB_BYTES", 0)
    client = client_for(world.a_manager)
    url = reverse("projects:ledger_import")
    bad = new_rows(4)
    bad[2][4] = -1  # a negative total investment rejects its row
    response = client.post(url, {"file": upload(ledger_file(bad)), "zone": world.zone_a.pk})
    preview = Job.objects.get(kind="projects.ledger_preview")
    assert response.url == reverse("core:job_detail", args=[preview.pk])
    page = client.get(response.url).content.decode()
    assert page.count('data-action="reject"') == 1 and 'id="import-confirm"' not in page
    report = cells(
        b"".join(client.get(reverse("core:job_file", args=[preview.pk])).streaming_content)
    )
    rejected = [row for row in report[2:] if row[2] == "拒绝"]
    assert [row[0] for row in rejected] == [7] and rejected[0][4]

    response = client.post(url, {"file": upload(ledger_file(new_rows(4))), "zone": world.zone_a.pk})
    page = client.get(response.url).content.decode()
    assert 'id="import-confirm"' in page
    preview = Job.objects.filter(kind="projects.ledger_preview").first()
    response = client.post(url, {"confirm": "1", "preview": preview.pk})
    done = Job.objects.get(kind="projects.ledger_import")
    assert response.url == reverse("core:job_detail", args=[done.pk])
    assert done.status == "done" and done.result["imported"]["create"] == 4
    assert Project.objects.filter(zone=world.zone_a, name__startswith="新建项目").count() == 4
    assert 'id="import-result"' in client.get(response.url).content.decode()


def test_a_job_that_fails_says_why(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "JOB_BYTES", 0)
    client = client_for(world.a_manager)
    url = reverse("projects:ledger_import")
    response = client.post(url, {"file": upload(ledger_file(new_rows(2))), "zone": world.zone_a.pk})
    preview = Job.objects.get(kind="projects.ledger_preview")
    # The zone's committee loses the manager between the preview and the import.
    world.a_manager.memberships.all().delete()
    response = client.post(url, {"confirm": "1", "preview": preview.pk})
    assert response.status_code == 404  # the zone is out of sight now
    assert not Project.objects.filter(name__startswith="新建项目").exists()


def test_progress_polls_until_the_job_is_done(world: World) -> None:
    job = Job.objects.create(kind="projects.ledger_export", owner=world.a_manager, title="台账")
    jobs.Progress(job.pk).step(250, 1000, "Writing projects")
    client = client_for(world.a_manager)
    url = reverse("core:job_detail", args=[job.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "250 / 1000" in fragment and "25%" in fragment and "every 1s" in fragment
    job.status = "done"
    job.save()
    assert client.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"
