"""A problem is raised with site photos, checked like a report's and served through the
problem's own visibility (its zone, and the unit it is handed to)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zonetrack.dispatch import selectors, services
from zonetrack.dispatch.models import Problem
from zonetrack.projects.models import SitePhoto
from zonetrack.projects.services import PhotoUpload, report_submit

from ..conftest import World, client_for
from ..projects.test_files import image_bytes

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path
    yield


def raise_with(client: Any, world: World, files: list[Any], meta: Any) -> Any:
    url = reverse("dispatch:problem_create") + f"?project={world.project_a.pk}"
    return client.post(
        url,
        {
            "project": world.project_a.pk,
            "category": "power",
            "description": "电力增容未批复",
            "raised_on": TODAY.isoformat(),
            "deadline_on": (TODAY + timedelta(days=7)).isoformat(),
            "responsible_unit": world.org_a.pk,
            "photo": files,
            "photo_meta": json.dumps(meta),
        },
    )


def test_an_officer_raises_a_problem_with_a_photo_seen_on_its_page(world: World) -> None:
    officer = client_for(world.a_officer)
    form = officer.get(reverse("dispatch:problem_create") + f"?project={world.project_a.pk}")
    assert 'capture="environment"' in form.content.decode()
    assert 'enctype="multipart/form-data"' in form.content.decode()
    response = raise_with(
        officer,
        world,
        [SimpleUploadedFile("变电站.jpg", image_bytes("JPEG"))],
        [{"taken_at": "2026-11-30T08:00:00+08:00", "lat": 36.2, "lng": 111.6}],
    )
    assert response.status_code == 302
    problem = Problem.objects.get()
    [photo] = selectors.problem_photos(problem)
    assert (photo.latitude, photo.longitude) == (Decimal("36.2"), Decimal("111.6"))
    assert photo.project == world.project_a and photo.report is None
    url = reverse("dispatch:problem_photo", kwargs={"problem_id": problem.pk, "photo_id": photo.pk})
    page = officer.get(reverse("dispatch:problem_detail", kwargs={"problem_id": problem.pk}))
    assert f'src="{url}"' in page.content.decode()
    served = officer.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert client_for(world.b_manager).get(url).status_code == 404
    # A photo of another problem is not reachable through this one's address.
    other = services.problem_create(
        actor=world.a_manager,
        project=world.project_a,
        category="land",
        description="用地未报批",
        deadline_on=TODAY + timedelta(days=3),
        photos=[PhotoUpload(file=SimpleUploadedFile("b.png", image_bytes("PNG")))],
    )
    [theirs] = selectors.problem_photos(other)
    mixed = reverse(
        "dispatch:problem_photo", kwargs={"problem_id": problem.pk, "photo_id": theirs.pk}
    )
    assert officer.get(mixed).status_code == 404


def test_a_bad_photo_refuses_the_problem_with_a_field_error(world: World) -> None:
    officer = client_for(world.a_officer)
    response = raise_with(
        officer, world, [SimpleUploadedFile("scan.jpg", b"%PDF-1.4 not a photo")], []
    )
    assert response.status_code == 400
    assert response.context["form"].errors["photo"] == [
        "scan.jpg: 照片须为 JPEG、PNG 或 WebP 格式的图片。"
    ]
    assert not Problem.objects.exists() and not SitePhoto.objects.exists()


def test_editing_a_problem_does_not_offer_photos(world: World) -> None:
    problem = services.problem_create(
        actor=world.a_manager,
        project=world.project_a,
        category="land",
        description="用地未报批",
        deadline_on=TODAY + timedelta(days=3),
    )
    page = client_for(world.a_manager).get(
        reverse("dispatch:problem_edit", kwargs={"problem_id": problem.pk})
    )
    assert page.status_code == 200 and 'name="photo"' not in page.content.decode()


def test_the_battle_map_marks_where_report_photos_were_taken(world: World) -> None:
    month = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
    report = report_submit(
        actor=world.a_manager,
        project=world.project_a,
        month=month,
        invested_wan=Decimal(1),
        photos=[
            PhotoUpload(
                file=SimpleUploadedFile("placed.jpg", image_bytes("JPEG")),
                latitude=Decimal("36.1"),
                longitude=Decimal("111.5"),
            ),
            PhotoUpload(file=SimpleUploadedFile("nowhere.jpg", image_bytes("JPEG"))),
        ],
    )
    placed = report.photos.get(latitude__isnull=False)
    response = client_for(world.a_viewer).get(
        reverse("dashboards:battle_map", kwargs={"zone_id": world.zone_a.pk})
    )
    [point] = response.context["data"]["photos"]
    assert (point["id"], point["lat"], point["lng"]) == (placed.pk, 36.1, 111.5)
    assert point["name"] == world.project_a.name
    assert point["url"] == reverse(
        "projects:site_photo", kwargs={"project_id": world.project_a.pk, "photo_id": placed.pk}
    )
    assert client_for(world.a_viewer).get(point["url"]).status_code == 200
    # Another zone's map has none of them.
    other = client_for(world.b_manager).get(
        reverse("dashboards:battle_map", kwargs={"zone_id": world.zone_b.pk})
    )
    assert other.context["data"]["photos"] == []
