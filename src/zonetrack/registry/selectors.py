"""Reads of the registry, always through the visibility rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from zonetrack.accounts import access
from zonetrack.core.validators import query_text

from .models import Cluster, Park, Region, Zone

# Sort keys offered to users, each mapped to its ordering (name breaks ties).
ZONE_SORTS = {
    "name": ("name",),
    "region": ("region__code", "name"),
    "kind": ("kind", "name"),
    "level": ("level", "name"),
    "area": ("planned_area_km2", "name"),
    "approved": ("approved_on", "name"),
    "parks": ("park_count", "name"),
}


def region_prefix(code: str) -> str:
    """A division code as the prefix of everything under it: the 6-digit forms of a province
    or city ("140000", "141000") mean the same as their short codes ("14", "1410")."""
    code = "".join(ch for ch in code.strip() if ch.isdecimal())[:6]
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


@dataclass(frozen=True)
class ZoneFilters:
    """What a zone list may be filtered and sorted by (pages, API and export alike)."""

    q: str = ""
    region: str = ""  # a division code: the region and everything under it
    kind: str = ""
    level: str = ""
    status: str = ""
    management: str = ""
    cluster: str = ""  # a cluster code
    sort: str = "region"
    include_archived: bool = False

    @classmethod
    def from_params(cls, params: Any) -> ZoneFilters:
        """Build from query parameters, ignoring what is not understood."""
        sort = query_text(params.get("sort")) or "region"
        if sort.lstrip("-") not in ZONE_SORTS:
            sort = "region"
        return cls(
            q=query_text(params.get("q")),
            region=region_prefix(query_text(params.get("region"))),
            kind=query_text(params.get("kind")),
            level=query_text(params.get("level")),
            status=query_text(params.get("status")),
            management=query_text(params.get("management")),
            cluster=query_text(params.get("cluster")),
            sort=sort,
            include_archived=params.get("archived") in {"1", "true", "on"},
        )


def zone_list(*, user: Any, filters: ZoneFilters | None = None) -> QuerySet[Zone]:
    """Zones the user can see, filtered and sorted, with region, committee, park count and
    clusters loaded in a fixed number of queries."""
    f = filters or ZoneFilters()
    zones = Zone.objects.all() if f.include_archived else Zone.objects.active()
    zones = access.visible(zones, user)
    if f.q:
        zones = zones.filter(Q(name__icontains=f.q) | Q(short_name__icontains=f.q))
    if f.region:
        zones = zones.filter(region__code__startswith=f.region)
    exact = {"kind": f.kind, "level": f.level, "status": f.status, "management": f.management}
    zones = zones.filter(**{key: value for key, value in exact.items() if value})
    if f.cluster:
        zones = zones.filter(clusters__code=f.cluster)
    descending = f.sort.startswith("-")
    ordering = [f"-{key}" if descending else key for key in ZONE_SORTS[f.sort.lstrip("-")]]
    if f.sort.lstrip("-") == "parks":
        # A correlated count sorts faster than grouping every selected column by zone.
        parks = (
            Park.objects.filter(zone=OuterRef("pk"), archived_at__isnull=True)
            .order_by()
            .values("zone")
            .annotate(n=Count("pk"))
            .values("n")
        )
        zones = zones.annotate(park_count=Coalesce(Subquery(parks), 0))
    return (
        zones.select_related("region", "organisation")
        .prefetch_related(Prefetch("clusters", queryset=Cluster.objects.only("code", "name")))
        .order_by(*ordering, "pk")
    )


def park_counts(zone_ids: Iterable[int] | QuerySet[Any, Any]) -> dict[int, int]:
    """Active parks per zone, in one query (for the zones of a page or an export)."""
    rows = (
        Park.objects.active()
        .filter(zone_id__in=zone_ids if isinstance(zone_ids, QuerySet) else list(zone_ids))
        .order_by()
        .values_list("zone_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def with_park_counts(zones: Iterable[Zone]) -> list[Zone]:
    """Give each zone ``park_count`` unless the query already did (sorting by it does).

    Counting only the zones shown keeps a page's cost independent of the number of zones.
    """
    zones = list(zones)
    missing = [zone.pk for zone in zones if not hasattr(zone, "park_count")]
    if missing:
        counts = park_counts(missing)
        for zone in zones:
            if not hasattr(zone, "park_count"):
                # The same attribute zone_list's annotation gives; the stubs know annotations
                # only on the queryset that made them, not on a plain Zone.
                zone.park_count = counts.get(zone.pk, 0)  # type: ignore[attr-defined]
    return zones


def registry_summary(*, user: Any) -> dict[str, Any]:
    """Counts for the overview: zones by level, parks and how many are fully serviced."""
    zones = access.visible(Zone.objects.active(), user)
    by_level = dict(zones.order_by().values_list("level").annotate(n=Count("pk")))
    totals = zones.aggregate(area=Sum("planned_area_km2"))
    parks = access.visible(Park.objects.active(), user).only("infrastructure")
    readiness = [park.readiness for park in parks.iterator()]
    return {
        "zones": sum(by_level.values()),
        "national": by_level.get("national", 0),
        "provincial": by_level.get("provincial", 0),
        "area_km2": totals["area"],
        "parks": len(readiness),
        "parks_ready": sum(1 for r in readiness if r.ready == r.total),
    }


def zone_get(*, user: Any, zone_id: int) -> Zone:
    """One visible zone (archived ones too, so they can be restored) or 404."""
    return access.get_visible(
        Zone.objects.select_related("region", "region__parent", "organisation").prefetch_related(
            "clusters"
        ),
        user,
        pk=zone_id,
    )


def park_list(*, user: Any, zone: Zone, include_archived: bool = False) -> QuerySet[Park]:
    parks = zone.parks.all() if include_archived else zone.parks.active()
    return access.visible(parks, user).prefetch_related("clusters")


def park_get(*, user: Any, park_id: int) -> Park:
    return access.get_visible(
        Park.objects.select_related("zone", "zone__region").prefetch_related("clusters"),
        user,
        pk=park_id,
    )


def region_list(*, parent_code: str | None = None) -> QuerySet[Region]:
    """Regions are public reference data: children of a region, or the provinces."""
    if parent_code:
        return Region.objects.filter(parent__code=parent_code)
    return Region.objects.filter(parent__isnull=True)


def cluster_list(*, include_inactive: bool = False) -> QuerySet[Cluster]:
    clusters = Cluster.objects.all()
    return clusters if include_inactive else clusters.filter(is_active=True)


def _zone_shapes(zone: Zone, properties: dict[str, Any]) -> list[dict[str, Any]]:
    """A zone's centre point and boundary, as far as it has them."""
    shapes = []
    if zone.center_lat is not None and zone.center_lng is not None:
        point = {"type": "Point", "coordinates": [float(zone.center_lng), float(zone.center_lat)]}
        shapes.append(_feature(point, {**properties, "role": "zone"}))
    if zone.boundary:
        shapes.append(_feature(zone.boundary, {**properties, "role": "zone-boundary"}))
    return shapes


