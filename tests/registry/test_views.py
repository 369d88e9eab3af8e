"""Registry pages: lists that cost a fixed number of queries, forms with field errors,
stale edits refused, map data, export and import with preview."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from zonetrack.core import uploads
from zonetrack.core.models import Job
from zonetrack.registry.models import Cluster, Park, Zone
from zonetrack.registry.services import park_create, zone_update

from ..conftest import World, client_for, make_zone


def _many_zones(world: World, count: int) -> None:
    clusters = list(Cluster.objects.all()[:3])
    for i in range(count):
        zone = make_zone(f"测试区{i:03d}", world.org_a)
        zone.clusters.set(clusters)
        park_create(actor=None, zone=zone, name=f"园{i}")


@pytest.mark.parametrize(
    "url_name",
    [
        "registry:zone_list",
        "registry:map",
        "registry:map_data",
        "registry:zone_export",
        "dashboards:home",
    ],
)
def test_list_pages_use_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries, url_name: str
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.city_manager)
    url = reverse(url_name)
    _many_zones(world, 3)
    client.get(url)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    _many_zones_more = 40
    for i in range(_many_zones_more):
        zone = make_zone(f"扩展区{i:03d}", world.org_b, "141081")
        zone.clusters.set(Cluster.objects.all()[:2])
        park_create(actor=None, zone=zone, name=f"扩展园{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_zone_list_filters_and_search(world: World) -> None:
    world.zone_b.clusters.set([Cluster.objects.get(code="biomedicine")])
    client = client_for(world.city_manager)
    url = reverse("registry:zone_list")
    page = client.get(url, {"cluster": "biomedicine"}).content.decode()
    assert "乙区" in page and "甲区" not in page
    page = client.get(url, {"q": "甲"}).content.decode()
    assert "甲区" in page and "乙区" not in page
    page = client.get(url, {"region": "141081"}).content.decode()
    assert "乙区" in page and "甲区" not in page
    assert client.get(url, {"sort": "nonsense", "page": "x"}).status_code == 200


def test_zone_edit_page_refuses_stale_version_with_who_and_when(world: World) -> None:
    client = client_for(world.a_manager)
    url = reverse("registry:zone_edit", kwargs={"zone_id": world.zone_a.pk})
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "clusters"}
    data.update(region="141002", organisation=world.org_a.pk, approved_on="2006-03-08")
    zone_update(actor=world.city_manager, zone=world.zone_a, changes={"short_name": "先改"})
    data["short_name"] = "后改"
    response = client.post(url, data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "cm" in page
    assert Zone.objects.get(pk=world.zone_a.pk).short_name == "先改"


def test_zone_create_page_shows_field_errors_and_saves_nothing(world: World) -> None:
    client = client_for(world.a_manager)
    response = client.post(
        reverse("registry:zone_create"),
        {
            "name": "甲区",
            "kind": "etdz",
            "level": "provincial",
            "management": "county",
            "status": "operating",
            "region": "141002",
            "organisation": world.org_a.pk,
            "planned_area_km2": "-3",
            "approved_on": "2999-01-01",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"planned_area_km2", "approved_on"} <= set(errors)
    assert Zone.objects.filter(name="甲区").count() == 1


def test_park_form_saves_infrastructure_checklist(world: World) -> None:
    client = client_for(world.a_manager)
    response = client.post(
        reverse("registry:park_create", kwargs={"zone_id": world.zone_a.pk}),
        {
            "name": "甲三园",
            "area_km2": "2.5",
            "ready": ["road", "water", "drainage", "power", "gas", "telecom", "levelled"],
            "extra_missing": "污水处理厂",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    park = Park.objects.get(name="甲三园")
    assert str(park.readiness) == "八通一平 7/9"
    # The standard item missing is named in the reader's language, the free one as written.
    with translation.override("en"):
        assert park.readiness.missing == ["Heat", "污水处理厂"]
    with translation.override("zh-hans"):
        assert park.readiness.missing == [gettext("Heat"), "污水处理厂"]
        assert park.readiness.missing[0] != "Heat"
    page = client.get(reverse("registry:park_detail", kwargs={"park_id": park.pk})).content
    assert "八通一平 7/9" in page.decode()


def test_map_data_holds_only_visible_zones(world: World) -> None:
    world.zone_b.center_lat, world.zone_b.center_lng = Decimal("35.6"), Decimal("111.4")
    world.zone_b.save()
    world.zone_a.center_lat, world.zone_a.center_lng = Decimal("36.0"), Decimal("111.5")
    world.zone_a.save()
    data = client_for(world.a_manager).get(reverse("registry:map_data")).json()
    assert [f["properties"]["name"] for f in data["features"]] == ["甲区"]
    assert data["features"][0]["geometry"]["coordinates"] == [111.5, 36.0]


def test_export_is_what_the_user_sees_and_formulas_stay_text(world: World) -> None:
    zone_update(actor=world.a_manager, zone=world.zone_a, changes={"description": "=HYPERLINK(1)"})
    response = client_for(world.a_manager).get(reverse("registry:zone_export"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    names = [row[0] for row in rows[2:]]
    assert names == ["甲区"]
    description = sheet.cell(row=3, column=len(rows[1])).value
    assert description == "=HYPERLINK(1)"
    assert sheet.cell(row=3, column=len(rows[1])).data_type == "s"


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_import_preview_writes_nothing_until_confirmed(world: World) -> None:
    client = client_for(world.city_manager)
    url = reverse("registry:zone_import")
    data = _xlsx(
        [
            [
                "开发区名称",
                "行政区划代码",
                "开发区类型",
                "批准级别",
                "规划面积（公顷）",
                "主导产业",
            ],
            ["丁区", "141023", "经济技术开发区", "省人民政府", 1250, "新材料、光伏、奇异产业"],
            ["甲区", "141002", "经济技术开发区", "省人民政府", 3050, ""],
        ]
    )
    upload = SimpleUploadedFile("zones.xlsx", data)
    response = client.post(url, {"file": upload, "parent": world.city.pk})
    preview = Job.objects.get(kind="registry.zone_preview")
    assert response.status_code == 302
    assert response.url == reverse("core:job_detail", args=[preview.pk])
    assert [row["action"] for row in preview.result["rows"]] == ["create", "unchanged"]
    assert preview.result["unmatched"] == [["奇异产业", 1]]
    page = client.get(response.url).content.decode()
    assert 'id="import-preview"' in page and 'id="import-confirm"' in page
    assert not Zone.objects.filter(name="丁区").exists()
    response = client.post(url, {"confirm": "1", "preview": preview.pk})
    assert response.status_code == 302 and response.url == reverse("registry:zone_list")
    zone = Zone.objects.get(name="丁区")
    assert zone.planned_area_km2 == Decimal("12.5")
    assert zone.organisation.parent == world.city
    assert sorted(c.code for c in zone.clusters.all()) == ["new-energy", "new-materials"]
    # The same preview is not imported twice.
    again = client.post(url, {"confirm": "1", "preview": preview.pk})
    assert again.status_code == 302 and again.url == url
    assert Zone.objects.filter(name="丁区").count() == 1


def test_import_with_any_rejected_row_writes_nothing(world: World) -> None:
    client = client_for(world.city_manager)
    url = reverse("registry:zone_import")
    data = _xlsx(
        [
            ["开发区名称", "行政区划代码", "规划面积", "批准时间"],
            ["戊区", "141023", "１２．５", "2010年5月"],
            ["己区", "999999", "待定", "明天"],
        ]
    )
    response = client.post(
        url, {"file": SimpleUploadedFile("z.xlsx", data), "parent": world.city.pk}
    )
    preview = Job.objects.get(kind="registry.zone_preview")
    rows = preview.result["rows"]
    assert rows[0]["action"] == "create"
    assert rows[1]["action"] == "reject"
    assert len(rows[1]["errors"]) == 3
    assert "import-confirm" not in client.get(response.url).content.decode()
    response = client.post(url, {"confirm": "1", "preview": preview.pk})
    assert response.status_code == 302 and response.url == url
    assert not Zone.objects.filter(name="戊区").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("zones.xlsx", b"this is not a spreadsheet at all"),
        ("zones.xlsx", b"PK\x03\x04 broken zip"),
        ("zones.csv", bytes(range(256)) * 10),
    ],
)
def test_import_refuses_files_that_are_not_spreadsheets(
    world: World, name: str, content: bytes
) -> None:
    client = client_for(world.city_manager)
    response = client.post(
        reverse("registry:zone_import"),
        {"file": SimpleUploadedFile(name, content), "parent": world.city.pk},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["file"]


def test_import_refuses_an_oversized_file(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_SHEET_BYTES", 1024 * 1024)
    client = client_for(world.city_manager)
    big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"0" * (2 * 1024 * 1024))
    response = client.post(reverse("registry:zone_import"), {"file": big, "parent": world.city.pk})
    assert response.status_code == 400
    assert "1 MB" in str(response.context["form"].errors["file"])


def test_import_limit_admits_a_200000_row_ledger_sized_file() -> None:
    assert uploads.MAX_SHEET_BYTES >= 26 * 1024 * 1024


def test_import_reports_each_kind_of_bad_cell_by_row(world: World) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["开发区名称名录"])  # a title row above the header
    sheet.append(["开发区名称", "行政区划代码", "规划面积（亩）", "批准时间", "备用列"])
    sheet.append(["庚区", "141023", "１５００", 40179, "x"])  # full-width digits, Excel serial
    sheet.append([None, None, None, None, None])  # an empty row is skipped
    sheet.append(["辛区", "141023", "=A1*2", "2010/5/1", ""])  # a formula
    sheet.append(["壬区", "141023", "很大", "2010-05-01", ""])  # text in a number column
    sheet.append(["癸区", "141023", "1", "2010-05-01", ""])
    sheet.append(["", "141023", "", "", ""])
    sheet.merge_cells("A7:A8")  # a merged data cell
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = client_for(world.city_manager)
    response = client.post(
        reverse("registry:zone_import"),
        {"file": SimpleUploadedFile("z.xlsx", buffer.getvalue()), "parent": world.city.pk},
    )
    plan = Job.objects.get(kind="registry.zone_preview").result
    assert response.status_code == 302
    assert plan["unknown_columns"] == ["备用列"]
    by_row = {row["number"]: row for row in plan["rows"]}
    assert sorted(by_row) == [3, 5, 6, 7, 8]
    assert by_row[3]["action"] == "create"
    assert any("formula" in e or "公式" in e for e in by_row[5]["errors"])
    assert any("很大" in e for e in by_row[6]["errors"])
    assert any("A7:A8" in e for e in by_row[7]["errors"])
    assert all(by_row[n]["action"] == "reject" for n in (5, 6, 7, 8))
    assert not Zone.objects.filter(name="庚区").exists()


def test_import_without_a_name_column_is_refused_clearly(world: World) -> None:
    data = _xlsx([["省份", "规划面积"], ["山西省", 3]])
    response = client_for(world.city_manager).post(
        reverse("registry:zone_import"),
        {"file": SimpleUploadedFile("z.xlsx", data), "parent": world.city.pk},
    )
    assert response.status_code in {302, 400}
    page = client_for(world.city_manager).get(response.url).content.decode()
    assert "import-confirm" not in page
    assert not Zone.objects.exclude(pk__in=[world.zone_a.pk, world.zone_b.pk]).exists()


@pytest.mark.parametrize("username", ["av", "ao"])
def test_viewers_and_officers_cannot_edit_or_archive_zones(world: World, username: str) -> None:
    from zonetrack.accounts.models import User

    client = client_for(User.objects.get(username=username))
    zone_id = world.zone_a.pk
    assert (
        client.get(reverse("registry:zone_detail", kwargs={"zone_id": zone_id})).status_code == 200
    )
    assert client.get(reverse("registry:zone_edit", kwargs={"zone_id": zone_id})).status_code == 403
    archive = reverse("registry:zone_archive", kwargs={"zone_id": zone_id})
    assert client.post(archive).status_code == 403
    assert not Zone.objects.get(pk=zone_id).is_archived
    create = reverse("registry:park_create", kwargs={"zone_id": zone_id})
    assert client.post(create, {"name": "不许"}).status_code == 403


def test_manager_archives_and_restores_from_the_page(world: World) -> None:
    client = client_for(world.a_manager)
    archive = reverse("registry:zone_archive", kwargs={"zone_id": world.zone_a.pk})
    assert client.post(archive).status_code == 302
    assert Zone.objects.get(pk=world.zone_a.pk).is_archived
    assert "甲区" not in client.get(reverse("registry:zone_list")).content.decode()
    assert client.post(archive, {"restore": "1"}).status_code == 302
    assert not Zone.objects.get(pk=world.zone_a.pk).is_archived
