"""The progress rule: a target's completion against the share of the year elapsed (序时进度),
and its colour.

- 序时进度 (time share) is the months of the year whose figures are in, over 12: the months
  before the current one (a month's statistics come after it ends). A past year counts 12, a
  year to come 0. In January nothing is judged yet.
- For an indicator whose year is the sum of its months (an amount, a count), completion is
  actual / target and the ratio judged is completion / time share: on schedule at 1.
- For one whose latest value stands for the year (a growth rate, a share), the ratio is
  actual / target, with no time share: a growth rate of 18 % against 20 % is 0.9 whatever the
  month.
- "Lower is better" is judged the other way round: the ratio is expected / actual.
- A target split into quarters (季度分解) is judged against the quarters elapsed instead of the
  linear time share: the quarters whose months are all in, and the months in of the current one
  as a share of it.
- Green when the ratio reaches the indicator's ``green_at`` (default 1.00), amber when it
  reaches ``amber_at`` (default 0.90), red below. Without a target or an actual: not judged.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .choices import Status
from .models import Indicator

TWELVE = Decimal(12)


def months_elapsed(year: int, as_of: date) -> int:
    """Months of ``year`` whose figures are in on ``as_of``."""
    if year < as_of.year:
        return 12
    if year > as_of.year:
        return 0
    return as_of.month - 1


def time_share(year: int, as_of: date) -> Decimal:
    """The share of the year elapsed (序时进度), 0 to 1."""
    return Decimal(months_elapsed(year, as_of)) / TWELVE


def split_share(
    target: Decimal | None, quarters: dict[int, Decimal], year: int, as_of: date
) -> Decimal | None:
    """The share of the target expected by now by its quarterly split, or None without one (or
    without a target to divide by)."""
    if not quarters or target is None or target == 0:
        return None
    months = months_elapsed(year, as_of)
    expected = Decimal(0)
    for quarter in range(1, 5):
        done = min(max(months - (quarter - 1) * 3, 0), 3)
        expected += quarters.get(quarter, Decimal(0)) * done / 3
    return expected / target


def growth(current: Decimal | None, before: Decimal | None) -> Decimal | None:
    """Per cent growth of ``current`` over ``before`` (one decimal place), None when there is
    nothing to compare with (no figure, or a zero a year ago)."""
    if current is None or before is None or before == 0:
        return None
    return ((current / before - 1) * 100).quantize(Decimal("0.1"))


def completion(
    target: Decimal | None, actual: Decimal | None, indicator: Indicator | None = None
) -> Decimal | None:
    """How much of the target is done, for display: actual over target, or target over actual
    where lower is better, so that 100 % or more always reads as met. None when either is
    missing, or when a figure is zero or below (a fall against a growth target is no share of
    it; the colour still judges it)."""
    if target is None or actual is None or target <= 0 or actual < 0:
        return None
    if indicator is not None and indicator.is_lower_better:
        return target / actual if actual > 0 else None
    return actual / target


def ratio(
    indicator: Indicator, target: Decimal | None, actual: Decimal | None, share: Decimal
) -> Decimal | None:
    """The ratio judged by the colours (see the module's rule), or None when not judged."""
    if target is None or actual is None or target == 0:
        return None
    if indicator.accumulates:
        if share == 0:
            return None
        expected = target * share
    else:
        expected = target
    if indicator.is_lower_better:
        if actual <= 0:
            return Decimal("9.99")  # nothing used where less is better: on schedule
        return expected / actual
    if expected < 0:
        # A negative target (a fall to be kept small): on schedule when at or above it.
        return Decimal(1) if actual >= expected else Decimal(0)
    return actual / expected


def status(
    indicator: Indicator, target: Decimal | None, actual: Decimal | None, share: Decimal
) -> Status:
    """Green, amber, red or not judged, by the indicator's thresholds."""
    value = ratio(indicator, target, actual, share)
    if value is None:
        return Status.NONE
    if value >= indicator.green_at:
        return Status.GREEN
    if value >= indicator.amber_at:
        return Status.AMBER
    return Status.RED
