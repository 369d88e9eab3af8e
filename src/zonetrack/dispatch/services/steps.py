"""The steps of a problem's loop, one service each: hand over (交办), take in hand (办理),
answer (反馈), accept (销号), reject, escalate; and the daily escalation of overdue problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.services import stale_error, tracked_bulk_update

from .. import conf, permissions
from ..choices import OPEN_STATUSES, AlertKind, EscalationLevel, EventKind, ProblemStatus
from ..models import Problem, ProblemEvent
from .notices import alerts_record
from .problems import DEADLINE_BEFORE_RAISED, check_problem_fields, record_event, save_problem

# The statuses each step may start from.
STEP_FROM = {
    "assign": OPEN_STATUSES,
    "start": [ProblemStatus.ASSIGNED],
    "answer": [ProblemStatus.ASSIGNED, ProblemStatus.IN_HAND],
    "accept": [ProblemStatus.ANSWERED],
    "reject": [ProblemStatus.ANSWERED],
    "escalate": OPEN_STATUSES,
    "urge": OPEN_STATUSES,
}
# The order of the buttons on a problem's page.
STEP_ORDER = ["start", "answer", "accept", "reject", "assign", "escalate", "urge"]


def step_possible(problem: Problem, verb: str) -> bool:
    """Whether the problem's status lets the step be taken (the province is the last level)."""
    if verb == "escalate" and problem.escalation_level >= EscalationLevel.PROVINCE:
        return False
    return problem.status in STEP_FROM[verb]


def allowed_verbs(user: User | None, problem: Problem) -> list[str]:
    """The loop steps the user may take now (for the page's buttons)."""
    return [
        verb
        for verb in STEP_ORDER
        if permissions.STEP_PERMISSIONS[verb](user, problem) and step_possible(problem, verb)
    ]


def _begin(
    actor: User | None, problem: Problem, verb: str, expected_version: int | None
) -> Problem:
    """Lock the problem's row and check version, permission and status for one step."""
    problem = (
        # Only the problem's row is locked: PostgreSQL refuses to lock the nullable side of
        # the outer join to its responsible unit.
        Problem.objects.select_for_update(of=("self",))
        .select_related("zone__organisation", "project__zone__organisation", "responsible_unit")
        .get(pk=problem.pk)
    )
    if expected_version is not None and expected_version != problem.version:
        raise stale_error(problem)
    if not permissions.STEP_PERMISSIONS[verb](actor, problem):
        if verb == "accept":
            raise ValidationError(
                {"kind": _("Only the person who raised the problem can accept the answer.")}
            )
        raise PermissionDenied
    if not step_possible(problem, verb):
        raise ValidationError(
            {
                "kind": _("This step is not possible while the problem is %(status)s.")
                % {"status": ProblemStatus(problem.status).label}
            }
        )
    return problem


def _finish(
    actor: User | None, problem: Problem, kind: str, values: dict[str, Any], note: str
) -> ProblemEvent:
    save_problem(actor=actor, problem=problem, values=values, expected_version=None)
    return record_event(problem, kind, actor, note)


def _note(note: str, required: str | None = None) -> str:
    note = (note or "").strip()
    if required is not None and not note:
        raise ValidationError({"note": required})
    return note


@transaction.atomic
def problem_assign(
    *,
    actor: User | None,
    problem: Problem,
    note: str = "",
    expected_version: int | None = None,
    responsible_unit: Organisation | None = None,
    responsible_person: User | None = None,
    deadline_on: date | None = None,
) -> ProblemEvent:
    """Hand the problem over again (交办), possibly to another unit, person or deadline."""
    problem = _begin(actor, problem, "assign", expected_version)
    note = _note(note)
    fields: dict[str, Any] = {}
    if responsible_unit is not None:
        fields["responsible_unit"] = responsible_unit
    if responsible_person is not None:
        fields["responsible_person"] = responsible_person
    merged = {
        "responsible_unit": problem.responsible_unit,
        "responsible_person": problem.responsible_person,
        **fields,
    }
    check_problem_fields(problem.project, merged)
    if deadline_on is not None:
        if deadline_on < problem.raised_on:
            raise ValidationError({"deadline_on": DEADLINE_BEFORE_RAISED})
        fields["deadline_on"] = deadline_on
    return _finish(
        actor, problem, EventKind.ASSIGN, {**fields, "status": ProblemStatus.ASSIGNED}, note
    )


@transaction.atomic
def problem_start(
    *, actor: User | None, problem: Problem, note: str = "", expected_version: int | None = None
) -> ProblemEvent:
    """Take the problem in hand (办理)."""
    problem = _begin(actor, problem, "start", expected_version)
    return _finish(actor, problem, EventKind.START, {"status": ProblemStatus.IN_HAND}, _note(note))


@transaction.atomic
def problem_answer(
    *, actor: User | None, problem: Problem, note: str = "", expected_version: int | None = None
) -> ProblemEvent:
    """Answer the problem (反馈): the note says what was done and becomes its resolution."""
    problem = _begin(actor, problem, "answer", expected_version)
    note = _note(note, _("Write the answer: what was done."))
    values = {"status": ProblemStatus.ANSWERED, "resolution": note}
    return _finish(actor, problem, EventKind.ANSWER, values, note)


@transaction.atomic
def problem_accept(
    *, actor: User | None, problem: Problem, note: str = "", expected_version: int | None = None
) -> ProblemEvent:
    """Accept the answer and close the problem (销号): the raiser only."""
    problem = _begin(actor, problem, "accept", expected_version)
    values = {"status": ProblemStatus.CLOSED, "closed_on": timezone.localdate()}
    return _finish(actor, problem, EventKind.ACCEPT, values, _note(note))


