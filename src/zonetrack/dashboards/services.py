"""Keeping the cockpits' figures (``ZoneMonth``): each zone's dispatch figures for every month
of every year it has plans, reports or signings, cumulative within the year.

- A write that moves a project's figures (stage, verification, investment, archiving, a move
  between zones, monthly reports, year plans) sends ``projects_changed`` with the zones
  touched, inside its transaction. When the write noted its projects beforehand
  (``notes_before``, answered by ``rollup_note``), ``rollup_refresh`` adds to the kept rows
  the difference those projects' own records make, before and after: a few queries by project
  id, whatever the zone's size. Otherwise it recounts the zones: a handful of grouped queries
  bounded by the zones' own projects, and writes the rows that changed.
- Time passing changes which projects owe a report: ``rollup_rebuild`` (nightly, and after a
  bulk load) recounts every zone.
- ``rollup_live`` is the same count without reading or writing the kept rows: the tests
  compare it with what was kept after every kind of write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from zonetrack.projects.choices import Stage
from zonetrack.projects.models import ProgressReport, Project, YearPlan
from zonetrack.projects.selectors import owing_report, report_month, reports_for
from zonetrack.projects.services import Notes

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
FLOWS = ("started", "invested_wan", "funds_wan", "signed", "signed_wan")
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

    result = _months(per_year, flows)
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


def _months(
    per_year: dict[tuple[int, int], dict[str, Any]],
    flows: dict[tuple[int, int, int], dict[str, Any]],
) -> dict[Key, dict[str, Any]]:
    """Every month of each zone-year with plans or flows: the year's plans, and the flows
    summed from January to the month; ``reports_owed`` None."""
    result: dict[Key, dict[str, Any]] = {}
    zone_years = set(per_year) | {(zone, year) for zone, year, _m in flows}
    for zone, year in zone_years:
        running = _zero()
        base = per_year.get((zone, year)) or _zero()
        for month in range(1, 13):
            moved = flows.get((zone, year, month))
            if moved is not None:
                for name in FLOWS:
                    running[name] += moved[name]
            row = {**base, **{n: running[n] for n in running if n not in _PLAN_FIELDS}}
            row["reports_owed"] = None
            result[(zone, date(year, month, 1))] = row
    return result


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


def rollup_refresh(
    zone_ids: Iterable[int],
    *,
    today: date | None = None,
    project_ids: Iterable[int] | None = None,
    notes: Notes | None = None,
    **_kwargs: Any,
) -> int:
    """Bring the zone-months of these zones up to date after a write to their projects, in
    its transaction: by the difference the projects ``project_ids`` make when ``notes`` holds
    ``rollup_note``'s note of them from before the write, else by a recount of the zones. The
    number of rows written."""
    zones = set(zone_ids)
    if not zones:
        return 0
    today = today or timezone.localdate()
    noted = notes.note_of(rollup_note) if notes is not None else None
    if isinstance(noted, ProjectsNote) and project_ids is not None:
        after = _note(set(project_ids), today)
        if noted.owed == after.owed and noted.project_ids == after.project_ids:
            written = _add_difference(noted, after)
            if written is not None:
                return written
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


# --- the difference a few projects make ----------------------------------------------------


@dataclass(frozen=True)
class ProjectsNote:
    """What some projects count in the zone-months (``_compute``'s rows, theirs alone), and
    the owed reports among them, on one day."""

    project_ids: frozenset[int]
    owed: tuple[date, ...]
    rows: dict[Key, dict[str, Any]]
    owing: dict[Key, int]


def rollup_note(project_ids: Iterable[int], **_kwargs: Any) -> ProjectsNote:
    """``projects_changing``'s receiver: what these projects count now, before a write."""
    return _note(set(project_ids), timezone.localdate())


def _note(project_ids: set[int], today: date) -> ProjectsNote:
    """``_compute`` over these projects alone, by their ids: three indexed reads."""
    facts = {
        row[0]: row[1:]
        for row in _counted(None)
        .filter(pk__in=project_ids)
        .values_list(
            "pk",
            "zone_id",
            "signed_on",
            "started_on",
            "stage",
            "stage_on",
            "total_investment_wan",
            "construction_status",
        )
    }
    per_year: dict[tuple[int, int], dict[str, Any]] = defaultdict(_zero)
    flows: dict[tuple[int, int, int], dict[str, Any]] = defaultdict(_zero)
    plans = YearPlan.objects.filter(project__in=list(facts)).values_list(
        "project_id", "year", "planned_investment_wan", "planned_start", "planned_completion"
    )
    for project_id, year, wan, start, completion in plans:
        zone, _signed, started_on, *_rest, status = facts[project_id]
        row = per_year[(zone, year)]
        row["planned_wan"] += wan or 0
        row["planned_starts"] += int(start)
        row["planned_completions"] += int(completion)
        row["completed"] += int(completion and status == "completed")
        if start and started_on is not None and started_on.year == year:
            flows[(zone, year, started_on.month)]["started"] += 1
    reported: set[tuple[int, date]] = set()
    reports = ProgressReport.objects.filter(project__in=list(facts)).values_list(
        "project_id", "month", "invested_wan", "funds_in_place_wan"
    )
    for project_id, month, invested, funds in reports:
        reported.add((project_id, month))
        flow = flows[(facts[project_id][0], month.year, month.month)]
        flow["invested_wan"] += invested or 0
        flow["funds_wan"] += funds or 0
    owed = tuple(owed_months(today))
    owing: dict[Key, int] = defaultdict(int)
    for project_id, (zone, signed_on, started_on, stage, stage_on, total, _s) in facts.items():
        if signed_on is not None:
            flow = flows[(zone, signed_on.year, signed_on.month)]
            flow["signed"] += 1
            flow["signed_wan"] += total or 0
        for month in owed:
            if (project_id, month) not in reported and reports_for(
                stage, started_on, stage_on, month
            ):
                owing[(zone, month)] += 1
    return ProjectsNote(frozenset(project_ids), owed, _months(per_year, flows), dict(owing))


def _add_difference(before: ProjectsNote, after: ProjectsNote) -> int | None:
    """Add to the kept rows what the noted projects count now less what they counted before;
    the number of rows written, or None (nothing written) when the kept rows cannot have been
    current (a count would fall below zero): the zones are recounted then."""
    changed: dict[Key, dict[str, Any]] = {}
    for key in set(before.rows) | set(after.rows) | set(before.owing) | set(after.owing):
        new, old = after.rows.get(key) or _zero(), before.rows.get(key) or _zero()
        moved = {name: new[name] - old[name] for name in FIGURES}
        owing = after.owing.get(key, 0) - before.owing.get(key, 0)
        if owing or any(moved.values()):
            changed[key] = {**moved, "reports_owed": owing}
    if not changed:
        return 0
    # The announcement locked the zones: no other writer adds to these rows until this one ends.
    kept = {
        (r.zone_id, r.month): r
        for r in ZoneMonth.objects.filter(
            zone__in={z for z, _m in changed}, month__in={m for _z, m in changed}
        )
        if (r.zone_id, r.month) in changed
    }
    owed = set(after.owed)
    # An owed month's count not kept yet (the month became owed since the last recount): count it.
    uncounted = {
        key
        for key in changed
        if key[1] in owed and (key not in kept or kept[key].reports_owed is None)
    }
    counted = _owing({z for z, _m in uncounted}, {m for _z, m in uncounted})
    fresh: dict[Key, dict[str, Any]] = {}
    for key, moved in changed.items():
        was = kept.get(key)
        row = {name: (getattr(was, name) if was else 0) + moved[name] for name in FIGURES}
        if key in uncounted:
            row["reports_owed"] = counted.get(key, 0)
        elif key[1] in owed and was is not None:
            row["reports_owed"] = (was.reports_owed or 0) + moved["reports_owed"]
        else:
            row["reports_owed"] = None
        if any(value < 0 for value in row.values() if value is not None):
            return None
        fresh[key] = row
    return _write(fresh, kept, owed)


def _owing(zone_ids: set[int], months: set[date]) -> dict[Key, int]:
    """The reports owed for these months by the zones' projects, counted."""
    found: dict[Key, int] = {}
    for month in months:
        owing = (
            owing_report(_counted(zone_ids), month)
            .order_by()
            .values_list("zone_id")
            .annotate(n=Count("pk"))
        )
        found.update({(zone, month): n for zone, n in owing})
    return found
