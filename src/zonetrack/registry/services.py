"""Writes of the registry: zones and parks, each change tracked and scope-checked."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from zonetrack.accounts import access
from zonetrack.audit.services import (
    tracked_archive,
    tracked_create,
    tracked_restore,
    tracked_update,
)

from .models import Park, Zone


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
