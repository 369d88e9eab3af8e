"""Keeping the cockpits' figures (``ZoneMonth``): each zone's dispatch figures for every month
of every year it has plans, reports or signings, cumulative within the year.

- A write that moves a project's figures (stage, verification, investment, archiving, a move
  between zones, monthly reports, year plans) sends ``projects_changed`` with the zones
  touched, inside its transaction; ``rollup_refresh`` recounts those zones only: a handful of
  grouped queries bounded by the zones' own projects, and writes the rows that changed.
- Time passing changes which projects owe a report: ``rollup_rebuild`` (nightly, and after a
  bulk load) recounts every zone.
- ``rollup_live`` is the same count without reading or writing the kept rows: the tests
  compare it with what was kept after every kind of write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from zonetrack.projects.choices import Stage
from zonetrack.projects.models import ProgressReport, Project, YearPlan
from zonetrack.projects.selectors import owing_report, report_month

from .models import ZoneMonth

Key = tuple[int, date]  # zone id, month (its first day)
FIGURES = (
    "planned_wan",
    "planned_starts",
    "started",
    "planned_completions",
    "completed",
    "invested_wan",
    "funds_wan",
    "signed",
    "signed_wan",
)
MONEY = {"planned_wan", "invested_wan", "funds_wan", "signed_wan"}
# Rows of a refresh written at once.
BATCH = 2000


def _zero() -> dict[str, Any]:
    return {name: Decimal("0.00") if name in MONEY else 0 for name in FIGURES}


def owed_months(today: date) -> list[date]:
    """The months whose report a refresh recounts: the one owed now and the one before."""
    last = report_month(today)
    return [report_month(last), last]


def _counted(zone_ids: set[int] | None) -> QuerySet[Project]:
    # The projects the dispatch KPIs count: active, not terminated.
    projects = Project.objects.active().exclude(stage=Stage.TERMINATED)
    return projects if zone_ids is None else projects.filter(zone__in=zone_ids)


def _compute(zone_ids: set[int] | None, today: date) -> dict[Key, dict[str, Any]]:
    """Every zone-month's figures, counted from the records, with ``reports_owed`` for the
    owed months (None elsewhere)."""
    projects = _counted(zone_ids)
    ids = projects.values("pk")
    per_year: dict[tuple[int, int], dict[str, Any]] = defaultdict(_zero)
    # Flows of each month (summed up the year below): zone, year, month → figures.
    flows: dict[tuple[int, int, int], dict[str, Any]] = defaultdict(_zero)

    plans = (
        YearPlan.objects.filter(project__in=ids)
        .order_by()
        .values_list("project__zone_id", "year")
        .annotate(
            wan=Sum("planned_investment_wan"),
            starts=Count("pk", filter=Q(planned_start=True)),
            completions=Count("pk", filter=Q(planned_completion=True)),
            completed=Count(
                "pk", filter=Q(planned_completion=True, project__construction_status="completed")
            ),
        )
    )
    for zone, year, wan, starts, completions, completed in plans:
        row = per_year[(zone, year)]
        row.update(
            planned_wan=wan or Decimal(0),
            planned_starts=starts,
            planned_completions=completions,
            completed=completed,
        )
    started = (
        YearPlan.objects.filter(
            project__in=ids, planned_start=True, project__started_on__year=F("year")
        )
        .order_by()
        .values_list("project__zone_id", "year", ExtractMonth("project__started_on"))
        .annotate(n=Count("pk"))
    )
    for zone, year, month, n in started:
        flows[(zone, year, month)]["started"] += n
    reports = (
        ProgressReport.objects.filter(project__in=ids)
        .order_by()
        .values_list("project__zone_id", "month")
        .annotate(invested=Sum("invested_wan"), funds=Sum("funds_in_place_wan"))
    )
    for zone, month, invested, funds in reports:
        flow = flows[(zone, month.year, month.month)]
        flow["invested_wan"] += invested or 0
        flow["funds_wan"] += funds or 0
    signed = (
        projects.filter(signed_on__isnull=False)
        .order_by()
        .values_list("zone_id", ExtractYear("signed_on"), ExtractMonth("signed_on"))
        .annotate(n=Count("pk"), wan=Sum("total_investment_wan"))
    )
    for zone, year, month, n, wan in signed:
        flow = flows[(zone, year, month)]
        flow["signed"] += n
        flow["signed_wan"] += wan or 0

    result: dict[Key, dict[str, Any]] = {}
    zone_years = set(per_year) | {(zone, year) for zone, year, _m in flows}
    for zone, year in zone_years:
        running = _zero()
        base = per_year.get((zone, year)) or _zero()
        for month in range(1, 13):
            moved = flows.get((zone, year, month))
            if moved is not None:
                for name in ("started", "invested_wan", "funds_wan", "signed", "signed_wan"):
                    running[name] += moved[name]
            row = {**base, **{n: running[n] for n in running if n not in _PLAN_FIELDS}}
            row["reports_owed"] = None
            result[(zone, date(year, month, 1))] = row
    for month in owed_months(today):
        owing = (
            owing_report(projects, month).order_by().values_list("zone_id").annotate(n=Count("pk"))
        )
        for zone, n in owing:
            row = result.setdefault((zone, month), {**_zero(), "reports_owed": None})
            row["reports_owed"] = n
        for key, row in result.items():
            if key[1] == month and row["reports_owed"] is None:
                row["reports_owed"] = 0
    return result


_PLAN_FIELDS = {"planned_wan", "planned_starts", "planned_completions", "completed"}


def _quantized(row: dict[str, Any]) -> dict[str, Any]:
    return {
        name: (Decimal(value).quantize(Decimal("0.01")) if name in MONEY else value)
        for name, value in row.items()
    }


def rollup_live(
    zone_ids: Iterable[int] | None = None, *, today: date | None = None
) -> dict[Key, dict[str, Any]]:
    """Every zone-month as counted from the records now (non-zero rows only), without reading
    or writing the kept rows."""
    today = today or timezone.localdate()
    found = _compute(None if zone_ids is None else set(zone_ids), today)
    return {k: _quantized(row) for k, row in found.items() if not _empty(row)}


def _empty(row: dict[str, Any]) -> bool:
    return not any(row[name] for name in FIGURES) and not row.get("reports_owed")


def rollup_kept(zone_ids: Iterable[int] | None = None) -> dict[Key, dict[str, Any]]:
    """The kept zone-months, in the shape ``rollup_live`` gives."""
    rows = ZoneMonth.objects.all()
    if zone_ids is not None:
        rows = rows.filter(zone__in=list(zone_ids))
    return {
        (r["zone_id"], r["month"]): {name: r[name] for name in (*FIGURES, "reports_owed")}
        for r in rows.values("zone_id", "month", *FIGURES, "reports_owed")
    }


def _write(fresh: dict[Key, dict[str, Any]], kept: dict[Key, ZoneMonth], owed: set[date]) -> int:
    """Write what differs between the fresh counts and the kept rows; the number written."""
    create, update, delete = [], [], []
    for key in set(fresh) | set(kept):
        row = fresh.get(key)
        old = kept.get(key)
        row = {**_zero(), "reports_owed": None} if row is None else row
        if key[1] not in owed and old is not None:
            # Owed reports of a month no longer asked for keep their last count.
            row["reports_owed"] = old.reports_owed
        row = _quantized(row)
        if old is None:
            if not _empty(row):
                create.append(ZoneMonth(zone_id=key[0], month=key[1], **row))
            continue
        if _empty(row):
            delete.append(old.pk)
        elif any(getattr(old, name) != value for name, value in row.items()):
            for name, value in row.items():
                setattr(old, name, value)
            update.append(old)
    if delete:
        ZoneMonth.objects.filter(pk__in=delete).delete()
    ZoneMonth.objects.bulk_create(create, batch_size=BATCH)
    ZoneMonth.objects.bulk_update(update, [*FIGURES, "reports_owed"], batch_size=BATCH)
    return len(create) + len(update) + len(delete)


def rollup_refresh(zone_ids: Iterable[int], *, today: date | None = None, **_kwargs: Any) -> int:
    """Recount the zone-months of these zones (after a write to their projects, in its
    transaction); the number of rows written."""
    zones = set(zone_ids)
    if not zones:
        return 0
    today = today or timezone.localdate()
    fresh = _compute(zones, today)
    kept = {(r.zone_id, r.month): r for r in ZoneMonth.objects.filter(zone__in=zones)}
    return _write(fresh, kept, set(owed_months(today)))


def rollup_rebuild(*, today: date | None = None) -> int:
    """Recount every zone-month (nightly, when a new month asks for reports, and after a bulk
    load); the number of rows written."""
    today = today or timezone.localdate()
    with transaction.atomic():
        fresh = _compute(None, today)
        kept = {(r.zone_id, r.month): r for r in ZoneMonth.objects.all()}
        return _write(fresh, kept, set(owed_months(today)))
