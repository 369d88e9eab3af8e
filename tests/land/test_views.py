"""Land pages: the parcel list at a fixed number of queries, forms with field errors, status
changes, the zone's land map, ledger export and import with preview."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zonetrack.accounts.models import User
from zonetrack.land.choices import ParcelStatus
from zonetrack.land.models import Parcel

from ..conftest import World, client_for, make_user
from .factories import make_parcel, square


def _parcels(world: World, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        zone = world.zone_a if i % 2 else world.zone_b
        park = world.park_a if i % 2 else world.park_b
        make_parcel(zone, f"P-{i:04d}", area_mu=None, geometry=square(i, 0), park=park)


@pytest.mark.parametrize("url_name", ["land:parcel_list", "land:parcel_export"])
def test_list_pages_use_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries, url_name: str
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.city_manager)
    url = reverse(url_name)
    _parcels(world, 4)
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        assert client.get(url).status_code == 200
    _parcels(world, 40, start=4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_zone_map_data_uses_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.city_manager)
    url = reverse("land:zone_map_data", kwargs={"zone_id": world.zone_a.pk})
    _parcels(world, 4)
    client.get(url)
    with django_assert_max_num_queries(10) as few:
        assert client.get(url).status_code == 200
    _parcels(world, 30, start=4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = client.get(url).json()
    assert len(data["features"]) == 17
    assert {f["properties"]["role"] for f in data["features"]} == {"parcel-reserve"}


def test_the_list_shows_only_the_users_zones_with_totals(world: World) -> None:
    make_parcel(world.zone_a, "甲-01", area_mu="12.5")
    make_parcel(world.zone_b, "乙-01", area_mu="7")
    page = client_for(world.a_officer).get(reverse("land:parcel_list")).content.decode()
    assert "甲-01" in page and "乙-01" not in page
    assert "12.5" in page
    city = client_for(world.city_manager).get(
        reverse("land:parcel_list"), {"zone": world.zone_b.pk}
    )
    assert "乙-01" in city.content.decode() and "甲-01" not in city.content.decode()
    assert city.context["totals"]["count"] == 1


def test_filters_by_status_and_area(world: World) -> None:
    make_parcel(world.zone_a, "A-1", area_mu="5")
    make_parcel(world.zone_a, "A-2", area_mu="50", status=ParcelStatus.STANDARD)
    client = client_for(world.a_manager)
    rows = client.get(reverse("land:parcel_list"), {"status": "standard"}).context["parcels"]
    assert [p.code for p in rows] == ["A-2"]
    rows = client.get(reverse("land:parcel_list"), {"min_mu": "10"}).context["parcels"]
    assert [p.code for p in rows] == ["A-2"]
    rows = client.get(reverse("land:parcel_list"), {"min_mu": "x", "sort": "-area"})
    assert [p.code for p in rows.context["parcels"]] == ["A-2", "A-1"]
    for odd in ("NaN", "Infinity"):  # not numbers a query can compare with: ignored
        rows = client.get(reverse("land:parcel_list"), {"min_mu": odd}).context["parcels"]
        assert [p.code for p in rows] == ["A-1", "A-2"]


def test_an_officer_adds_a_parcel_with_an_outline_and_sees_field_errors(world: World) -> None:
    client = client_for(world.a_officer)
    url = reverse("land:parcel_create", kwargs={"zone_id": world.zone_a.pk})
    assert client.get(url).status_code == 200
    open_ring = square(0, 0)["coordinates"][0][:-1]
    response = client.post(
        url,
        {
            "code": "A-01",
            "land_use": "industrial",
            "status": "reserve",
            "geometry": json.dumps({"type": "Polygon", "coordinates": [open_ring]}),
        },
    )
    assert response.status_code == 400
    assert "does not close" in str(response.context["form"].errors["geometry"])
    response = client.post(url, {"code": "A-01", "land_use": "industrial", "status": "reserve"})
    assert response.status_code == 400 and "area_mu" in response.context["form"].errors
    wkt = "POLYGON((112.5 37.8, 112.501 37.8, 112.501 37.801, 112.5 37.801, 112.5 37.8))"
    response = client.post(
        url,
        {"code": "A-01", "land_use": "industrial", "status": "reserve", "geometry": wkt},
    )
    assert response.status_code == 302
    parcel = Parcel.objects.get(code="A-01")
    assert parcel.area_mu == Decimal("14.66")
    page = client.get(response["Location"]).content.decode()
    assert "14.66" in page and "0.9773" in page


def test_an_overlap_is_shown_and_can_be_confirmed(world: World) -> None:
    make_parcel(world.zone_a, "A-01", area_mu=None, geometry=square(0, 0))
    client = client_for(world.a_officer)
    url = reverse("land:parcel_create", kwargs={"zone_id": world.zone_a.pk})
    data = {
        "code": "A-02",
        "land_use": "industrial",
        "status": "reserve",
        "geometry": json.dumps(square(0, 0, lng=112.5005)),
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "A-01" in str(response.context["form"].errors["geometry"])
    response = client.post(url, {**data, "accept_overlap": "on"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'id="parcel-overlaps"' in page


def test_editing_is_refused_when_stale(world: World) -> None:
    parcel = make_parcel(world.zone_a, "A-01")
    client = client_for(world.a_officer)
    url = reverse("land:parcel_edit", kwargs={"parcel_id": parcel.pk})
    form = {"code": "A-01", "area_mu": "10", "land_use": "industrial", "version": 1}
    assert client.post(url, {**form, "name": "东"}).status_code == 302
    assert client.post(url, {**form, "name": "西"}).status_code == 409
    parcel.refresh_from_db()
    assert parcel.name == "东"


def test_a_status_change_from_the_parcels_page(world: World) -> None:
    parcel = make_parcel(world.zone_a, "A-01", status_on=date(2024, 1, 1))
    client = client_for(world.a_officer)
    page = client.get(reverse("land:parcel_detail", kwargs={"parcel_id": parcel.pk}))
    assert 'id="parcel-status-form"' in page.content.decode()
    url = reverse("land:parcel_status", kwargs={"parcel_id": parcel.pk})
    response = client.post(url, {"status": "supplied", "changed_on": "2024-05-01", "version": 1})
    assert response.status_code == 400
    assert "supplied_project" in response.context["form"].errors
    response = client.post(
        url,
        {
            "status": "supplied",
            "changed_on": "2024-05-01",
            "supplied_project": world.project_a.pk,
            "version": 1,
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert world.project_a.name in page and "2024-05-01" in page
    viewer = client_for(world.a_viewer)
    assert viewer.post(url, {"status": "idle", "changed_on": "2024-06-01"}).status_code == 403
    viewer_page = viewer.get(reverse("land:parcel_detail", kwargs={"parcel_id": parcel.pk}))
    assert 'id="parcel-status-form"' not in viewer_page.content.decode()


def test_the_zone_map_draws_the_parcels_outlines(world: World) -> None:
    make_parcel(world.zone_a, "A-01", area_mu=None, geometry=square(0, 0))
    make_parcel(world.zone_a, "A-02")  # no outline: not on the map
    page = client_for(world.a_viewer).get(
        reverse("land:zone_map", kwargs={"zone_id": world.zone_a.pk})
    )
    features = page.context["features"]["features"]
    assert [f["properties"]["name"] for f in features] == ["A-01"]


def _workbook(rows: list[list[object]]) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        [
            "地块编号",
            "地块名称",
            "园区",
            "面积(亩)",
            "用途",
            "状态",
            "供地对象",
            "范围(GeoJSON/WKT)",
        ]
    )
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return SimpleUploadedFile("parcels.xlsx", stream.getvalue())


def test_import_previews_then_writes_all_rows(world: World) -> None:
    client = client_for(world.a_officer)
    url = reverse("land:parcel_import")
    wkt = "POLYGON((112.5 37.8, 112.501 37.8, 112.501 37.801, 112.5 37.801, 112.5 37.8))"
    upload = _workbook(
        [
            ["A-01", "东地块", "甲一园", 14.66, "工业用地", "储备", None, wkt],
            ["A-02", None, None, 30, "仓储用地", "已供", "晋阳机械", None],
            ["A-03", None, None, None, None, "标准地", None, json.dumps(square(1, 0))],
        ]
    )
    response = client.post(url, {"file": upload, "zone": world.zone_a.pk})
    assert response.status_code == 302
    job_page = client.get(response["Location"])
    assert job_page.status_code == 200
    preview = job_page.context["job"]
    assert preview.result["ok"] and preview.result["summary"]["create"] == 3
    assert not Parcel.objects.exists()
    response = client.post(url, {"confirm": "1", "preview": preview.pk})
    assert response.status_code == 302
    parcels = {p.code: p for p in Parcel.objects.all()}
    assert set(parcels) == {"A-01", "A-02", "A-03"}
    assert parcels["A-01"].park == world.park_a and parcels["A-01"].measured_mu == Decimal("14.66")
    assert parcels["A-02"].status == ParcelStatus.SUPPLIED
    assert parcels["A-02"].supplied_firm == "晋阳机械"
    assert parcels["A-03"].area_mu == Decimal("14.66")


def test_an_import_with_one_bad_row_writes_nothing(world: World) -> None:
    # The import job speaks its owner's language: this test reads its notes in English.
    User.objects.filter(pk=world.a_officer.pk).update(language="en")
    client = client_for(world.a_officer)
    make_parcel(world.zone_a, "OLD", area_mu=None, geometry=square(5, 0))
    bowtie = "POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))"
    upload = _workbook(
        [
            ["A-01", None, None, 10, None, None, None, None],
            ["A-02", None, None, 10, None, None, None, bowtie],
            ["A-03", None, None, 10, "鱼塘", "荒地", None, None],
            ["A-04", None, "无此园", -2, None, "已供", None, None],
            ["A-01", None, None, 10, None, None, None, None],
            ["A-05", None, None, None, None, None, None, json.dumps(square(5, 0))],
            ["A-06", None, None, None, None, None, None, json.dumps(square(8, 0))],
            ["A-07", None, None, None, None, None, None, json.dumps(square(8, 0))],
        ]
    )
    response = client.post(reverse("land:parcel_import"), {"file": upload, "zone": world.zone_a.pk})
    preview = client.get(response["Location"]).context["job"]
    assert not preview.result["ok"]
    notes = {
        row["name"] + str(row["number"]): " ".join(row["errors"]) for row in preview.result["rows"]
    }
    assert "intersects itself" in notes["A-023"]
    assert "鱼塘" in notes["A-034"] and "荒地" in notes["A-034"]
    assert "无此园" in notes["A-045"] and "firm" in notes["A-045"]
    assert "row 2" in notes["A-016"]
    assert "OLD" in notes["A-057"]
    assert "A-06" in notes["A-079"]
    assert notes["A-012"] == "" and notes["A-068"] == ""
    response = client.post(reverse("land:parcel_import"), {"confirm": "1", "preview": preview.pk})
    assert Parcel.objects.count() == 1


def test_import_is_refused_for_a_zone_the_user_may_not_keep(world: World) -> None:
    upload = _workbook([["A-01", None, None, 10, None, None, None, None]])
    viewer = client_for(world.a_viewer)
    response = viewer.post(reverse("land:parcel_import"), {"file": upload, "zone": world.zone_a.pk})
    assert response.status_code == 400 and "zone" in response.context["form"].errors
    stranger = client_for(make_user("s"))
    response = stranger.post(
        reverse("land:parcel_import"), {"file": upload, "zone": world.zone_a.pk}
    )
    assert response.status_code == 400 and "zone" in response.context["form"].errors


def test_the_ledger_export_reads_back(world: World) -> None:
    make_parcel(world.zone_a, "A-01", area_mu=None, geometry=square(0, 0), park=world.park_a)
    make_parcel(world.zone_b, "B-01")
    response = client_for(world.a_viewer).get(reverse("land:parcel_export"))
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "地块台账"
    header = list(rows[1])
    data = [dict(zip(header, row, strict=False)) for row in rows[2:]]
    assert [row["地块编号"] for row in data] == ["A-01"]
    assert data[0]["面积(亩)"] == pytest.approx(14.66) and data[0]["状态"] == "储备"
    assert json.loads(data[0]["范围(GeoJSON/WKT)"])["type"] == "Polygon"
