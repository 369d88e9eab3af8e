"""The dispatch KPIs of a year and the responsible leaders' workload."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from ..choices import FIVE_BATCHES, Stage
from ..models import ProgressReport, Project, YearPlan
from .filters import ProjectFilters, _filtered
from .owing import owing_report


@dataclass
class Kpis:
    """The dispatch KPIs of a year (REFERENCE.md), each a percentage or None when undefined."""

    year: int
    time_elapsed: Decimal  # 序时进度: the share of the year gone, by month
    start_rate: Decimal | None  # 开工率
    started: int
    planned_starts: int
    investment_rate: Decimal | None  # 投资完成率
    invested_wan: Decimal
    planned_wan: Decimal
    funds_rate: Decimal | None  # 资金到位率
    funds_wan: Decimal
    completion_rate: Decimal | None  # 按期竣工率
    completed: int
    planned_completions: int

    @property
    def double_half(self) -> bool:
        """双过半 (REFERENCE.md: "at mid-year: both 投资完成率 and 开工率 at 50% or more"):
        the year's planned investment at least half completed and at least half of its planned
        starts started. Read as a figure of the year to date; at mid-year (June) it is the
        check zones are judged by."""
        return bool(
            self.start_rate is not None
            and self.investment_rate is not None
            and self.start_rate >= 50
            and self.investment_rate >= 50
        )

    @property
    def behind_schedule(self) -> bool:
        return self.investment_rate is not None and self.investment_rate < self.time_elapsed


def _rate(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _kpis_by(projects: QuerySet[Project], *, year: int, month: int, group: str) -> dict[Any, Kpis]:
    """The KPIs of ``projects`` grouped by one of their fields (``""``: one group, key None),
    in two queries whatever the number of groups: the one definition the API's figures and
    the 调度表's rows are read from."""
    ids = projects.values("pk")
    key = f"project__{group}" if group else None
    plans = YearPlan.objects.filter(project__in=ids, year=year).order_by()
    plan_sums = {
        "wan": Sum("planned_investment_wan"),
        "starts": Count("pk", filter=Q(planned_start=True)),
        "completions": Count("pk", filter=Q(planned_completion=True)),
        # 开工率 counts the planned starts that started within the year.
        "started": Count("pk", filter=Q(planned_start=True, project__started_on__year=year)),
        "completed": Count(
            "pk", filter=Q(planned_completion=True, project__construction_status="completed")
        ),
    }
    reports = ProgressReport.objects.filter(
        project__in=ids, month__year=year, month__month__lte=month
    ).order_by()
    report_sums = {"invested": Sum("invested_wan"), "funds": Sum("funds_in_place_wan")}
    if key:
        plan_rows = {r[key]: r for r in plans.values(key).annotate(**plan_sums)}
        report_rows = {r[key]: r for r in reports.values(key).annotate(**report_sums)}
    else:
        plan_rows = {None: plans.aggregate(**plan_sums)}
        report_rows = {None: reports.aggregate(**report_sums)}
    time_elapsed = (Decimal(month) * 100 / 12).quantize(Decimal("0.1"))
    result = {}
    for group_key in {*plan_rows, *report_rows}:
        planned = plan_rows.get(group_key) or {}
        done = report_rows.get(group_key) or {}
        invested = done.get("invested") or Decimal(0)
        funds = done.get("funds") or Decimal(0)
        planned_wan = planned.get("wan") or Decimal(0)
        starts, started = planned.get("starts") or 0, planned.get("started") or 0
        completions, completed = planned.get("completions") or 0, planned.get("completed") or 0
        result[group_key] = Kpis(
            year=year,
            time_elapsed=time_elapsed,
            start_rate=_rate(started, starts),
            started=started,
            planned_starts=starts,
            investment_rate=_rate(invested, planned_wan),
            invested_wan=invested.quantize(Decimal("0.01")),
            planned_wan=planned_wan.quantize(Decimal("0.01")),
            funds_rate=_rate(funds, planned_wan),
            funds_wan=funds.quantize(Decimal("0.01")),
            completion_rate=_rate(completed, completions),
            completed=completed,
            planned_completions=completions,
        )
    return result


