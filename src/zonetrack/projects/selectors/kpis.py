"""The dispatch KPIs of a year and the responsible leaders' workload."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from ..choices import FIVE_BATCHES, Stage
from ..models import ProgressReport, Project, YearPlan
from .filters import ProjectFilters, _filtered


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
        """双过半: both the start rate and the investment rate at 50 % or more."""
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


def dispatch_kpis(
    *, user: Any, year: int, month: int, filters: ProjectFilters | None = None
) -> Kpis:
    """开工率, 投资完成率 (against 序时进度), 资金到位率 and 按期竣工率 for a year up to a month,
    from the year plans and monthly reports of the projects in view; a fixed number of
    queries whatever the number of projects."""
    f = ProjectFilters(**{**(filters or ProjectFilters()).__dict__, "year": None})
    projects = _filtered(user, f).exclude(stage=Stage.TERMINATED).values("pk")
    plans = YearPlan.objects.filter(project__in=projects, year=year)
    planned = plans.aggregate(
        wan=Sum("planned_investment_wan"),
        starts=Count("pk", filter=Q(planned_start=True)),
        completions=Count("pk", filter=Q(planned_completion=True)),
    )
    started = plans.filter(planned_start=True, project__started_on__year=year).count()
    completed = plans.filter(
        planned_completion=True, project__construction_status="completed"
    ).count()
    reports = ProgressReport.objects.filter(
        project__in=projects, month__year=year, month__month__lte=month
    ).aggregate(invested=Sum("invested_wan"), funds=Sum("funds_in_place_wan"))
    invested = reports["invested"] or Decimal(0)
    funds = reports["funds"] or Decimal(0)
    planned_wan = planned["wan"] or Decimal(0)
    return Kpis(
        year=year,
        time_elapsed=(Decimal(month) * 100 / 12).quantize(Decimal("0.1")),
        start_rate=_rate(started, planned["starts"]),
        started=started,
        planned_starts=planned["starts"],
        investment_rate=_rate(invested, planned_wan),
        invested_wan=invested.quantize(Decimal("0.01")),
        planned_wan=planned_wan.quantize(Decimal("0.01")),
        funds_rate=_rate(funds, planned_wan),
        funds_wan=funds.quantize(Decimal("0.01")),
        completion_rate=_rate(completed, planned["completions"]),
        completed=completed,
        planned_completions=planned["completions"],
    )


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
    # At capacity counts as in production, as in the five batches everywhere.
    batches = {
        stage.value: Count(
            "pk",
            filter=Q(stage__in=[stage, Stage.AT_CAPACITY])
            if stage == Stage.IN_PRODUCTION
            else Q(stage=stage),
        )
        for stage in FIVE_BATCHES
    }
    # The plugin types these rows without the batch counts ``**batches`` adds: read as mappings.
    rows: QuerySet[Project, Mapping[str, Any]] = (
        projects.order_by()
        .values("leader_id", "leader__display_name", "leader__username")
        .annotate(n=Count("pk"), total=Sum("total_investment_wan"), **batches)
    )
    building = projects.filter(
        stage__in=[Stage.STARTED, Stage.IN_PRODUCTION, Stage.AT_CAPACITY]
    ).exclude(Exists(ProgressReport.objects.filter(project=OuterRef("pk"), month=month)))
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