@transaction.atomic
def problem_reject(
    *, actor: User | None, problem: Problem, note: str = "", expected_version: int | None = None
) -> ProblemEvent:
    """Reject the answer (the raiser, saying why): the problem is in hand again."""
    problem = _begin(actor, problem, "reject", expected_version)
    note = _note(note, _("Say why the answer is not accepted."))
    return _finish(actor, problem, EventKind.REJECT, {"status": ProblemStatus.IN_HAND}, note)


@transaction.atomic
def problem_escalate(
    *, actor: User | None, problem: Problem, note: str = "", expected_version: int | None = None
) -> ProblemEvent:
    """Escalate the problem one level up (zone → city → province), with a reason."""
    problem = _begin(actor, problem, "escalate", expected_version)
    note = _note(note, _("Give the reason for escalating."))
    values = {
        "escalation_level": problem.escalation_level + 1,
        "escalated_on": timezone.localdate(),
    }
    return _finish(actor, problem, EventKind.ESCALATE, values, note)


def _urge_recipients(problem: Problem) -> set[int]:
    """Who an urging reaches: the responsible person, else the unit's acting members."""
    if problem.responsible_person_id:
        return {problem.responsible_person_id}
    unit = problem.responsible_unit or problem.zone.organisation
    return set(
        User.objects.filter(
            is_active=True,
            memberships__organisation=unit,
            memberships__role__in=permissions.ACTING_ROLES,
        ).values_list("pk", flat=True)
    )


@dataclass
class _UrgeNotice:
    """One urging as the notification service reads it (``notices.AlertDraft``)."""

    key: str
    kind: str
    zone_id: int
    project_id: int
    text: str
    url: str
    recipients: set[int]


@transaction.atomic
def problem_urge(
    *, actor: User | None, problem: Problem, note: str = "", expected_version: int | None = None
) -> ProblemEvent:
    """Urge an escalated problem (催办), by the level it reached: recorded as an event, and
    the responsible person (or unit) is notified."""
    problem = _begin(actor, problem, "urge", expected_version)
    event = record_event(problem, EventKind.URGE, actor, _note(note))
    text = _("Urged: %(problem)s") % {"problem": problem.description[:200]}
    if event.note:
        text = f"{text} — {event.note}"
    alerts_record(
        [
            _UrgeNotice(
                key=f"urge:{problem.pk}:{event.pk}",
                kind=AlertKind.PROBLEM_URGED,
                zone_id=problem.zone_id,
                project_id=problem.project_id,
                text=text,
                url=reverse("dispatch:problem_detail", kwargs={"problem_id": problem.pk}),
                recipients=_urge_recipients(problem),
            )
        ]
    )
    return event


# The service of each step, by the verb the pages and the API name it with.
STEPS: dict[str, Callable[..., ProblemEvent]] = {
    "assign": problem_assign,
    "start": problem_start,
    "answer": problem_answer,
    "accept": problem_accept,
    "reject": problem_reject,
    "escalate": problem_escalate,
    "urge": problem_urge,
}


def problem_event(
    *,
    actor: User | None,
    problem: Problem,
    verb: str,
    note: str = "",
    expected_version: int | None = None,
    responsible_unit: Organisation | None = None,
    responsible_person: User | None = None,
    deadline_on: date | None = None,
) -> ProblemEvent:
    """Take the step a verb names (the API's and the page's one form); the unit, person and
    deadline only matter when handing over again."""
    step = STEPS.get(verb)
    if step is None:
        raise ValidationError({"kind": _("Unknown step.")})
    handover = {
        "responsible_unit": responsible_unit,
        "responsible_person": responsible_person,
        "deadline_on": deadline_on,
    }
    return step(
        actor=actor,
        problem=problem,
        note=note,
        expected_version=expected_version,
        **(handover if step is problem_assign else {}),
    )


def problems_escalate_overdue(*, today: date | None = None) -> int:
    """Raise every open problem overdue by the configured days to the level its lateness calls
    for (zone → city after N days overdue, → province after 2N); one event and one history row
    each. Running it again the same day changes nothing. Returns how many went up."""
    today = today or timezone.localdate()
    days = conf.escalate_days()
    moved = 0
    for level in (EscalationLevel.PROVINCE, EscalationLevel.CITY):
        cutoff = today - timedelta(days=days * level)
        candidates = Problem.objects.filter(
            archived_at__isnull=True,
            status__in=OPEN_STATUSES,
            escalation_level__lt=level,
            deadline_on__lt=cutoff,
        )
        note = _("Overdue by more than %(days)s days.") % {"days": days * level}
        last = 0
        while True:
            # Walk along the primary key: one pass over the candidates, not one per batch.
            rows = list(
                candidates.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", "status", "escalation_level")[:2000]
            )
            if not rows:
                break
            ids = [pk for pk, _status, _level in rows]
            last = ids[-1]
            with transaction.atomic():
                tracked_bulk_update(
                    Problem.objects.filter(pk__in=ids),
                    values={"escalation_level": level, "escalated_on": today},
                    actor=None,
                )
                ProblemEvent.objects.bulk_create(
                    ProblemEvent(
                        problem_id=pk,
                        kind=EventKind.AUTO_ESCALATE,
                        note=note,
                        status=status,
                        escalation_level=level,
                    )
                    for pk, status, _old in rows
                )
            moved += len(ids)
    return moved