def _park_shape(park: Park, **extra: Any) -> dict[str, Any]:
    # Only parks with a boundary are drawn: every caller filters on it.
    assert park.boundary is not None
    properties = {"id": park.pk, "name": park.name, **extra, "role": "park"}
    return _feature(park.boundary, {**properties, "url": f"/registry/parks/{park.pk}/"})


def zone_features(zone: Zone) -> dict[str, Any]:
    """The map of one zone already checked as visible: its point, boundary and parks."""
    properties = {"id": zone.pk, "name": zone.name, "url": f"/registry/zones/{zone.pk}/"}
    features = _zone_shapes(zone, properties)
    features += [_park_shape(park) for park in zone.parks.active().filter(boundary__isnull=False)]
    return {"type": "FeatureCollection", "features": features}


def map_features(*, user: Any, filters: ZoneFilters | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the visible zones (points and boundaries) and their
    parks' boundaries, for the map page."""
    zones = zone_list(user=user, filters=filters)
    features: list[dict[str, Any]] = []
    for zone in zones:
        properties = {
            "id": zone.pk,
            "name": zone.name,
            "kind": zone.get_kind_display(),
            "level": zone.get_level_display(),
            "url": f"/registry/zones/{zone.pk}/",
        }
        features += _zone_shapes(zone, properties)
    parks = access.visible(
        Park.objects.active().filter(zone__in=zones.values("pk"), boundary__isnull=False), user
    ).select_related("zone")
    features += [_park_shape(park, zone=park.zone.name) for park in parks]
    return {"type": "FeatureCollection", "features": features}


def _feature(geometry: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    if geometry.get("type") == "Feature":
        return {**geometry, "properties": {**geometry.get("properties", {}), **properties}}
    return {"type": "Feature", "geometry": geometry, "properties": properties}
