"""Dispatch meetings (调度会): the agenda by choice and by rule, minutes, and decisions that
become problems or milestones."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.services import actor_user, tracked_create, tracked_update
from zonetrack.projects.models import Project
from zonetrack.projects.services import milestone_save

from .. import permissions
from ..choices import OPEN_STATUSES, AgendaReason, Colour, DecisionKind, ProblemCategory
from ..models import AgendaItem, ColourStatus, Decision, Meeting, Problem
from .problems import problem_create

AGENDA_LIMIT = 60


def agenda_by_rules(
    *, user: User | None, organisation: Organisation, overdue: bool, blocked: bool
) -> dict[int, str]:
    """Projects under the organisation the user can see that are late (red) or blocked (open
    problems), with the reason each is picked; at most ``AGENDA_LIMIT``."""
    picked: dict[int, str] = {}
    projects = access.within(access.visible(Project.objects.active(), user), organisation)
    if overdue:
        red = ColourStatus.objects.filter(
            milestone__isnull=True, colour=Colour.RED, project__in=projects.values("pk")
        ).values_list("project_id", flat=True)[:AGENDA_LIMIT]
        picked.update({pk: AgendaReason.OVERDUE for pk in red})
    if blocked:
        stuck = (
            Problem.objects.filter(
                archived_at__isnull=True,
                status__in=OPEN_STATUSES,
                project__in=projects.values("pk"),
            )
            .order_by("project_id")
            .values_list("project_id", flat=True)
            .distinct()[:AGENDA_LIMIT]
        )
        for pk in stuck:
            picked.setdefault(pk, AgendaReason.BLOCKED)
    return dict(list(picked.items())[:AGENDA_LIMIT])


@transaction.atomic
def meeting_create(
    *,
    actor: User | None,
    organisation: Organisation,
    title: str,
    held_on: date,
    place: str = "",
    attendees: str = "",
    project_ids: Iterable[int] = (),
    include_overdue: bool = False,
    include_blocked: bool = False,
) -> Meeting:
    """Call a dispatch meeting with its agenda: the chosen projects (each one the user must
    be able to see, under the organisation) and those the rules pick (late, blocked)."""
    if not permissions.can_create_meeting(actor, organisation):
        raise PermissionDenied
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the meeting a title.")})
    chosen = [int(pk) for pk in dict.fromkeys(project_ids)]
    found = set(
        access.within(access.visible(Project.objects.active(), actor), organisation)
        .filter(pk__in=chosen)
        .values_list("pk", flat=True)
    )
    missing = [pk for pk in chosen if pk not in found]
    if missing:
        raise ValidationError(
            {
                "project_ids": _("Unknown project (or not yours to see): %(ids)s.")
                % {"ids": ", ".join(str(pk) for pk in missing)}
            }
        )
    meeting = Meeting(
        organisation=organisation,
        title=title.strip(),
        held_on=held_on,
        place=place,
        attendees=attendees,
        created_by=actor_user(actor),
    )
    tracked_create(actor=actor, obj=meeting)
    agenda: dict[int, str] = {pk: AgendaReason.CHOSEN for pk in chosen}
    for pk, reason in agenda_by_rules(
        user=actor, organisation=organisation, overdue=include_overdue, blocked=include_blocked
    ).items():
        agenda.setdefault(pk, reason)
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, project_id=pk, reason=reason, position=index)
        for index, (pk, reason) in enumerate(agenda.items())
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: User | None,
    meeting: Meeting,
    changes: dict[str, Any],
    expected_version: int | None = None,
) -> Meeting:
    """Change a meeting's title, date, place, attendees or minutes."""
    if not permissions.can_change_meeting(actor, meeting):
        raise PermissionDenied
    return tracked_update(
        actor=actor, obj=meeting, changes=changes, expected_version=expected_version
    )


@transaction.atomic
def decision_add(
    *,
    actor: User | None,
    meeting: Meeting,
    project: Project,
    kind: str,
    text: str,
    due_on: date | None = None,
    category: str = ProblemCategory.OTHER,
    responsible_unit: Organisation | None = None,
) -> Decision:
    """Record a decision on an agenda project; a "problem" decision raises a problem with the
    due date as deadline, a "milestone" decision adds a milestone planned for that date."""
    if not permissions.can_change_meeting(actor, meeting):
        raise PermissionDenied
    errors: dict[str, str] = {}
    text = (text or "").strip()
    if kind not in DecisionKind.values:
        errors["kind"] = _("Unknown kind of decision.")
    if not text:
        errors["text"] = _("Write the decision.")
    if not AgendaItem.objects.filter(meeting=meeting, project=project).exists():
        errors["project"] = _("This project is not on the meeting's agenda.")
    if kind in (DecisionKind.PROBLEM, DecisionKind.MILESTONE) and due_on is None:
        errors["due_on"] = _("Give the date it is due.")
    if errors:
        raise ValidationError(errors)
    decision = Decision(
        meeting=meeting,
        project=project,
        kind=kind,
        text=text,
        due_on=due_on,
        actor=actor_user(actor),
    )
    if kind == DecisionKind.PROBLEM:
        assert due_on is not None
        decision.problem = problem_create(
            actor=actor,
            project=project,
            category=category,
            description=text,
            deadline_on=due_on,
            responsible_unit=responsible_unit,
            raised_on=min(meeting.held_on, timezone.localdate()),
        )
    elif kind == DecisionKind.MILESTONE:
        assert due_on is not None
        decision.milestone = milestone_save(
            actor=actor, project=project, name=text[:100], planned_on=due_on
        )
    tracked_create(actor=actor, obj=decision)
    return decision
