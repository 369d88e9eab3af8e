"""Own figures of the rollups: an organisation's reported values, and what its own zones'
projects count by each computation kind (stage moves, monthly reports, year plans, and the
counts other apps offer through ``projects.counted``), per organisation, indicator and month.
``rollups`` settles them up the tree and keeps them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from zonetrack.projects import counted
from zonetrack.projects.choices import Stage, Verification
from zonetrack.projects.models import ProgressReport, Project, StageTransition, YearPlan

from ..choices import PLAN_KINDS, RATIO_KINDS, Computation, Source
from ..models import Indicator

Key = tuple[int, int, date]  # organisation id, indicator id, month
Own = tuple[Decimal, Decimal | None]  # amount, base


def _month(day: date) -> date:
    return day.replace(day=1)


def own_reported(rows: Any) -> dict[Key, Own]:
    return {
        (org, ind, period): (value, None)
        for org, ind, period, value in rows.values_list(
            "organisation_id", "indicator_id", "period", "value"
        )
    }


def _first_in_year(
    transitions: Iterable[tuple[int, str, date]],
) -> dict[tuple[int, str, int], date]:
    """The first verified move of each project into each stage in each year."""
    first: dict[tuple[int, str, int], date] = {}
    for project_id, stage, happened_on in transitions:
        key = (project_id, stage, happened_on.year)
        if key not in first or happened_on < first[key]:
            first[key] = happened_on
    return first


CHUNK = 900  # ids per query: within SQLite's limit of bound parameters


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def own_computed(indicators: list[Indicator], zone_filter: Q) -> dict[Key, Own]:
    """What the projects of the zones matched by ``zone_filter`` count, per organisation owning
    the zone, indicator and month."""
    found: dict[Key, list[Decimal]] = {}

    def add(key: Key, amount: Decimal, base: Decimal | None = None) -> None:
        cell = found.setdefault(key, [Decimal(0), Decimal(0)])
        cell[0] += amount
        cell[1] += base or 0

    # The projects first, then their moves and reports by id, a chunk at a time: a plain index
    # lookup whatever the planner believes of the tables' sizes (a join on a subquery was
    # planned as repeated scans on tables whose statistics lagged a bulk load).
    facts: dict[int, tuple[int, Decimal | None, date | None]] = {}
    started: dict[int, date | None] = {}  # of the projects the year plans count
    for pk, org, investment, signed_on, started_on, stage in (
        Project.objects.active()
        .filter(zone_filter)
        .values_list(
            "pk",
            "zone__organisation_id",
            "total_investment_wan",
            "signed_on",
            "started_on",
            "stage",
        )
    ):
        facts[pk] = (org, investment, signed_on)
        if stage != Stage.TERMINATED:  # as the dispatch KPIs count them
            started[pk] = started_on
    ids = sorted(facts)
    stages = {i.stage for i in indicators if i.stage}
    if any(i.computation == Computation.DAYS_TO_START for i in indicators):
        stages.add("started")
    if stages:
        moves = (
            move
            for chunk in _chunks(ids)
            for move in StageTransition.objects.filter(
                project_id__in=chunk,
                to_stage__in=stages,
                verification=Verification.VERIFIED,
            ).values_list("project_id", "to_stage", "happened_on")
        )
        first = _first_in_year(moves)
        for ind in indicators:
            if ind.computation in (Computation.STAGE_REACHED, Computation.SIGNED_INVESTMENT):
                threshold = ind.min_investment_wan
                for (project_id, stage, _year), on in first.items():
                    org, investment, _signed = facts[project_id]
                    if stage != ind.stage:
                        continue
                    if threshold is not None and (investment is None or investment < threshold):
                        continue
                    key = (org, ind.pk, _month(on))
                    if ind.computation == Computation.STAGE_REACHED:
                        add(key, Decimal(1))
                    else:
                        add(key, investment or Decimal(0))
            elif ind.computation == Computation.DAYS_TO_START:
                for (project_id, stage, _year), on in first.items():
                    org, _investment, signed_on = facts[project_id]
                    if stage == "started" and signed_on is not None and signed_on <= on:
                        add((org, ind.pk, _month(on)), Decimal((on - signed_on).days), Decimal(1))
    reporting = [
        i
        for i in indicators
        if i.computation in (Computation.COMPLETED_INVESTMENT, Computation.REPORTS_ON_TIME)
    ]
    rate = [i for i in indicators if i.computation == Computation.INVESTMENT_RATE]
    if reporting or rate:
        # One pass over the reports feeds both; 投资完成率 leaves terminated projects out.
        for chunk in _chunks(ids if reporting else sorted(started)):
            reports = ProgressReport.objects.filter(project_id__in=chunk).values_list(
                "project_id", "month", "invested_wan", "is_late"
            )
            for project_id, month, invested, is_late in reports:
                org = facts[project_id][0]
                for ind in reporting:
                    if ind.computation == Computation.COMPLETED_INVESTMENT:
                        add((org, ind.pk, _month(month)), invested)
                    else:
                        add((org, ind.pk, _month(month)), Decimal(0 if is_late else 1), Decimal(1))
                if project_id in started:
                    for ind in rate:
                        add((org, ind.pk, _month(month)), invested, Decimal(0))
    planning = [i for i in indicators if i.computation in PLAN_KINDS]
    if planning:
        _add_planned(planning, facts, started, add)
    today = timezone.localdate()
    for ind in indicators:
        if (offered := counted.counter(ind.computation)) is None:
            continue
        for chunk in _chunks(ids):
            for project_id, month, amount, base in offered.parts(chunk, today):
                add((facts[project_id][0], ind.pk, _month(month)), amount, base)
    ratio = {i.pk for i in indicators if i.computation in RATIO_KINDS}
    return {
        key: (amount, base if key[1] in ratio else None) for key, (amount, base) in found.items()
    }


def _add_planned(
    indicators: list[Indicator],
    facts: dict[int, tuple[int, Decimal | None, date | None]],
    started: dict[int, date | None],
    add: Any,
) -> None:
    """开工率 and 投资完成率 as the dispatch KPIs count them, kept by month so that the year to
    date is the sum of its months: a year plan's planned start and planned investment in the
    January of its year; a planned start's start in the month it started (within the plan's
    year). Terminated projects are left out. The investment completed, in the month reported,
    is added by ``own_computed``'s one pass over the reports."""
    ids = sorted(started)
    for chunk in _chunks(ids):
        plans = YearPlan.objects.filter(project_id__in=chunk).values_list(
            "project_id", "year", "planned_investment_wan", "planned_start"
        )
        for project_id, year, planned_wan, planned_start in plans:
            org, january = facts[project_id][0], date(year, 1, 1)
            for ind in indicators:
                if ind.computation == Computation.INVESTMENT_RATE:
                    add((org, ind.pk, january), Decimal(0), planned_wan)
                elif planned_start:
                    add((org, ind.pk, january), Decimal(0), Decimal(1))
                    on = started[project_id]
                    if on is not None and on.year == year:
                        add((org, ind.pk, _month(on)), Decimal(1), Decimal(0))


def computed_indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(source=Source.COMPUTED).exclude(computation=""))
