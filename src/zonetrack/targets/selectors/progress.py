"""Reads of targets and their decomposition, and the progress of an organisation's targets
with its children's against the time elapsed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, QuerySet, Sum
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.audit.models import Change
from zonetrack.core.badges import colour_for
from zonetrack.projects.choices import Verification
from zonetrack.projects.models import ProgressReport, StageTransition

from .. import progress
from ..choices import STAGE_KINDS, Computation, Source, Status
from ..models import Indicator, Rollup, Target, TargetQuarter
from .common import children_of, indicator_list


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

MONTHS = range(1, 13)


# The badge class of each status, worked out once: a city page has thousands of cells.
_CSS = {status: colour_for(Status.choices, status) for status in Status}


@dataclass
class YearFigure:
    """An organisation's figure of one indicator for a year so far, from the kept rollups."""

    actual: Decimal | None = None
    # How it was found: "reported", "summed" (from the organisations below), "computed" (from
    # projects) or "derived" (from another indicator's values); "" when there is none.
    basis: str = ""
    latest: date | None = None
    # The month-by-month figures of the year (None for a month without one): the trend line.
    trend: list[Decimal | None] = field(default_factory=lambda: [None] * 12)
    # Growth over the same months of the year before, and the months it compares.
    growth: Decimal | None = None
    growth_months: int = 0


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


def sparkline_points(values: list[Decimal | None], width: int = 60, height: int = 16) -> str:
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return ""
    low = min(v for _, v in points)
    high = max(v for _, v in points)
    span = (high - low) or Decimal(1)
    step = Decimal(width) / 11
    return " ".join(
        f"{float(i * step):.1f},{float(height - 1 - (v - low) / span * (height - 2)):.1f}"
        for i, v in points
    )


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


def _cutoff(year: int, as_of: date) -> date:
    """Figures count up to the end of the last month whose figures are in."""
    months = progress.months_elapsed(year, as_of)
    return date(year, months + 1, 1) if months < 12 else date(year + 1, 1, 1)


def counted(indicator: Indicator, stage: str, investment: Decimal | None) -> bool:
    """Whether a project reaching ``stage`` with this investment counts for the indicator."""
    if stage != indicator.stage:
        return False
    threshold = indicator.min_investment_wan
    return threshold is None or (investment is not None and investment >= threshold)


Months = dict[date, tuple[Decimal, Decimal | None, str]]


def rollup_months(
    *, organisations: list[int], indicators: list[Indicator], since: date, before: date
) -> dict[tuple[int, int], Months]:
    """The kept monthly figures (amount, base, basis) of these organisations and indicators
    (and the indicators a derived one is worked from), by (organisation, indicator): one query."""
    wanted = {i.pk for i in indicators} | {
        i.derived_from_id for i in indicators if i.derived_from_id
    }
    found: dict[tuple[int, int], Months] = defaultdict(dict)
    rows = Rollup.objects.filter(
        organisation__in=organisations,
        indicator__in=wanted,
        period__gte=since,
        period__lt=before,
    ).values_list("organisation_id", "indicator_id", "period", "amount", "base", "basis")
    for org, ind, period, amount, base, basis in rows:
        found[(org, ind)][period] = (amount, base, basis)
    return found


def _ratio(indicator: Indicator, amount: Decimal, base: Decimal | None) -> Decimal | None:
    if not base:
        return None
    scale = 100 if indicator.computation == Computation.REPORTS_ON_TIME else 1
    return (amount * scale / base).quantize(Decimal("0.1"))


def _cumulative(months: Months, year: int, upto: int) -> Decimal | None:
    rows = [a for p, (a, _b, _s) in months.items() if p.year == year and p.month <= upto]
    return sum(rows, Decimal(0)) if rows else None


