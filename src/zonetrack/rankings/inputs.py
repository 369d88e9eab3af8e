"""The one adapter between rankings and the targets app's values: each organisation's raw value
of an indicator for a period, its source and a link to the records, and its target.

Every read of targets values by rankings goes through ``raw_values``: reported values from the
stored values, computed and derived figures from the targets rollups, as the targets pages
read them. ``gather`` assembles the whole input of a
ranking (values, panel scores, events, previous ranks) as plain JSON.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone

from zonetrack.accounts.models import Organisation
from zonetrack.registry.models import Zone
from zonetrack.targets.choices import PLAN_KINDS, Computation
from zonetrack.targets.models import Indicator, ReportedValue, Target
from zonetrack.targets.selectors import rollup_months, year_figure
from zonetrack.targets.selectors.figures import Months

from .choices import EVENT_RULES, PANEL_RULES, RankingStatus, ValueSource
from .models import Item, PanelScore, Ranking, RankingEntry, Scheme, ScoredEvent
from .periods import Period


def raw_values(
    *, indicators: list[Indicator], organisations: list[Organisation], period: Period
) -> dict[tuple[int, int], dict[str, Any]]:
    """``(indicator id, organisation id) → {"value", "source", "records"}`` for the period: an
    accumulating indicator sums its months, another takes its latest month; a computed or
    derived one is read from the targets rollups. Absent: no value."""
    found: dict[tuple[int, int], dict[str, Any]] = {}
    org_ids = [o.pk for o in organisations]
    reported = [i for i in indicators if not i.is_computed]
    months: dict[tuple[int, int], list[tuple[date, Decimal]]] = defaultdict(list)
    rows = ReportedValue.objects.active().filter(
        indicator__in=[i.pk for i in reported],
        organisation__in=org_ids,
        period__gte=period.start,
        period__lt=period.end,
    )
    for ind_id, org_id, month, value in rows.values_list(
        "indicator_id", "organisation_id", "period", "value"
    ):
        months[(ind_id, org_id)].append((month, value))
    by_id = {i.pk: i for i in reported}
    for (ind_id, org_id), series in months.items():
        series.sort()
        indicator = by_id[ind_id]
        value = sum((v for _, v in series), Decimal(0)) if indicator.accumulates else series[-1][1]
        found[(ind_id, org_id)] = {
            "value": str(value),
            "source": ValueSource.REPORTED,
            "records": _progress_url(org_id, period)
            + f"#{series[0][0]:%Y-%m}..{series[-1][0]:%Y-%m}",
        }
    computed = [i for i in indicators if i.is_computed]
    if computed:
        _computed_values(found, computed, org_ids, period)
    return found


def _computed_values(
    found: dict[tuple[int, int], dict[str, Any]],
    indicators: list[Indicator],
    org_ids: list[int],
    period: Period,
) -> None:
    """The figures zonetrack works out itself, read from the targets rollups exactly as the
    targets pages read them: counts, amounts and shares over the period's months; a rate
    against the year plans (开工率, 投资完成率, 双过半) and a growth rate over the year up to
    the period's end. Like the targets pages, they count the months whose figures are in: up
    to the end of last month while the period runs. One query whatever the number of
    organisations."""
    months = rollup_months(
        organisations=org_ids,
        indicators=indicators,
        since=date(period.year - 1, 1, 1),
        before=min(period.end, timezone.localdate().replace(day=1)),
    )
    empty: Months = {}
    for indicator in indicators:
        to_date = indicator.is_derived or indicator.computation in YEAR_TO_DATE
        for org_id in org_ids:
            own = months.get((org_id, indicator.pk), empty)
            if not to_date:
                own = {p: v for p, v in own.items() if p >= period.start}
            base = months.get((org_id, indicator.derived_from_id or 0), empty)
            value = year_figure(indicator, own, base, period.year).actual
            if value is None:
                continue
            places = Decimal(1).scaleb(-indicator.decimal_places)  # as the indicator shows it
            found[(indicator.pk, org_id)] = {
                "value": str(value.quantize(places)),
                "source": ValueSource.COMPUTED,
                "records": reverse(
                    "targets:computed_detail",
                    kwargs={"organisation_id": org_id, "indicator_id": indicator.pk},
                )
                + f"?year={period.year}",
            }


# Figures read over the year up to the period's end rather than over the period's months.
YEAR_TO_DATE = PLAN_KINDS | {Computation.DOUBLE_HALF}


def _progress_url(org_id: int, period: Period) -> str:
    return reverse("targets:progress", kwargs={"organisation_id": org_id}) + f"?year={period.year}"


def targets_of(
    *, indicators: list[Indicator], organisations: list[Organisation], year: int
) -> dict[tuple[int, int], Decimal]:
    """The year's targets, ``(indicator id, organisation id) → value``."""
    rows = Target.objects.active().filter(
        indicator__in=[i.pk for i in indicators],
        organisation__in=[o.pk for o in organisations],
        year=year,
    )
    return {(i, o): v for i, o, v in rows.values_list("indicator_id", "organisation_id", "value")}


