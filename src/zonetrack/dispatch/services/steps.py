"""The steps of a problem's loop, one service each: hand over (交办), take in hand (办理),
answer (反馈), accept (销号), reject, escalate; and the daily escalation of overdue problems."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.services import stale_error
from zonetrack.notices.conditions import Condition
from zonetrack.notices.services import alerts_record

from .. import permissions
from ..attachments import InstructionAttachment, checked_attachments
from ..choices import OPEN_STATUSES, AlertKind, EscalationLevel, EventKind, ProblemStatus
from ..models import Problem, ProblemEvent
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
    "supervise": OPEN_STATUSES,
    "instruct": OPEN_STATUSES,
    "close_escalation": OPEN_STATUSES,
    "extension_ask": [ProblemStatus.ASSIGNED, ProblemStatus.IN_HAND],
    "extension_grant": OPEN_STATUSES,
    "extension_refuse": OPEN_STATUSES,
}
# The steps of the level an escalated problem reached.
ESCALATED_VERBS = {"urge", "supervise", "instruct", "close_escalation"}
# The steps whose form carries a deadline.
DEADLINE_VERBS = {"assign", "supervise", "extension_ask", "extension_grant"}
# The order of the buttons on a problem's page.
STEP_ORDER = [
    "start",
    "answer",
    "extension_ask",
    "accept",
    "reject",
    "assign",
    "escalate",
    "urge",
    "supervise",
    "instruct",
    "extension_grant",
    "extension_refuse",
    "close_escalation",
]


def step_possible(problem: Problem, verb: str) -> bool:
    """Whether the problem's status lets the step be taken (the province is the last level)."""
    if verb == "escalate" and problem.escalation_level >= EscalationLevel.PROVINCE:
        return False
    if verb in ESCALATED_VERBS and problem.escalation_level < EscalationLevel.CITY:
        return False
    if verb.startswith("extension_") and permissions.pending_extension(problem) != (
        verb != "extension_ask"
    ):
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
            Condition(
                key=f"urge:{problem.pk}:{event.pk}",
                kind=AlertKind.PROBLEM_URGED,
                organisation_id=problem.zone.organisation_id,
                title=text,
                link=reverse("dispatch:problem_detail", kwargs={"problem_id": problem.pk}),
                recipients=_urge_recipients(problem),
            )
        ]
    )
    return event


def _later_deadline(problem: Problem, deadline_on: date | None) -> date:
    if deadline_on is None:
        raise ValidationError({"deadline_on": _("Give the new deadline.")})
    if deadline_on < timezone.localdate() or deadline_on < problem.raised_on:
        raise ValidationError({"deadline_on": _("The new deadline cannot be in the past.")})
    return deadline_on


@transaction.atomic
def problem_supervise(
    *,
    actor: User | None,
    problem: Problem,
    note: str = "",
    expected_version: int | None = None,
    deadline_on: date | None = None,
) -> ProblemEvent:
    """Issue a supervision order (督办单) by the level the problem reached: a new deadline the
    responsible unit answers by, kept in the problem's history."""
    problem = _begin(actor, problem, "supervise", expected_version)
    note = _note(note, _("Write what the supervision order requires."))
    deadline = _later_deadline(problem, deadline_on)
    save_problem(
        actor=actor, problem=problem, values={"deadline_on": deadline}, expected_version=None
    )
    return record_event(problem, EventKind.SUPERVISE, actor, note, deadline_on=deadline)


@transaction.atomic
def problem_instruct(
    *,
    actor: User | None,
    problem: Problem,
    note: str = "",
    expected_version: int | None = None,
    attachments: Sequence[UploadedFile] = (),
) -> ProblemEvent:
    """Write an instruction (领导批示) on an escalated problem, with its files: each checked
    as stage evidence is (type by content, size); one refused refuses the instruction."""
    problem = _begin(actor, problem, "instruct", expected_version)
    note = _note(note, _("Write the instruction."))
    checked = checked_attachments(attachments)
    event = record_event(problem, EventKind.INSTRUCT, actor, note)
    for name, stored in checked:
        InstructionAttachment.objects.create(
            event=event, file=stored, name=name, size_bytes=stored.size
        )
    return event


