"""The battle map's data (挂图作战): a zone's projects as GeoJSON with stage, colour, problems."""

from __future__ import annotations

import math
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from zonetrack.projects.choices import Stage
from zonetrack.projects.models import Project, SitePhoto
from zonetrack.registry.models import Zone

from ..choices import OPEN_STATUSES, Colour
from ..models import ColourStatus, Problem

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
# The newest report photos with a position drawn on the map; older ones stay on their reports.
MAP_PHOTOS = 200


def battle_map(*, user: Any, zone: Zone) -> dict[str, Any]:
    """The battle map (挂图作战) of one zone already checked as visible: every active project
    with its stage, colour and open problems; located ones as GeoJSON features, the others
    listed. A fixed number of queries."""
    today = timezone.localdate()
    projects = list(
        Project.objects.active()
        .filter(zone=zone)
        .values("pk", "name", "stage", "location", "total_investment_wan")
        .order_by("name", "pk")
    )
    colours = dict(
        ColourStatus.objects.filter(zone=zone, milestone__isnull=True).values_list(
            "project_id", "colour"
        )
    )
    counts = {
        row["project_id"]: (row["n"], row["late"])
        for row in Problem.objects.filter(
            zone=zone, status__in=OPEN_STATUSES, archived_at__isnull=True
        )
        .order_by()
        .values("project_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(deadline_on__lt=today)))
    }
    labels = dict(Stage.choices)
    features: list[dict[str, Any]] = []
    unplaced: list[dict[str, Any]] = []
    for row in projects:
        open_n, late_n = counts.get(row["pk"], (0, 0))
        colour = colours.get(row["pk"], Colour.GREEN)
        props = {
            "id": row["pk"],
            "name": row["name"],
            "stage": row["stage"],
            "stage_label": str(labels.get(row["stage"], row["stage"])),
            "colour": colour,
            "open_problems": open_n,
            "overdue_problems": late_n,
            "highlight": colour == Colour.RED or open_n > 0,
            "investment_wan": str(row["total_investment_wan"] or ""),
            "url": f"/projects/{row['pk']}/",
        }
        geometry = _geometry(row["location"])
        if geometry is None:
            unplaced.append(props)
        else:
            features.append({"type": "Feature", "geometry": geometry, "properties": props})
    if zone.center_lat is not None and zone.center_lng is not None:
        # Projects without a recorded location stand near the zone's centre, on a spiral so
        # none hides another, marked as approximate.
        lat, lng = float(zone.center_lat), float(zone.center_lng)
        for index, props in enumerate(unplaced):
            radius = 0.004 * math.sqrt(index + 1)
            angle = index * GOLDEN_ANGLE
            point = [
                round(lng + radius * math.cos(angle) / max(0.2, math.cos(math.radians(lat))), 6),
                round(lat + radius * math.sin(angle), 6),
            ]
            props["approximate"] = True
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": point},
                    "properties": props,
                }
            )
    return {
        "type": "FeatureCollection",
        "features": features,
        "unplaced": unplaced,
        "photos": _photo_points(zone),
        "zone": {
            "id": zone.pk,
            "name": zone.name,
            "center": (
                [float(zone.center_lat), float(zone.center_lng)]
                if zone.center_lat is not None and zone.center_lng is not None
                else None
            ),
            "boundary": zone.boundary or None,
        },
    }


def _photo_points(zone: Zone) -> list[dict[str, Any]]:
    """Where the zone's monthly-report photos were taken (the newest ``MAP_PHOTOS`` with a
    position), for small markers beside the projects: one query."""
    rows = (
        SitePhoto.objects.filter(
            project__zone=zone,
            project__archived_at__isnull=True,
            report__isnull=False,
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .order_by("-taken_at", "-pk")
        .values("pk", "project_id", "project__name", "taken_at", "latitude", "longitude")[
            :MAP_PHOTOS
        ]
    )
    return [
        {
            "id": row["pk"],
            "project": row["project_id"],
            "name": row["project__name"],
            "taken_at": timezone.localtime(row["taken_at"]).strftime("%Y-%m-%d %H:%M"),
            "lat": float(row["latitude"] or 0),  # never None: filtered above
            "lng": float(row["longitude"] or 0),
            "url": reverse(
                "projects:site_photo",
                kwargs={"project_id": row["project_id"], "photo_id": row["pk"]},
            ),
        }
        for row in rows
    ]


def _geometry(location: Any) -> dict[str, Any] | None:
    if not isinstance(location, dict):
        return None
    if location.get("type") == "Feature":
        location = location.get("geometry") or {}
    if location.get("type") in {"Point", "Polygon", "MultiPolygon"} and location.get("coordinates"):
        return location
    return None
