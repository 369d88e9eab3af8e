"""The monthly pack's files: the workbook opens with openpyxl and holds the layout's sheets with
title and unit rows, two-level headers and totals, its zone figures are the cockpit's; the Word
summary opens with python-docx and holds the headline figures and the red list; a province's
layout changes the sheets; versions are kept; the zone sheet's queries do not grow with zones."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import docx
import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl.utils import get_column_letter

from zonetrack.accounts.choices import Role
from zonetrack.core.models import Job, JobStatus
from zonetrack.dashboards.cockpit import (
    CockpitFilters,
    cockpit,
    default_period,
    zone_figures,
    zones_in_scope,
)
from zonetrack.dashboards.cockpit.links import FIGURES
from zonetrack.dashboards.pack import build, services
from zonetrack.dashboards.pack.layout import default_layout, normalised, placeholders
from zonetrack.dashboards.pack.rows import Scope, zone_rows
from zonetrack.dispatch import services as dispatch_services
from zonetrack.projects import services as project_services
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import Project
from zonetrack.rankings import services as ranking_services
from zonetrack.rankings.models import Item

from ..conftest import World, make_user, make_zone
from ..dispatch.factories import make_problem

TODAY = timezone.localdate()
PERIOD = default_period(TODAY)


def _plan(project: Project, wan: int, **extra: bool) -> None:
    project_services.year_plan_set(
        actor=None,
        project=project,
        year=PERIOD.year,
        planned_investment_wan=Decimal(wan),
        **extra,
    )


def _start(project: Project) -> Project:
    project_services.project_transition(
        actor=None,
        project=project,
        to_stage=Stage.STARTED,
        happened_on=PERIOD,
        skipped={"packaged": PERIOD, "signed": PERIOD},
    )
    return Project.objects.get(pk=project.pk)


def fill_world(world: World) -> None:
    """Project A: a provincial key project, started and signed in the month, with a plan, a
    report, an overdue problem and a missed node (red); project B: a city key project with a
    plan only."""
    project_services.project_update(
        actor=None, project=world.project_a, changes={"is_provincial_key": True}
    )
    project_services.project_update(
        actor=None, project=world.project_b, changes={"is_city_key": True}
    )
    _plan(world.project_a, 2000, planned_start=True)
    _plan(world.project_b, 3000, planned_start=True)
    a = _start(world.project_a)
    project_services.report_submit(
        actor=None,
        project=a,
        month=PERIOD,
        invested_wan=Decimal("500.50"),
        funds_in_place_wan=Decimal(300),
        progress="主体结构封顶",
        percent_complete=40,
    )
    project_services.milestone_save(
        actor=None, project=a, name="竣工验收", planned_on=TODAY - timedelta(days=20)
    )
    dispatch_services.colours_refresh()
    make_problem(
        world.a_officer,
        a,
        raised_on=TODAY - timedelta(days=10),
        deadline_on=TODAY - timedelta(days=2),
        description="用电指标未落实",
    )


def publish_ranking(world: World) -> None:
    """The city ranks its two zone committees by a panel score: A 90, B 80; published."""
    scheme = ranking_services.scheme_save(
        actor=None,
        draft=ranking_services.SchemeDraft(
            name="四比四看",
            owner=world.city,
            period_kind="half_year",
            peer_rule="explicit",
            peers=[world.org_a, world.org_b],
            categories=[
                ranking_services.CategoryDraft(
                    "服务", [ranking_services.ItemDraft("满意度", "manual", Decimal(100))]
                )
            ],
        ),
    )
    item = Item.objects.get(category__scheme=scheme)
    period = f"{TODAY.year - 1}H1"
    for organisation, score in ((world.org_a, 90), (world.org_b, 80)):
        ranking_services.panel_score_set(
            actor=None, item=item, organisation=organisation, period=period, score=Decimal(score)
        )
    ranking = ranking_services.ranking_compute(actor=None, scheme=scheme, period=period)
    ranking_services.ranking_publish(actor=None, ranking=ranking, acknowledged=True)


def generate(user: Any, organisation: Any) -> Job:
    job = services.pack_start(actor=user, organisation=organisation, period=PERIOD)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    return job


def workbook_of(job: Job) -> Any:
    with default_storage.open(services.pack_files(job)["xlsx"], "rb") as stored:
        return openpyxl.load_workbook(io.BytesIO(stored.read()))


def document_of(job: Job) -> Any:
    with default_storage.open(services.pack_files(job)["docx"], "rb") as stored:
        return docx.Document(io.BytesIO(stored.read()))


def _text(document: Any) -> str:
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_workbook_has_the_layouts_sheets_with_title_unit_headers_and_totals(
    world: World,
) -> None:
    fill_world(world)
    job = generate(world.province_viewer, world.province)
    workbook = workbook_of(job)
    layout = default_layout()
    assert workbook.sheetnames == [s["name"] for s in layout["sheets"]]
    zones = workbook["主要指标"]
    # Title over the whole width, the unit at the right of row 2, two header rows merged.
    assert zones["A1"].value == f"省厅开发区主要指标完成情况表（{PERIOD.year}年1—{PERIOD.month}月）"
    assert f"A1:{get_column_letter(zones.max_column)}1" in {
        str(r) for r in zones.merged_cells.ranges
    }
    assert zones.cell(2, zones.max_column).value == "单位：个、万元、%、亩"
    merged = {str(r) for r in zones.merged_cells.ranges}
    assert {"A3:A4", "B3:B4", "C3:G3"} <= merged
    assert [zones.cell(3, c).value for c in (1, 2, 3)] == ["序号", "开发区名称", "项目建设"]
    assert zones["C4"].value == "年度计划投资（万元）"
    # The city's subtotal, its zones, the total.
    rows = [[c.value for c in row] for row in zones.iter_rows(min_row=5)]
    assert [r[:2] for r in rows] == [["一、", "市局"], [1, "乙区"], [2, "甲区"], [None, "合计"]]
    assert rows[3][2] == 5000  # planned: 2000 + 3000
    assert rows[0][2] == rows[3][2]
    projects = workbook["重点项目"]
    names = [projects.cell(r, 2).value for r in range(5, projects.max_row + 1)]
    assert names[:2] == ["甲区新材料项目", "乙区装备项目"]  # provincial key projects first
    assert projects.cell(5, 4).value == "省重点项目"
    assert projects.cell(5, 9).value == pytest.approx(500.5)  # completed in the year
    assert projects.cell(5, 10).value == pytest.approx(25.0)  # 500.5 / 2000
    assert projects.cell(5, 12).value == "主体结构封顶"
    assert projects.cell(5, 13).value == "红色"
    total = [c.value for c in projects[projects.max_row]]
    assert total[6] == pytest.approx(130000) and total[7] == pytest.approx(5000)
    problems = workbook["问题清单"]
    assert problems.cell(5, 4).value == "用电指标未落实"
    assert problems.cell(5, 12).value == 2  # days overdue
    signings = workbook["签约项目"]
    assert signings.cell(5, 2).value == "甲区新材料项目"
    assert job.result["rows"] == {"zones": 2, "key_projects": 2, "problems": 1, "signings": 1}
    cells = [str(c.value) for s in workbook.worksheets for r in s.iter_rows() for c in r if c.value]
    assert not re.findall(r"[A-Za-z]{3,}", " ".join(cells)), "English left in the workbook"


def test_the_zone_figures_are_the_cockpits_for_the_same_month(world: World) -> None:
    fill_world(world)
    job = generate(world.province_viewer, world.province)
    filters = CockpitFilters(period=PERIOD)
    zones = zones_in_scope(user=world.province_viewer, organisation=world.province, filters=filters)
    expected = zone_figures(
        user=world.province_viewer,
        zone_ids=list(zones.values_list("pk", flat=True)),
        filters=filters,
        today=TODAY,
    )
    sheet = workbook_of(job)["主要指标"]
    columns = normalised(default_layout())["sheets"][0]["columns"]
    keys = [c["field"] for c in columns]
    names = dict(zones.values_list("name", "pk"))
    found = 0
    for row in sheet.iter_rows(min_row=5, values_only=True):
        if row[1] not in names:
            continue
        figures = expected[names[row[1]]]
        for key, value in zip(keys, row, strict=True):
            if key in FIGURES:
                wanted = FIGURES[key].read(figures)
                assert value == (pytest.approx(float(wanted)) if wanted is not None else None), key
        found += 1
    assert found == 2
    assert expected[world.zone_a.pk].red == 1 and expected[world.zone_a.pk].invested_wan > 0


def test_the_summary_holds_the_headline_figures_charts_and_red_list_in_chinese(
    world: World,
) -> None:
    fill_world(world)
    publish_ranking(world)
    document = document_of(generate(world.province_viewer, world.province))
    text = _text(document)
    assert "省厅" in text
    assert "红色预警项目" in text and "投资完成率" in text and "开工率" in text  # figures' labels
    assert "5,000.00" in text  # planned investment of the two zones
    assert "500.50" in text  # completed
    # The red list names the red project, its zone and why.
    red = next(
        t for t in document.tables if any("甲区新材料项目" in c.text for c in t.columns[1].cells)
    )
    assert any(c.text == "甲区" for c in red.columns[2].cells)
    assert len(document.inline_shapes) == 2  # the two charts
    assert "市局" in text and "合计" in text
    assert not re.findall(r"[A-Za-z]{3,}", text), "English left in the summary"
    # The ranking: the scheme, and the committees by rank with their scores.
    assert "四比四看" in text
    ranks = next(t for t in document.tables if t.columns[1].cells[1].text == "甲区管委会")
    assert [[c.text for c in r.cells][:3] for r in ranks.rows][1:] == [
        ["1", "甲区管委会", "90.00"],
        ["2", "乙区管委会", "80.00"],
    ]


def test_a_changed_layout_changes_the_sheets(world: World) -> None:
    manager = make_user("pm", (world.province, Role.MANAGER))
    fill_world(world)
    layout = {
        "sheets": [
            {
                "name": "问题",
                "title": "{单位}问题（{年}年{月}月）",
                "rows": "problems",
                "columns": [{"field": "project"}, {"field": "description", "header": "问题"}],
            },
            {
                "name": "各区",
                "title": "各区",
                "unit": "单位：万元",
                "rows": "zones",
                "columns": [
                    {"field": "name"},
                    {"field": "city"},
                    {"field": "invested_wan", "group": "投资", "width": 20},
                    {"field": "planned_wan", "group": "投资"},
                ],
            },
        ]
    }
    services.pack_layout_save(actor=manager, organisation=world.province, layout=layout)
    # The city below uses its province's layout.
    workbook = workbook_of(generate(world.city_manager, world.city))
    assert workbook.sheetnames == ["问题", "各区"]
    problems = workbook["问题"]
    assert problems["A1"].value == f"市局问题（{PERIOD.year}年{PERIOD.month}月）"
    assert [problems.cell(3, c).value for c in (1, 2)] == ["项目", "问题"]  # one header row
    assert problems["B4"].value == "用电指标未落实"
    zones = workbook["各区"]
    assert [zones.cell(3, c).value for c in (1, 2, 3)] == ["开发区", "市", "投资"]
    with translation.override("zh-hans"):
        assert zones["C4"].value == f"{FIGURES['invested_wan'].label}（万元）"
    assert zones.column_dimensions["C"].width == 20
    assert [zones.cell(r, 1).value for r in range(5, 8)] == ["乙区", "甲区", "合计"]
    assert zones.cell(6, 2).value == "甲区管委会"  # a city's lines are its zone committees


def test_every_run_is_a_version_kept_and_seen_by_whoever_may_open_the_cockpit(
    world: World,
) -> None:
    first = generate(world.province_viewer, world.province)
    second = generate(world.superuser, world.province)
    for user in (world.province_viewer, world.superuser):
        versions = list(services.pack_versions(user=user, organisation=world.province))
        assert versions == [second, first]
    assert services.pack_files(first)["xlsx"] != services.pack_files(second)["xlsx"]
    for job in (first, second):
        for kind in ("xlsx", "docx"):
            assert default_storage.exists(services.pack_files(job)[kind])
    assert not services.pack_versions(user=world.b_manager, organisation=world.province).exists()
    assert not services.pack_versions(user=world.city_manager, organisation=world.org_b).filter(
        pk=first.pk
    )


def test_the_zone_sheet_reads_a_fixed_number_of_queries_whatever_the_zones(
    world: World,
) -> None:
    fill_world(world)

    def queries() -> int:
        filters = CockpitFilters(period=PERIOD)
        user = world.province_viewer
        with CaptureQueriesContext(connection) as captured:
            board = cockpit(user=user, organisation=world.province, filters=filters, today=TODAY)
            zones = zones_in_scope(user=user, organisation=world.province, filters=filters)
            scope = Scope(user=user, zones=zones, period=PERIOD, today=TODAY, board=board)
            sheet = normalised(default_layout())["sheets"][0]
            workbook = build.new_workbook()
            values = placeholders(organisation="省厅", period=PERIOD, as_of=TODAY)
            build.write_sheet(workbook, sheet, zone_rows(scope, subtotals=True), values)
            build.save(workbook, io.BytesIO())
        assert len(board.zones) >= 2
        return len(captured)

    queries()  # the user's memberships are read once, then kept on the user
    before = queries()
    for n in range(6):
        zone = make_zone(f"新区{n}", world.org_b if n % 2 else world.org_a)
        project = project_services.project_create(
            actor=None, zone=zone, name=f"新区项目{n}", total_investment_wan=Decimal(1000)
        )
        _plan(project, 100 + n, planned_start=True)
        _start(project)
    assert queries() == before
