"""The battle map's data (挂图作战): a zone's projects as GeoJSON with stage, colour, problems,
the reasons of their colours, the zone's parks, and the node schedule (节点计划表)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from zonetrack.projects.choices import MilestoneStatus, Stage
from zonetrack.projects.models import Milestone, Project, SitePhoto
from zonetrack.registry.models import Park, Zone

from ..choices import OPEN_STATUSES, Colour
from ..models import ColourStatus, Problem
from ..reasons import reason_text

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
# Red first, then yellow, then green: the order of every list on the map page.
SEVERITY = {Colour.RED: 0, Colour.YELLOW: 1, Colour.GREEN: 2}
# The side list says why in a few words: the worst reasons only.
REASONS_SHOWN = 2
# A schedule longer than this shows the latest nodes only (a zone has a few hundred at most).
SCHEDULE_ROWS = 1000
# The month axis of the schedule covers at most this many months around today.
AXIS_MONTHS = 24
# The newest report photos with a position drawn on the map; older ones stay on their reports.
MAP_PHOTOS = 200


@dataclass(frozen=True)
class MapFilters:
    """What the map page narrows its projects to (empty: everything)."""

    stage: str = ""
    colour: str = ""


def battle_map(*, user: Any, zone: Zone, filters: MapFilters | None = None) -> dict[str, Any]:
    """The battle map (挂图作战) of one zone already checked as visible: every active project
    with its stage, colour and why, and open problems; located ones as GeoJSON features, the
    others listed; the projects again in order of severity; the zone's parks. A fixed number
    of queries."""
    filters = filters or MapFilters()
    today = timezone.localdate()
    query = Project.objects.active().filter(zone=zone)
    if filters.stage:
        query = query.filter(stage=filters.stage)
    projects = list(
        query.values("pk", "name", "stage", "location", "total_investment_wan").order_by(
            "name", "pk"
        )
    )
    colours = {
        row["project_id"]: row
        for row in ColourStatus.objects.filter(zone=zone, milestone__isnull=True).values(
            "project_id", "colour", "reasons", "days_late"
        )
    }
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
    ranked: list[dict[str, Any]] = []
    for row in projects:
        open_n, late_n = counts.get(row["pk"], (0, 0))
        status: dict[str, Any] = dict(colours.get(row["pk"]) or {})
        # A project not yet coloured by the daily job shows green, as the schedule rule would.
        colour = status.get("colour") or Colour.GREEN
        if filters.colour and colour != filters.colour:
            continue
        reasons = [
            text
            for text in (reason_text(r) for r in status.get("reasons") or [] if isinstance(r, dict))
            if text
        ]
        props = {
            "id": row["pk"],
            "name": row["name"],
            "stage": row["stage"],
            "stage_label": str(labels.get(row["stage"], row["stage"])),
            "colour": colour,
            "days_late": status.get("days_late") or 0,
            "reasons": reasons[:REASONS_SHOWN],
            "open_problems": open_n,
            "overdue_problems": late_n,
            "highlight": colour == Colour.RED or open_n > 0,
            "investment_wan": str(row["total_investment_wan"] or ""),
            "url": f"/projects/{row['pk']}/",
        }
        ranked.append(props)
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
    ranked.sort(key=severity_key)
    return {
        "type": "FeatureCollection",
        "features": features,
        "unplaced": unplaced,
        "ranked": ranked,
        "counts": {c: sum(1 for p in ranked if p["colour"] == c) for c in SEVERITY},
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
        "parks": park_outlines(zone=zone),
    }


def severity_key(props: dict[str, Any]) -> tuple[int, int, str, int]:
    """Red, then yellow, then green; within a colour the most days late first, then by name."""
    return (SEVERITY.get(props["colour"], 3), -int(props["days_late"]), props["name"], props["id"])


def park_outlines(*, zone: Zone) -> list[dict[str, Any]]:
    """The outlines of a zone's parks that the registry stores, as GeoJSON features named for
    their labels (parks without an outline are left out: none is made up)."""
    outlines = []
    for pk, name, boundary in (
        Park.objects.active()
        .filter(zone=zone, boundary__isnull=False)
        .order_by("name", "pk")
        .values_list("pk", "name", "boundary")
    ):
        geometry = _geometry(boundary)
        if geometry is None or geometry["type"] == "Point":
            continue
        outlines.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {"id": pk, "name": name, "role": "park"},
            }
        )
    return outlines


def node_schedule(
    *, zone: Zone, project_ids: list[int], today: date | None = None
) -> dict[str, Any]:
    """The node schedule (节点计划表) of some projects of a zone already checked as visible:
    every milestone not cancelled with its project, responsible person, planned and actual
    dates, days late and colour, the latest first; with a month axis and each row's bar on
    it (in per cent of the axis). Two queries, whatever the number of rows."""
    today = today or timezone.localdate()
    milestones = list(
        Milestone.objects.filter(project__zone=zone, project_id__in=project_ids)
        .exclude(status=MilestoneStatus.CANCELLED)
        .select_related("project__officer", "project__leader")
        .order_by("planned_on", "pk")[:SCHEDULE_ROWS]
    )
    colours = dict(
        ColourStatus.objects.filter(
            zone=zone, milestone_id__in=[m.pk for m in milestones]
        ).values_list("milestone_id", "colour")
    )
    rows: list[dict[str, Any]] = []
    for milestone in milestones:
        project = milestone.project
        done = milestone.status == MilestoneStatus.DONE or milestone.actual_on is not None
        end = milestone.actual_on if done and milestone.actual_on else today
        days_late = max(0, (end - milestone.planned_on).days)
        # The daily job colours open nodes; one it has not seen yet is red when overdue.
        colour = colours.get(milestone.pk) or (
            Colour.RED if days_late and not done else Colour.GREEN
        )
        responsible = project.officer or project.leader
        rows.append(
            {
                "id": milestone.pk,
                "project_id": project.pk,
                "project": project.name,
                "url": f"/projects/{project.pk}/",
                "name": milestone.name,
                "responsible": str(responsible) if responsible else "",
                "planned_on": milestone.planned_on,
                "actual_on": milestone.actual_on,
                "is_done": done,
                "days_late": days_late,
                "colour": colour,
            }
        )
    # Open nodes first, the latest first; reached ones after them, in plan order.
    rows.sort(key=lambda r: (r["is_done"], -r["days_late"] * (not r["is_done"]), r["planned_on"]))
    months = _axis(rows, today)
    _place_bars(rows, months, today)
    return {
        "rows": rows,
        "months": months,
        "month_lines": [round(i * 100 / len(months), 2) for i in range(1, len(months))],
        "today": _offset(today, months),
    }


def _axis(rows: list[dict[str, Any]], today: date) -> list[date]:
    """The first days of the months the schedule's dates span (today included), at most
    AXIS_MONTHS of them centred on today."""
    dates = [today, *(r["planned_on"] for r in rows)]
    dates += [r["actual_on"] for r in rows if r["actual_on"]]
    first, last = _month_index(min(dates)), _month_index(max(dates))
    now = _month_index(today)
    first = max(first, now - AXIS_MONTHS // 2)
    last = min(last, first + AXIS_MONTHS - 1)
    return [date(i // 12, i % 12 + 1, 1) for i in range(first, last + 1)]


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _offset(day: date, months: list[date]) -> float | None:
    """Where a day stands on the axis, in per cent of its width (None: off the axis)."""
    if not months:
        return None
    index = _month_index(day) - _month_index(months[0])
    if index < 0 or index >= len(months):
        return None
    days_in_month = (
        date(day.year + (day.month == 12), day.month % 12 + 1, 1) - date(day.year, day.month, 1)
    ).days
    return round((index + (day.day - 1) / days_in_month) * 100 / len(months), 2)


def _place_bars(rows: list[dict[str, Any]], months: list[date], today: date) -> None:
    """Each row's bar runs from the planned date to the actual date (or today while late);
    a node on time is a mark at its planned date. Dates off the axis are clipped to it."""
    for row in rows:
        start = row["planned_on"]
        end = row["actual_on"] or (today if row["days_late"] else start)
        left = _clipped(min(start, end), months)
        right = _clipped(max(start, end), months)
        row["bar_left"] = left
        row["bar_width"] = max(round(right - left, 2), 0.6)


def _clipped(day: date, months: list[date]) -> float:
    offset = _offset(day, months)
    if offset is not None:
        return offset
    return 0.0 if months and _month_index(day) < _month_index(months[0]) else 100.0


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
