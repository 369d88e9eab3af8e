"""Reads of the dispatch app, always through the visibility rule: problem lists, my work,
colours, the battle map, notifications and meetings."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from zonetrack.accounts import access
from zonetrack.accounts.choices import OrganisationKind
from zonetrack.accounts.models import Organisation
from zonetrack.core.validators import query_text
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import Project
from zonetrack.registry.models import Zone

from . import permissions
from .choices import (
    OPEN_STATUSES,
    Colour,
    DeliveryStatus,
    EscalationLevel,
    ProblemCategory,
    ProblemStatus,
)
from .models import (
    AgendaItem,
    ColourChange,
    ColourStatus,
    Delivery,
    Meeting,
    Notification,
    Problem,
    ProblemEvent,
)

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def visible_problems(user: Any, queryset: QuerySet[Problem] | None = None) -> QuerySet[Problem]:
    """Problems the user may see: those of the zones in view (the one rule), and — for people
    of a department inside a zone — those handed to their unit."""
    queryset = Problem.objects.all() if queryset is None else queryset
    seen = access.visible(queryset, user)
    if access.is_superuser(user):
        return seen
    units = [
        m.organisation
        for m in access.memberships(user)
        if m.organisation.kind == OrganisationKind.DEPARTMENT
    ]
    if not units:
        return seen
    mine = access.visible(Organisation.objects.all(), user).values("pk")
    return queryset.filter(Q(pk__in=seen.values("pk")) | Q(responsible_unit__in=mine))


@dataclass(frozen=True)
class ProblemFilters:
    """What the problem list may be filtered by."""

    q: str = ""
    zone: int | None = None
    project: int | None = None
    status: str = ""  # a ProblemStatus, "open" or "" for any
    category: str = ""
    unit: int | None = None
    level: int | None = None
    overdue: bool = False
    province: str = ""  # a division code prefix of the zone's region

    @classmethod
    def from_params(cls, params: Any) -> ProblemFilters:
        def number(name: str) -> int | None:
            value = str(params.get(name) or "").strip()
            return int(value) if value.isdecimal() and len(value) < 10 else None

        status = query_text(params.get("status"))
        category = query_text(params.get("category"))
        level = number("level")
        province = str(params.get("province") or "").strip()
        return cls(
            q=query_text(params.get("q")),
            zone=number("zone"),
            project=number("project"),
            status=status if status in [*ProblemStatus.values, "open"] else "",
            category=category if category in ProblemCategory.values else "",
            unit=number("unit"),
            level=level if level in EscalationLevel.values else None,
            overdue=str(params.get("overdue") or "") in {"1", "true", "on", "True"},
            province=province if province.isdecimal() and len(province) <= 6 else "",
        )


def problem_list(*, user: Any, filters: ProblemFilters | None = None) -> QuerySet[Problem]:
    """Problems the user can see, filtered, soonest deadline first, with what a row shows."""
    f = filters or ProblemFilters()
    problems = visible_problems(user, Problem.objects.active())
    today = timezone.localdate()
    if f.zone:
        problems = problems.filter(zone_id=f.zone)
    if f.province:
        zones = Zone.objects.filter(region__code__startswith=f.province[:2]).values("pk")
        problems = problems.filter(zone_id__in=zones)
    if f.project:
        problems = problems.filter(project_id=f.project)
    if f.overdue:
        problems = problems.filter(status__in=OPEN_STATUSES, deadline_on__lt=today)
    if f.status == "open":
        problems = problems.filter(status__in=OPEN_STATUSES)
    elif f.status:
        problems = problems.filter(status=f.status)
    if f.category:
        problems = problems.filter(category=f.category)
    if f.unit:
        problems = problems.filter(responsible_unit_id=f.unit)
    if f.level is not None:
        problems = problems.filter(escalation_level=f.level)
    if f.q:
        problems = problems.filter(Q(description__icontains=f.q) | Q(project__name__icontains=f.q))
    # Related rows are fetched for the page only (prefetch), so the page itself is read along
    # the deadline index without joins that would make the database sort every match.
    return problems.prefetch_related(
        "project", "zone", "responsible_unit", "responsible_person", "raised_by"
    ).order_by("deadline_on", "pk")


def problem_get(*, user: Any, problem_id: int) -> Problem:
    """One problem the user can see, else 404."""
    return access.get_visible(
        visible_problems(user).select_related(
            "project",
            "project__zone",
            "zone",
            "zone__organisation",
            "responsible_unit",
            "responsible_person",
            "raised_by",
        ),
        None,
        pk=problem_id,
    )


def problem_events(problem: Problem) -> list[ProblemEvent]:
    """The steps of one problem already checked as visible, oldest first, with their actors."""
    return list(problem.events.select_related("actor"))


def my_work(*, user: Any) -> dict[str, QuerySet[Problem]]:
    """What waits for the user: problems to work (as responsible person or unit) and answers
    to accept or reject (problems the user raised)."""
    mine = visible_problems(user, Problem.objects.active())
    units = [m.organisation.pk for m in access.memberships(user)]
    related = ("project", "zone", "responsible_unit", "responsible_person", "raised_by")
    return {
        "to_work": mine.filter(
            Q(responsible_person=user) | Q(responsible_unit_id__in=units),
            status__in=[ProblemStatus.ASSIGNED, ProblemStatus.IN_HAND],
        )
        .select_related(*related)
        .order_by("deadline_on", "pk"),
        "to_accept": mine.filter(raised_by=user, status=ProblemStatus.ANSWERED)
        .select_related(*related)
        .order_by("deadline_on", "pk"),
    }


def unit_choices(*, user: Any) -> QuerySet[Organisation]:
    """Organisations the user can see, to choose a responsible unit from."""
    return access.visible(Organisation.objects.active(), user).order_by("path")


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


def failed_deliveries(*, user: Any, limit: int = 10) -> list[Delivery]:
    """The latest failed alert deliveries, for those who may see them (else none)."""
    if not permissions.can_see_deliveries(user):
        return []
    return list(Delivery.objects.filter(status=DeliveryStatus.FAILED)[:limit])


def colour_of_projects(project_ids: list[int]) -> dict[int, ColourStatus]:
    """The stored project colours of some projects already checked as visible."""
    return {
        s.project_id: s
        for s in ColourStatus.objects.filter(project_id__in=project_ids, milestone__isnull=True)
    }


def open_problem_counts(project_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(open, overdue) problems of each project, in one query."""
    today = timezone.localdate()
    rows = (
        Problem.objects.filter(
            project_id__in=project_ids, status__in=OPEN_STATUSES, archived_at__isnull=True
        )
        .order_by()
        .values("project_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(deadline_on__lt=today)))
    )
    return {row["project_id"]: (row["n"], row["late"]) for row in rows}


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


def _geometry(location: Any) -> dict[str, Any] | None:
    if not isinstance(location, dict):
        return None
    if location.get("type") == "Feature":
        location = location.get("geometry") or {}
    if location.get("type") in {"Point", "Polygon", "MultiPolygon"} and location.get("coordinates"):
        return location
    return None


def notifications(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    items = Notification.objects.filter(user=user) if user.is_authenticated else None
    if items is None:
        return Notification.objects.none()
    return items.filter(read_at__isnull=True) if unread_only else items


def unread_count(user: Any) -> int:
    """How many notifications the user has not read (one indexed count)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def meeting_list(*, user: Any) -> QuerySet[Meeting]:
    return (
        access.visible(Meeting.objects.active(), user)
        .select_related("organisation")
        .annotate(n_projects=Count("agenda", distinct=True))
        .order_by("-held_on", "-pk")
    )


def meeting_get(*, user: Any, meeting_id: int) -> Meeting:
    return access.get_visible(
        Meeting.objects.select_related("organisation", "created_by"), user, pk=meeting_id
    )


def meeting_agenda(*, user: Any, meeting: Meeting) -> list[AgendaItem]:
    """The agenda of a meeting already checked as visible, limited to the projects the user
    can see, each item with its project's colour, open and overdue problems and decisions.
    A fixed number of queries."""
    agenda = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("project", "project__zone")
        .order_by("position", "pk")
    )
    visible = set(
        access.visible(
            Project.objects.filter(pk__in=[a.project_id for a in agenda]), user
        ).values_list("pk", flat=True)
    )
    agenda = [a for a in agenda if a.project_id in visible]
    colours = colour_of_projects(list(visible))
    counts = open_problem_counts(list(visible))
    decisions = list(
        meeting.decisions.filter(project_id__in=visible).select_related("project", "problem")
    )
    for item in agenda:
        colour = colours.get(item.project_id)
        item.colour = colour.colour if colour else Colour.GREEN
        item.open_problems, item.overdue_problems = counts.get(item.project_id, (0, 0))
        item.decisions = [d for d in decisions if d.project_id == item.project_id]
    return agenda


def agenda_item_get(*, user: Any, meeting: Meeting, project_id: int) -> AgendaItem | None:
    """The agenda item of one project on a meeting, if it is there and the user can see the
    project."""
    item = (
        AgendaItem.objects.filter(meeting=meeting, project_id=project_id)
        .select_related("project__zone__organisation")
        .first()
    )
    if item is None or not access.can_view(user, item.project):
        return None
    return item


def today() -> date:
    return timezone.localdate()
