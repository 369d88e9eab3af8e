"""Reads of the three colours: current colours in view, one colour and its history, counts."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from zonetrack.accounts import access
from zonetrack.projects.choices import Stage

from ..choices import Colour
from ..models import ColourChange, ColourStatus


def warnings(
    *, user: Any, zone_id: int | None = None, colour: str = "", projects_only: bool = False
) -> QuerySet[ColourStatus]:
    """Current colours of the projects (and their milestones) the user can see."""
    # Archived and terminated projects keep their last colours in history but leave the lists.
    statuses = (
        access.visible(ColourStatus.objects.all(), user)
        .filter(project__archived_at__isnull=True)
        .exclude(project__stage=Stage.TERMINATED)
    )
    if zone_id:
        statuses = statuses.filter(zone_id=zone_id)
    if colour in Colour.values:
        statuses = statuses.filter(colour=colour)
    if projects_only:
        statuses = statuses.filter(milestone__isnull=True)
    return statuses.select_related("project", "milestone", "override_by").order_by(
        "project_id", "milestone__planned_on", "pk"
    )


def colour_get(*, user: Any, status_id: int) -> ColourStatus:
    return access.get_visible(
        ColourStatus.objects.select_related("project", "milestone", "zone__organisation"),
        user,
        pk=status_id,
    )


def colour_counts(*, user: Any) -> dict[str, int]:
    """How many of the projects the user can see stand at each colour."""
    return {
        row["colour"]: row["n"]
        for row in warnings(user=user, projects_only=True)
        .order_by()
        .values("colour")
        .annotate(n=Count("pk"))
    }


def colour_changes(status: ColourStatus, limit: int = 200) -> list[ColourChange]:
    """The latest changes of one colour already checked as visible, newest first."""
    return list(status.changes.select_related("actor")[:limit])


def colour_of_projects(project_ids: list[int]) -> dict[int, ColourStatus]:
    """The stored project colours of some projects already checked as visible."""
    return {
        s.project_id: s
        for s in ColourStatus.objects.filter(project_id__in=project_ids, milestone__isnull=True)
    }
