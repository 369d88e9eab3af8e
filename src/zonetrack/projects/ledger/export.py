"""The ledger export: one streamed .xlsx sheet of projects by kind, with subtotals."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from zonetrack.projects.choices import MilestoneStatus
from zonetrack.projects.models import Milestone, ProgressReport, Project, YearPlan
from zonetrack.sheets.writer import FORMULA_STARTS

from .columns import (
    KIND_HEADINGS,
    KIND_ORDER,
    NATURE_LABELS,
    NUMERALS,
    STAGE_LABELS,
    _through_month,
)
from .providers import provided_columns

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


@dataclass(frozen=True)
class _Column:
    key: str
    header: str
    width: float
    number_format: str | None = None
    group: bool = False  # under the year's investment header (the two-level part)
    hidden: bool = False


def _columns(year: int, through: int) -> list[_Column]:
    if through > 1:
        cumulative = f"1-{through}月累计完成投资"
    elif through == 1:
        cumulative = "1月累计完成投资"
    else:
        cumulative = "累计完成投资"
    return [
        _Column("seq", "序号", 6),
        _Column("name", "项目名称", 28),
        _Column("investor", "建设单位", 24),
        _Column("location", "建设地点/园区", 14),
        _Column("nature", "建设性质", 8),
        _Column("level", "项目级别", 10),
        _Column("industry", "产业类别", 12),
        _Column("description", "建设规模及主要内容", 40),
        _Column("period", "建设起止年限", 12),
        _Column("total", "总投资", 12, "0.00"),
        _Column("prior", "截至上年底累计完成投资", 14, "0.00"),
        _Column("plan", "年度计划投资", 12, "0.00", group=True),
        _Column("month", "本月完成投资", 12, "0.00", group=True),
        _Column("cumulative", cumulative, 14, "0.00", group=True),
        _Column("percent", "占年度计划%", 10, "0.0", group=True),
        _Column("progress", "形象进度", 30),
        _Column("problems", "存在问题", 24),
        _Column("next_steps", "下步计划", 24),
        _Column("responsible_unit", "责任单位", 14),
        _Column("leader", "包联领导", 10),
        _Column("officer", "项目专员", 10),
        _Column("stage", "阶段/状态", 8),
        _Column("statistics", "是否入统", 8),
        # The import compares it with the project's version: a row edited in zonetrack after
        # the export is not overwritten unless the user says so.
        _Column("version", "数据版本", 8, hidden=True),
    ]


# Progress is reported every this many rows.
PROGRESS_EVERY = 250
_BOLD = Font(bold=True)
_MONEY = DecimalField(max_digits=16, decimal_places=2)


def _cell(sheet: Any, value: Any, column: _Column | None = None, *, bold: bool = False) -> Any:
    """A cell that a spreadsheet never runs as a formula, as in zonetrack.sheets.writer."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32_767]
        formula_like = value.startswith(FORMULA_STARTS)
        if not (formula_like or value in ERROR_CODES or bold):
            return value
        cell = WriteOnlyCell(sheet, value=value)
        if formula_like or value in ERROR_CODES:
            # openpyxl would type "=…" as a formula and "#N/A" as an error; keep them text, and
            # quote-prefix them so Excel keeps them text after an edit too.
            cell.data_type = "s"
            cell.quotePrefix = formula_like
    else:
        cell = WriteOnlyCell(sheet, value=value)
        if column is not None and column.number_format:
            cell.number_format = column.number_format
    if bold:
        cell.font = _BOLD
    return cell


def _percent(done: Decimal | None, planned: Decimal | None) -> Decimal | None:
    if not planned:
        return None
    return (Decimal(done or 0) * 100 / planned).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _period(started_on: date | None, last_planned: date | None) -> str:
    if started_on is None and last_planned is None:
        return ""
    start = str(started_on.year) if started_on else ""
    end = str(last_planned.year) if last_planned else ""
    return f"{start}–{end}"


def _level_label(project: Project) -> str:
    words = [
        word
        for flag, word in ((project.is_provincial_key, "省重点"), (project.is_city_key, "市重点"))
        if flag
    ]
    return "、".join(words) or "区重点"


