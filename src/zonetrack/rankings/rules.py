"""The scoring rules: small pure functions from a group's raw values (and the rule's parameters,
held as data on the item) to each organisation's fraction of the item's weight, 0 to 1.

Every rule respects the indicator's direction ("lower is better") and returns, beside the
fractions, the parameters as applied (group minimum, maximum, average, bounds), which the
ranking keeps so each score opens to its rule. A missing value (None) is never scored here:
``apply_missing`` states what the scheme's missing-data rule makes of it first.
Arithmetic is Decimal, quantised at the end, so the same inputs give the same digits.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from itertools import pairwise
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import MissingRule, RuleKind

K = TypeVar("K", bound=Hashable)
Values = Mapping[K, Decimal | None]
Fractions = dict[K, Decimal | None]
Applied = dict[str, str]

ZERO = Decimal(0)
ONE = Decimal(1)
PLACES = Decimal("0.0001")


def q(value: Decimal) -> Decimal:
    """Quantise to four decimals, half to even: the ranking's stored precision."""
    return value.quantize(PLACES, rounding=ROUND_HALF_EVEN)


def clamp(value: Decimal, low: Decimal = ZERO, high: Decimal = ONE) -> Decimal:
    return max(low, min(high, value))


def _num(params: Mapping[str, Any], key: str, default: Any = None) -> Decimal:
    raw = params.get(key, default)
    if raw is None:
        raise ValidationError(_("The rule needs the parameter “%(name)s”.") % {"name": key})
    try:
        number = Decimal(str(raw))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(
            _("The parameter “%(name)s” must be a number.") % {"name": key}
        ) from exc
    if not number.is_finite():
        raise ValidationError(_("The parameter “%(name)s” must be a number.") % {"name": key})
    return number


def _present(values: Values[K]) -> dict[K, Decimal]:
    return {key: value for key, value in values.items() if value is not None}


def _s(value: Decimal) -> str:
    return str(q(value))


# --- the rules ---------------------------------------------------------------------------


def linear(
    values: Values[K], params: Mapping[str, Any], *, lower_is_better: bool = False
) -> tuple[Fractions[K], Applied]:
    """Linear between bounds: the group's minimum and maximum (default), or fixed ``low`` and
    ``high``; the best end gets 1, the worst 0. A group whose values are all equal scores 1."""
    present = _present(values)
    if params.get("bounds") == "fixed":
        low, high = _num(params, "low"), _num(params, "high")
    elif present:
        low, high = min(present.values()), max(present.values())
    else:
        low = high = ZERO
    applied = {"min": _s(low), "max": _s(high)}
    fractions: Fractions[K] = {}
    for key, value in values.items():
        if value is None:
            fractions[key] = None
        elif high == low:
            fractions[key] = ONE
        else:
            share = (value - low) / (high - low)
            fractions[key] = q(clamp(ONE - share if lower_is_better else share))
    return fractions, applied


def rank_points(
    values: Values[K], params: Mapping[str, Any], *, lower_is_better: bool = False
) -> tuple[Fractions[K], Applied]:
    """Rank points: the best gets ``first`` points, each next place ``step`` fewer (never below
    ``floor``); equal values share a place. The fraction is points over ``first``."""
    first, step = _num(params, "first", 10), _num(params, "step", 1)
    floor = _num(params, "floor", 0)
    present = _present(values)
    better = sorted(set(present.values()), reverse=not lower_is_better)
    place: dict[Decimal, int] = {}
    taken = 0
    for level in better:
        place[level] = taken + 1
        taken += sum(1 for v in present.values() if v == level)
    fractions: Fractions[K] = {}
    for key, value in values.items():
        if value is None:
            fractions[key] = None
        else:
            points = max(floor, first - step * (place[value] - 1))
            fractions[key] = q(clamp(points / first))
    return fractions, {"first": _s(first), "step": _s(step), "floor": _s(floor)}


