"""Reads of the overview pages: the home page's to-do, the projects a leader answers for and
their open problems. Built on the selectors of projects and dispatch, so the visibility rule
is theirs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.dispatch import selectors as dispatch_selectors
from zonetrack.dispatch.choices import Colour
from zonetrack.dispatch.models import ColourStatus, Problem
from zonetrack.projects import selectors as project_selectors
from zonetrack.projects.models import Project
from zonetrack.projects.services import report_due

from . import permissions

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from zonetrack.accounts.models import User

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


@dataclass
class TodoItem:
    """One line of a to-do: what waits, how many, and the list that shows them."""

    key: str
    label: str
    count: int
    url: str
    urgent: bool = False


@dataclass
class TodoSection:
    """The to-do of one part the user plays (officer, leader, supervisor)."""

    key: str
    title: str
    items: list[TodoItem] = field(default_factory=list)


def todo(*, user: User, today: date | None = None) -> list[TodoSection]:
    """What waits for the user, by the part they play: an officer's reports owed, problems of
    their unit and milestones due within 14 days; a zone leader's red projects and overdue
    problems of the projects they answer for; a bureau manager's verification queue,
    problems escalated to their level and projects late with their report. One count query
    an item: the page costs the same whatever the number of projects."""
    today = today or timezone.localdate()
    month = project_selectors.report_month(today)
    sections = []
    if permissions.can_see_officer_todo(user):
        mine = project_selectors.my_projects(user=user)
        sections.append(
            TodoSection(
                "officer",
                _("My work as project officer"),
                [
                    TodoItem(
                        "reports-owed",
                        _("Monthly reports owed for %(month)s") % {"month": f"{month:%Y-%m}"},
                        project_selectors.owing_report(mine, month).count(),
                        reverse("projects:my_projects"),
                        urgent=today > report_due(month),
                    ),
                    TodoItem(
                        "unit-problems",
                        _("Problems assigned to my unit"),
                        dispatch_selectors.my_work(user=user)["to_work"].count(),
                        reverse("dispatch:my_work"),
                    ),
                    TodoItem(
                        "milestones-due",
                        _("Milestones due within 14 days"),
                        project_selectors.milestones_due(mine, today=today, days=14).count(),
                        reverse("projects:my_projects"),
                    ),
                ],
            )
        )
    if permissions.can_see_leader_todo(user):
        led = access.visible(Project.objects.active(), user).filter(leader=user)
        red = ColourStatus.objects.filter(
            project__in=led.values("pk"), milestone__isnull=True, colour=Colour.RED
        )
        late = dispatch_selectors.problem_list(
            user=user, filters=dispatch_selectors.ProblemFilters(overdue=True)
        ).filter(project__in=led.values("pk"))
        leader_url = reverse("dashboards:leader")
        sections.append(
            TodoSection(
                "leader",
                _("My projects as leader"),
                [
                    TodoItem("red-projects", _("Red projects"), red.count(), leader_url, True),
                    TodoItem(
                        "overdue-problems",
                        _("Overdue problems"),
                        late.order_by().count(),
                        f"{leader_url}#problems",
                        True,
                    ),
                ],
            )
        )
    level = permissions.escalation_level_of(user)
    if level is not None:
        escalated = dispatch_selectors.problem_list(
            user=user, filters=dispatch_selectors.ProblemFilters(status="open", level=level)
        )
        visible = access.visible(Project.objects.active(), user)
        late_reports = (
            project_selectors.owing_report(visible, month).count()
            if today > report_due(month)
            else 0
        )
        sections.append(
            TodoSection(
                "supervisor",
                _("Supervision"),
                [
                    TodoItem(
                        "verification",
                        _("Claims to verify"),
                        project_selectors.verification_queue(user=user).count(),
                        reverse("projects:verification_queue"),
                    ),
                    TodoItem(
                        "escalations",
                        _("Problems escalated to my level"),
                        escalated.order_by().count(),
                        f"{reverse('dispatch:problem_list')}?status=open&level={level}",
                        True,
                    ),
                    TodoItem(
                        "late-reports",
                        _("Projects late with their monthly report"),
                        late_reports,
                        f"{reverse('projects:leader_workload')}",
                        True,
                    ),
                ],
            )
        )
    return sections