def zone_kinds(organisations: list[Organisation]) -> dict[int, str]:
    """The kind of zone each organisation manages (for weight sets per kind), "" for none."""
    rows = Zone.objects.filter(organisation__in=[o.pk for o in organisations]).values_list(
        "organisation_id", "kind"
    )
    return {org_id: kind for org_id, kind in rows}


def previous_ranks(*, scheme: Scheme, period: Period) -> dict[str, int]:
    """The ranks of the published ranking of the period before, in any edition of the scheme."""
    before = (
        Ranking.objects.filter(
            scheme__family=scheme.family,
            period=period.previous().label,
            status=RankingStatus.PUBLISHED,
        )
        .order_by("-computed_at")
        .first()
    )
    if before is None:
        return {}
    rows = RankingEntry.objects.filter(ranking=before).values_list("organisation_id", "rank")
    return {str(org_id): rank for org_id, rank in rows}


def gather(
    *, scheme: Scheme, items: list[Item], organisations: list[Organisation], period: Period
) -> dict[str, Any]:
    """The whole input of a ranking as plain JSON (what ``compute`` reads and the ranking keeps)."""
    indicators = [
        i.indicator
        for i in items
        if i.indicator is not None and i.rule not in EVENT_RULES | PANEL_RULES
    ]
    values = raw_values(indicators=indicators, organisations=organisations, period=period)
    targets = targets_of(indicators=indicators, organisations=organisations, year=period.year)
    panel = {
        (s.item_id, s.organisation_id): s
        for s in PanelScore.objects.filter(item__in=items, period=period.label).select_related(
            "member"
        )
    }
    events: dict[tuple[int, int], int] = defaultdict(int)
    for item_id, org_id, count in ScoredEvent.objects.filter(
        item__in=items, happened_on__gte=period.start, happened_on__lt=period.end
    ).values_list("item_id", "organisation_id", "count"):
        events[(item_id, org_id)] += count
    kinds = zone_kinds(organisations)
    cells: dict[str, dict[str, Any]] = {}
    for item in items:
        row: dict[str, Any] = {}
        for org in organisations:
            if item.rule in EVENT_RULES:
                row[str(org.pk)] = {
                    "value": str(events.get((item.pk, org.pk), 0)),
                    "source": ValueSource.EVENTS,
                }
            elif item.rule in PANEL_RULES:
                score = panel.get((item.pk, org.pk))
                if score is not None:
                    row[str(org.pk)] = {
                        "value": str(score.score),
                        "source": ValueSource.MANUAL,
                        "records": str(score.member or ""),
                    }
            else:
                cell = values.get((item.indicator_id, org.pk))  # type: ignore[arg-type]
                target = targets.get((item.indicator_id, org.pk))  # type: ignore[arg-type]
                if cell is not None or target is not None:
                    row[str(org.pk)] = {
                        **(cell or {"value": None, "source": ValueSource.MISSING}),
                        "target": None if target is None else str(target),
                    }
        cells[str(item.pk)] = row
    return {
        "scheme": {
            "id": scheme.pk,
            "name": scheme.name,
            "edition": scheme.edition,
            "missing_rule": scheme.missing_rule,
            "tie_rule": scheme.tie_rule,
        },
        "period": period.label,
        "organisations": [
            {"id": o.pk, "name": o.name, "zone_kind": kinds.get(o.pk, "")} for o in organisations
        ],
        "categories": [
            {"id": c.pk, "name": c.name}
            for c in sorted({i.category for i in items}, key=lambda c: (c.sort_order, c.pk))
        ],
        "items": [
            {
                "id": i.pk,
                "name": i.name,
                "category": i.category_id,
                "rule": i.rule,
                "params": i.params,
                "weight": str(i.weight),
                "weights_by_kind": {k: str(v) for k, v in (i.weights_by_kind or {}).items()},
                "lower_is_better": bool(i.indicator is not None and i.indicator.is_lower_better),
                "indicator": i.indicator.name if i.indicator is not None else "",
                "unit": i.indicator.unit if i.indicator is not None else "",
            }
            for i in items
        ],
        "values": cells,
        "previous": previous_ranks(scheme=scheme, period=period),
    }


def has_targets(indicator: Indicator) -> bool:
    """Whether any organisation has a target of the indicator (a target-ratio item needs it)."""
    return Target.objects.active().filter(indicator=indicator).exists()


def has_any_value(inputs: dict[str, Any]) -> bool:
    """Whether the gathered inputs hold at least one value (events count only when any
    happened)."""
    return any(
        cell.get("value") not in (None, "0") or cell.get("target") is not None
        for row in inputs["values"].values()
        for cell in row.values()
    )
