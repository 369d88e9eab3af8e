"""Reads of the registry, always through the visibility rule."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from zonetrack.accounts import access

from .models import Park, Region, Zone


def zone_list(
    *, user: Any, q: str = "", include_archived: bool = False, **filters: Any
) -> QuerySet[Zone]:
    """Zones the user can see, with region and park counts loaded in the same query."""
    zones = Zone.objects.all() if include_archived else Zone.objects.active()
    zones = access.visible(zones, user).select_related("region", "organisation")
    if q:
        zones = zones.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    clean = {key: value for key, value in filters.items() if value not in (None, "")}
    if clean:
        zones = zones.filter(**clean)
    return zones.annotate(
        park_count=Count("parks", filter=Q(parks__archived_at__isnull=True))
    ).order_by("region__code", "name")


def zone_get(*, user: Any, zone_id: int) -> Zone:
    """One visible zone (archived ones too, so they can be restored) or 404."""
    return access.get_visible(
        Zone.objects.select_related("region", "organisation"), user, pk=zone_id
    )


def park_list(*, user: Any, zone: Zone) -> QuerySet[Park]:
    return access.visible(zone.parks.active(), user)


def park_get(*, user: Any, park_id: int) -> Park:
    return access.get_visible(Park.objects.select_related("zone", "zone__region"), user, pk=park_id)


def region_list(*, parent_code: str | None = None) -> QuerySet[Region]:
    """Regions are public reference data: children of a region, or the provinces."""
    if parent_code:
        return Region.objects.filter(parent__code=parent_code)
    return Region.objects.filter(parent__isnull=True)
