"""The colour rule, worked by hand: completion against the time elapsed (序时进度)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zonetrack.targets.choices import Direction, Status
from zonetrack.targets.models import Indicator
from zonetrack.targets.progress import completion, growth, split_share, status, time_share


def amount() -> Indicator:
    return Indicator(code="a", name="规上工业增加值", unit="万元", accumulates=True)


def rate(direction: str = Direction.HIGHER) -> Indicator:
    return Indicator(code="r", name="增速", unit="%", accumulates=False, direction=direction)


def test_time_share_counts_the_months_whose_figures_are_in() -> None:
    assert time_share(2026, date(2026, 7, 15)) == Decimal(6) / 12
    assert time_share(2025, date(2026, 7, 15)) == 1
    assert time_share(2027, date(2026, 7, 15)) == 0


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (600, Status.GREEN),  # 600 of 1,200 at half the year: ratio 1.00
        (550, Status.AMBER),  # 550 / 600 = 0.917
        (540, Status.AMBER),  # 0.90 exactly
        (500, Status.RED),  # 0.833
    ],
)
def test_an_amount_is_judged_against_the_time_elapsed(actual: int, expected: Status) -> None:
    share = time_share(2026, date(2026, 7, 1))
    assert status(amount(), Decimal(1200), Decimal(actual), share) == expected


def test_a_growth_rate_is_judged_without_the_time_share() -> None:
    share = time_share(2026, date(2026, 3, 1))
    assert status(rate(), Decimal(20), Decimal(18), share) == Status.AMBER  # 0.9
    assert status(rate(), Decimal(20), Decimal(21), share) == Status.GREEN
    assert status(rate(), Decimal(20), Decimal(-3), share) == Status.RED


def test_lower_is_better_is_judged_the_other_way_round() -> None:
    energy = rate(Direction.LOWER)
    share = Decimal(1)
    assert status(energy, Decimal("1.5"), Decimal("1.4"), share) == Status.GREEN
    assert status(energy, Decimal("1.5"), Decimal("1.6"), share) == Status.AMBER  # 0.9375
    assert status(energy, Decimal("1.5"), Decimal("1.8"), share) == Status.RED  # 0.833


def test_nothing_is_judged_in_january_or_without_an_actual() -> None:
    january = time_share(2026, date(2026, 1, 20))
    assert status(amount(), Decimal(1200), Decimal(10), january) == Status.NONE
    assert status(amount(), Decimal(1200), None, Decimal(1)) == Status.NONE


def test_the_thresholds_are_the_indicators_own() -> None:
    strict = amount()
    strict.green_at, strict.amber_at = Decimal("1.10"), Decimal("1.00")
    assert status(strict, Decimal(1200), Decimal(1200), Decimal(1)) == Status.AMBER


def test_a_quarterly_split_replaces_the_linear_time_share() -> None:
    quarters = {1: Decimal(100), 2: Decimal(200), 3: Decimal(300), 4: Decimal(600)}
    # Mid-July: Q1 and Q2 are in, 300 of 1,200 expected (not the linear 600).
    share = split_share(Decimal(1200), quarters, 2026, date(2026, 7, 15))
    assert share == Decimal("0.25")
    assert status(amount(), Decimal(1200), Decimal(300), share) == Status.GREEN
    linear = time_share(2026, date(2026, 7, 15))
    assert status(amount(), Decimal(1200), Decimal(300), linear) == Status.RED
    # Mid-August: one month of Q3 in, a third of it expected: 300 + 100.
    august = split_share(Decimal(1200), quarters, 2026, date(2026, 8, 15))
    assert august is not None and august * 1200 == Decimal(400)
    assert split_share(Decimal(1200), {}, 2026, date(2026, 8, 15)) is None


def test_growth_over_the_same_period_and_a_zero_base() -> None:
    assert growth(Decimal(230), Decimal(200)) == Decimal("15.0")
    assert growth(Decimal(90), Decimal(120)) == Decimal("-25.0")
    assert growth(Decimal(90), Decimal(0)) is None  # nothing a year ago: no growth, no error
    assert growth(None, Decimal(10)) is None


def test_a_target_of_zero_is_not_judged_and_divides_nothing() -> None:
    assert status(amount(), Decimal(0), Decimal(50), Decimal(1)) == Status.NONE
    assert status(rate(Direction.LOWER), Decimal(0), Decimal(2), Decimal(1)) == Status.NONE
    assert split_share(Decimal(0), {1: Decimal(0)}, 2026, date(2026, 7, 1)) is None


def test_the_completion_shown_reads_100_percent_or_more_as_met() -> None:
    """Energy per unit of value added, lower is better: 1.31 against a target of 1.95 is 149 %
    done; a growth of −68.7 % against a target of 10 % is no share of it (the colour says red)."""
    lower = rate(Direction.LOWER)
    assert completion(Decimal("1.95"), Decimal("1.31"), lower) == Decimal("1.95") / Decimal("1.31")
    assert completion(Decimal("1.71"), Decimal("1.91"), lower) < 1
    assert completion(Decimal(10), Decimal("-68.7"), rate()) is None
    assert status(rate(), Decimal(10), Decimal("-68.7"), Decimal(1)) == Status.RED
    assert completion(Decimal(1200), Decimal(600), amount()) == Decimal("0.5")
