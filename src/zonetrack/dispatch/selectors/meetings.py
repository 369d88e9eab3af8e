"""Reads of dispatch meetings: the list, one meeting, its agenda as the user may see it."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from zonetrack.accounts import access
from zonetrack.projects.models import Project

from ..choices import Colour
from ..models import AgendaItem, ColourStatus, Meeting
from .colours import colour_of_projects
from .problems import open_problem_counts


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
        # A project not yet coloured by the daily job shows green, as the schedule rule would.
        item.colour_status = colours.get(item.project_id) or ColourStatus(colour=Colour.GREEN)
        item.colour = item.colour_status.colour
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


def meeting_detail(*, user: Any, meeting_id: int) -> Meeting:
    """One meeting the user can see (else 404), with its agenda's projects and decisions."""
    meeting = meeting_get(user=user, meeting_id=meeting_id)
    return (
        Meeting.objects.select_related("organisation")
        .prefetch_related("agenda__project", "decisions")
        .get(pk=meeting.pk)
    )