def target_ratio(
    values: Values[K],
    params: Mapping[str, Any],
    *,
    lower_is_better: bool = False,
    targets: Mapping[K, Decimal | None] | None = None,
) -> tuple[Fractions[K], Applied]:
    """Completion of the target, capped (``cap``, 1.2 for 120 %): the fraction is the capped
    ratio over the cap. Lower is better: the target over the actual. No target: missing."""
    cap = _num(params, "cap", "1.2")
    targets = targets or {}
    fractions: Fractions[K] = {}
    for key, value in values.items():
        target = targets.get(key)
        if value is None or target is None or target <= 0:
            fractions[key] = None
            continue
        ratio = (cap if value <= 0 else target / value) if lower_is_better else value / target
        fractions[key] = q(clamp(ratio, ZERO, cap) / cap)
    return fractions, {"cap": _s(cap)}


def bands(
    values: Values[K], params: Mapping[str, Any], *, lower_is_better: bool = False
) -> tuple[Fractions[K], Applied]:
    """Threshold bands: ``bands`` is a list of [threshold, fraction], best first; a value at or
    beyond a threshold (at or below it when lower is better) gets its fraction, else 0."""
    table = _bands(params, lower_is_better=lower_is_better)
    fractions: Fractions[K] = {}
    for key, value in values.items():
        if value is None:
            fractions[key] = None
            continue
        fractions[key] = ZERO
        for threshold, share in table:
            if (value <= threshold) if lower_is_better else (value >= threshold):
                fractions[key] = q(share)
                break
    return fractions, {"bands": "; ".join(f"{_s(t)}→{_s(s)}" for t, s in table)}


def growth_vs_average(
    values: Values[K], params: Mapping[str, Any], *, lower_is_better: bool = False
) -> tuple[Fractions[K], Applied]:
    """Growth against the group's average: the average scores 0.5, ``span`` points (of the
    growth rate) above it or more scores 1, ``span`` below or more 0."""
    span = _num(params, "span", 10)
    present = _present(values)
    average = sum(present.values(), ZERO) / len(present) if present else ZERO
    fractions: Fractions[K] = {}
    for key, value in values.items():
        if value is None:
            fractions[key] = None
            continue
        gap = (average - value) if lower_is_better else (value - average)
        fractions[key] = q(clamp(Decimal("0.5") + gap / (2 * span)))
    return fractions, {"average": _s(average), "span": _s(span)}


def manual(
    values: Values[K], params: Mapping[str, Any], *, lower_is_better: bool = False
) -> tuple[Fractions[K], Applied]:
    """A panel's score out of ``max`` (100 by default)."""
    top = _num(params, "max", 100)
    fractions: Fractions[K] = {
        key: None if value is None else q(clamp(value / top)) for key, value in values.items()
    }
    return fractions, {"top": _s(top)}


def event_points(count: int, params: Mapping[str, Any], *, deduct: bool) -> tuple[Decimal, Applied]:
    """Bonus or deduction points for ``count`` events: ``per_event`` each, at most ``cap``
    (deductions come out negative)."""
    per_event, cap = _num(params, "per_event", 1), _num(params, "cap", 100)
    points = min(per_event * count, cap)
    return q(-points if deduct else points), {"per_event": _s(per_event), "cap": _s(cap)}


SCORERS = {
    RuleKind.LINEAR: linear,
    RuleKind.RANK_POINTS: rank_points,
    RuleKind.BANDS: bands,
    RuleKind.GROWTH_VS_AVERAGE: growth_vs_average,
    RuleKind.MANUAL: manual,
}


def score(
    rule: str,
    values: Values[K],
    params: Mapping[str, Any],
    *,
    lower_is_better: bool = False,
    targets: Mapping[K, Decimal | None] | None = None,
) -> tuple[Fractions[K], Applied]:
    """Score a weighted item's values by its rule."""
    if rule == RuleKind.TARGET_RATIO:
        return target_ratio(values, params, lower_is_better=lower_is_better, targets=targets)
    return SCORERS[RuleKind(rule)](values, params, lower_is_better=lower_is_better)


# --- missing data, totals and ties ---------------------------------------------------------


def apply_missing(
    values: Values[K], missing_rule: str, *, lower_is_better: bool = False
) -> dict[K, Decimal | None]:
    """The values to score under the scheme's missing-data rule: the group's worst value
    stands in for a missing one (``group_min``); otherwise missing stays missing and is
    scored zero or left out after scoring (``finish_missing``)."""
    if missing_rule != MissingRule.GROUP_MIN:
        return dict(values)
    present = _present(values)
    if not present:
        return dict(values)
    worst = max(present.values()) if lower_is_better else min(present.values())
    return {key: worst if value is None else value for key, value in values.items()}


