"""The ledger import preview: each change as its Chinese label, before → after, and the rows
that change something listed first."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import World, client_for
from zonetrack.accounts.models import User
from zonetrack.core.models import Job
from zonetrack.projects import services
from zonetrack.projects.jobs import changed_first, diff_text, plan_to_result
from zonetrack.projects.ledger import apply_ledger
from zonetrack.projects.models import Project

from .test_ledger import YEAR, export_bytes, named_manager, plan_for, rich_zone  # noqa: F401
from .test_ledger_pages import upload


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _edited(data: bytes, name: str, changes: dict[str, Any]) -> bytes:
    """The exported ledger with ``changes`` (header → value) made in the row of ``name``."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    last = sheet.max_column + 1
    headers = [sheet.cell(4, c).value or sheet.cell(3, c).value for c in range(1, last)]
    row = next(r for r in range(5, sheet.max_row + 1) if sheet.cell(r, 2).value == name)
    for header, value in changes.items():
        sheet.cell(row, headers.index(header) + 1).value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_each_change_is_its_label_before_and_after(rich_zone: World) -> None:  # noqa: F811
    data = _edited(
        export_bytes(rich_zone),
        "园区道路工程",
        {"总投资": 2500, "项目级别": "市重点", "是否入统": "是"},
    )
    plan = plan_for(data, rich_zone)
    row = next(r for r in plan.rows if r.name == "园区道路工程")
    assert row.action == "update"
    assert ("总投资（万元）", "2,000.50", "2,500.00") in row.diffs
    assert ("市重点项目", "否", "是") in row.diffs
    assert ("是否入统", "否", "是") in row.diffs
    assert "总投资（万元）：2,000.50 → 2,500.00" in diff_text(row)


def test_changed_rows_come_first(rich_zone: World) -> None:  # noqa: F811
    data = _edited(export_bytes(rich_zone), "园区道路工程", {"总投资": 2500})
    plan = plan_for(data, rich_zone)
    # In the file the industrial project comes first, unchanged.
    assert [r.name for r in plan.rows if r.action in ("update", "unchanged")] == [
        "甲区新材料项目",
        "园区道路工程",
    ]
    ordered = changed_first(plan.rows)
    assert ordered[0].name == "园区道路工程" and ordered[0].action == "update"
    result = plan_to_result(plan)
    assert result["rows"][0]["name"] == "园区道路工程"
    assert ["总投资（万元）", "2,000.50", "2,500.00"] in result["rows"][0]["diffs"]


def test_preview_page_shows_before_and_after(
    rich_zone: World,  # noqa: F811
    named_manager: User,  # noqa: F811
) -> None:
    client = client_for(named_manager)
    data = _edited(export_bytes(rich_zone), "园区道路工程", {"总投资": 2500})
    response = client.post(
        reverse("projects:ledger_import"),
        {"file": upload(data), "zone": rich_zone.zone_a.pk, "year": YEAR},
    )
    preview = Job.objects.get(kind="projects.ledger_preview")
    assert response.url == reverse("core:job_detail", args=[preview.pk])
    page = client.get(response.url).content.decode()
    assert 'class="ledger-diff"' in page
    assert "总投资（万元）" in page and "2,000.50" in page and "2,500.00" in page
    assert page.index('data-action="update"') < page.index('data-action="unchanged"')


def _stale_file(world: World) -> bytes:
    """An export, then the road project changed in zonetrack, then the old file edited."""
    data = export_bytes(world)
    road = Project.objects.get(name="园区道路工程")
    services.project_update(
        actor=None, project=road, changes={"total_investment_wan": Decimal("3000")}
    )
    return _edited(data, "园区道路工程", {"总投资": 2500})


def test_export_writes_each_projects_version_in_a_hidden_column(rich_zone: World) -> None:  # noqa: F811
    sheet = load_workbook(io.BytesIO(export_bytes(rich_zone))).active
    column = next(c for c in range(1, sheet.max_column + 1) if sheet.cell(3, c).value == "数据版本")
    letter = sheet.cell(3, column).column_letter
    assert sheet.column_dimensions[letter].hidden
    road = Project.objects.get(name="园区道路工程")
    row = next(r for r in range(5, sheet.max_row + 1) if sheet.cell(r, 2).value == road.name)
    assert sheet.cell(row, column).value == road.version


def test_a_row_changed_in_zonetrack_after_the_export_is_kept(
    rich_zone: World,  # noqa: F811
    named_manager: User,  # noqa: F811
) -> None:
    plan = plan_for(_stale_file(rich_zone), rich_zone)
    row = next(r for r in plan.rows if r.name == "园区道路工程")
    assert row.action == "stale" and plan.ok
    # The warning names the version exported and the one zonetrack holds now.
    version = Project.objects.get(name="园区道路工程").version
    assert len(row.warnings) == 1 and str(version) in row.warnings[0]
    assert ("总投资（万元）", "3,000.00", "2,500.00") in row.diffs
    apply_ledger(plan, actor=named_manager, zone=rich_zone.zone_a)
    assert Project.objects.get(name="园区道路工程").total_investment_wan == Decimal("3000")


def test_a_ledger_without_versions_updates_as_before(rich_zone: World) -> None:  # noqa: F811
    data = _edited(_stale_file(rich_zone), "园区道路工程", {"数据版本": None})
    row = next(r for r in plan_for(data, rich_zone).rows if r.name == "园区道路工程")
    assert row.action == "update"


@pytest.mark.parametrize(("tick", "total"), [(False, "3000"), (True, "2500")])
def test_the_user_ticks_a_changed_row_to_overwrite_it(
    rich_zone: World,  # noqa: F811
    named_manager: User,  # noqa: F811
    tick: bool,
    total: str,
) -> None:
    client = client_for(named_manager)
    url = reverse("projects:ledger_import")
    response = client.post(
        url, {"file": upload(_stale_file(rich_zone)), "zone": rich_zone.zone_a.pk, "year": YEAR}
    )
    preview = Job.objects.get(kind="projects.ledger_preview")
    page = client.get(response.url).content.decode()
    assert 'id="import-stale"' in page and 'name="overwrite"' in page
    [stale] = preview.result["stale"]
    assert stale["name"] == "园区道路工程"
    post = {"confirm": "1", "preview": preview.pk}
    if tick:
        post["overwrite"] = str(stale["number"])
    assert client.post(url, post).status_code == 302
    road = Project.objects.get(name="园区道路工程")
    assert road.total_investment_wan == Decimal(total)
