"""Reads of projects: the list, one project, the user's own, duplicates, leaders and rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, overload

from django.db.models import Count, Q, QuerySet

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role
from zonetrack.registry import selectors as registry_selectors
from zonetrack.registry.models import Park

from ..choices import Stage
from ..models import Project, StageRule
from .filters import PROJECT_SORTS, ProjectFilters, _filtered
from .pipeline import _reads_totals, list_count, stage_totals
from .rows import PAGE_COLUMNS, ProjectRows


@overload
def project_list(
    *, user: Any, filters: ProjectFilters | None = None, for_page: Literal[False] = False
) -> QuerySet[Project]: ...


@overload
def project_list(
    *,
    user: Any,
    filters: ProjectFilters | None = None,
    for_page: Literal[True],
    columns: Sequence[str] = PAGE_COLUMNS,
) -> ProjectRows: ...


def project_list(
    *,
    user: Any,
    filters: ProjectFilters | None = None,
    for_page: bool = False,
    columns: Sequence[str] = PAGE_COLUMNS,
) -> QuerySet[Project] | ProjectRows:
    """Projects the user can see, filtered and sorted, with what a list shows loaded.

    ``for_page``: the list is read one page at a time (``ProjectRows``), each page with only
    the ``columns`` it shows; its total is read off the kept pipeline totals when the filters
    allow. Otherwise a queryset of whole projects with their relations.
    """
    f = filters or ProjectFilters()
    projects = _filtered(user, f)
    if f.stage:
        projects = projects.filter(stage=f.stage)
    descending = f.sort.startswith("-")
    ordering = [f"-{k}" if descending else k for k in PROJECT_SORTS[f.sort.lstrip("-")]]
    ordering.append("-pk")
    if for_page:
        ids = projects.order_by(*ordering)
        if _reads_totals(f):
            return ProjectRows(
                ids,
                columns,
                ordering,
                lambda: list_count(stage_totals(user=user, filters=f), f),
            )
        return ProjectRows(ids, columns, ordering, ids.count)
    return projects.select_related(
        "zone", "park", "investor", "cluster", "leader", "officer"
    ).order_by(*ordering)


def project_get(*, user: Any, project_id: int) -> Project:
    return access.get_visible(
        Project.objects.select_related(
            "zone", "zone__organisation", "park", "investor", "cluster", "leader", "officer"
        ),
        user,
        pk=project_id,
    )


def duplicate_investors(*, user: Any) -> dict[int, list[Project]]:
    """Investors (by credit code) claimed as a new project by more than one zone."""
    visible = access.visible(Project.objects.active(), user).filter(
        investor__credit_code__isnull=False
    )
    shared = (
        visible.order_by()
        .values("investor_id")
        .annotate(zones=Count("zone", distinct=True))
        .filter(zones__gt=1)
        .values_list("investor_id", flat=True)
    )
    result: dict[int, list[Project]] = {}
    for project in visible.filter(investor_id__in=list(shared)).select_related("zone", "investor"):
        if project.investor_id is not None:  # always, by the filter; it narrows the type
            result.setdefault(project.investor_id, []).append(project)
    return result


def my_projects(*, user: Any) -> QuerySet[Project]:
    """Projects the user answers for: as officer, leader or task-force member."""
    return (
        access.visible(Project.objects.active(), user)
        .filter(Q(officer=user) | Q(leader=user) | Q(task_force=user))
        .distinct()
        .select_related("zone", "investor")
        .order_by("name")
    )


def leader_choices(*, user: Any) -> QuerySet[Any]:
    """People who may lead projects in view: managers of the visible organisations. Read from
    the memberships, not by scanning every project for its leader."""
    return (
        access.people_visible(user, roles=[Role.MANAGER, Role.ADMIN])
        .filter(is_active=True)
        .order_by("username")
    )


def stage_rules() -> list[Any]:
    """The evidence each claimed stage calls for, in pipeline order (shown where stages move)."""
    order = {stage: index for index, stage in enumerate(Stage.values)}
    rules = [rule for rule in StageRule.objects.all() if rule.evidence]
    return sorted(rules, key=lambda rule: order.get(rule.stage, 99))


def filter_choices(*, user: Any, filters: ProjectFilters) -> dict[str, Any]:
    """Choices of the list and board filters, each one query, only what the user can see:
    zones as (id, name) pairs, parks (of the chosen zone), clusters and leaders."""
    zones = (
        registry_selectors.zone_list(user=user)
        .select_related(None)
        .prefetch_related(None)
        .values_list("pk", "name")
    )
    # Read only where a page shows the park filter.
    parks = access.visible(Park.objects.active(), user).select_related("zone")
    if filters.zone:
        parks = parks.filter(zone_id=filters.zone)
    return {
        "zone_choices": zones,
        "parks": parks.order_by("zone__name", "name"),
        "clusters": registry_selectors.cluster_list(),
        "leaders": leader_choices(user=user),
    }


def people(*, user: Any) -> QuerySet[Any]:
    """Active people the user can see (``access.people_visible``): who may lead or work on a
    project, by username."""
    return access.people_visible(user).filter(is_active=True).order_by("username")


# At most this many projects answer one search (the chooser shows a short list).
SEARCH_LIMIT = 20


def project_search(*, user: Any, query: str, limit: int = SEARCH_LIMIT) -> list[Project]:
    """Active projects the user can see whose name or code contains ``query`` (a chooser's
    search box), at most ``limit``, names first; one query however many match."""
    text = query.strip()[:100]
    if not text:
        return []
    found = access.visible(Project.objects.active(), user).filter(
        Q(name__icontains=text) | Q(code__icontains=text)
    )
    return list(found.select_related("zone").order_by("name", "pk")[:limit])


def project_choices(*, user: Any) -> QuerySet[Project]:
    """The active projects a form lets the user choose (the chooser's list without script)."""
    return (
        access.visible(Project.objects.active(), user)
        .select_related("zone")
        .order_by("zone__name", "name", "pk")
    )
