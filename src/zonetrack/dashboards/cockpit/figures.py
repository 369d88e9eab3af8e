"""The cockpits' figures of each zone, read from the kept rows (pipeline totals, zone months)
and from grouped counts of the small tables (problems, warnings, tasks, leads, land): a fixed
number of queries whatever the number of zones, and never a scan of projects or reports."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.dispatch.choices import OPEN_STATUSES as OPEN_PROBLEMS
from zonetrack.dispatch.choices import Colour
from zonetrack.dispatch.models import Problem
from zonetrack.dispatch.selectors import warning_counts_by_zone
from zonetrack.land.choices import FollowUpStatus, ParcelStatus
from zonetrack.land.models import FollowUp, Parcel
from zonetrack.projects.choices import FIVE_BATCHES, Stage
from zonetrack.projects.models import PipelineTotal
from zonetrack.promotion.choices import OPEN_STATUSES as OPEN_LEADS
from zonetrack.promotion.models import IncentiveFollowUp, Lead
from zonetrack.registry.models import Zone
from zonetrack.targets.selectors import overdue_q, tasks_visible

from ..models import ZoneMonth
from ..services import FIGURES
from .filters import CockpitFilters

ZERO = Decimal("0.00")
# Land that was supplied, whatever it became since (idle or low-efficiency land was supplied).
SUPPLIED = (ParcelStatus.SUPPLIED, ParcelStatus.IDLE, ParcelStatus.LOW_EFFICIENCY)
# The kept zone-month's figures, read as they are kept.
_MONTH_FIELDS = FIGURES


def _rate(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _batches() -> dict[str, list[int]]:
    return {stage.value: [0, 0] for stage in FIVE_BATCHES}


@dataclass
class Figures:
    """What a cockpit shows of a zone, or of several added up. Investment and funds are for
    the year up to the period's month; ``*_before`` is the same month of the year before
    (同比); the pipeline, problems, warnings, leads and land are as they stand now."""

    zones: int = 0
    batches: dict[str, list[int]] = field(default_factory=_batches)  # stage: [claimed, verified]
    pipeline_wan: Decimal = ZERO
    planned_wan: Decimal = ZERO
    planned_starts: int = 0
    started: int = 0
    planned_completions: int = 0
    completed: int = 0
    invested_wan: Decimal = ZERO
    funds_wan: Decimal = ZERO
    signed: int = 0
    signed_wan: Decimal = ZERO
    reports_owed: int = 0
    invested_before_wan: Decimal = ZERO
    planned_before_wan: Decimal = ZERO
    started_before: int = 0
    planned_starts_before: int = 0
    signed_before: int = 0
    red: int = 0
    yellow: int = 0
    problems_open: int = 0
    problems_overdue: int = 0
    tasks_overdue: int = 0
    leads_open: int = 0
    supplied_mu: Decimal = ZERO
    idle_mu: Decimal = ZERO
    idle_parcels: int = 0
    land_follow_ups: int = 0  # standard-land promises failed, followed up (open)
    incentive_follow_ups: int = 0  # incentive conditions failed, followed up (open)

    def add(self, other: Figures) -> None:
        for stage, (claimed, verified) in other.batches.items():
            self.batches[stage][0] += claimed
            self.batches[stage][1] += verified
        for name in _ADDED:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def failed_commitments(self) -> int:
        return self.land_follow_ups + self.incentive_follow_ups

    @property
    def start_rate(self) -> Decimal | None:
        """开工率: the year's planned starts started by the end of the month."""
        return _rate(self.started, self.planned_starts)

    @property
    def investment_rate(self) -> Decimal | None:
        """投资完成率: investment reported in the year against the year's plans."""
        return _rate(self.invested_wan, self.planned_wan)

    @property
    def funds_rate(self) -> Decimal | None:
        return _rate(self.funds_wan, self.planned_wan)

    @property
    def completion_rate(self) -> Decimal | None:
        return _rate(self.completed, self.planned_completions)

    @property
    def investment_rate_before(self) -> Decimal | None:
        """投资完成率 of the same month a year before."""
        return _rate(self.invested_before_wan, self.planned_before_wan)

    @property
    def start_rate_before(self) -> Decimal | None:
        """开工率 of the same month a year before."""
        return _rate(self.started_before, self.planned_starts_before)

    @property
    def invested_growth(self) -> Decimal | None:
        """The investment's change on the same months of the year before, in per cent."""
        if not self.invested_before_wan:
            return None
        return _rate(self.invested_wan - self.invested_before_wan, self.invested_before_wan)

    def double_half(self) -> bool:
        """双过半: half the planned investment completed and half the planned starts started."""
        return bool(
            self.start_rate is not None
            and self.investment_rate is not None
            and self.start_rate >= 50
            and self.investment_rate >= 50
        )

    def behind(self, time_elapsed: Decimal) -> bool:
        """Investment completed behind the share of the year gone (序时进度)."""
        return self.investment_rate is not None and self.investment_rate < time_elapsed


# The figures ``Figures.add`` adds up one by one (the batches apart), named once.
_ADDED = [f.name for f in fields(Figures) if f.name != "batches"]


def time_elapsed(period: date) -> Decimal:
    """序时进度: the share of the year gone at the end of the period's month, in per cent."""
    return (Decimal(period.month) * 100 / 12).quantize(Decimal("0.1"))


def zones_in_scope(
    *, user: Any, organisation: Organisation, filters: CockpitFilters
) -> QuerySet[Zone]:
    """The zones a cockpit counts: those the user sees under the organisation, filtered."""
    zones = access.within(access.visible(Zone.objects.active(), user), organisation)
    if filters.kind:
        zones = zones.filter(kind=filters.kind)
    if filters.level:
        zones = zones.filter(level=filters.level)
    if filters.management:
        zones = zones.filter(management=filters.management)
    if filters.cluster:
        zones = zones.filter(clusters__code=filters.cluster)
    return zones


