"""Reads of land: the parcel list as a user may see it, one parcel, its status changes, the
parcels of a zone as map features; per-mu evaluations, their firms, objections and summaries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.core.validators import query_decimal
from zonetrack.registry.models import Park, Zone

from .. import idle
from ..choices import (
    ControlIndicator,
    FirmClass,
    FollowUpStatus,
    LandUse,
    ParcelStatus,
)
from ..factories import building_list
from ..models import (
    Commitment,
    CommitmentCheck,
    FollowUp,
    Parcel,
    ParcelStatusChange,
    Threshold,
    ThresholdCheck,
)

SORTS = {
    "code": ("zone__name", "code"),
    "zone": ("zone__name", "code"),
    "area": ("area_mu", "id"),
    "status": ("status", "zone__name", "code"),
    "since": ("status_on", "id"),
}


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class ParcelFilters:
    """The parcel list's filters as read from a query string (unknown values are ignored)."""

    q: str = ""
    zone: int | None = None
    park: int | None = None
    status: str = ""
    land_use: str = ""
    min_mu: Decimal | None = None
    archived: bool = False
    sort: str = "code"

    @classmethod
    def from_params(cls, params: Any) -> ParcelFilters:
        status = params.get("status", "")
        land_use = params.get("land_use", "")
        sort = params.get("sort", "code")
        return cls(
            q=(params.get("q") or "").strip()[:40],
            zone=_int(params.get("zone")),
            park=_int(params.get("park")),
            status=status if status in ParcelStatus.values else "",
            land_use=land_use if land_use in LandUse.values else "",
            min_mu=query_decimal(params.get("min_mu")),
            archived=params.get("archived") == "1",
            sort=sort if sort.lstrip("-") in SORTS else "code",
        )


def parcel_list(*, user: Any, filters: ParcelFilters | None = None) -> QuerySet[Parcel]:
    """The parcels the user may see, filtered and sorted, with zone, park and project loaded."""
    filters = filters or ParcelFilters()
    rows = Parcel.objects.all() if filters.archived else Parcel.objects.active()
    rows = access.visible(rows, user)
    if filters.q:
        rows = rows.filter(Q(code__icontains=filters.q) | Q(name__icontains=filters.q))
    if filters.zone:
        rows = rows.filter(zone_id=filters.zone)
    if filters.park:
        rows = rows.filter(park_id=filters.park)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.land_use:
        rows = rows.filter(land_use=filters.land_use)
    if filters.min_mu is not None:
        rows = rows.filter(area_mu__gte=filters.min_mu)
    keys = SORTS[filters.sort.lstrip("-")]
    if filters.sort.startswith("-"):
        keys = tuple(f"-{key}" for key in keys)
    return rows.select_related("zone", "park", "supplied_project").order_by(*keys)


def parcel_totals(rows: QuerySet[Parcel]) -> dict[str, Any]:
    """Count and area of the listed parcels by status (one query)."""
    by_status: dict[str, dict[str, Any]] = {
        row["status"]: dict(row)
        for row in rows.order_by().values("status").annotate(n=Count("id"), mu=Sum("area_mu"))
    }
    return {
        "statuses": [
            {
                "status": value,
                "label": str(label),
                "count": by_status.get(value, {}).get("n", 0),
                "mu": by_status.get(value, {}).get("mu") or Decimal(0),
            }
            for value, label in ParcelStatus.choices
        ],
        "count": sum(row["n"] for row in by_status.values()),
        "mu": sum((row["mu"] or Decimal(0) for row in by_status.values()), Decimal(0)),
    }


def parcel_get(*, user: Any, parcel_id: int) -> Parcel:
    """One parcel the user may see (404 otherwise), with zone, park and project loaded."""
    return access.get_visible(
        Parcel.objects.select_related(
            "zone__organisation", "park", "supplied_project", "reserved_for"
        ).all(),
        user,
        pk=parcel_id,
    )


def status_changes(parcel: Parcel) -> QuerySet[ParcelStatusChange]:
    """A parcel's status changes, oldest first, with who made them."""
    return parcel.status_changes.select_related("actor").order_by("changed_on", "id")


def zones_for_filter(user: Any) -> list[tuple[int, str]]:
    """(id, name) of the zones the user sees, for the filter bar."""
    return list(access.visible(Zone.objects.active(), user).values_list("pk", "name"))


def parks_for_filter(user: Any) -> list[tuple[int, str]]:
    """(id, "zone · park") of the parks the user sees."""
    return [
        (pk, f"{zone} · {name}")
        for pk, zone, name in access.visible(Park.objects.active(), user)
        .order_by("zone__name", "name")
        .values_list("pk", "zone__name", "name")
    ]


def zone_parcel_features(*, user: Any, zone: Zone, by_class: bool = False) -> dict[str, Any]:
    """The zone's parcels with an outline as GeoJSON features, for the map layer: coloured by
    status, or (``by_class``) by their firm's class in the latest per-mu evaluation."""
    found = _class_features(user, zone) if by_class else _status_features(user, zone)
    found["features"].extend(_factory_features(user, zone))
    return found


def _factory_features(user: Any, zone: Zone) -> list[dict[str, Any]]:
    """The zone's standard factory buildings with a location, as points with their occupancy."""
    found = []
    for building in building_list(user=user, zone_id=zone.pk):
        if building.center_lat is None or building.center_lng is None:
            continue
        occupancy = building.occupancy  # type: ignore[attr-defined]
        share = occupancy.occupancy_percent
        found.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(building.center_lng), float(building.center_lat)],
                },
                "properties": {
                    "id": building.pk,
                    "role": "factory",
                    "name": str(building),
                    "url": reverse("land:factory_detail", kwargs={"building_id": building.pk}),
                    "kind": str(_("Standard factory")),
                    "level": f"{share}%" if share is not None else "—",
                },
            }
        )
    return found


