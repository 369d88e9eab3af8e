"""The records behind a computed figure, as the user may see them: the verified stage moves
it counted, the monthly reports, the year plans, or the records another app counts."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.projects import counted as counted_records
from zonetrack.projects.choices import Stage, Verification
from zonetrack.projects.models import ProgressReport, StageTransition, YearPlan

from ..choices import PLAN_KINDS, STAGE_KINDS, Computation
from ..models import Indicator
from .figures import _cutoff, counted


def computed_projects(
    *, user: Any, organisation: Organisation, indicator: Indicator, year: int, as_of: date
) -> list[StageTransition]:
    """The verified stage changes a computed figure counts, one per project (the first in the
    year), each with its project: the records behind the number."""
    if indicator.computation not in STAGE_KINDS and (
        indicator.computation != Computation.DAYS_TO_START
    ):
        return []
    stage = indicator.stage or "started"
    rows = (
        access.within(
            access.visible(StageTransition.objects.all(), user).filter(
                to_stage=stage,
                verification=Verification.VERIFIED,
                happened_on__gte=date(year, 1, 1),
                happened_on__lt=_cutoff(year, as_of),
                project__archived_at__isnull=True,
            ),
            organisation,
        )
        .select_related("project", "project__zone")
        .order_by("happened_on", "pk")
    )
    seen: set[int] = set()
    found = []
    for row in rows:
        if row.project_id in seen:
            continue
        if (
            row.project.signed_on is not None and row.project.signed_on <= row.happened_on
            if indicator.computation == Computation.DAYS_TO_START
            else counted(indicator, row.to_stage, row.project.total_investment_wan)
        ):
            seen.add(row.project_id)
            found.append(row)
    return found


def computed_reports(
    *, user: Any, organisation: Organisation, indicator: Indicator, year: int, as_of: date
) -> list[ProgressReport]:
    """The monthly reports a figure from reports (investment completed, reports on time)
    counts, each with its project: the records behind the number."""
    if indicator.computation not in (
        Computation.COMPLETED_INVESTMENT,
        Computation.REPORTS_ON_TIME,
    ):
        return []
    return list(
        access.within(
            access.visible(ProgressReport.objects.all(), user).filter(
                month__gte=date(year, 1, 1),
                month__lt=_cutoff(year, as_of),
                project__archived_at__isnull=True,
            ),
            organisation,
        )
        .select_related("project", "project__zone")
        .order_by("month", "project__name", "pk")
    )


def computed_plans(
    *, user: Any, organisation: Organisation, indicator: Indicator, year: int, as_of: date
) -> list[YearPlan]:
    """The year plans a rate against the plan counts (开工率: the planned starts; 投资完成率:
    every plan), each with its project and ``invested_wan``, the investment reported in the
    year up to the last month whose figures are in: the records behind the number."""
    if indicator.computation not in PLAN_KINDS | {Computation.DOUBLE_HALF}:
        return []
    plans = access.within(
        access.visible(YearPlan.objects.all(), user).filter(
            year=year, project__archived_at__isnull=True
        ),
        organisation,
    ).exclude(project__stage=Stage.TERMINATED)
    if indicator.computation == Computation.START_RATE:
        plans = plans.filter(planned_start=True)
    rows = list(plans.select_related("project", "project__zone").order_by("project__name", "pk"))
    invested: dict[int, Decimal] = defaultdict(Decimal)
    for project_id, amount in ProgressReport.objects.filter(
        project__in=[p.project_id for p in rows],
        month__gte=date(year, 1, 1),
        month__lt=_cutoff(year, as_of),
    ).values_list("project_id", "invested_wan"):
        invested[project_id] += amount
    cutoff = _cutoff(year, as_of)
    for plan in rows:
        plan.invested_wan = invested[plan.project_id]  # type: ignore[attr-defined]
        on = plan.project.started_on
        plan.started_in_year = on is not None and date(year, 1, 1) <= on < cutoff  # type: ignore[attr-defined]
    return rows


def computed_records(
    *, user: Any, organisation: Organisation, indicator: Indicator, year: int, as_of: date
) -> list[counted_records.CountedRecord]:
    """The records another app counts for a share it offers (problems closed by their
    deadline), as the user may see them."""
    offered = counted_records.counter(indicator.computation)
    if offered is None:
        return []
    return offered.records(user, organisation, date(year, 1, 1), _cutoff(year, as_of))
