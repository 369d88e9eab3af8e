"""A cockpit (驾驶舱): one organisation's zones at once — headline figures with their change on
the same month a year before, the five batches claimed and verified, investment against plan
and time elapsed, targets in colour, the latest published ranking, and what needs attention.

Figures come from ``figures.zone_figures`` (kept rows and grouped counts); the organisation's
lines are its children (a province's cities, a city's zone committees) or, for a zone
committee, its zones. Every figure has a breakdown by zone (``breakdown``) whose numbers link
to the list of records behind them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.rankings.choices import RankingStatus
from zonetrack.rankings.models import RankingEntry
from zonetrack.rankings.selectors import ranking_list
from zonetrack.registry.models import Zone
from zonetrack.targets.choices import Status
from zonetrack.targets.selectors import target_statuses

from ..models import ZoneMonth
from .attention import Attention, attention
from .figures import Figures, overdue_tasks_by_unit, time_elapsed, zone_figures, zones_in_scope
from .filters import CockpitFilters

# Ranking lines shown as bars; the organisation's own line is shown besides when lower down.
RANK_BARS = 15
# Worst first: a zone's colour on the map is its worst target's.
_SEVERITY = {Status.RED: 3, Status.AMBER: 2, Status.GREEN: 1, Status.NONE: 0}


@dataclass
class ZonePoint:
    """A zone as the map draws it and the breakdowns list it."""

    zone: Zone
    figures: Figures
    target_status: str = Status.NONE


@dataclass
class Line:
    """One line of the cockpit's table: a child organisation (or a zone of a committee)."""

    organisation: Organisation
    zones: list[ZonePoint]
    figures: Figures
    targets: Counter[str] = field(default_factory=Counter)
    rank: RankingEntry | None = None

    @property
    def names(self) -> str:
        return "、".join(p.zone.name for p in self.zones[:3]) + ("…" if len(self.zones) > 3 else "")


@dataclass
class RankBox:
    """The latest published ranking covering the organisation's zones: its bars (rank, name,
    total, change on the previous ranking) within the organisation."""

    ranking: Any
    entries: list[RankingEntry]


@dataclass
class Cockpit:
    organisation: Organisation
    filters: CockpitFilters
    time_elapsed: Decimal
    total: Figures
    lines: list[Line]
    zones: list[ZonePoint]
    targets: Counter[str]
    ranking: RankBox | None
    as_of: date
    attention: Attention | None = None

    @property
    def behind(self) -> bool:
        return self.total.behind(self.time_elapsed)


def cockpit_organisations(*, user: Any) -> QuerySet[Organisation]:
    """The organisations whose cockpit the user may open: those in view that own zones (or
    have some below them)."""
    return access.owning_any(
        access.visible(Organisation.objects.active(), user).filter(
            kind__in=["province_dept", "city_bureau", "county_bureau", "zone_committee"]
        ),
        Zone.objects.active(),
    ).order_by(access.tree_order(Organisation))


def default_cockpit(*, user: Any) -> Organisation | None:
    """The cockpit a user opens first: the topmost organisation of theirs with zones."""
    return cockpit_organisations(user=user).first()


def _as_of(filters: CockpitFilters, today: date) -> date:
    """The day the period's figures are read at: the month's last day, or today within it."""
    following = (filters.period.replace(day=28) + timedelta(days=4)).replace(day=1)
    return min(today, following - timedelta(days=1))


def _worst(counts: Counter[str]) -> str:
    shown = [s for s, n in counts.items() if n and s != Status.NONE]
    return max(shown, key=lambda s: _SEVERITY[Status(s)]) if shown else Status.NONE


