"""Reads of the overview pages: the projects a leader answers for and their open problems.
Built on the selectors of projects and dispatch, so the visibility rule is theirs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db.models import Q, QuerySet

from zonetrack.accounts import access
from zonetrack.dispatch import selectors as dispatch_selectors
from zonetrack.dispatch.choices import Colour
from zonetrack.dispatch.models import ColourStatus, Problem
from zonetrack.projects.models import Project

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

LEADER_PROJECTS = 500
LEADER_PROBLEMS = 200


class LeaderRow(TypedDict):
    """What ``leader_projects`` sets on each project besides its fields (not stored)."""

    colour_status: ColourStatus
    colour: str
    open_problems: int
    overdue_problems: int


def leader_projects(*, user: Any) -> list[WithAnnotations[Project, LeaderRow]]:
    """The projects a leader answers for, each with its colour and open problems."""
    # The rows get the attributes of LeaderRow below; the cast names them for the type checker.
    projects = cast(
        "list[WithAnnotations[Project, LeaderRow]]",
        list(
            access.visible(Project.objects.active(), user)
            .filter(Q(leader=user) | Q(officer=user))
            .select_related("zone")
            .order_by("name", "pk")[:LEADER_PROJECTS]
        ),
    )
    ids = [p.pk for p in projects]
    colours = dispatch_selectors.colour_of_projects(ids)
    counts = dispatch_selectors.open_problem_counts(ids)
    for project in projects:
        # A project not yet coloured by the daily job shows green, as the schedule rule would.
        project.colour_status = colours.get(project.pk) or ColourStatus(colour=Colour.GREEN)
        project.colour = project.colour_status.colour
        project.open_problems, project.overdue_problems = counts.get(project.pk, (0, 0))
    return projects


def leader_problems(*, user: Any, project_ids: list[int]) -> QuerySet[Problem]:
    """The open problems of some projects, as the user may see them, soonest deadline first."""
    return dispatch_selectors.problem_list(
        user=user, filters=dispatch_selectors.ProblemFilters(status="open")
    ).filter(project_id__in=project_ids)[:LEADER_PROBLEMS]
