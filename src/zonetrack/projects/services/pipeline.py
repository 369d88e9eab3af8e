"""The kept pipeline totals (``PipelineTotal``), rebuilt by every write that moves them."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

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
# projects importing them. A write that took ``notes_before`` also sends ``project_ids`` (the
# projects it changed, in those zones) and ``notes`` (what receivers noted of them before the
# write), so that a receiver may apply the difference those projects make instead of recounting
# the zones; without ``notes`` a receiver recounts the zones.
projects_changed = Signal()
# Sent by ``notes_before``, before a write, with ``project_ids``: a receiver returns a note of
# what those projects count now, handed back to it with the ``projects_changed`` of the write.
projects_changing = Signal()

# The zones touched inside ``changes_batched``; None outside it.
_batched: ContextVar[set[int] | None] = ContextVar("projects_changed_batch", default=None)
# Announcements sent so far: a note taken before another announcement is no longer the state
# the kept figures were counted from (a write inside another write), and is not used.
_sent: ContextVar[int] = ContextVar("projects_changed_sent", default=0)


@dataclass(frozen=True)
class Notes:
    """What the receivers of ``projects_changing`` noted of some projects before a write."""

    project_ids: frozenset[int]
    notes: dict[Any, Any] = field(default_factory=dict)  # receiver → its note
    sent: int = 0  # announcements sent when it was taken

    def note_of(self, receiver: Callable[..., Any]) -> Any:
        """The note ``receiver`` returned, or None."""
        return self.notes.get(inspect.unwrap(receiver))


def notes_before(project_ids: Iterable[int]) -> Notes | None:
    """Before a write to these projects, inside its transaction: lock them (a second writer
    waits until this one's figures are kept) and let the receivers note what they count now.
    Pass the result to the write's ``announce_changed`` or ``refresh_pipeline``. None inside
    ``changes_batched``, whose one send recounts whole zones."""
    ids = sorted(set(project_ids))
    if not ids or _batched.get() is not None:
        return None
    list(Project.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    # By the receiver itself, under any decorator that wraps it (``functools.wraps``).
    sent = projects_changing.send(sender=Project, project_ids=ids)
    notes = {inspect.unwrap(receiver): note for receiver, note in sent}
    return Notes(frozenset(ids), notes, _sent.get())


def announce_changed(
    zone_ids: Iterable[int],
    *,
    project_ids: Iterable[int] | None = None,
    notes: Notes | None = None,
) -> None:
    """Send ``projects_changed`` for these zones, or, inside ``changes_batched``, keep them for
    the one send at its end. ``project_ids`` with ``notes`` (from ``notes_before``): the
    only projects the write changed, and what they counted before it."""
    _announce(set(zone_ids), project_ids, notes, locked=False)


def _announce(
    ids: set[int], project_ids: Iterable[int] | None, notes: Notes | None, *, locked: bool
) -> None:
    if not ids:
        return
    batch = _batched.get()
    if batch is not None:
        batch.update(ids)
        return
    changed = set(project_ids) if project_ids is not None else None
    extra: dict[str, Any] = {}
    if changed is not None:
        extra["project_ids"] = sorted(changed)
        if notes is not None and notes.sent == _sent.get() and notes.project_ids == changed:
            extra["notes"] = notes
    _sent.set(_sent.get() + 1)
    if not locked:
        _lock_zones(ids)
    projects_changed.send(sender=Project, zone_ids=sorted(ids), **extra)


def _lock_zones(zone_ids: Iterable[int]) -> None:
    # One refresh of a zone at a time: the zone rows are locked, in order, until the writing
    # transaction ends, so two writers never count past each other's change. Taken before the
    # receivers run, which lock what is kept above the zones (organisations): one lock order,
    # projects, then zones, then organisations, for every writer.
    list(
        Zone.objects.select_for_update()
        .filter(pk__in=sorted(set(zone_ids)))
        .order_by("pk")
        .values_list("pk")
    )


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
        _sent.set(_sent.get() + 1)
        _lock_zones(batch)
        projects_changed.send(sender=Project, zone_ids=sorted(batch))


def refresh_pipeline(
    zone_ids: Iterable[int],
    *,
    project_ids: Iterable[int] | None = None,
    notes: Notes | None = None,
) -> None:
    """Rebuild the pipeline totals (``PipelineTotal``) of these zones from their projects; every
    write that moves a project's stage, verification, investment or archiving calls it, and
    announces the change (``project_ids`` and ``notes`` as ``announce_changed`` takes them)."""
    ids = sorted(set(zone_ids))
    _lock_zones(ids)
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
    _announce(set(ids), project_ids, notes, locked=True)
