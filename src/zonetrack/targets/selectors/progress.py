"""Reads of targets and their decomposition, and the progress of an organisation's targets
with its children's against the time elapsed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zonetrack.accounts.models import Organisation
from zonetrack.audit.models import Change
from zonetrack.core.badges import colour_for

from .. import progress
from ..choices import Status
from ..models import Indicator, Target, TargetQuarter
from .common import children_of, indicator_list
from .figures import (
    Months,
    YearFigure,
    _cutoff,
    _sums_suffice,
    figure_from_sums,
    rollup_months,
    rollup_sums,
    sparkline_points,
    year_figure,
)


def target_grid(
    *, user: Any, organisation: Organisation, year: int
) -> tuple[list[Organisation], dict[tuple[int, int], Target]]:
    """The organisation and its children in view, and their targets of the year by
    (organisation id, indicator id)."""
    orgs = [organisation, *children_of(user=user, organisation=organisation)]
    targets = {
        (t.organisation_id, t.indicator_id): t
        for t in Target.objects.active().filter(year=year, organisation__in=[o.pk for o in orgs])
    }
    return orgs, targets


def target_queryset() -> QuerySet[Target]:
    """Active targets with what their pages show (the gate narrows them)."""
    return Target.objects.active().select_related("organisation", "indicator")


def target_history(*, targets: list[Target], limit: int = 30) -> list[Change]:
    """The latest changes of these targets."""
    if not targets:
        return []
    kind = ContentType.objects.get_for_model(Target)
    return list(
        Change.objects.filter(
            content_type=kind, object_id__in=[str(t.pk) for t in targets]
        ).order_by("-created_at", "-pk")[:limit]
    )


# --- progress --------------------------------------------------------------------------------


# The badge class of each status, worked out once: a city page has thousands of cells.
_CSS = {status: colour_for(Status.choices, status) for status in Status}


@dataclass
class Cell:
    """One indicator of one organisation: target, actual, and the judgement."""

    indicator: Indicator
    target: Decimal | None = None
    actual: Decimal | None = None
    # How the actual was found: see ``YearFigure.basis``.
    basis: str = ""
    latest: date | None = None
    completion: Decimal | None = None
    status: Status = Status.NONE
    # The share of the target expected by now: the time share, or the quarterly split's.
    expected_share: Decimal | None = None
    is_split: bool = False
    trend: list[Decimal | None] = field(default_factory=list)
    growth: Decimal | None = None
    growth_months: int = 0
    year: int = 0
    # Own line, additive indicators: the children's targets summed, and that minus this target
    # (below zero the decomposition falls short of it).
    children_sum: Decimal | None = None
    gap: Decimal | None = None
    target_id: int | None = None

    @property
    def completion_percent(self) -> Decimal | None:
        return None if self.completion is None else self.completion * 100

    @property
    def gap_size(self) -> Decimal | None:
        """How far the children fall short of (or exceed) the target, without the sign."""
        return None if self.gap is None else abs(self.gap)

    @property
    def expected_percent(self) -> Decimal | None:
        return None if self.expected_share is None else self.expected_share * 100

    @property
    def css(self) -> str:
        return _CSS[Status(self.status)]

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def sparkline(self) -> str:
        """The trend as SVG polyline points in a 60 × 16 box ("" with fewer than two months)."""
        return sparkline_points(self.trend)

    @property
    def derivation(self) -> str:
        """Where a derived figure (the growth, or a derived indicator's actual) comes from."""
        if not self.growth_months:
            return ""
        return _(
            "Derived from months 1–%(month)d of %(year)d, summed, against the same months of "
            "%(last)d"
        ) % {"month": self.growth_months, "year": self.year, "last": self.year - 1}


@dataclass
class Line:
    organisation: Organisation
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Progress:
    organisation: Organisation
    year: int
    as_of: date
    share: Decimal
    indicators: list[Indicator]
    own: Line
    children: list[Line]
    # For additive indicators: the sum of the children's targets, by indicator id.
    children_sum: dict[int, Decimal]

    @property
    def share_percent(self) -> Decimal:
        return self.share * 100


class _Target(NamedTuple):
    pk: int
    value: Decimal


def progress_of(
    *,
    user: Any,
    organisation: Organisation,
    year: int,
    as_of: date,
    children: list[Organisation] | None = None,
) -> Progress:
    """Each target of the organisation and of its children against the actual and the time
    elapsed (or the target's quarterly split), coloured by the rule of ``targets.progress``.
    ``children`` replaces the organisation's children by other organisations below it (a
    province's cockpit colours its zones, two levels down).
    Actuals are read from the kept rollups, never counted from projects here: the queries do
    not grow with the number of children, projects or values."""
    indicators = list(indicator_list(user=user))
    if children is None:
        children = children_of(user=user, organisation=organisation)
    lines_orgs = [organisation, *children]
    # Each target's id and value only: a city page has over a thousand, and whole records
    # would cost their timestamps' conversions for nothing shown.
    targets = {
        (org, ind): _Target(pk, value)
        for pk, org, ind, value in Target.objects.active()
        .filter(year=year, organisation__in=[o.pk for o in lines_orgs])
        .values_list("pk", "organisation_id", "indicator_id", "value")
    }
    quarters: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for target_id, quarter, value in TargetQuarter.objects.filter(
        target__in=[t.pk for t in targets.values()]
    ).values_list("target_id", "quarter", "value"):
        quarters[target_id][quarter] = value
    with_target = {ind for _org, ind in targets}
    shown = [i for i in indicators if i.pk in with_target]
    share = progress.time_share(year, as_of)
    cutoff = _cutoff(year, as_of)
    # The organisation's own line shows trends and growth: its months of this year and last.
    # The children's grid shows only the year's figure: sums per cell from the database, and
    # months only where the year's figure is the latest month's or derived from another's.
    months = (
        rollup_months(
            organisations=[organisation.pk],
            indicators=shown,
            since=date(year - 1, 1, 1),
            before=cutoff,
        )
        if shown
        else {}
    )
    summed = [i for i in shown if _sums_suffice(i)]
    monthly = [i for i in shown if not _sums_suffice(i)]
    sums = (
        rollup_sums(
            organisations=[c.pk for c in children], indicators=summed, year=year, before=cutoff
        )
        if children and summed
        else {}
    )
    if children and monthly:
        months |= rollup_months(
            organisations=[c.pk for c in children],
            indicators=monthly,
            since=date(year - 1, 1, 1),
            before=cutoff,
        )

    # What each column needs, looked up once rather than per cell (a city page has 1,200).
    columns = [(ind, ind.pk, _sums_suffice(ind), ind.derived_from_id) for ind in shown]
    no_months: Months = {}

    def line(org: Organisation) -> Line:
        cells = []
        org_id = org.pk
        is_own = org_id == organisation.pk
        for ind, ind_id, by_sums, derived_from in columns:
            target = targets.get((org_id, ind_id))
            if by_sums and not is_own:
                figure = figure_from_sums(ind, sums.get((org_id, ind_id)))
            else:
                figure = year_figure(
                    ind,
                    months.get((org_id, ind_id), no_months),
                    months.get((org_id, derived_from), no_months) if derived_from else no_months,
                    year,
                )
            split = (
                progress.split_share(target.value, quarters[target.pk], year, as_of)
                if target is not None and target.pk in quarters and ind.accumulates
                else None
            )
            cell_share = split if split is not None else share
            value = target.value if target is not None else None
            cell = Cell(
                indicator=ind,
                target=value,
                actual=figure.actual,
                basis=figure.basis,
                latest=figure.latest,
                trend=figure.trend,
                growth=figure.growth,
                growth_months=figure.growth_months,
                year=year,
                expected_share=cell_share if ind.accumulates else None,
                is_split=split is not None,
                target_id=target.pk if target is not None else None,
            )
            cell.completion = progress.completion(value, cell.actual, ind)
            cell.status = progress.status(ind, value, cell.actual, cell_share)
            cells.append(cell)
        return Line(organisation=org, cells=cells)

    # Only where a child has a target of the indicator: no decomposition yet is not a gap.
    children_with = {ind for org, ind in targets if org != organisation.pk}
    children_sum = {
        ind.pk: sum(
            (t.value for c in children if (t := targets.get((c.pk, ind.pk))) is not None),
            Decimal(0),
        )
        for ind in shown
        if ind.is_additive and ind.pk in children_with
    }
    own = line(organisation)
    if children:
        for cell in own.cells:
            total = children_sum.get(cell.indicator.pk)
            if total is not None and cell.target is not None:
                cell.children_sum, cell.gap = total, total - cell.target
    return Progress(
        organisation=organisation,
        year=year,
        as_of=as_of,
        share=share,
        indicators=shown,
        own=own,
        children=[line(c) for c in children],
        children_sum=children_sum,
    )


@dataclass
class YearRow:
    """One year of an indicator's history for an organisation."""

    year: int
    target: Decimal | None
    figure: YearFigure
    completion: Decimal | None
    status: Status

    @property
    def css(self) -> str:
        return colour_for(Status.choices, self.status)

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


def indicator_history(
    *, organisation: Organisation, indicator: Indicator, as_of: date, years: int = 5
) -> list[YearRow]:
    """The organisation's figure of the indicator in each of the last ``years`` years (this
    one so far), month by month, with the year's target and colour: two queries whatever the
    years or the data."""
    first = as_of.year - years + 1
    months = rollup_months(
        organisations=[organisation.pk],
        indicators=[indicator],
        since=date(first - 1, 1, 1),
        before=_cutoff(as_of.year, as_of),
    )
    targets = dict(
        Target.objects.active()
        .filter(organisation=organisation, indicator=indicator, year__gte=first)
        .values_list("year", "value")
    )
    own = months.get((organisation.pk, indicator.pk), {})
    base = (
        months.get((organisation.pk, indicator.derived_from_id), {})
        if indicator.derived_from_id
        else {}
    )
    rows = []
    for year in range(first, as_of.year + 1):
        figure = year_figure(indicator, own, base, year)
        target = targets.get(year)
        share = progress.time_share(year, as_of)
        rows.append(
            YearRow(
                year=year,
                target=target,
                figure=figure,
                completion=progress.completion(target, figure.actual, indicator),
                status=progress.status(indicator, target, figure.actual, share),
            )
        )
    return rows


# --- key tasks -------------------------------------------------------------------------------
