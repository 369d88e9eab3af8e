"""The statistics office's sheet imported into a window (a preview naming every bad cell, then
all values or none), and a window's values and an organisation's overview exported."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zonetrack.core.models import Job
from zonetrack.targets import services
from zonetrack.targets.choices import ValueSource
from zonetrack.targets.models import ReportedValue

from ..conftest import World
from .conftest import english_client
from .factories import LAST_YEAR, indicator, set_targets

JAN = date(LAST_YEAR, 1, 1)
IVA, GBR = "规上工业增加值", "一般公共预算收入"


def workbook(*rows: list[Any]) -> bytes:
    """A sheet in the statistics office's layout: a title row, then the given rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([f"{LAST_YEAR}年1月各开发区主要经济指标"])
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def good_sheet() -> bytes:
    return workbook(
        ["单位名称", IVA, GBR],
        ["单位", "万元", "万元"],
        ["甲区管委会", 1200, "80.5"],
        ["乙区", 900, 60],  # the zone's name stands for its committee
    )


@pytest.fixture
def window(world: World) -> Any:
    return services.window_open(
        actor=world.city_manager,
        organisation=world.city,
        period=JAN,
        due_on=date(LAST_YEAR, 2, 10),
        indicators=[indicator("industrial_value_added"), indicator("general_budget_revenue")],
    )


def upload(client: Any, window: Any, content: bytes) -> Any:
    url = reverse("targets:window_import", kwargs={"window_id": window.pk})
    return client.post(url, {"file": SimpleUploadedFile("统计.xlsx", content)})


def preview(client: Any, window: Any, content: bytes) -> Job:
    response = upload(client, window, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Job.objects.latest("pk")


def test_the_city_imports_the_sheet_after_a_preview_all_or_nothing(
    world: World, window: Any
) -> None:
    client = english_client(world.city_manager)
    job = preview(client, window, good_sheet())
    assert job.result["ok"], job.result
    assert job.result["summary"] == {"create": 4, "update": 0, "unchanged": 0, "reject": 0}
    assert [m[1:] for m in job.result["matched"]] == [
        ["甲区管委会", "甲区管委会"],
        ["乙区", "乙区管委会"],
    ]
    assert not ReportedValue.objects.exists()  # a preview writes nothing
    page = client.get(reverse("core:job_detail", kwargs={"job_id": job.pk})).content.decode()
    assert 'id="import-confirm"' in page
    url = reverse("targets:window_import", kwargs={"window_id": window.pk})
    response = client.post(url, {"confirm": "1", "preview": job.pk})
    assert response.status_code == 302
    rows = {(v.organisation.name, v.indicator.code): v for v in ReportedValue.objects.all()}
    assert rows[("甲区管委会", "general_budget_revenue")].value == Decimal("80.5")
    assert rows[("乙区管委会", "industrial_value_added")].value == 900
    assert {v.source for v in rows.values()} == {ValueSource.IMPORTED}


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # A name matched to no organisation of the window is reported, with its cell.
        ([["单位名称", IVA], ["丙区", 5]], ["A3: “丙区” is not an organisation", "丙区"]),
        # The same indicator twice.
        (
            [["单位名称", IVA, IVA], ["甲区管委会", 5, 6]],
            ["C2: the column “规上工业增加值” appears twice"],
        ),
        # An indicator the catalogue does not know, and one the window does not ask for.
        (
            [["单位名称", IVA, "幸福指数"], ["甲区管委会", 5, 6]],
            ["C2: “幸福指数” is not a known indicator"],
        ),
        (
            [["单位名称", IVA, "进出口总额"], ["甲区管委会", 5, 6]],
            ["C2: “进出口总额” is not reported"],
        ),
        # Text in a number cell.
        ([["单位名称", IVA, GBR], ["甲区管委会", 5, "约三百"]], ["C3: “约三百” is not a number"]),
        # An impossible figure.
        ([["单位名称", IVA, GBR], ["甲区管委会", -5, 3]], ["B3: ", "cannot be below 0"]),
        # One organisation twice.
        ([["单位名称", IVA], ["甲区管委会", 5], ["甲区", 6]], ["A4: 甲区管委会 is on row 3"]),
    ],
)
def test_a_bad_sheet_names_its_cells_and_nothing_is_saved(
    world: World, window: Any, rows: list[list[Any]], expected: list[str]
) -> None:
    client = english_client(world.city_manager)
    job = preview(client, window, workbook(*rows))
    assert not job.result["ok"]
    text = " ".join(job.result["problems"]) + " " + " ".join(job.result["unmatched"])
    for part in expected:
        assert part in text, text
    page = client.get(reverse("core:job_detail", kwargs={"job_id": job.pk})).content.decode()
    assert 'id="import-confirm"' not in page
    url = reverse("targets:window_import", kwargs={"window_id": window.pk})
    client.post(url, {"confirm": "1", "preview": job.pk})
    assert not ReportedValue.objects.exists()


