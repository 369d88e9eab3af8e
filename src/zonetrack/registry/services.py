"""Writes of the registry: zones and parks, each change tracked and scope-checked."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from zonetrack.accounts import access
from zonetrack.accounts.choices import OrganisationKind
from zonetrack.accounts.models import PATH_STEP, Organisation
from zonetrack.audit.services import (
    record_created,
    tracked_archive,
    tracked_create,
    tracked_restore,
    tracked_update,
)
from zonetrack.core.bulk import bulk_insert

from .models import Cluster, Park, Zone


def _can_change(actor: Any) -> Any:
    return lambda fresh: access.can_change(actor, fresh)


@transaction.atomic
def zone_create(*, actor: Any, **fields: Any) -> Zone:
    """Register a zone under an organisation the actor manages."""
    clusters = fields.pop("clusters", [])
    zone = Zone(**fields)
    if not access.can_create_in(actor, zone.organisation if zone.organisation_id else None):
        raise PermissionDenied
    return tracked_create(
        actor=actor, obj=zone, check=_can_change(actor), m2m={"clusters": clusters}
    )


def zone_update(
    *, actor: Any, zone: Zone, changes: dict[str, Any], expected_version: int | None = None
) -> Zone:
    """Change a zone; refused when stale or when it would leave the actor's subtree."""
    if not access.can_change(actor, zone):
        raise PermissionDenied
    return tracked_update(
        actor=actor,
        obj=zone,
        changes=changes,
        expected_version=expected_version,
        check=_can_change(actor),
    )


def zone_archive(*, actor: Any, zone: Zone, expected_version: int | None = None) -> Zone:
    if not access.can_change(actor, zone):
        raise PermissionDenied
    return tracked_archive(actor=actor, obj=zone, expected_version=expected_version)


def zone_restore(*, actor: Any, zone: Zone) -> Zone:
    if not access.can_change(actor, zone):
        raise PermissionDenied
    return tracked_restore(actor=actor, obj=zone)


@transaction.atomic
def park_create(*, actor: Any, zone: Zone, **fields: Any) -> Park:
    """Add a park to a zone the actor manages."""
    if not access.can_change(actor, zone):
        raise PermissionDenied
    clusters = fields.pop("clusters", [])
    park = Park(zone=zone, **fields)
    return tracked_create(
        actor=actor, obj=park, check=_can_change(actor), m2m={"clusters": clusters}
    )


def park_update(
    *, actor: Any, park: Park, changes: dict[str, Any], expected_version: int | None = None
) -> Park:
    if not access.can_change(actor, park):
        raise PermissionDenied
    return tracked_update(
        actor=actor,
        obj=park,
        changes=changes,
        expected_version=expected_version,
        check=_can_change(actor),
    )


def park_archive(*, actor: Any, park: Park, expected_version: int | None = None) -> Park:
    if not access.can_change(actor, park):
        raise PermissionDenied
    return tracked_archive(actor=actor, obj=park, expected_version=expected_version)


def park_restore(*, actor: Any, park: Park) -> Park:
    if not access.can_change(actor, park):
        raise PermissionDenied
    return tracked_restore(actor=actor, obj=park)


@transaction.atomic
def zones_bulk_create(
    *, actor: Any, parent: Organisation, zones: list[tuple[Zone, list[Cluster] | None]]
) -> list[Zone]:
    """Create many validated zones at once (imports), each with a new zone committee under
    ``parent``; their history is recorded as for single creates, in a few inserts.

    The zones must already be validated (``full_clean`` or the import's checks).
    """
    if not access.can_create_in(actor, parent):
        raise PermissionDenied
    # Only the committees these zones would take: a parent may hold many thousands.
    names = sorted({f"{zone.name}管委会" for zone, _clusters in zones})
    existing = {
        o.name: o
        for start in range(0, len(names), 500)
        for o in Organisation.objects.filter(parent=parent, name__in=names[start : start + 500])
    }
    new_committees = [
        Organisation(
            name=f"{zone.name}管委会",
            kind=OrganisationKind.ZONE_COMMITTEE,
            parent=parent,
            region_code=zone.region.code if zone.region_id else "",
        )
        for zone, _clusters in zones
        if f"{zone.name}管委会" not in existing
    ]
    created_committees = bulk_insert(Organisation, new_committees, batch_size=500)
    for committee in created_committees:
        committee.path = f"{parent.path}{committee.pk:0{PATH_STEP}d}."
        committee.depth = parent.depth + 1
        existing[committee.name] = committee
    Organisation.objects.bulk_update(created_committees, ["path", "depth"], batch_size=500)
    record_created(actor=actor, objs=created_committees)

    for zone, _clusters in zones:
        zone.organisation = existing[f"{zone.name}管委会"]
    created = Zone.objects.bulk_create([zone for zone, _clusters in zones], batch_size=500)
    links = Zone.clusters.through
    extra: dict[Any, dict[str, Any]] = {}
    rows = []
    for zone, clusters in zones:
        ids = sorted(c.pk for c in clusters or [])
        extra[zone.pk] = {"clusters": ids}
        rows += [links(zone_id=zone.pk, cluster_id=cluster_id) for cluster_id in ids]
    links.objects.bulk_create(rows, batch_size=1000)
    record_created(actor=actor, objs=created, extra=extra)
    return created
