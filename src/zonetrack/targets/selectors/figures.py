"""The year's figure of an indicator from the kept rollups: summed, latest, a share or an
average, or derived from another indicator's months (growth over the same months a year
before), with the month-by-month trend. Pure reads; no page counts projects here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Max, Sum

from .. import progress
from ..choices import PERCENT_KINDS, PLAN_KINDS, RATIO_KINDS, Computation, Source
from ..models import Indicator, Rollup


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
    halves = [i.pk for i in indicators if i.computation == Computation.DOUBLE_HALF]
    start = _start_rate_id() if halves else None
    if start is not None:
        wanted.add(start)
    found: dict[tuple[int, int], Months] = defaultdict(dict)
    rows = Rollup.objects.filter(
        organisation__in=organisations,
        indicator__in=wanted,
        period__gte=since,
        period__lt=before,
    ).values_list("organisation_id", "indicator_id", "period", "amount", "base", "basis")
    for org, ind, period, amount, base, basis in rows:
        found[(org, ind)][period] = (amount, base, basis)
    if start is not None:
        # 双过半 reads as its own months the start rate's, and as its base the investment
        # rate's (its ``derived_from``), so every page works it out as it does a growth rate.
        for (org, ind), months in list(found.items()):
            if ind == start:
                for half in halves:
                    found[(org, half)] = months
    return found


def _start_rate_id() -> int | None:
    return (
        Indicator.objects.filter(computation=Computation.START_RATE, is_active=True)
        .order_by("sort_order", "pk")
        .values_list("pk", flat=True)
        .first()
    )


def _ratio(indicator: Indicator, amount: Decimal, base: Decimal | None) -> Decimal | None:
    if not base:
        return None
    scale = 100 if indicator.computation in PERCENT_KINDS else 1
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
    if indicator.computation == Computation.DOUBLE_HALF:
        return _double_half(indicator, months, base_months, year)
    rows = {p: v for p, v in months.items() if p.year == year}
    ratio = indicator.computation in RATIO_KINDS
    for period, (amount, base, _basis) in rows.items():
        found.trend[period.month - 1] = _ratio(indicator, amount, base) if ratio else amount
    if indicator.computation in PLAN_KINDS and rows:
        # A rate against the year's plan reads as the year to date in every month.
        amount_sum, base_sum = Decimal(0), Decimal(0)
        for month in range(1, max(rows).month + 1):
            if (row := rows.get(date(year, month, 1))) is not None:
                amount_sum, base_sum = amount_sum + row[0], base_sum + (row[1] or 0)
            found.trend[month - 1] = _ratio(indicator, amount_sum, base_sum)
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


def _double_half(indicator: Indicator, starts: Months, invested: Months, year: int) -> YearFigure:
    """双过半 month by month: the lower of 开工率 and 投资完成率 over the year to date (each
    summed from its kept months); at half or more of both at mid-year, the year is 双过半."""
    found = YearFigure()
    this_year = [p for p in (*starts, *invested) if p.year == year]
    if not this_year:
        return found
    latest = max(this_year)
    sums = [[Decimal(0), Decimal(0)], [Decimal(0), Decimal(0)]]
    for month in range(1, latest.month + 1):
        rates = []
        for cell, months in zip(sums, (starts, invested), strict=True):
            if (row := months.get(date(year, month, 1))) is not None:
                cell[0] += row[0]
                cell[1] += row[1] or 0
            rates.append(_ratio(indicator, cell[0], cell[1]))
        found.trend[month - 1] = min(rates) if None not in rates else None  # type: ignore[type-var]
    found.actual, found.latest, found.basis = found.trend[latest.month - 1], latest, "computed"
    return found


def _sums_suffice(indicator: Indicator) -> bool:
    """Whether the year's figure follows from the sums of its months (an amount, a count, a
    share or an average), not from the latest month or other indicators."""
    return (
        indicator.source != Source.DERIVED
        and indicator.computation != Computation.DOUBLE_HALF
        and (indicator.accumulates or indicator.computation in RATIO_KINDS)
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
    ratio = indicator.computation in RATIO_KINDS
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
