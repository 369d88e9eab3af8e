"""How many of each organisation's targets stand at each colour, without the progress grid:
what a cockpit shows of its lines and paints its zones with. The same rule and the same kept
rollups as ``progress_of``, reading only each year's figure (no trends, no growth columns), in
a fixed number of queries whatever the number of organisations."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Max, Q, Sum

from .. import progress
from ..choices import RATIO_KINDS, Computation, Source, Status
from ..models import Indicator, Rollup, Target
from .common import indicator_list
from .figures import _cutoff, _ratio, _sums_suffice

# Per (organisation, indicator): the year's months summed (amount, base) and the latest month.
_Sums = dict[tuple[int, int], tuple[Decimal, Decimal | None, date]]


def target_statuses(
    *, user: Any, organisations: Iterable[int], year: int, as_of: date
) -> dict[int, Counter[str]]:
    """Per organisation id: how many of the year's indicators stand at each status (``none``
    for an indicator some of these organisations have a target of and this one has not, or
    has no figure of), as the lines of ``progress_of`` over the same organisations count
    them."""
    org_ids = list(dict.fromkeys(organisations))
    found: dict[int, Counter[str]] = {org: Counter() for org in org_ids}
    if not org_ids:
        return found
    catalogue = list(indicator_list(user=user))
    active = {i.pk for i in catalogue}
    # Each target with its quarterly split, if any (a row a quarter), in one reading.
    targets: dict[tuple[int, int], tuple[int, Decimal]] = {}
    quarters: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for pk, org, ind_id, value, quarter, share in (
        Target.objects.active()
        .filter(year=year, organisation__in=org_ids, indicator__in=sorted(active))
        .values_list(
            "pk", "organisation_id", "indicator_id", "value", "quarters__quarter", "quarters__value"
        )
    ):
        targets[(org, ind_id)] = (pk, value)
        if quarter is not None:
            quarters[pk][quarter] = share
    with_target = {ind for _org, ind in targets}
    shown = [i for i in catalogue if i.pk in with_target]
    if not shown:
        return found
    actuals = _actuals(org_ids, shown, catalogue, year, _cutoff(year, as_of))
    share = progress.time_share(year, as_of)
    for org in org_ids:
        counts = found[org]
        for ind in shown:
            target = targets.get((org, ind.pk))
            if target is None:
                counts[Status.NONE] += 1
                continue
            pk, value = target
            split = (
                progress.split_share(value, quarters[pk], year, as_of)
                if pk in quarters and ind.accumulates
                else None
            )
            actual = actuals.get((org, ind.pk))
            counts[progress.status(ind, value, actual, split if split is not None else share)] += 1
    return found


def _actuals(
    org_ids: list[int], shown: list[Indicator], catalogue: list[Indicator], year: int, cutoff: date
) -> dict[tuple[int, int], Decimal | None]:
    """The year's figure of each (organisation, indicator), as ``year_figure`` finds it: from
    the months summed, the latest month's, a growth over the same months a year before, or
    双过半's lower rate."""
    start = next(
        (
            i.pk
            for i in sorted(catalogue, key=lambda i: (i.sort_order, i.pk))
            if i.computation == Computation.START_RATE
        ),
        None,
    )
    summed = {i.pk for i in shown if _sums_suffice(i)}
    derived = [i for i in shown if i.source == Source.DERIVED]
    halves = [
        i for i in shown if i.source != Source.DERIVED and i.computation == Computation.DOUBLE_HALF
    ]
    latest_only = [i for i in shown if i.pk not in summed and i not in derived and i not in halves]
    wanted = summed | {i.derived_from_id for i in derived if i.derived_from_id}
    for half in halves:
        wanted |= {i for i in (half.pk, start, half.derived_from_id) if i is not None}
    wanted |= {i.pk for i in latest_only}
    sums = _sums(org_ids, wanted, year, cutoff)

    found: dict[tuple[int, int], Decimal | None] = {}
    for ind in shown:
        if ind.pk not in summed:
            continue
        ratio = ind.computation in RATIO_KINDS
        for org in org_ids:
            row = sums.get((org, ind.pk))
            if row is None:
                found[(org, ind.pk)] = (
                    Decimal(0) if ind.source == Source.COMPUTED and not ratio else None
                )
            else:
                found[(org, ind.pk)] = _ratio(ind, row[0], row[1]) if ratio else row[0]
    for half in halves:
        for org in org_ids:
            starts = sums.get((org, start)) if start is not None else None
            parts = [
                starts if starts is not None else sums.get((org, half.pk)),
                sums.get((org, half.derived_from_id)) if half.derived_from_id else None,
            ]
            rates = [_ratio(half, row[0], row[1]) if row else None for row in parts]
            if not any(parts):
                found[(org, half.pk)] = None
            else:
                found[(org, half.pk)] = None if None in rates else min(rates)  # type: ignore[type-var]
    found |= _latest(org_ids, latest_only, sums, year, cutoff)
    found |= _growths(org_ids, derived, sums, year)
    return found