def in_zones(lookup: str, zone_ids: list[int]) -> Exists:
    """Rows whose zone (at ``lookup``) is one of ``zone_ids``, tested row by row: for the few
    follow-ups reached through projects, which a list of zones to start from would reach
    through every project of those zones."""
    return Exists(Zone.objects.filter(pk=OuterRef(lookup), pk__in=zone_ids))


def open_incentive_follow_ups(*, user: Any, zone_ids: list[int]) -> QuerySet[IncentiveFollowUp]:
    """The open follow-ups of failed incentive conditions in the zones that the user sees. The
    open ones are a few rows of a small table, found first; each is then checked along its
    path to its zone and organisation, where the visibility rule's lists would start from
    every project of the zones in view."""
    found = list(IncentiveFollowUp.objects.open().values_list("pk", flat=True))
    return access.visible(
        IncentiveFollowUp.objects.filter(pk__in=found), user, ordered_scan=True
    ).filter(agreement__project__zone__in=zone_ids)


def zone_figures(
    *, user: Any, zone_ids: list[int], filters: CockpitFilters, today: date
) -> dict[int, Figures]:
    """The figures of each of ``zone_ids`` (zones already in view and in scope; those with
    nothing to count get zeros), in one query a source. The zones are named by their ids, not
    by the query that found them, so that each source is read along its zone index."""
    scope = sorted(zone_ids)
    found: dict[int, Figures] = {pk: Figures(zones=1) for pk in scope}

    def of(zone_id: int) -> Figures:
        figures = found.get(zone_id)
        if figures is None:
            figures = found[zone_id] = Figures(zones=1)
        return figures

    for zone_id, stage, verified, n, wan in (
        PipelineTotal.objects.filter(zone__in=scope)
        .exclude(stage=Stage.TERMINATED)
        .values_list("zone_id", "stage", "verified_stage", "projects", "investment_wan")
    ):
        figures = of(zone_id)
        claimed = Stage.IN_PRODUCTION if stage == Stage.AT_CAPACITY else stage
        checked = Stage.IN_PRODUCTION if verified == Stage.AT_CAPACITY else verified
        if claimed in figures.batches:
            figures.batches[claimed][0] += n
        if checked in figures.batches:
            figures.batches[checked][1] += n
        figures.pipeline_wan += wan or ZERO

    months = ZoneMonth.objects.filter(
        zone__in=scope, month__in=[filters.period, filters.year_before]
    ).values_list("zone_id", "month", "reports_owed", *_MONTH_FIELDS)
    for zone_id, month, owed, *values in months:
        figures = of(zone_id)
        if month == filters.period:
            for name, value in zip(_MONTH_FIELDS, values, strict=True):
                setattr(figures, name, value)
            figures.reports_owed = owed or 0
        else:
            row = dict(zip(_MONTH_FIELDS, values, strict=True))
            figures.invested_before_wan = row["invested_wan"]
            figures.planned_before_wan = row["planned_wan"]
            figures.started_before = row["started"]
            figures.planned_starts_before = row["planned_starts"]
            figures.signed_before = row["signed"]

    in_scope = Zone.objects.filter(pk__in=scope)
    for zone_id, counts in warning_counts_by_zone(in_scope, today).items():
        figures = of(zone_id)
        figures.red, figures.yellow = counts[Colour.RED], counts[Colour.YELLOW]

    for zone_id, n, late in (
        access.visible(Problem.objects.active(), user)
        .filter(zone__in=scope, status__in=OPEN_PROBLEMS)
        .order_by()
        .values_list("zone_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(deadline_on__lt=today)))
    ):
        of(zone_id).problems_open, of(zone_id).problems_overdue = n, late

    for zone_id, n in (
        access.visible(Lead.objects.active(), user)
        .filter(zone__in=scope, status__in=OPEN_LEADS)
        .order_by()
        .values_list("zone_id")
        .annotate(n=Count("pk"))
    ):
        of(zone_id).leads_open = n

    for zone_id, status, n, mu in (
        access.visible(Parcel.objects.active(), user)
        .filter(zone__in=scope, status__in=SUPPLIED)
        .order_by()
        .values_list("zone_id", "status")
        .annotate(n=Count("pk"), mu=Sum("area_mu"))
    ):
        figures = of(zone_id)
        figures.supplied_mu += mu or ZERO
        if status == ParcelStatus.IDLE:
            figures.idle_mu += mu or ZERO
            figures.idle_parcels += n

    for zone_id, n in (
        access.visible(FollowUp.objects.active(), user)
        .filter(in_zones("commitment__parcel__zone_id", scope), status=FollowUpStatus.OPEN)
        .order_by()
        .values_list("commitment__parcel__zone_id")
        .annotate(n=Count("pk"))
    ):
        of(zone_id).land_follow_ups = n
    for zone_id, n in (
        open_incentive_follow_ups(user=user, zone_ids=scope)
        .order_by()
        .values_list("agreement__project__zone_id")
        .annotate(n=Count("pk"))
    ):
        of(zone_id).incentive_follow_ups = n
    return found


def overdue_tasks_by_unit(*, user: Any, organisation: Organisation, today: date) -> dict[int, int]:
    """Overdue tasks (重点任务) of the organisation and those below it, by owner unit (tasks
    belong to organisations, not zones)."""
    rows = (
        access.within(tasks_visible(user), organisation)
        .filter(overdue_q(today))
        .order_by()
        .values_list("organisation_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)
