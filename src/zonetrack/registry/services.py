"""Writes of the registry: zones and parks, each change tracked and scope-checked."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zonetrack.accounts import access
from zonetrack.accounts.choices import OrganisationKind
from zonetrack.accounts.models import PATH_STEP, Organisation, User
from zonetrack.audit.services import (
    record_created,
    tracked_archive,
    tracked_bulk_create,
    tracked_create,
    tracked_restore,
    tracked_update,
)

from . import permissions
from .models import Cluster, Park, Zone


@transaction.atomic
def zone_create(*, actor: User | None, **fields: Any) -> Zone:
    """Register a zone under an organisation the actor manages."""
    clusters = fields.pop("clusters", [])
    zone = Zone(**fields)
    access.require(
        permissions.can_create_zone(actor, zone.organisation if zone.organisation_id else None)
    )
    return tracked_create(
        actor=actor,
        obj=zone,
        check=lambda fresh: permissions.can_change_zone(actor, fresh),
        m2m={"clusters": clusters},
    )


def zone_update(
    *, actor: User | None, zone: Zone, changes: dict[str, Any], expected_version: int | None = None
) -> Zone:
    """Change a zone; refused when stale or when it would leave the actor's subtree."""
    access.require(permissions.can_change_zone(actor, zone))
    return tracked_update(
        actor=actor,
        obj=zone,
        changes=changes,
        expected_version=expected_version,
        check=lambda fresh: permissions.can_change_zone(actor, fresh),
    )


def zone_archive(*, actor: User | None, zone: Zone, expected_version: int | None = None) -> Zone:
    """Hide a zone from lists; nothing is deleted."""
    access.require(permissions.can_archive_zone(actor, zone))
    return tracked_archive(actor=actor, obj=zone, expected_version=expected_version)


def zone_restore(*, actor: User | None, zone: Zone) -> Zone:
    """Bring an archived zone back."""
    access.require(permissions.can_archive_zone(actor, zone))
    return tracked_restore(actor=actor, obj=zone)


@transaction.atomic
def park_create(*, actor: User | None, zone: Zone, **fields: Any) -> Park:
    """Add a park to a zone the actor manages."""
    access.require(permissions.can_add_park(actor, zone))
    clusters = fields.pop("clusters", [])
    park = Park(zone=zone, **fields)
    return tracked_create(
        actor=actor,
        obj=park,
        check=lambda fresh: permissions.can_change_park(actor, fresh),
        m2m={"clusters": clusters},
    )


def park_update(
    *, actor: User | None, park: Park, changes: dict[str, Any], expected_version: int | None = None
) -> Park:
    """Change a park; refused when stale or when it would leave the actor's subtree."""
    access.require(permissions.can_change_park(actor, park))
    return tracked_update(
        actor=actor,
        obj=park,
        changes=changes,
        expected_version=expected_version,
        check=lambda fresh: permissions.can_change_park(actor, fresh),
    )


def park_archive(*, actor: User | None, park: Park, expected_version: int | None = None) -> Park:
    """Hide a park from lists; nothing is deleted."""
    access.require(permissions.can_archive_park(actor, park))
    return tracked_archive(actor=actor, obj=park, expected_version=expected_version)


def park_restore(*, actor: User | None, park: Park) -> Park:
    """Bring an archived park back."""
    access.require(permissions.can_archive_park(actor, park))
    return tracked_restore(actor=actor, obj=park)


@transaction.atomic
def zones_bulk_create(
    *, actor: User | None, parent: Organisation, zones: list[tuple[Zone, list[Cluster] | None]]
) -> list[Zone]:
    """Create many validated zones at once (imports), each with a new zone committee under
    ``parent``; their history is recorded as for single creates, in a few inserts.

    The zones must already be validated (``full_clean`` or the import's checks).
    """
    access.require(permissions.can_import_zones(actor, parent))
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
    # Their paths need their ids: set after the insert (paths are not in the history).
    created_committees = tracked_bulk_create(Organisation, new_committees, actor=actor)
    for committee in created_committees:
        committee.path = f"{parent.path}{committee.pk:0{PATH_STEP}d}."
        committee.depth = parent.depth + 1
        existing[committee.name] = committee
    Organisation.objects.bulk_update(created_committees, ["path", "depth"], batch_size=500)

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
