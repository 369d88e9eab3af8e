"""The project ledger (项目台账): import plans, all-or-nothing writes, export, round trip, CLI."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from tests.conftest import World
from zonetrack.accounts.models import User
from zonetrack.audit.models import Change
from zonetrack.projects import services
from zonetrack.projects.choices import ConstructionStatus, ProjectKind
from zonetrack.projects.ledger import (
    KIND_ORDER,
    LedgerRefused,
    apply_ledger,
    export_ledger,
    ledger_title,
    ledger_year,
    plan_ledger,
    read_ledger,
)
from zonetrack.projects.models import (
    Enterprise,
    Milestone,
    ProgressReport,
    Project,
    YearPlan,
)
from zonetrack.projects.validators import credit_code_check_char
from zonetrack.registry.models import Cluster

TODAY = timezone.localdate()
YEAR = TODAY.year
THIS_MONTH = TODAY.replace(day=1)
LAST_DECEMBER = date(YEAR - 1, 12, 1)

# A real-world layout: the investment columns sit under a merged year header (two levels),
# everything else is merged down both header rows.
TOP = [
    "序号",
    "项目名称",
    "项目单位",
    "项目级别",
    "总投资",
    f"{YEAR}年投资情况",
    None,
    "形象进度",
    "联系领导",
    "是否入统",
    "备注",
]
SUB = [None, None, None, None, None, "年度计划投资", "1-10月累计完成投资", None, None, None, None]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def ledger_file(
    rows: list[list[Any]],
    *,
    title: str = f"甲区{YEAR}年重点项目推进情况表（截至10月31日）",
    unit: str = "单位：万元",
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    width = len(TOP)
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append([None] * (width - 1) + [unit])
    sheet.append(TOP)
    sheet.append(SUB)
    for column, below in enumerate(SUB, start=1):
        if below is None:
            sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
    sheet.merge_cells("F3:G3")
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def good_rows() -> list[list[Any]]:
    return [
        ["一", "工业项目", None, None, 55000, None, None, None, None, None, None],
        ["1", "甲区新材料项目", "甲新材料有限公司", "省重点", "5亿", 8000, 3000,
         "主体结构封顶", "王主任", "是", None],
        ["2", "新项目乙", "乙科技有限公司", "区重点", "５０００万", 1200, 500,
         "场地平整", "am", "否", None],
        ["二", "基础设施项目", None, None, 9999, None, None, None, None, None, None],
        ["3", "园区道路工程", None, "市重点", 2000, 2000, None, None, None, None, None],
        [None, "合计", None, None, 57000, None, None, None, None, None, None],
    ]  # fmt: skip


def plan_for(data: bytes, world: World, user: Any = None) -> Any:
    return plan_ledger(
        read_ledger(data, "ledger.xlsx"),
        user=user or world.a_manager,
        zone=world.zone_a,
        year=YEAR,
        as_of=TODAY,
    )


def written() -> tuple[int, ...]:
    return (
        Project.objects.count(),
        YearPlan.objects.count(),
        ProgressReport.objects.count(),
        Enterprise.objects.count(),
        Change.objects.count(),
    )


@pytest.fixture
def named_manager(world: World) -> User:
    User.objects.filter(pk=world.a_manager.pk).update(display_name="王主任")
    world.a_manager.refresh_from_db()
    return world.a_manager


def by_number(plan: Any) -> dict[int, Any]:
    return {row.number: row for row in plan.rows}


def test_plan_reads_title_unit_merged_header_subtotals_and_units(
    world: World, named_manager: User
) -> None:
    table = read_ledger(ledger_file(good_rows()), "ledger.xlsx")
    assert table.unit == "万元"
    assert ledger_year(table.title) == YEAR
    plan = plan_for(ledger_file(good_rows()), world)
    rows = by_number(plan)
    assert plan.ok, [(r.number, r.errors) for r in plan.rows]
    assert [rows[n].action for n in range(5, 11)] == [
        "subtotal",
        "update",
        "create",
        "subtotal",
        "create",
        "total",
    ]
    # "5亿" and full-width "５０００万" are read in 万元.
    assert rows[7].fields["total_investment_wan"] == Decimal("5000.00")
    assert "total_investment_wan" not in rows[6].fields  # 5亿 = the 50000 万元 it had
    # The wrong subtotal is named with both numbers; the right ones are silent.
    assert rows[5].warnings == []
    assert any("9999.00" in w and "2000.00" in w for w in rows[8].warnings)
    assert rows[10].warnings == []
    # Category headings give the kind; the flags come from 项目级别.
    assert rows[9].fields["kind"] == ProjectKind.INFRASTRUCTURE
    assert rows[9].fields["is_city_key"] is True
    assert rows[6].fields["is_provincial_key"] is True
    assert rows[6].fields["leader"] == named_manager
    assert rows[7].fields["leader"] == named_manager  # by username too
    assert rows[6].year_plan == Decimal("8000.00")
    assert rows[6].report_wan == Decimal("3000.00")


def test_apply_writes_everything_and_reimport_changes_nothing(
    world: World, named_manager: User
) -> None:
    data = ledger_file(good_rows())
    plan = plan_for(data, world)
    assert apply_ledger(plan, actor=named_manager, zone=world.zone_a) == {
        "create": 2,
        "update": 1,
        "unchanged": 0,
        "reject": 0,
    }
    project = Project.objects.get(pk=world.project_a.pk)
    assert project.investor is not None and project.investor.name == "甲新材料有限公司"
    assert project.is_provincial_key and project.is_in_statistics
    assert project.leader == named_manager
    assert YearPlan.objects.get(project=project, year=YEAR).planned_investment_wan == 8000
    report = ProgressReport.objects.get(project=project, month=THIS_MONTH)
    assert report.invested_wan == 3000 and report.progress == "主体结构封顶"
    road = Project.objects.get(zone=world.zone_a, name="园区道路工程")
    assert road.kind == ProjectKind.INFRASTRUCTURE and road.is_city_key
    assert not road.reports.exists()

    before = written()
    again = plan_for(data, world)
    assert {r.action for r in again.rows if r.action not in ("subtotal", "total")} == {"unchanged"}
    apply_ledger(again, actor=named_manager, zone=world.zone_a)
    assert written() == before


def new_rows(count: int) -> list[list[Any]]:
    return [
        [str(n), f"新建项目{n:03d}", f"新建{n:03d}有限公司", "市重点", 100 + n, 80, 30,
         "在建", "王主任", "是", None]
        for n in range(1, count + 1)
    ]  # fmt: skip


def test_new_rows_are_written_in_a_fixed_number_of_queries_with_their_history(
    world: World, named_manager: User
) -> None:
    def queries_for(count: int, zone: Any) -> int:
        plan = plan_ledger(
            read_ledger(ledger_file(new_rows(count)), "ledger.xlsx"),
            user=named_manager,
            zone=zone,
            year=YEAR,
            as_of=TODAY,
        )
        assert plan.ok and plan.summary["create"] == count
        with CaptureQueriesContext(connection) as captured:
            apply_ledger(plan, actor=named_manager, zone=zone)
        return len(captured)

    def rename_imported() -> None:
        # The same names come again as new projects of the next import.
        Project.objects.filter(zone=world.zone_a, name__startswith="新建项目").update(name="已导入")

    queries_for(2, world.zone_a)  # warms the content-type cache
    rename_imported()
    few = queries_for(3, world.zone_a)
    rename_imported()
    many = queries_for(40, world.zone_a)
    # Inserts go in batches (SQLite caps the values of one statement), never row by row.
    assert many <= few + 3
    created = Project.objects.filter(zone=world.zone_a, name__startswith="新建项目")
    assert created.count() == 40
    codes = list(created.values_list("code", flat=True))
    assert len(set(codes)) == 40
    project = created.get(name="新建项目040")
    assert project.investor.name == "新建040有限公司"
    assert project.transitions.get().to_stage == "pursued"
    assert YearPlan.objects.get(project=project, year=YEAR).planned_investment_wan == 80
    assert project.reports.get(month=THIS_MONTH).invested_wan == 30
    created_change = Change.objects.get(
        content_type__model="project", object_id=str(project.pk), action="create"
    )
    assert created_change.after["name"] == "新建项目040"
    assert created_change.actor == named_manager


def test_unknown_leader_and_negative_amount_reject_and_nothing_is_written(
    world: World, named_manager: User
) -> None:
    rows = good_rows()
    rows[2][8] = "张三"
    rows[4][4] = -5
    plan = plan_for(ledger_file(rows), world)
    found = by_number(plan)
    assert not plan.ok
    assert found[7].action == "reject" and "unknown leader: 张三" in found[7].errors
    assert found[9].action == "reject"
    assert any("negative" in error for error in found[9].errors)
    assert found[6].action == "update"  # the good rows are still planned
    before = written()
    with pytest.raises(LedgerRefused):
        apply_ledger(plan, actor=named_manager, zone=world.zone_a)
    assert written() == before


def test_failure_while_writing_rolls_back_the_rows_before(
    world: World, named_manager: User
) -> None:
    first = ["9", "先写的项目", None, None, 100, None, None, None, None, None, None]
    plan = plan_for(ledger_file([first, *good_rows()]), world)
    assert plan.ok
    # Someone files project A's report between the preview and the import.
    services.report_submit(
        actor=None, project=world.project_a, month=THIS_MONTH, invested_wan=Decimal(1)
    )
    before = written()
    with pytest.raises(LedgerRefused, match="Row 7"):
        apply_ledger(plan, actor=named_manager, zone=world.zone_a)
    assert written() == before
    assert not Project.objects.filter(name="先写的项目").exists()


def test_heading_variants_closing_subtotals_and_notes(world: World) -> None:
    blank = [None] * 6
    rows = [
        [None, "一、工业项目", None, None, 100, *blank],
        ["1", "甲项目", None, None, 100, *blank],
        [None, "小计", None, None, 100, *blank],
        ["二、", "服务业项目（1个）", None, None, 50, *blank],
        ["2", "乙项目", None, None, 60, *blank],
        [None, "合计", None, None, 160, *blank],
        [None, "其中：省重点项目", None, None, 100, *blank],
        ["填报人：张三", None, None, None, None, *blank],
    ]
    found = by_number(plan_for(ledger_file(rows), world))
    actions = [found[n].action for n in range(5, 13)]
    assert actions == [
        "subtotal",
        "create",
        "subtotal",
        "subtotal",
        "create",
        "total",
        "skip",
        "skip",
    ]
    assert found[6].fields["kind"] == ProjectKind.INDUSTRIAL
    assert found[9].fields["kind"] == ProjectKind.SERVICE
    assert [n for n in range(5, 11) if found[n].warnings] == [8]
    assert "50.00" in found[8].warnings[0] and "60.00" in found[8].warnings[0]


def test_cumulative_in_a_reported_month_is_a_warning(world: World, named_manager: User) -> None:
    services.report_submit(
        actor=None, project=world.project_a, month=THIS_MONTH, invested_wan=Decimal(100)
    )
    rows = [["1", "甲区新材料项目", None, None, None, None, 3000, None, None, None, None]]
    row = by_number(plan_for(ledger_file(rows), world))[5]
    assert row.action == "unchanged" and row.report_wan is None
    assert any("3000.00" in w and "100.00" in w for w in row.warnings)


def test_unit_line_in_yi_and_absurd_amounts(world: World) -> None:
    rows = [
        ["1", "亿元项目", None, None, 5, None, None, None, None, None, None],
        ["2", "写明万元", None, None, "5000万元", None, None, None, None, None, None],
        ["3", "离谱项目", None, None, 20000, None, None, None, None, None, None],
    ]
    plan = plan_for(ledger_file(rows, unit="单位：亿元"), world)
    found = by_number(plan)
    assert found[5].fields["total_investment_wan"] == Decimal("50000.00")
    assert found[6].fields["total_investment_wan"] == Decimal("5000.00")
    assert found[7].action == "reject"
    assert any("10,000 亿元" in error for error in found[7].errors)


def test_credit_code_column_is_checked(world: World) -> None:
    first = "91140100MA0K1234X"
    good = first + credit_code_check_char(first)
    bad = first + ("0" if good[-1] != "0" else "1")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["序号", "项目名称", "建设单位", "统一社会信用代码", "计划总投资"])
    sheet.append([1, "有码项目", "丙公司", good, 100])
    sheet.append([2, "错码项目", "丁公司", bad, 100])
    stream = io.BytesIO()
    workbook.save(stream)
    plan = plan_for(stream.getvalue(), world)
    found = by_number(plan)
    assert found[2].action == "create" and found[2].investor == ("丙公司", good)
    assert found[3].action == "reject"
    assert any("check character" in error for error in found[3].errors)


def test_viewer_cannot_change_projects(world: World) -> None:
    rows = [["1", "甲区新材料项目", None, None, 60000, None, None, None, None, None, None]]
    row = by_number(plan_for(ledger_file(rows), world, user=world.a_viewer))[5]
    assert row.action == "reject"


def test_title_year_and_title_line() -> None:
    assert ledger_year("XX开发区2024年重点项目推进情况表") == 2024
    assert ledger_year("重点项目推进情况表") is None
    assert ledger_title("甲区", 2026, date(2026, 10, 31)) == (
        "甲区2026年重点项目推进情况表（截至10月31日）"
    )


@pytest.fixture
def rich_zone(world: World, named_manager: User) -> World:
    """Project A with everything a ledger shows, and an infrastructure project beside it."""
    cluster = Cluster.objects.get(name="新材料")
    investor = services.enterprise_for(name="=甲新材料有限公司")
    services.project_update(
        actor=None,
        project=world.project_a,
        changes={
            "investor": investor,
            "park": world.park_a,
            "cluster": cluster,
            "is_provincial_key": True,
            "is_city_key": True,
            "is_in_statistics": True,
            "construction_status": ConstructionStatus.CONTINUING,
            "leader": named_manager,
            "officer": world.a_officer,
            "description": "年产10万吨新材料\n二期厂房",
        },
    )
    services.year_plan_set(
        actor=None, project=world.project_a, year=YEAR, planned_investment_wan=Decimal(8000)
    )
    ProgressReport.objects.create(
        project=world.project_a, month=LAST_DECEMBER, invested_wan=Decimal(1000), progress="桩基"
    )
    services.report_submit(
        actor=None,
        project=world.project_a,
        month=THIS_MONTH,
        invested_wan=Decimal("1234.56"),
        progress="主体结构封顶",
    )
    Milestone.objects.create(project=world.project_a, name="竣工", planned_on=date(YEAR + 1, 6, 1))
    services.project_create(
        actor=None,
        zone=world.zone_a,
        name="园区道路工程",
        kind=ProjectKind.INFRASTRUCTURE,
        total_investment_wan=Decimal("2000.5"),
    )
    return world


def export_bytes(world: World, *, as_of: date = TODAY, **extra: Any) -> bytes:
    stream = io.BytesIO()
    export_ledger(
        Project.objects.filter(zone=world.zone_a),
        stream,
        year=YEAR,
        as_of=as_of,
        title=ledger_title(world.zone_a.name, YEAR, as_of),
        **extra,
    )
    return stream.getvalue()


@pytest.mark.parametrize(
    ("as_of", "header"),
    [
        (date(YEAR, 1, 20), "1月累计完成投资"),
        (date(YEAR, 3, 31), "1-3月累计完成投资"),
        (date(YEAR + 1, 1, 5), "1-12月累计完成投资"),
    ],
)
def test_export_cumulative_header_names_the_months_reported(
    rich_zone: World, as_of: date, header: str
) -> None:
    sheet = load_workbook(io.BytesIO(export_bytes(rich_zone, as_of=as_of))).active
    headers = [sheet.cell(4, c).value or sheet.cell(3, c).value for c in range(1, 24)]
    assert header in headers


def test_export_layout(rich_zone: World) -> None:
    sheet = load_workbook(io.BytesIO(export_bytes(rich_zone))).active
    assert sheet["A1"].value.startswith(f"甲区{YEAR}年重点项目推进情况表（截至")
    assert sheet.cell(2, sheet.max_column).value == "单位：万元"
    assert "A3:A4" in {str(r) for r in sheet.merged_cells.ranges}
    headers = [sheet.cell(4, c).value or sheet.cell(3, c).value for c in range(1, 24)]
    # The cumulative column names the months reported by the day of the export.
    this_year = "1月累计完成投资" if TODAY.month == 1 else f"1-{TODAY.month}月累计完成投资"
    assert this_year in headers
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [r[0] for r in rows] == ["一、", 1, "二、", 2, None]
    assert rows[0][1] == "工业项目" and rows[2][1] == "基础设施项目" and rows[4][1] == "合计"
    assert sheet["A5"].font.b and not sheet["A6"].font.b
    column = {name: index for index, name in enumerate(headers)}
    project = rows[1]
    assert project[column["建设单位"]] == "=甲新材料有限公司"
    assert sheet.cell(6, column["建设单位"] + 1).data_type == "s"  # text, not a formula
    assert project[column["建设地点/园区"]] == "甲一园"
    assert project[column["项目级别"]] == "省重点、市重点"
    assert project[column["建设性质"]] == "续建"
    assert project[column["产业类别"]] == "新材料"
    assert project[column["建设起止年限"]] == f"–{YEAR + 1}"
    assert project[column["截至上年底累计完成投资"]] == 1000
    assert project[column["年度计划投资"]] == 8000
    assert project[column["本月完成投资"]] == pytest.approx(1234.56)
    assert project[column["占年度计划%"]] == pytest.approx(15.4)
    assert project[column["形象进度"]] == "主体结构封顶"
    assert project[column["责任单位"]] == "甲区管委会"
    assert project[column["包联领导"]] == "王主任"
    assert project[column["阶段/状态"]] == "招商"
    assert project[column["是否入统"]] == "是"
    assert project[column["存在问题"]] is None
    total = rows[4]
    assert total[column["总投资"]] == pytest.approx(52000.5)
    assert total[column["截至上年底累计完成投资"]] == 1000
    for r in range(5, sheet.max_row + 1):
        for c in range(1, sheet.max_column + 1):
            assert sheet.cell(r, c).data_type != "f"


def test_export_then_reimport_changes_nothing(rich_zone: World, named_manager: User) -> None:
    data = export_bytes(rich_zone)
    plan = plan_for(data, rich_zone)
    assert plan.ok, [(r.number, r.errors) for r in plan.rows]
    assert plan.unknown_columns == []
    projects = [r for r in plan.rows if r.action not in ("subtotal", "total")]
    assert [(r.name, r.action) for r in projects] == [
        ("甲区新材料项目", "unchanged"),
        ("园区道路工程", "unchanged"),
    ], [(r.name, r.changed, r.warnings) for r in projects]
    assert all(not r.warnings for r in plan.rows)
    before = written()
    apply_ledger(plan, actor=named_manager, zone=rich_zone.zone_a)
    assert written() == before


def test_export_queries_do_not_grow_with_projects(
    world: World, django_assert_max_num_queries: Any
) -> None:
    investor = services.enterprise_for(name="批量公司")
    cluster = Cluster.objects.first()
    projects = Project.objects.bulk_create(
        Project(
            zone=world.zone_a,
            code=f"bulk-{index:04d}",
            name=f"批量项目{index}",
            kind=KIND_ORDER[index % len(KIND_ORDER)],
            total_investment_wan=Decimal(100 + index),
            investor=investor,
            park=world.park_a,
            cluster=cluster,
            leader=world.a_manager,
            officer=world.a_officer,
        )
        for index in range(300)
    )
    YearPlan.objects.bulk_create(
        YearPlan(project=p, year=YEAR, planned_investment_wan=Decimal(50)) for p in projects
    )
    ProgressReport.objects.bulk_create(
        ProgressReport(project=p, month=month, invested_wan=Decimal(10), progress="施工")
        for p in projects
        for month in (LAST_DECEMBER, THIS_MONTH)
    )
    Milestone.objects.bulk_create(
        Milestone(project=p, name="竣工", planned_on=date(YEAR + 1, 1, 1)) for p in projects
    )

    def run(zone: Any) -> int:
        with CaptureQueriesContext(connection) as queries:
            export_ledger(
                Project.objects.filter(zone=zone),
                io.BytesIO(),
                year=YEAR,
                as_of=TODAY,
                title="t",
            )
        return len(queries)

    with django_assert_max_num_queries(6):
        data = export_bytes(world)
    assert run(world.zone_a) == run(world.zone_b)
    rows = list(load_workbook(io.BytesIO(data), read_only=True).active.values)[4:]
    assert len(rows) == 301 + 5 + 1
    assert rows[-1][1] == "合计" and rows[-1][9] == 50000 + sum(range(100, 400))


def test_cli_export_import_dry_run_and_refusal(
    rich_zone: World, named_manager: User, tmp_path: Path
) -> None:
    path = tmp_path / "ledger.xlsx"
    out = io.StringIO()
    call_command("export", "projects", str(path), "--zone", str(rich_zone.zone_a.pk), stdout=out)
    assert "Wrote 2 projects" in out.getvalue()

    before = written()
    out = io.StringIO()
    call_command("import", "projects", str(path), "--zone", str(rich_zone.zone_a.pk), stdout=out)
    assert "2 unchanged" in out.getvalue() and "Imported." in out.getvalue()
    assert written() == before

    new = tmp_path / "new.xlsx"
    new.write_bytes(ledger_file(good_rows()))
    out = io.StringIO()
    call_command(
        "import", "projects", str(new), "--zone", str(rich_zone.zone_a.pk), "--dry-run", stdout=out
    )
    assert "Dry run" in out.getvalue()
    assert written() == before

    rows = good_rows()
    rows[2][8] = "张三"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(ledger_file(rows))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "projects", str(bad), "--zone", str(rich_zone.zone_a.pk), stdout=out)
    assert "unknown leader: 张三" in out.getvalue()
    assert written() == before

    with pytest.raises(CommandError):
        call_command("import", "projects", str(new), stdout=io.StringIO())
