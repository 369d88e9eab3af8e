"""The scoring rules, each against hand-computed scores, and the property that a better raw
value never lowers an organisation's score or rank."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from zonetrack.rankings import rules
from zonetrack.rankings.compute import compute


def test_linear_group_bounds_hand_computed() -> None:
    # min 10, max 50: 30 is halfway, 20 a quarter of the way.
    got, applied = rules.linear({"a": D(10), "b": D(30), "c": D(50), "d": D(20)}, {})
    assert got == {"a": D("0.0000"), "b": D("0.5000"), "c": D("1.0000"), "d": D("0.2500")}
    assert applied == {"min": "10.0000", "max": "50.0000"}


def test_linear_lower_is_better_reverses() -> None:
    got, _ = rules.linear({"a": D(10), "b": D(30), "c": D(50)}, {}, lower_is_better=True)
    assert got == {"a": D(1), "b": D("0.5000"), "c": D(0)}


def test_linear_fixed_bounds_clamp() -> None:
    got, _ = rules.linear(
        {"a": D(5), "b": D(15), "c": D(40)}, {"bounds": "fixed", "low": 10, "high": 30}
    )
    assert got == {"a": D(0), "b": D("0.2500"), "c": D(1)}


def test_linear_equal_fixed_bounds_refused() -> None:
    with pytest.raises(ValidationError, match="bounds are equal"):
        rules.check_params("linear", {"bounds": "fixed", "low": 3, "high": 3})


def test_rank_points_steps_and_shares_places() -> None:
    # 10 points for the first, 2 fewer per place; the two 20s share second place (8 points),
    # the next is fourth (4 points).
    got, _ = rules.rank_points(
        {"a": D(30), "b": D(20), "c": D(20), "d": D(5)}, {"first": 10, "step": 2}
    )
    assert got == {"a": D(1), "b": D("0.8000"), "c": D("0.8000"), "d": D("0.4000")}


def test_rank_points_lower_is_better() -> None:
    got, _ = rules.rank_points(
        {"a": D(1), "b": D(2)}, {"first": 10, "step": 5}, lower_is_better=True
    )
    assert got == {"a": D(1), "b": D("0.5000")}


def test_target_ratio_capped_and_without_target() -> None:
    # 90 of 100 → 0.9 / 1.2 = 0.75; 150 of 100 is capped at 1.2 → 1; no target → missing.
    got, _ = rules.target_ratio(
        {"a": D(90), "b": D(150), "c": D(10)},
        {"cap": "1.2"},
        targets={"a": D(100), "b": D(100), "c": None},
    )
    assert got == {"a": D("0.7500"), "b": D(1), "c": None}


def test_target_ratio_lower_is_better() -> None:
    # Energy per unit: target 2, actual 2.5 → 2 / 2.5 = 0.8, over the cap 1 → 0.8.
    got, _ = rules.target_ratio(
        {"a": D("2.5")}, {"cap": 1}, lower_is_better=True, targets={"a": D(2)}
    )
    assert got == {"a": D("0.8000")}


def test_bands_hand_computed() -> None:
    params = {"bands": [[100, 1], [80, "0.6"], [60, "0.3"]]}
    got, _ = rules.bands({"a": D(120), "b": D(80), "c": D(79), "d": D(10)}, params)
    assert got == {"a": D(1), "b": D("0.6000"), "c": D("0.3000"), "d": D(0)}


def test_bands_lower_is_better() -> None:
    params = {"bands": [[1, 1], [2, "0.5"]]}
    got, _ = rules.bands({"a": D("0.8"), "b": D("1.5"), "c": D(3)}, params, lower_is_better=True)
    assert got == {"a": D(1), "b": D("0.5000"), "c": D(0)}


@pytest.mark.parametrize(
    "table", [[[80, 1], [80, "0.5"]], [[60, 1], [80, "0.5"]], [[100, "0.5"], [80, 1]], []]
)
def test_bands_overlapping_refused(table: list) -> None:
    with pytest.raises(ValidationError):
        rules.check_params("bands", {"bands": table})


def test_growth_vs_average_hand_computed() -> None:
    # Average of 4, 8, 12 is 8; span 8: 12 is 4 above → 0.5 + 4/16 = 0.75.
    got, applied = rules.growth_vs_average({"a": D(4), "b": D(8), "c": D(12)}, {"span": 8})
    assert got == {"a": D("0.2500"), "b": D("0.5000"), "c": D("0.7500")}
    assert applied["average"] == "8.0000"


def test_manual_score_out_of_max() -> None:
    got, _ = rules.manual({"a": D(85), "b": None}, {"max": 100})
    assert got == {"a": D("0.8500"), "b": None}


def test_event_points_capped_and_signed() -> None:
    # 0.3 per inspection finding, capped at 1: 5 findings take 1 point, 2 take 0.6.
    assert rules.event_points(5, {"per_event": "0.3", "cap": 1}, deduct=True)[0] == D("-1.0000")
    assert rules.event_points(2, {"per_event": "0.3", "cap": 1}, deduct=True)[0] == D("-0.6000")
    assert rules.event_points(2, {"per_event": 2, "cap": 3}, deduct=False)[0] == D("3.0000")


def test_missing_zero_group_min_and_exclude() -> None:
    values = {"a": D(10), "b": D(30), "c": None}
    zero = rules.finish_missing(rules.linear(rules.apply_missing(values, "zero"), {})[0], "zero")
    assert zero == {"a": D(0), "b": D(1), "c": D(0)}
    # The group's worst (10) stands in: c scores as a does.
    worst = rules.linear(rules.apply_missing(values, "group_min"), {})[0]
    assert worst["c"] == worst["a"] == D(0)
    # Lower is better: the worst is the highest value.
    assert rules.apply_missing(values, "group_min", lower_is_better=True)["c"] == D(30)
    excluded = rules.finish_missing(rules.linear(values, {})[0], "exclude")
    assert excluded["c"] is None


def test_total_renormalises_excluded_items() -> None:
    # 30 of 40 points on the items scored (weights 40 of 100): 75 out of 100.
    assert rules.total({"x": D(30), "y": None}, {"x": D(40), "y": D(60)}) == D("75.0000")
    assert rules.total({"x": D(30), "y": D(20)}, {"x": D(40), "y": D(60)}) == D("50.0000")


def test_rank_ties_equal_and_by_first_category() -> None:
    totals = {"a": D(80), "b": D(80), "c": D(70), "d": D(90)}
    assert rules.rank(totals) == {"d": 1, "a": 2, "b": 2, "c": 4}
    assert rules.rank(totals, {"a": D(10), "b": D(20), "c": D(0), "d": D(0)}) == {
        "d": 1,
        "b": 2,
        "a": 3,
        "c": 4,
    }
    assert rules.rank(totals, {"a": D(10), "b": D(10)})["b"] == 2


def _inputs(
    values: dict[str, list[float | None]], *, missing: str = "zero", lower: bool = False
) -> dict:
    orgs = [str(i) for i in range(1, len(next(iter(values.values()))) + 1)]
    rule_of = {
        "lin": "linear",
        "rank": "rank_points",
        "grow": "growth_vs_average",
        "tgt": "target_ratio",
    }
    return {
        "scheme": {"missing_rule": missing, "tie_rule": "first_category"},
        "organisations": [{"id": int(o)} for o in orgs],
        "categories": [{"id": 1}, {"id": 2}],
        "items": [
            {
                "id": n,
                "category": 1 + n % 2,
                "rule": rule_of[name],
                "params": {"first": 10, "step": 1} if name == "rank" else {},
                "weight": str(100 // len(values)),
                "lower_is_better": lower and name == "lin",
            }
            for n, name in enumerate(values, start=1)
        ],
        "values": {
            str(n): {
                o: {"value": None if v is None else str(v), "target": "50"}
                for o, v in zip(orgs, column, strict=True)
            }
            for n, column in enumerate(values.values(), start=1)
        },
    }


def _line(result: str, org: int) -> dict:
    return next(line for line in json.loads(result)["lines"] if line["organisation"] == org)


figures = st.one_of(st.none(), st.integers(min_value=0, max_value=500))


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    size=st.integers(min_value=2, max_value=6),
    missing=st.sampled_from(["zero", "group_min", "exclude"]),
    lower=st.booleans(),
)
def test_a_better_value_never_lowers_score_or_rank(data, size, missing, lower) -> None:
    columns = {
        name: data.draw(st.lists(figures, min_size=size, max_size=size))
        for name in ("lin", "rank", "grow", "tgt")
    }
    item = data.draw(st.sampled_from(list(columns)))
    org = data.draw(st.integers(min_value=0, max_value=size - 1))
    if columns[item][org] is None:
        columns[item][org] = data.draw(st.integers(min_value=0, max_value=500))
    gain = data.draw(st.integers(min_value=1, max_value=200))
    before = compute(_inputs(columns, missing=missing, lower=lower))
    better = dict(columns)
    better[item] = list(columns[item])
    step = -gain if lower and item == "lin" else gain
    better[item][org] = max(0, better[item][org] + step)  # type: ignore[operator]
    after = compute(_inputs(better, missing=missing, lower=lower))
    key = str(list(columns).index(item) + 1)
    was, now = _line(before, org + 1), _line(after, org + 1)
    assert D(now["items"][key]["points"]) >= D(was["items"][key]["points"])
    assert D(now["total"]) >= D(was["total"])
    assert now["rank"] <= was["rank"]


def test_compute_is_deterministic_text() -> None:
    inputs = _inputs({"lin": [10, 20, None], "rank": [3, 2, 1]})
    assert compute(inputs) == compute(json.loads(json.dumps(inputs)))