def test_a_submitted_zone_is_refused_on_its_cells(world: World, window: Any) -> None:
    services.values_report(
        actor=None,
        organisation=world.org_a,
        period=JAN,
        values={
            indicator("industrial_value_added"): Decimal(1),
            indicator("general_budget_revenue"): Decimal(1),
        },
    )
    services.window_submit(actor=None, window=window, organisation=world.org_a)
    job = preview(english_client(world.city_manager), window, good_sheet())
    assert not job.result["ok"]
    assert any(p.startswith("B4: 甲区管委会 · 规上工业增加值") for p in job.result["problems"])


def test_a_zone_imports_only_its_own_row(world: World, window: Any) -> None:
    client = english_client(world.a_officer)
    job = preview(client, window, good_sheet())  # the city's whole sheet
    # 乙区's row is left as it is, and said so; 甲区's own row is imported.
    assert job.result["ok"], job.result
    assert job.result["summary"] == {"create": 2, "update": 0, "unchanged": 0, "reject": 0}
    assert any("left as they are: 乙区管委会" in note for note in job.result["notes"])
    url = reverse("targets:window_import", kwargs={"window_id": window.pk})
    client.post(url, {"confirm": "1", "preview": job.pk})
    assert set(ReportedValue.objects.values_list("organisation__name", flat=True)) == {"甲区管委会"}
    done = Job.objects.latest("pk")
    page = client.get(reverse("core:job_detail", kwargs={"job_id": done.pk})).content.decode()
    assert "Imported: 2 values were written." in page
    # A name that is no organisation of the window is still refused, with its cell.
    typo = preview(client, window, workbook(["单位名称", IVA], ["甲区管委会", 5], ["丙区", 5]))
    assert not typo.result["ok"] and typo.result["unmatched"] == ["丙区"]
    viewer = english_client(world.a_viewer)
    assert upload(viewer, window, good_sheet()).status_code == 403
    assert (
        english_client(world.b_manager)
        .get(reverse("targets:window_import", kwargs={"window_id": window.pk}))
        .status_code
        == 200
    )  # 乙区 reports in the city's window too


def test_a_file_that_is_not_a_sheet_is_refused_on_the_form(world: World, window: Any) -> None:
    response = upload(english_client(world.city_manager), window, b"hello")
    assert response.status_code == 400
    assert "not an .xlsx" in response.content.decode()


def test_the_window_export_imports_back_unchanged(world: World, window: Any) -> None:
    services.values_report(
        actor=None,
        organisation=world.org_a,
        period=JAN,
        values={indicator("industrial_value_added"): Decimal("1234.5")},
    )
    client = english_client(world.city_manager)
    response = client.get(reverse("targets:window_export", kwargs={"window_id": window.pk}))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[1] == ["单位名称", "规上工业增加值（万元）", "一般公共预算收入（万元）"]
    assert rows[2][:2] == ["甲区管委会", 1234.5]
    job = preview(client, window, response.content)
    assert job.result["ok"], job.result
    assert job.result["summary"] == {"create": 0, "update": 0, "unchanged": 1, "reject": 0}
    # A zone's export holds its own line only.
    own = english_client(world.a_manager).get(
        reverse("targets:window_export", kwargs={"window_id": window.pk})
    )
    text = " ".join(
        str(c)
        for r in openpyxl.load_workbook(io.BytesIO(own.content)).active.iter_rows(values_only=True)
        for c in r
    )
    assert "甲区管委会" in text and "乙区管委会" not in text


def test_the_overview_export_holds_the_progress_page(world: World) -> None:
    set_targets(LAST_YEAR, (world.org_a, "trade_total", 100), (world.org_b, "trade_total", 50))
    url = reverse("targets:overview_export", kwargs={"organisation_id": world.city.pk})
    response = english_client(world.city_manager).get(url, {"year": LAST_YEAR})
    assert response.status_code == 200
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    trade = [r for r in rows if r[1] == "进出口总额"]
    assert [(r[0], r[3]) for r in trade] == [
        ("市局", None),
        ("甲区管委会", 100),
        ("乙区管委会", 50),
    ]
    zone_url = reverse("targets:overview_export", kwargs={"organisation_id": world.org_b.pk})
    assert english_client(world.a_manager).get(zone_url).status_code == 404
