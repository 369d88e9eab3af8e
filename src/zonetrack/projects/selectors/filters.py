"""What project lists may be filtered and sorted by, and the filtered, visible projects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from zonetrack.accounts import access
from zonetrack.core.validators import query_text

from ..choices import Stage
from ..models import Project
from ..validators import month_or_none
from .owing import owes_report_q

PROJECT_SORTS = {
    "name": ("name",),
    "investment": ("total_investment_wan",),
    "stage": ("stage",),
    "updated": ("updated_at",),
    "zone": ("zone__name", "name"),
}


# Years a filter or a report may name; others are typing errors (and out of Python's dates).
YEAR_MIN, YEAR_MAX = 1900, 2100


@dataclass(frozen=True)
class ProjectFilters:
    """What project lists, the pipeline board and exports may be filtered by."""

    q: str = ""
    zone: int | None = None
    park: int | None = None
    cluster: str = ""
    stage: str = ""
    leader: int | None = None
    key: str = ""  # "provincial", "city" or "" for any
    year: int | None = None
    sort: str = "-updated"
    include_archived: bool = False
    # A month (its first day): the projects owing its monthly report, or signed in its year
    # up to its end (the cockpits' drill-down lands on these).
    owes: date | None = None
    signed: date | None = None

    @classmethod
    def from_params(cls, params: Any) -> ProjectFilters:
        def number(name: str) -> int | None:
            value = str(params.get(name) or "").strip()
            return int(value) if value.isdecimal() and len(value) < 10 else None

        sort = query_text(params.get("sort")) or "-updated"
        if sort.lstrip("-") not in PROJECT_SORTS:
            sort = "-updated"
        stage = query_text(params.get("stage"))
        return cls(
            q=query_text(params.get("q")),
            zone=number("zone"),
            park=number("park"),
            cluster=query_text(params.get("cluster")),
            stage=stage if stage in Stage.values else "",
            leader=number("leader"),
            key=params.get("key") if params.get("key") in {"provincial", "city"} else "",
            year=year if (year := number("year")) and YEAR_MIN <= year <= YEAR_MAX else None,
            sort=sort,
            include_archived=params.get("archived") in {"1", "true", "on"},
            owes=_month(params.get("owes")),
            signed=_month(params.get("signed")),
        )


def _month(value: Any) -> date | None:
    """A month written ``YYYY-MM`` (its first day), or None."""
    return month_or_none(str(value or ""))


def _filtered(user: Any, f: ProjectFilters) -> QuerySet[Project]:
    """The projects the user sees, filtered (the stage filter is the caller's). Zone, stage,
    cluster and key-flag filters of active projects are answered from the ``project_scope``
    index alone; the others read the projects."""
    projects: QuerySet[Project] = (
        Project.objects.all() if f.include_archived else Project.objects.active()
    )
    projects = access.visible(projects, user)
    if f.q:
        projects = projects.filter(
            Q(name__icontains=f.q) | Q(code__icontains=f.q) | Q(investor__name__icontains=f.q)
        )
    if f.zone:
        projects = projects.filter(zone_id=f.zone)
    if f.park:
        projects = projects.filter(park_id=f.park)
    if f.cluster:
        projects = projects.filter(cluster__code=f.cluster)
    if f.leader:
        projects = projects.filter(leader_id=f.leader)
    if f.key == "provincial":
        projects = projects.filter(is_provincial_key=True)
    elif f.key == "city":
        projects = projects.filter(is_city_key=True)
    if f.year:
        projects = projects.filter(stage_on__year=f.year)
    if f.owes:
        projects = projects.filter(owes_report_q(f.owes))
    if f.signed:
        # As the cockpits count signings: in the year up to the month's end, not terminated.
        end = (f.signed.replace(day=28) + timedelta(days=4)).replace(day=1)
        projects = projects.filter(
            signed_on__gte=f.signed.replace(month=1), signed_on__lt=end
        ).exclude(stage=Stage.TERMINATED)
    return projects