def cockpit(
    *,
    user: Any,
    organisation: Organisation,
    filters: CockpitFilters,
    today: date | None = None,
    with_attention: bool = True,
) -> Cockpit:
    """The cockpit of ``organisation`` for the month and zones of ``filters`` (with the lists
    of what needs attention unless ``with_attention`` is False). A zone takes its line's
    target status when the line is its owner; the map reads every zone's (``cockpit_map``)."""
    today = today or timezone.localdate()
    as_of = _as_of(filters, today)
    zones_qs = zones_in_scope(user=user, organisation=organisation, filters=filters)
    zones = {
        z.pk: z
        for z in zones_qs.select_related("organisation").only(
            "pk", "name", "short_name", "kind", "level", "center_lat", "center_lng", "organisation"
        )
    }
    by_zone = zone_figures(user=user, zone_ids=list(zones), filters=filters, today=today)
    tasks = overdue_tasks_by_unit(user=user, organisation=organisation, today=today)
    # Each zone's owner and each task's unit to the line it falls in: the organisation's
    # child it lies under (or the organisation itself, for what it owns).
    branch = access.branches(organisation, {z.organisation_id for z in zones.values()} | set(tasks))

    lines_by_org: dict[int, Line] = {}
    points = []
    for pk, zone in sorted(zones.items(), key=lambda item: item[1].name):
        point = ZonePoint(zone=zone, figures=by_zone.get(pk) or Figures(zones=1))
        points.append(point)
        owner = branch[zone.organisation_id]
        line = lines_by_org.setdefault(owner.pk, Line(owner, [], Figures()))
        line.zones.append(point)
        line.figures.add(point.figures)
    order = {
        o.pk: i
        for i, o in enumerate(
            access.in_tree_order(line.organisation for line in lines_by_org.values())
        )
    }
    lines = sorted(lines_by_org.values(), key=lambda line: order[line.organisation.pk])
    total = Figures()
    for line in lines:  # every zone is on one line: the lines add up to the zones
        total.add(line.figures)
    # Overdue tasks belong to units, not zones: a line counts those of the units under it; the
    # total every unit's, or with zones filtered, the organisation's own and the lines'.
    own_tasks = 0
    for unit, n in tasks.items():
        held = lines_by_org.get(branch[unit].pk) if unit in branch else None
        if held is not None:
            held.figures.tasks_overdue += n
        if unit == organisation.pk and (held is None or held.organisation.pk != unit):
            own_tasks += n
    total.tasks_overdue = (
        own_tasks + sum(line.figures.tasks_overdue for line in lines)
        if filters.narrows
        else sum(tasks.values())
    )

    # Targets: the organisation's own and its lines', counted from the kept rollups.
    statuses = target_statuses(
        user=user,
        organisations=[organisation.pk, *(line.organisation.pk for line in lines)],
        year=filters.year,
        as_of=as_of,
    )
    for line in lines:
        line.targets = statuses.get(line.organisation.pk, Counter())
    for point in points:
        point.target_status = _worst(statuses.get(point.zone.organisation_id, Counter()))

    ranking = _ranking(user=user, organisation=organisation, lines=lines)
    lists = (
        attention(
            user=user,
            organisation=organisation,
            zone_ids=list(zones),
            figures={p.zone.pk: (p.zone, p.figures) for p in points},
            today=today,
        )
        if with_attention
        else None
    )
    return Cockpit(
        organisation=organisation,
        filters=filters,
        time_elapsed=time_elapsed(filters.period),
        total=total,
        lines=lines,
        zones=points,
        targets=statuses.get(organisation.pk, Counter()),
        ranking=ranking,
        as_of=as_of,
        attention=lists,
    )


@dataclass
class MapZone:
    """A zone on a cockpit's map: where it is, its investment of the year to the period's
    month, and the worst colour of its owner's targets."""

    zone: Zone
    invested_wan: Decimal
    target_status: str


def cockpit_map(
    *, user: Any, organisation: Organisation, filters: CockpitFilters, today: date | None = None
) -> list[MapZone]:
    """The zones of a cockpit that have a centre, by name, read from their zone-months and
    their owners' targets alone (not the whole cockpit): three queries and the targets'."""
    as_of = _as_of(filters, today or timezone.localdate())
    zones = {
        z.pk: z
        for z in zones_in_scope(user=user, organisation=organisation, filters=filters)
        .filter(center_lat__isnull=False, center_lng__isnull=False)
        .only("pk", "name", "center_lat", "center_lng", "organisation_id")
    }
    invested = dict(
        ZoneMonth.objects.filter(zone__in=list(zones), month=filters.period).values_list(
            "zone_id", "invested_wan"
        )
    )
    statuses = target_statuses(
        user=user,
        organisations=sorted({z.organisation_id for z in zones.values()}),
        year=filters.year,
        as_of=as_of,
    )
    return [
        MapZone(
            zone=zone,
            invested_wan=invested.get(pk) or Decimal(0),
            target_status=_worst(statuses.get(zone.organisation_id, Counter())),
        )
        for pk, zone in sorted(zones.items(), key=lambda item: item[1].name)
    ]


def _ranking(*, user: Any, organisation: Organisation, lines: list[Line]) -> RankBox | None:
    """The latest published ranking that ranks an organisation in this one's tree (or this
    one): bars of those ranked within the tree, and each line's entry."""
    inside = access.within(RankingEntry.objects.all(), organisation)
    ranking = (
        ranking_list(user=user)
        .filter(status=RankingStatus.PUBLISHED, pk__in=inside.values("ranking"))
        .order_by("-published_at", "-pk")
        .first()
    )
    if ranking is None:
        return None
    entries = list(
        access.within(ranking.entries.all(), organisation)
        .select_related("organisation")
        .only("ranking_id", "rank", "previous_rank", "total", "organisation")
        .order_by("rank", "organisation__name")
    )
    by_org = {e.organisation_id: e for e in entries}
    for line in lines:
        line.rank = by_org.get(line.organisation.pk)
    return RankBox(ranking=ranking, entries=entries[:RANK_BARS])
