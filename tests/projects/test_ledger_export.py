"""The ledger export as the zones file it: 存在问题 from the open problems, the months it covers,
the print layout, the file's name."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import World, client_for
from tests.dispatch.factories import make_problem
from zonetrack.dispatch.choices import ProblemStatus
from zonetrack.dispatch.models import Problem
from zonetrack.projects import jobs as ledger_jobs
from zonetrack.projects import services
from zonetrack.projects.ledger import (
    export_ledger,
    last_complete_day,
    ledger_file_name,
    ledger_title,
    register_ledger_column,
    unregister_ledger_column,
)
from zonetrack.projects.models import ProgressReport, Project

YEAR = 2026
DECEMBER_4 = date(YEAR, 12, 4)


def _sheet(world: World, as_of: date) -> Any:
    stream = io.BytesIO()
    export_ledger(
        Project.objects.filter(zone=world.zone_a),
        stream,
        year=YEAR,
        as_of=as_of,
        title=ledger_title(world.zone_a.name, YEAR, as_of),
    )
    return load_workbook(io.BytesIO(stream.getvalue())).active


def _columns(sheet: Any) -> dict[str, int]:
    headers = [sheet.cell(4, c).value or sheet.cell(3, c).value for c in range(1, 24)]
    return {name: index + 1 for index, name in enumerate(headers)}


def _project_row(sheet: Any, name: str) -> int:
    return next(r for r in range(5, sheet.max_row + 1) if sheet.cell(r, 2).value == name)


def test_problems_column_is_the_open_problems(world: World) -> None:
    """存在问题 lists the project's open problems, numbered; a closed one is not there."""
    make_problem(world.a_officer, world.project_a, description="土地征收未完成", days=20)
    make_problem(world.a_officer, world.project_a, description="融资未到位", days=5)
    closed = make_problem(world.a_officer, world.project_a, description="已解决的问题")
    # Closed (销号) the way the loop ends; how it gets there is dispatch's to test.
    Problem.objects.filter(pk=closed.pk).update(status=ProblemStatus.CLOSED)
    sheet = _sheet(world, date(YEAR, 10, 31))
    text = sheet.cell(_project_row(sheet, world.project_a.name), _columns(sheet)["存在问题"]).value
    lines = text.splitlines()
    assert lines[0].startswith("1.融资未到位（责任单位：") and "办结时限：" in lines[0]
    assert lines[1].startswith("2.土地征收未完成") and len(lines) == 2


def test_problems_column_is_empty_without_a_provider(world: World) -> None:
    """Projects read no dispatch module: the column is whatever is registered, else empty."""
    make_problem(world.a_officer, world.project_a)
    unregister_ledger_column("problems")
    try:
        sheet = _sheet(world, date(YEAR, 10, 31))
        row = _project_row(sheet, world.project_a.name)
        assert sheet.cell(row, _columns(sheet)["存在问题"]).value is None
    finally:
        from zonetrack.dispatch.ledger import open_problems_text

        register_ledger_column("problems", open_problems_text)


def test_exported_on_4_december_the_ledger_covers_january_to_november(world: World) -> None:
    """The month under way is not complete: on 4 December the ledger is 1-11月, to 30
    November, and 本月 is November's report; 截至上年底 sums every earlier year."""
    as_of = last_complete_day(DECEMBER_4)
    assert as_of == date(YEAR, 11, 30)
    for month, amount in [
        (date(YEAR - 2, 6, 1), "400"),
        (date(YEAR - 1, 12, 1), "600"),
        (date(YEAR, 10, 1), "100"),
        (date(YEAR, 11, 1), "250"),
        (date(YEAR, 12, 1), "999"),
    ]:
        ProgressReport.objects.create(
            project=world.project_a, month=month, invested_wan=Decimal(amount)
        )
    sheet = _sheet(world, as_of)
    assert sheet["A1"].value == f"甲区{YEAR}年重点项目推进情况表（截至11月30日）"
    column = _columns(sheet)
    assert "1-11月累计完成投资" in column
    row = _project_row(sheet, world.project_a.name)
    assert sheet.cell(row, column["本月完成投资"]).value == 250
    assert sheet.cell(row, column["1-11月累计完成投资"]).value == 350
    assert sheet.cell(row, column["截至上年底累计完成投资"]).value == 1000


@pytest.mark.parametrize(
    ("today", "year", "expected"),
    [
        (DECEMBER_4, YEAR, date(YEAR, 11, 30)),
        (date(YEAR, 3, 1), YEAR, date(YEAR, 2, 28)),
        (date(YEAR + 1, 1, 5), YEAR, date(YEAR, 12, 31)),
        (date(YEAR + 3, 7, 5), YEAR, date(YEAR, 12, 31)),
    ],
)
def test_the_pages_export_to_the_last_complete_month(
    monkeypatch: pytest.MonkeyPatch, today: date, year: int, expected: date
) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args: today)
    assert ledger_jobs.ledger_as_of(year) == expected


def test_print_layout_is_a3_landscape_fit_to_width_with_repeated_headers(world: World) -> None:
    sheet = _sheet(world, date(YEAR, 10, 31))
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == "8"  # A3
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$3:$4"


def test_file_is_named_after_the_zone_and_the_day(world: World) -> None:
    assert ledger_file_name("甲区", date(YEAR, 12, 6)) == "甲区项目台账-2026-12-06.xlsx"
    response = client_for(world.a_manager).get(
        reverse("projects:ledger_export"), {"zone": world.zone_a.pk}
    )
    name = f"甲区项目台账-{timezone.localdate():%Y-%m-%d}.xlsx"
    # Non-ASCII names travel as RFC 5987 filename*.
    assert f"filename*=utf-8''{quote(name)}" in response["Content-Disposition"]


def test_a_project_without_reports_exports_empty_money(world: World) -> None:
    services.project_create(actor=None, zone=world.zone_a, name="新签约项目")
    sheet = _sheet(world, date(YEAR, 10, 31))
    row = _project_row(sheet, "新签约项目")
    for header in ("本月完成投资", "截至上年底累计完成投资", "存在问题"):
        assert sheet.cell(row, _columns(sheet)[header]).value is None
