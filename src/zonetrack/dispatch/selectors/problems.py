"""Reads of problems: who sees which, the filtered list, one problem and its steps, my work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from zonetrack.accounts import access
from zonetrack.accounts.choices import ROLE_RANK, OrganisationKind, Role
from zonetrack.accounts.models import Organisation, User
from zonetrack.core.validators import query_text
from zonetrack.projects.models import SitePhoto
from zonetrack.registry.models import Zone

from .. import permissions
from ..choices import OPEN_STATUSES, EscalationLevel, ProblemCategory, ProblemStatus
from ..models import Problem, ProblemEvent


def visible_problems(user: Any, queryset: QuerySet[Problem] | None = None) -> QuerySet[Problem]:
    """Problems the user may see: those of the zones in view, and those handed to a unit in
    view (``Problem.org_paths``: the one rule, applied by ``access``)."""
    return access.visible(Problem.objects.all() if queryset is None else queryset, user)


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
        Problem.objects.select_related(
            "project",
            "project__zone",
            "zone",
            "zone__organisation",
            "responsible_unit",
            "responsible_person",
            "raised_by",
        ),
        user,
        pk=problem_id,
    )


def problem_photos(problem: Problem) -> list[SitePhoto]:
    """The site photos a problem already checked as visible was raised with, oldest first."""
    return list(
        SitePhoto.objects.filter(
            attached_type=ContentType.objects.get_for_model(Problem), attached_id=problem.pk
        )
    )


def problem_events(problem: Problem) -> list[ProblemEvent]:
    """The steps of one problem already checked as visible, oldest first, with their actors."""
    return list(problem.events.select_related("actor").prefetch_related("attachments"))


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
        "escalated": problems_for_my_level(user=user),
    }


def unit_choices(*, user: Any) -> QuerySet[Organisation]:
    """Organisations the user can see, to choose a responsible unit from."""
    return access.visible(Organisation.objects.active(), user).order_by("path")


def responsible_people(*, user: Any) -> QuerySet[User]:
    """Active people the user can see who may act somewhere (officer or above): who may be
    made responsible for a problem — never a mere viewer."""
    roles = [Role.OFFICER, Role.MANAGER, Role.ADMIN]
    return access.people_visible(user, roles=roles).filter(is_active=True).order_by("username")


def problems_for_my_level(*, user: Any) -> QuerySet[Problem]:
    """Open escalated problems waiting for the user's level (待我处理): those of the zones on
    the line below a city or province organisation where the user is a manager, escalated to
    a level at or below that organisation's (a province manager also sees what sits at the
    city). A superuser sees every escalated problem."""
    escalated = Problem.objects.active().filter(
        status__in=OPEN_STATUSES, escalation_level__gte=EscalationLevel.CITY
    )
    related = ("project", "zone", "responsible_unit", "responsible_person", "raised_by")
    if access.is_superuser(user):
        return escalated.select_related(*related).order_by("deadline_on", "pk")
    reach = escalated.none()
    for m in access.memberships(user):
        level = permissions.LEVEL_OF_KIND.get(OrganisationKind(m.organisation.kind))
        if level is None or ROLE_RANK[Role(m.role)] < ROLE_RANK[Role.MANAGER]:
            continue
        reach |= access.within(escalated, m.organisation).filter(escalation_level__lte=level)
    return (
        visible_problems(user, reach)
        .select_related(*related)
        .order_by("-escalation_level", "deadline_on", "pk")
    )


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