def _status_features(user: Any, zone: Zone) -> dict[str, Any]:
    rows = (
        access.visible(Parcel.objects.active(), user)
        .filter(zone=zone, geometry__isnull=False)
        .values_list("pk", "code", "status", "area_mu", "geometry", "reserved_for_id")
    )
    labels = dict(ParcelStatus.choices)
    reserved_label = str(_("Reserved for a project"))
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "id": pk,
                    "role": "parcel-reserved" if reserved else f"parcel-{status}",
                    "name": code,
                    "url": reverse("land:parcel_detail", kwargs={"parcel_id": pk}),
                    "kind": reserved_label if reserved else str(labels.get(status, status)),
                    "level": f"{area} 亩",
                    "status": status,
                },
            }
            for pk, code, status, area, geometry, reserved in rows
        ],
    }


def _class_features(user: Any, zone: Zone) -> dict[str, Any]:
    parcels = list(
        access.visible(Parcel.objects.active(), user)
        .filter(zone=zone, geometry__isnull=False)
        .select_related("zone", "supplied_project", "supplied_project__investor")
    )
    classes = idle.parcel_classes(parcels)
    labels = dict(FirmClass.choices)
    unclassed = str(_("Not evaluated"))
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": parcel.geometry,
                "properties": {
                    "id": parcel.pk,
                    "role": f"parcel-class-{classes.get(parcel.pk, 'none')}",
                    "name": parcel.code,
                    "url": reverse("land:parcel_detail", kwargs={"parcel_id": parcel.pk}),
                    "kind": str(labels.get(classes.get(parcel.pk, ""), unclassed)),
                    "level": f"{parcel.area_mu} 亩",
                    "status": parcel.status,
                },
            }
            for parcel in parcels
        ],
    }


# -- entry thresholds -------------------------------------------------------------------------


def threshold_list(*, user: Any) -> QuerySet[Threshold]:
    """The thresholds set by the authorities the user sees."""
    return (
        access.visible(Threshold.objects.active(), user)
        .select_related("organisation", "zone", "cluster")
        .order_by(access.tree_order(Threshold), "indicator", "id")
    )


def project_checks(project: Any) -> QuerySet[ThresholdCheck]:
    """A project's checks against the entry thresholds, latest first."""
    return ThresholdCheck.objects.filter(project=project).order_by("-checked_at", "-pk")


def latest_check(project: Any) -> ThresholdCheck | None:
    """A project's latest check against the thresholds."""
    return ThresholdCheck.objects.filter(project=project).select_related("checked_by").first()


def indicator_labels() -> dict[str, str]:
    return {value: str(label) for value, label in ControlIndicator.choices}


# -- matching (地等项目) ------------------------------------------------------------------------


def land_on_offer(*, user: Any, project: Any) -> QuerySet[Parcel]:
    """The parcels of a project's zone still on offer (reserve or standard land, reserved for
    no other project), with their parks for readiness."""
    return (
        access.visible(Parcel.objects.active(), user)
        .filter(zone_id=project.zone_id, status__in=[ParcelStatus.RESERVE, ParcelStatus.STANDARD])
        .filter(Q(reserved_for__isnull=True))
        .select_related("park", "zone")
        .order_by("code")
    )


def reserved_for(*, user: Any, project: Any) -> QuerySet[Parcel]:
    """The parcels reserved for a project."""
    return (
        access.visible(Parcel.objects.active(), user)
        .filter(reserved_for=project)
        .select_related("park", "zone")
        .order_by("code")
    )


# -- commitment ledger (标准地承诺) --------------------------------------------------------------


def commitment_list(
    *, user: Any, zone: int | None = None, open_only: bool = False
) -> QuerySet[Commitment]:
    """The commitments of the parcels the user sees (of one zone; only those with a follow-up
    open), newest grant first, with their latest check and open follow-ups counted in the same
    query."""
    rows = access.visible(Commitment.objects.active(), user)
    if zone:
        rows = rows.filter(parcel__zone_id=zone)
    if open_only:
        rows = rows.filter(
            pk__in=FollowUp.objects.active().filter(status=FollowUpStatus.OPEN).values("commitment")
        )
    return (
        rows.select_related("parcel__zone", "project")
        .annotate(
            open_follow_ups=Count(
                "follow_ups", filter=Q(follow_ups__status=FollowUpStatus.OPEN), distinct=True
            ),
            checks_run=Count("checks", distinct=True),
            checks_failed=Count("checks", filter=Q(checks__is_met=False), distinct=True),
        )
        .order_by("-granted_on", "-id")
    )


def commitment_get(*, user: Any, commitment_id: int) -> Commitment:
    """One commitment the user may see (404 otherwise)."""
    return access.get_visible(
        Commitment.objects.select_related("parcel__zone__organisation", "project").all(),
        user,
        pk=commitment_id,
    )


def commitment_checks(commitment: Commitment) -> QuerySet[CommitmentCheck]:
    return commitment.checks.select_related("checked_by").order_by("-checked_on", "-id")


def follow_up_get(*, user: Any, follow_up_id: int) -> FollowUp:
    """One follow-up the user may see (404 otherwise)."""
    return access.get_visible(
        FollowUp.objects.select_related(
            "commitment__parcel__zone__organisation", "commitment__project", "check_run"
        ).all(),
        user,
        pk=follow_up_id,
    )