@transaction.atomic
def problem_close_escalation(
    *, actor: User | None, problem: Problem, note: str = "", expected_version: int | None = None
) -> ProblemEvent:
    """Close the escalation: the problem is the zone's again (its events keep the record)."""
    problem = _begin(actor, problem, "close_escalation", expected_version)
    values = {"escalation_level": EscalationLevel.ZONE}
    return _finish(actor, problem, EventKind.CLOSE_ESCALATION, values, _note(note))


@transaction.atomic
def problem_extension_ask(
    *,
    actor: User | None,
    problem: Problem,
    note: str = "",
    expected_version: int | None = None,
    deadline_on: date | None = None,
) -> ProblemEvent:
    """The responsible unit asks for a later deadline, saying why."""
    problem = _begin(actor, problem, "extension_ask", expected_version)
    note = _note(note, _("Say why more time is needed."))
    deadline = _later_deadline(problem, deadline_on)
    if deadline <= problem.deadline_on:
        raise ValidationError({"deadline_on": _("Ask for a deadline later than the current one.")})
    return record_event(problem, EventKind.EXTENSION_ASK, actor, note, deadline_on=deadline)


def _asked_deadline(problem: Problem) -> date:
    asked = (
        problem.events.filter(kind=EventKind.EXTENSION_ASK)
        .order_by("-created_at", "-id")
        .values_list("deadline_on", flat=True)
        .first()
    )
    assert asked is not None
    return asked


@transaction.atomic
def problem_extension_grant(
    *,
    actor: User | None,
    problem: Problem,
    note: str = "",
    expected_version: int | None = None,
    deadline_on: date | None = None,
) -> ProblemEvent:
    """Grant the pending extension (the level that set the deadline): the asked date, or the
    one given instead, becomes the deadline (recorded in the history)."""
    problem = _begin(actor, problem, "extension_grant", expected_version)
    deadline = _later_deadline(problem, deadline_on or _asked_deadline(problem))
    save_problem(
        actor=actor, problem=problem, values={"deadline_on": deadline}, expected_version=None
    )
    return record_event(
        problem, EventKind.EXTENSION_GRANT, actor, _note(note), deadline_on=deadline
    )


@transaction.atomic
def problem_extension_refuse(
    *, actor: User | None, problem: Problem, note: str = "", expected_version: int | None = None
) -> ProblemEvent:
    """Refuse the pending extension, saying why: the deadline stays."""
    problem = _begin(actor, problem, "extension_refuse", expected_version)
    note = _note(note, _("Say why the extension is refused."))
    return record_event(problem, EventKind.EXTENSION_REFUSE, actor, note)


# The service of each step, by the verb the pages and the API name it with.
STEPS: dict[str, Callable[..., ProblemEvent]] = {
    "assign": problem_assign,
    "start": problem_start,
    "answer": problem_answer,
    "accept": problem_accept,
    "reject": problem_reject,
    "escalate": problem_escalate,
    "urge": problem_urge,
    "supervise": problem_supervise,
    "instruct": problem_instruct,
    "close_escalation": problem_close_escalation,
    "extension_ask": problem_extension_ask,
    "extension_grant": problem_extension_grant,
    "extension_refuse": problem_extension_refuse,
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
    attachments: Sequence[UploadedFile] = (),
) -> ProblemEvent:
    """Take the step a verb names (the API's and the page's one form); the unit, person and
    deadline only matter when handing over again, the files only to an instruction."""
    step = STEPS.get(verb)
    if step is None:
        raise ValidationError({"kind": _("Unknown step.")})
    handover = {
        "responsible_unit": responsible_unit,
        "responsible_person": responsible_person,
        "deadline_on": deadline_on,
    }
    if step is problem_assign:
        extra: dict[str, Any] = handover
    elif verb in DEADLINE_VERBS:
        extra = {"deadline_on": deadline_on}
    elif step is problem_instruct:
        extra = {"attachments": attachments}
    else:
        extra = {}
    return step(actor=actor, problem=problem, note=note, expected_version=expected_version, **extra)