def _sums_by_kind(ids: QuerySet[Any], year: int, month: date | None) -> dict[str, dict[str, Any]]:
    """Subtotals per project kind, in three grouped queries whatever the number of projects."""
    start = date(year, 1, 1)
    result: dict[str, dict[str, Any]] = defaultdict(dict)
    projects = (
        Project.objects.filter(pk__in=ids)
        .order_by()
        .values("kind")
        .annotate(count=Count("pk"), total=Sum("total_investment_wan"))
    )
    for item in projects:
        result[item["kind"]].update(count=item["count"], total=item["total"])
    sums: dict[str, Any] = {"prior": Sum("invested_wan", filter=Q(month__lt=start))}
    if month is not None:
        sums["cumulative"] = Sum("invested_wan", filter=Q(month__gte=start, month__lte=month))
        sums["month"] = Sum("invested_wan", filter=Q(month=month))
    # The plugin types these rows without the sums ``**sums`` adds: read as mappings.
    reports: QuerySet[ProgressReport, Mapping[str, Any]] = (
        ProgressReport.objects.filter(project__in=ids)
        .order_by()
        .values("project__kind")
        .annotate(**sums)
    )
    for report in reports:
        result[report["project__kind"]].update({k: report[k] for k in sums})
    plans = (
        YearPlan.objects.filter(project__in=ids, year=year)
        .order_by()
        .values("project__kind")
        .annotate(plan=Sum("planned_investment_wan"))
    )
    for plan in plans:
        result[plan["project__kind"]]["plan"] = plan["plan"]
    return result


def _ledger_rows(ids: QuerySet[Any], year: int, month: date | None) -> Iterator[Project]:
    """The projects with their year's figures annotated, by kind, streamed in one query."""
    reports = ProgressReport.objects.filter(project=OuterRef("pk")).order_by().values("project")

    def summed(**lookups: Any) -> Subquery:
        return Subquery(
            reports.filter(**lookups).annotate(total=Sum("invested_wan")).values("total"),
            output_field=_MONEY,
        )

    start = date(year, 1, 1)
    latest = month or date(year - 1, 12, 1)
    rank = Case(
        *(When(kind=kind, then=Value(index)) for index, kind in enumerate(KIND_ORDER)),
        default=Value(len(KIND_ORDER)),
        output_field=IntegerField(),
    )
    none = Value(None, output_field=_MONEY)
    projects = (
        Project.objects.filter(pk__in=ids)
        .select_related("zone__organisation", "park", "investor", "cluster", "leader", "officer")
        .annotate(
            kind_rank=rank,
            prior_wan=summed(month__lt=start),
            cumulative_wan=summed(month__gte=start, month__lte=month) if month else none,
            month_wan=(
                Subquery(
                    reports.filter(month=month).values("invested_wan")[:1], output_field=_MONEY
                )
                if month
                else none
            ),
            plan_wan=Subquery(
                YearPlan.objects.filter(project=OuterRef("pk"), year=year).values(
                    "planned_investment_wan"
                )[:1],
                output_field=_MONEY,
            ),
            latest_progress=Subquery(
                ProgressReport.objects.filter(project=OuterRef("pk"), month__lte=latest)
                .order_by("-month")
                .values("progress")[:1]
            ),
            last_planned_on=Subquery(
                Milestone.objects.filter(project=OuterRef("pk"))
                .exclude(status=MilestoneStatus.CANCELLED)
                .order_by("-planned_on")
                .values("planned_on")[:1]
            ),
        )
        .order_by("kind_rank", "zone_id", "code", "pk")
    )
    return projects.iterator(chunk_size=500)


def _project_values(
    project: Any, number: int, provided: Mapping[str, Mapping[int, str]]
) -> dict[str, Any]:
    return {
        # Columns other apps fill (存在问题 from dispatch's open problems).
        **{key: texts.get(project.pk, "") for key, texts in provided.items()},
        "seq": number,
        "name": project.name,
        "investor": project.investor.name if project.investor else "",
        "location": project.park.name if project.park else project.zone.name,
        "nature": NATURE_LABELS.get(project.construction_status, ""),
        "level": _level_label(project),
        "industry": project.cluster.name if project.cluster else "",
        "description": project.description,
        "period": _period(project.started_on, project.last_planned_on),
        "total": project.total_investment_wan,
        "prior": project.prior_wan,
        "plan": project.plan_wan,
        "month": project.month_wan,
        "cumulative": project.cumulative_wan,
        "percent": _percent(project.cumulative_wan, project.plan_wan),
        "progress": project.latest_progress or "",
        "responsible_unit": project.zone.organisation.name,
        "leader": str(project.leader) if project.leader else "",
        "officer": str(project.officer) if project.officer else "",
        "stage": STAGE_LABELS.get(project.stage, project.stage),
        "statistics": "是" if project.is_in_statistics else "否",
        "version": project.version,
    }