def finish_missing(fractions: Fractions[K], missing_rule: str) -> Fractions[K]:
    """After scoring: a missing value scores 0 under ``zero``; stays None (left out, weights
    re-normalised) under ``exclude``."""
    if missing_rule == MissingRule.EXCLUDE:
        return dict(fractions)
    return {key: ZERO if value is None else value for key, value in fractions.items()}


def total(points: Mapping[str, Decimal | None], weights: Mapping[str, Decimal]) -> Decimal:
    """An organisation's total out of 100: the sum of its item points, re-normalised over the
    weights of the items it was scored on (items left out as missing count for nothing)."""
    counted = [key for key, value in points.items() if value is not None]
    weight = sum((weights[key] for key in counted), ZERO)
    if weight == 0:
        return ZERO
    earned = sum((points[key] or ZERO for key in counted), ZERO)
    full = sum(weights.values(), ZERO)
    return q(earned * full / weight)


def rank(totals: Mapping[K, Decimal], tie_keys: Mapping[K, Decimal] | None = None) -> dict[K, int]:
    """Competition ranks (1, 2, 2, 4) by total, highest first; with ``tie_keys`` (the first
    category's score) equal totals are ordered by it first, and stay equal only when both are."""
    tie_keys = tie_keys or {}

    def key(org: K) -> tuple[Decimal, Decimal]:
        return (totals[org], tie_keys.get(org, ZERO))

    ordered = sorted(totals, key=key, reverse=True)
    ranks: dict[K, int] = {}
    for index, org in enumerate(ordered):
        if index and key(org) == key(ordered[index - 1]):
            ranks[org] = ranks[ordered[index - 1]]
        else:
            ranks[org] = index + 1
    return ranks


# --- checking parameters -------------------------------------------------------------------


def _bands(
    params: Mapping[str, Any], *, lower_is_better: bool = False
) -> list[tuple[Decimal, Decimal]]:
    raw = params.get("bands")
    if not isinstance(raw, list) or not raw:
        raise ValidationError(_("List the bands as [threshold, share] pairs, best first."))
    table: list[tuple[Decimal, Decimal]] = []
    for pair in raw:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise ValidationError(_("List the bands as [threshold, share] pairs, best first."))
        table.append((_num({"t": pair[0]}, "t"), _num({"s": pair[1]}, "s")))
    for (t1, s1), (t2, s2) in pairwise(table):
        if t1 == t2 or (t1 < t2) != lower_is_better or s2 > s1:
            raise ValidationError(
                _("The bands overlap: each must start beyond the next and give no less.")
            )
    if any(not ZERO <= share <= ONE for _, share in table):
        raise ValidationError(_("A band's share is between 0 and 1."))
    return table


def check_params(rule: str, params: Mapping[str, Any], *, lower_is_better: bool = False) -> None:
    """Refuse parameters a rule cannot score with (a field-level message, nothing saved)."""
    fixed = rule == RuleKind.LINEAR and params.get("bounds") == "fixed"
    if fixed and _num(params, "low") == _num(params, "high"):
        raise ValidationError(_("The linear rule's bounds are equal."))
    if rule == RuleKind.RANK_POINTS and (
        _num(params, "first", 10) <= 0 or _num(params, "step", 1) < 0
    ):
        raise ValidationError(_("Rank points start above zero and step down by zero or more."))
    if rule == RuleKind.TARGET_RATIO and _num(params, "cap", "1.2") <= 0:
        raise ValidationError(_("The cap must be above zero."))
    if rule == RuleKind.BANDS:
        _bands(params, lower_is_better=lower_is_better)
    if rule == RuleKind.GROWTH_VS_AVERAGE and _num(params, "span", 10) <= 0:
        raise ValidationError(_("The span must be above zero."))
    if rule == RuleKind.MANUAL and _num(params, "max", 100) <= 0:
        raise ValidationError(_("The panel's top score must be above zero."))
    if rule in (RuleKind.BONUS, RuleKind.DEDUCTION) and (
        _num(params, "per_event", 1) < 0 or _num(params, "cap", 100) < 0
    ):
        raise ValidationError(_("Points per event and the cap are zero or more."))