def empty_kpis(year: int, month: int) -> Kpis:
    """The KPIs of nothing planned and nothing reported: every rate undefined."""
    zero = Decimal("0.00")
    return Kpis(
        year=year,
        time_elapsed=(Decimal(month) * 100 / 12).quantize(Decimal("0.1")),
        start_rate=None,
        started=0,
        planned_starts=0,
        investment_rate=None,
        invested_wan=zero,
        planned_wan=zero,
        funds_rate=None,
        funds_wan=zero,
        completion_rate=None,
        completed=0,
        planned_completions=0,
    )


def _kpi_projects(user: Any, filters: ProjectFilters | None) -> QuerySet[Project]:
    # The year chooses the plans and reports, not the projects (``stage_on`` of that year).
    f = ProjectFilters(**{**(filters or ProjectFilters()).__dict__, "year": None})
    return _filtered(user, f).exclude(stage=Stage.TERMINATED)


def dispatch_kpis(
    *, user: Any, year: int, month: int, filters: ProjectFilters | None = None
) -> Kpis:
    """开工率, 投资完成率 (against 序时进度), 资金到位率 and 按期竣工率 for a year up to a month,
    from the year plans and monthly reports of the projects in view; a fixed number of
    queries whatever the number of projects."""
    projects = _kpi_projects(user, filters)
    return _kpis_by(projects, year=year, month=month, group="").get(None) or empty_kpis(year, month)


@dataclass
class ZoneKpis:
    """One zone's row of the 调度表: its projects in each of the five batches and its KPIs."""

    zone_id: int
    by_batch: list[int]
    kpis: Kpis


def zone_kpis(
    *, user: Any, year: int, month: int, filters: ProjectFilters | None = None
) -> dict[int, ZoneKpis]:
    """The KPIs of ``dispatch_kpis`` for each zone with projects in view, and its projects by
    batch (五个一批, at capacity counted as in production), in three queries whatever the
    number of zones."""
    projects = _kpi_projects(user, filters)
    kpis = _kpis_by(projects, year=year, month=month, group="zone_id")
    # The plugin types these rows without the batch counts: read as mappings.
    rows: QuerySet[Project, Mapping[str, Any]] = (
        projects.order_by().values("zone_id").annotate(**_batch_counts())
    )
    return {
        row["zone_id"]: ZoneKpis(
            zone_id=row["zone_id"],
            by_batch=[row[stage.value] for stage in FIVE_BATCHES],
            kpis=kpis.get(row["zone_id"]) or empty_kpis(year, month),
        )
        for row in rows
    }


def _batch_counts() -> dict[str, Count]:
    # At capacity counts as in production, as in the five batches everywhere.
    return {
        stage.value: Count(
            "pk",
            filter=Q(stage__in=[stage, Stage.AT_CAPACITY])
            if stage == Stage.IN_PRODUCTION
            else Q(stage=stage),
        )
        for stage in FIVE_BATCHES
    }


@dataclass
class LeaderLoad:
    """One responsible leader's (包联领导) projects: how many in each batch, their investment,
    and how many of those under construction or in production owe last month's report."""

    leader_id: int | None
    name: str
    projects: int
    investment_wan: Decimal
    by_batch: list[int]
    reports_owed: int


def leader_workload(
    *, user: Any, filters: ProjectFilters | None = None, month: date
) -> list[LeaderLoad]:
    """Every leader of the projects in view, busiest first, in two grouped queries; projects
    without a leader come last, as one row, since someone has to take them on."""
    f = replace(filters or ProjectFilters(), leader=None)
    projects = _filtered(user, f).exclude(stage=Stage.TERMINATED)
    batches = _batch_counts()
    # The plugin types these rows without the batch counts ``**batches`` adds: read as mappings.
    rows: QuerySet[Project, Mapping[str, Any]] = (
        projects.order_by()
        .values("leader_id", "leader__display_name", "leader__username")
        .annotate(n=Count("pk"), total=Sum("total_investment_wan"), **batches)
    )
    building = owing_report(projects, month)
    owed = dict(
        building.order_by()
        .values("leader_id")
        .annotate(n=Count("pk"))
        .values_list("leader_id", "n")
    )
    loads = [
        LeaderLoad(
            leader_id=row["leader_id"],
            name=row["leader__display_name"] or row["leader__username"] or "",
            projects=row["n"],
            investment_wan=(row["total"] or Decimal(0)).quantize(Decimal("0.01")),
            by_batch=[row[stage.value] for stage in FIVE_BATCHES],
            reports_owed=owed.get(row["leader_id"], 0),
        )
        for row in rows
    ]
    loads.sort(key=lambda load: (load.leader_id is None, -load.projects, load.name))
    return loads