def _sum_values(seq: str, name: str, sums: dict[str, Any]) -> dict[str, Any]:
    values = {key: Decimal(sums.get(key) or 0) for key in ("total", "prior", "plan", "month")}
    values["cumulative"] = Decimal(sums.get("cumulative") or 0)
    percent = _percent(values["cumulative"], values["plan"])
    return {"seq": seq, "name": name, **values, "percent": percent}


def export_ledger(
    projects: QuerySet[Project],
    out: str | os.PathLike[str] | SupportsWrite[bytes],
    *,
    year: int,
    as_of: date,
    title: str,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Write the ledger of `projects` for `year` as reported on `as_of` (.xlsx, streamed).

    `progress(done, total)` is told how many project rows are written, every few hundred.

    A title line, the unit line (万元), a two-level header, then per kind of project a subtotal
    row (一、工业项目 …) before its projects, and a 合计 row. Totals are numbers, not formulas.
    Memory and the number of queries stay the same however many projects there are.
    """
    through = _through_month(year, as_of)
    month = date(year, through, 1) if through else None
    columns = _columns(year, through)
    ids = projects.order_by().values("pk")
    subtotals = _sums_by_kind(ids, year, month)
    provided = provided_columns(ids)

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="项目台账")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.column_dimensions[get_column_letter(index)].hidden = column.hidden
    sheet.freeze_panes = "C5"
    _print_layout(sheet)
    last = get_column_letter(len(columns))
    title_cell = _cell(sheet, title, bold=True)
    if title_cell is not None:
        title_cell.font = Font(bold=True, size=14)
        title_cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.append([title_cell])
    sheet.merged_cells.add(f"A1:{last}1")
    unit = WriteOnlyCell(sheet, value="单位：万元")
    unit.alignment = Alignment(horizontal="right")
    sheet.append([None] * (len(columns) - 1) + [unit])
    sheet.append(_header_row(sheet, columns, year, upper=True))
    sheet.append(_header_row(sheet, columns, year, upper=False))
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if not column.group:
            sheet.merged_cells.add(f"{letter}3:{letter}4")
    grouped = [i for i, column in enumerate(columns, start=1) if column.group]
    sheet.merged_cells.add(f"{get_column_letter(grouped[0])}3:{get_column_letter(grouped[-1])}3")

    def append(values: dict[str, Any], *, bold: bool = False) -> None:
        sheet.append([_cell(sheet, values.get(c.key), c, bold=bold) for c in columns])

    current: str | None = None
    headings = 0
    total = sum(sums.get("count", 0) for sums in subtotals.values()) if progress else 0
    for number, project in enumerate(_ledger_rows(ids, year, month), start=1):
        if progress and number % PROGRESS_EVERY == 0:
            progress(number, total)
        if project.kind != current:
            current = project.kind
            headings += 1
            seq = NUMERALS[headings - 1] + "、"
            heading = KIND_HEADINGS.get(project.kind, "其他项目")
            append(_sum_values(seq, heading, subtotals[current]), bold=True)
        append(_project_values(project, number, provided))
    everything: dict[str, Any] = defaultdict(Decimal)
    for sums in subtotals.values():
        for key, value in sums.items():
            everything[key] += value or 0
    append(_sum_values("", "合计", everything), bold=True)
    workbook.save(out)


def _print_layout(sheet: Any) -> None:
    """Printed as the ledgers are: A3 landscape, all columns on the page's width, the two
    header rows repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "8"  # A3 in the SpreadsheetML paper-size table
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.print_title_rows = "3:4"
    sheet.print_options.horizontalCentered = True


def _header_row(sheet: Any, columns: Iterable[_Column], year: int, *, upper: bool) -> list[Any]:
    cells: list[Any] = []
    first_group = True
    for column in columns:
        if column.group:
            text = (f"{year}年投资完成情况" if first_group else None) if upper else column.header
            first_group = False
        else:
            text = column.header if upper else None
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = _BOLD
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cells.append(cell)
    return cells