def _sums(org_ids: list[int], indicator_ids: set[int], year: int, cutoff: date) -> _Sums:
    if not indicator_ids:
        return {}
    rows = (
        Rollup.objects.filter(
            organisation__in=org_ids,
            indicator__in=sorted(indicator_ids),
            period__gte=date(year, 1, 1),
            period__lt=cutoff,
        )
        .values("organisation_id", "indicator_id")
        .annotate(a=Sum("amount"), b=Sum("base"), latest=Max("period"))
        .values_list("organisation_id", "indicator_id", "a", "b", "latest")
    )
    return {(org, ind): (a, b, latest) for org, ind, a, b, latest in rows}


def _latest(
    org_ids: list[int], indicators: list[Indicator], sums: _Sums, year: int, cutoff: date
) -> dict[tuple[int, int], Decimal | None]:
    """The latest month's figure of indicators whose latest value stands for the year: the
    rows of the few latest months there are (most organisations share one)."""
    ids = {i.pk for i in indicators}
    if not ids:
        return {}
    wanted = {key: row[2] for key, row in sums.items() if key[1] in ids}
    # No month yet: a count computed from projects is nought, a reported figure is missing.
    found: dict[tuple[int, int], Decimal | None] = {
        (org, i.pk): Decimal(0) if i.source == Source.COMPUTED else None
        for org in org_ids
        for i in indicators
    }
    if not wanted:
        return found
    for org, ind, period, amount in Rollup.objects.filter(
        organisation__in=org_ids, indicator__in=sorted(ids), period__in=sorted(set(wanted.values()))
    ).values_list("organisation_id", "indicator_id", "period", "amount"):
        if wanted.get((org, ind)) == period:
            found[(org, ind)] = amount
    return found


def _upto(year: int, month: int) -> Sum:
    """The sum of a year's months up to ``month``."""
    if month == 12:
        return Sum("amount")
    return Sum("amount", filter=Q(period__lt=date(year, month + 1, 1)))


def _growths(
    org_ids: list[int], indicators: list[Indicator], sums: _Sums, year: int
) -> dict[tuple[int, int], Decimal | None]:
    """A derived indicator's figure: its base's months of the year summed, against the same
    months of the year before (summed in one grouped query, a sum per latest month found)."""
    found: dict[tuple[int, int], Decimal | None] = {}
    bases = {i.derived_from_id for i in indicators if i.derived_from_id}
    upto = sorted({row[2].month for (org, ind), row in sums.items() if ind in bases})
    before: dict[tuple[int, int], dict[int, Decimal | None]] = {}
    if bases and upto:
        rows = (
            Rollup.objects.filter(
                organisation__in=org_ids,
                indicator__in=sorted(bases),
                period__gte=date(year - 1, 1, 1),
                period__lt=date(year, 1, 1),
            )
            .values("organisation_id", "indicator_id")
            .annotate(**{f"m{m}": _upto(year - 1, m) for m in upto})
            .values_list("organisation_id", "indicator_id", *(f"m{m}" for m in upto))
        )
        for org, ind, *values in rows:
            before[(org, ind)] = dict(zip(upto, values, strict=True))
    for ind in indicators:
        for org in org_ids:
            base = ind.derived_from_id
            row = sums.get((org, base)) if base is not None else None
            if base is None or row is None:
                found[(org, ind.pk)] = None
                continue
            last = before.get((org, base), {}).get(row[2].month)
            found[(org, ind.pk)] = progress.growth(row[0], last)
    return found