def year_figure(indicator: Indicator, months: Months, base_months: Months, year: int) -> YearFigure:
    """The year's figure of an indicator from its kept months (``base_months``: those of the
    indicator a derived one is worked from), by the rules of ``targets.progress``."""
    found = YearFigure()
    if indicator.source == Source.DERIVED:
        this_year = [p for p in base_months if p.year == year]
        if not this_year:
            return found
        latest = max(this_year)
        for month in range(1, latest.month + 1):
            found.trend[month - 1] = progress.growth(
                _cumulative(base_months, year, month), _cumulative(base_months, year - 1, month)
            )
        found.actual = found.trend[latest.month - 1]
        if found.actual is not None:
            found.basis, found.latest, found.growth_months = "derived", latest, latest.month
        return found
    rows = {p: v for p, v in months.items() if p.year == year}
    ratio = indicator.computation in (Computation.REPORTS_ON_TIME, Computation.DAYS_TO_START)
    for period, (amount, base, _basis) in rows.items():
        found.trend[period.month - 1] = _ratio(indicator, amount, base) if ratio else amount
    if not rows:
        if indicator.source == Source.COMPUTED and not ratio:
            found.actual, found.basis = Decimal(0), "computed"
        return found
    found.latest = max(rows)
    if indicator.source == Source.COMPUTED:
        found.basis = "computed"
    else:
        found.basis = "summed" if any(b == "summed" for _a, _b, b in rows.values()) else "reported"
    if ratio:
        found.actual = _ratio(
            indicator,
            sum((a for a, _b, _s in rows.values()), Decimal(0)),
            sum((b or Decimal(0) for _a, b, _s in rows.values()), Decimal(0)),
        )
    elif indicator.accumulates:
        found.actual = sum((a for a, _b, _s in rows.values()), Decimal(0))
        found.growth = progress.growth(
            found.actual, _cumulative(months, year - 1, found.latest.month)
        )
        if found.growth is not None:
            found.growth_months = found.latest.month
    else:
        found.actual = rows[found.latest][0]
    return found


RATIO = (Computation.REPORTS_ON_TIME, Computation.DAYS_TO_START)


def _sums_suffice(indicator: Indicator) -> bool:
    """Whether the year's figure follows from the sums of its months (an amount, a count, a
    share or an average), not from the latest month or another indicator."""
    return indicator.source != Source.DERIVED and (
        indicator.accumulates or indicator.computation in RATIO
    )


Sums = tuple[Decimal, Decimal | None, date, str]


def rollup_sums(
    *, organisations: list[int], indicators: list[Indicator], year: int, before: date
) -> dict[tuple[int, int], Sums]:
    """Per (organisation, indicator): the year's months summed (amount, base), the latest
    month and the basis ("summed" when any month was summed), in one grouped query."""
    rows = (
        Rollup.objects.filter(
            organisation__in=organisations,
            indicator__in=[i.pk for i in indicators],
            period__gte=date(year, 1, 1),
            period__lt=before,
        )
        .values("organisation_id", "indicator_id")
        .annotate(a=Sum("amount"), b=Sum("base"), latest=Max("period"), basis=Max("basis"))
        .values_list("organisation_id", "indicator_id", "a", "b", "latest", "basis")
    )
    return {(org, ind): (a, b, latest, basis) for org, ind, a, b, latest, basis in rows}


def figure_from_sums(indicator: Indicator, sums: Sums | None) -> YearFigure:
    """The year's figure of ``year_figure`` from the summed months (no trend, no growth)."""
    found = YearFigure()
    ratio = indicator.computation in RATIO
    if sums is None:
        if indicator.source == Source.COMPUTED and not ratio:
            found.actual, found.basis = Decimal(0), "computed"
        return found
    amount, base, latest, basis = sums
    found.latest = latest
    if indicator.source == Source.COMPUTED:
        found.basis = "computed"
    else:
        found.basis = "summed" if basis == "summed" else "reported"
    found.actual = _ratio(indicator, amount, base) if ratio else amount
    return found


def progress_of(*, user: Any, organisation: Organisation, year: int, as_of: date) -> Progress:
    """Each target of the organisation and of its children against the actual and the time
    elapsed (or the target's quarterly split), coloured by the rule of ``targets.progress``.
    Actuals are read from the kept rollups, never counted from projects here: the queries do
    not grow with the number of children, projects or values."""
    indicators = list(indicator_list(user=user))
    children = children_of(user=user, organisation=organisation)
    lines_orgs = [organisation, *children]
    target_rows = list(
        Target.objects.active().filter(year=year, organisation__in=[o.pk for o in lines_orgs])
    )
    targets = {(t.organisation_id, t.indicator_id): t for t in target_rows}
    quarters: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for target_id, quarter, value in TargetQuarter.objects.filter(
        target__in=[t.pk for t in target_rows]
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

    def line(org: Organisation) -> Line:
        cells = []
        for ind in shown:
            target = targets.get((org.pk, ind.pk))
            if org.pk != organisation.pk and _sums_suffice(ind):
                figure = figure_from_sums(ind, sums.get((org.pk, ind.pk)))
            else:
                figure = year_figure(
                    ind,
                    months.get((org.pk, ind.pk), {}),
                    months.get((org.pk, ind.derived_from_id), {}) if ind.derived_from_id else {},
                    year,
                )
            split = (
                progress.split_share(target.value, quarters[target.pk], year, as_of)
                if target is not None and ind.accumulates and target.pk in quarters
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
            cell.completion = progress.completion(value, cell.actual)
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
                completion=progress.completion(target, figure.actual),
                status=progress.status(indicator, target, figure.actual, share),
            )
        )
    return rows


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


# --- key tasks -------------------------------------------------------------------------------
