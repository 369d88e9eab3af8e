"""The 调度表: per zone, projects by batch, the dispatch KPIs, colours and overdue problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from zonetrack.accounts import access
from zonetrack.projects import selectors as project_selectors
from zonetrack.projects.choices import FIVE_BATCHES
from zonetrack.registry.models import Zone

from ..choices import Colour
from .colours import warnings
from .problems import ProblemFilters, problem_list

# A province sees hundreds of zones; the table shows the busiest first, up to this many.
TABLE_ZONES = 200


@dataclass
class TableRow:
    """One row of the 调度表: a zone (or the total, ``zone_id`` None) and its figures."""

    zone_id: int | None
    name: str
    by_batch: list[tuple[str, int]]  # (stage, projects) for each of the five batches
    kpis: project_selectors.Kpis
    red: int = 0
    yellow: int = 0
    overdue: int = 0


@dataclass
class DispatchTable:
    """The 调度表 of a year up to a month, one row per zone and a total row."""

    year: int
    month: int
    rows: list[TableRow]
    total: TableRow
    batches: list[tuple[str, str]] = field(default_factory=list)  # (stage, label)


def _number(params: Any, name: str) -> int | None:
    value = str(params.get(name) or "").strip()
    return int(value) if value.isdecimal() and len(value) < 10 else None


def dispatch_table(*, user: Any, params: Any = None, today: date | None = None) -> DispatchTable:
    """The 调度表 of the zones the user can see (or only ``zone`` of ``params``), this year up
    to this month unless ``year``/``month`` say otherwise. The figures are those of
    ``/api/kpis`` (``projects.selectors.zone_kpis`` and ``dispatch_kpis``: one definition);
    a fixed number of queries whatever the number of zones."""
    params = params or {}
    today = today or timezone.localdate()
    year = _number(params, "year") or today.year
    month = _number(params, "month") or (today.month if year == today.year else 12)
    month = min(max(month, 1), 12)
    zone = _number(params, "zone")
    filters = project_selectors.ProjectFilters(zone=zone)
    by_zone = project_selectors.zone_kpis(user=user, year=year, month=month, filters=filters)
    total = project_selectors.dispatch_kpis(user=user, year=year, month=month, filters=filters)
    statuses = warnings(user=user, zone_id=zone, projects_only=True).order_by()
    colours: dict[int, tuple[int, int]] = {
        row["zone_id"]: (row["red"], row["yellow"])
        for row in statuses.values("zone_id").annotate(
            red=Count("pk", filter=Q(colour=Colour.RED)),
            yellow=Count("pk", filter=Q(colour=Colour.YELLOW)),
        )
    }
    late = dict(
        problem_list(user=user, filters=ProblemFilters(zone=zone, overdue=True))
        .prefetch_related(None)
        .order_by()
        .values("zone_id")
        .annotate(n=Count("pk"))
        .values_list("zone_id", "n")
    )
    ids = {*by_zone, *colours, *late}
    names = dict(access.visible(Zone.objects.filter(pk__in=ids), user).values_list("pk", "name"))
    rows = []
    for zone_id, name in names.items():
        figures = by_zone.get(zone_id)
        rows.append(
            TableRow(
                zone_id=zone_id,
                name=name,
                by_batch=_batches(figures.by_batch if figures else [0] * len(FIVE_BATCHES)),
                kpis=figures.kpis if figures else project_selectors.empty_kpis(year, month),
                red=colours.get(zone_id, (0, 0))[0],
                yellow=colours.get(zone_id, (0, 0))[1],
                overdue=late.get(zone_id, 0),
            )
        )
    rows.sort(key=lambda row: (-row.red, -row.overdue, -row.yellow, row.name))
    rows = rows[:TABLE_ZONES]
    total_row = TableRow(
        zone_id=None,
        name="",
        by_batch=_batches(
            [sum(row.by_batch[i][1] for row in rows) for i in range(len(FIVE_BATCHES))]
        ),
        kpis=total,
        red=sum(row.red for row in rows),
        yellow=sum(row.yellow for row in rows),
        overdue=sum(row.overdue for row in rows),
    )
    return DispatchTable(
        year=year,
        month=month,
        rows=rows,
        total=total_row,
        batches=[(stage.value, str(stage.label)) for stage in FIVE_BATCHES],
    )


def _batches(counts: list[int]) -> list[tuple[str, int]]:
    return [(stage.value, n) for stage, n in zip(FIVE_BATCHES, counts, strict=True)]
