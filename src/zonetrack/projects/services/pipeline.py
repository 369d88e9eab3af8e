"""The kept pipeline totals (``PipelineTotal``), rebuilt by every write that moves them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.db.models import Count, Sum
from django.dispatch import Signal

from zonetrack.registry.models import Zone

from ..models import (
    PipelineTotal,
    Project,
)

# Sent, inside the writing transaction, with ``zone_ids`` whose projects changed in a way that
# moves figures kept elsewhere (stage, verification, investment, archiving, zone, monthly
# reports). Apps built on projects keep their own derived rows by it (targets' rollups) without
# projects importing them.
projects_changed = Signal()

# The zones touched inside ``changes_batched``; None outside it.
_batched: ContextVar[set[int] | None] = ContextVar("projects_changed_batch", default=None)


def announce_changed(zone_ids: Iterable[int]) -> None:
    """Send ``projects_changed`` for these zones, or, inside ``changes_batched``, keep them for
    the one send at its end."""
    ids = set(zone_ids)
    if not ids:
        return
    batch = _batched.get()
    if batch is not None:
        batch.update(ids)
        return
    projects_changed.send(sender=Project, zone_ids=sorted(ids))


@contextmanager
def changes_batched() -> Iterator[None]:
    """Within it, every write still keeps its own records, but what is kept elsewhere from the
    projects (targets' rollups) is recounted once, at the end, for every zone touched: a bulk
    load of a thousand reports recounts a zone once, not a thousand times."""
    if _batched.get() is not None:  # already inside one: the outer one sends
        yield
        return
    batch: set[int] = set()
    token = _batched.set(batch)
    try:
        yield
    finally:
        _batched.reset(token)
    if batch:
        projects_changed.send(sender=Project, zone_ids=sorted(batch))


def refresh_pipeline(zone_ids: Iterable[int]) -> None:
    """Rebuild the pipeline totals (``PipelineTotal``) of these zones from their projects; every
    write that moves a project's stage, verification, investment or archiving calls it."""
    ids = sorted(set(zone_ids))
    # One refresh of a zone at a time: the zone rows are locked, in order, until the writing
    # transaction ends, so two writers never count past each other's change.
    list(Zone.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    rows = (
        Project.objects.active()
        .filter(zone_id__in=ids)
        .order_by()
        .values("zone_id", "stage", "verified_stage")
        .annotate(n=Count("pk"), total=Sum("total_investment_wan"))
    )
    PipelineTotal.objects.filter(zone_id__in=ids).delete()
    PipelineTotal.objects.bulk_create(
        PipelineTotal(
            zone_id=row["zone_id"],
            stage=row["stage"],
            verified_stage=row["verified_stage"],
            projects=row["n"],
            investment_wan=row["total"] or Decimal(0),
        )
        for row in rows
    )
    announce_changed(ids)
