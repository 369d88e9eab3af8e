"""The pipeline counts (五个一批): projects and investment per stage, from the kept totals
when the filters allow."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from zonetrack.accounts import access

from ..choices import FIVE_BATCHES, Stage
from ..models import PipelineTotal
from .filters import ProjectFilters, _filtered


@dataclass
class StageCount:
    stage: str
    label: str
    count: int
    investment_wan: Decimal


def stage_totals(
    *, user: Any, filters: ProjectFilters | None = None, verified_only: bool = False
) -> dict[str, tuple[int, Decimal]]:
    """Projects and total investment per stage (every stage, terminated too), in one query.
    The stage filter is ignored: the totals are what a stage filter chooses from."""
    f = filters or ProjectFilters()
    column = "verified_stage" if verified_only else "stage"
    if _reads_totals(f):
        # The kept totals (a few rows per zone) answer for every project of the zones seen.
        kept = access.visible(PipelineTotal.objects.all(), user)
        if f.zone:
            kept = kept.filter(zone_id=f.zone)
        rows = (
            kept.order_by().values(column).annotate(n=Sum("projects"), total=Sum("investment_wan"))
        )
    else:
        rows = (
            _filtered(user, f)
            .order_by()
            .values(column)
            .annotate(n=Count("pk"), total=Sum("total_investment_wan"))
        )
    totals = {stage: (0, Decimal(0)) for stage in Stage.values}
    for row in rows:
        totals[row[column]] = (row["n"], row["total"] or Decimal(0))
    return totals


def _reads_totals(f: ProjectFilters) -> bool:
    """Whether the kept pipeline totals answer for these filters: none but the zone."""
    return not (
        f.q
        or f.park
        or f.cluster
        or f.leader
        or f.key
        or f.year
        or f.include_archived
        or f.owes
        or f.signed
    )


def five_batches(totals: dict[str, tuple[int, Decimal]]) -> list[StageCount]:
    """The five batches (五个一批) from stage totals; at capacity counts as in production."""
    counts = dict(totals)
    (n, total), (more, more_total) = counts[Stage.IN_PRODUCTION], counts[Stage.AT_CAPACITY]
    counts[Stage.IN_PRODUCTION] = (n + more, total + more_total)
    return [
        StageCount(
            stage.value,
            str(stage.label),
            counts[stage][0],
            Decimal(counts[stage][1]).quantize(Decimal("0.01")),  # the same on every database
        )
        for stage in FIVE_BATCHES
    ]


def pipeline_counts(
    *, user: Any, filters: ProjectFilters | None = None, verified_only: bool = False
) -> list[StageCount]:
    """Projects and total investment in each of the five batches (五个一批), in one query.

    With ``verified_only`` a project counts at the furthest stage the supervising level has
    accepted; otherwise at the stage its zone claims. Projects at capacity count as in
    production.
    """
    return five_batches(stage_totals(user=user, filters=filters, verified_only=verified_only))


def list_count(totals: dict[str, tuple[int, Decimal]], filters: ProjectFilters) -> int:
    """How many projects a list with these filters shows, read off the claimed stage totals
    (so a list page that shows the pipeline needs no separate COUNT over its projects)."""
    if filters.stage:
        return totals.get(filters.stage, (0, Decimal(0)))[0]
    return sum(count for count, _total in totals.values())
