"""Writes of the dispatch app: problems and their loop, escalation, colours and overrides,
meetings and their decisions. Alerts live in ``alerts``, Word documents in ``briefing``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.choices import Action
from zonetrack.audit.models import Change
from zonetrack.audit.services import record_change, snapshot, stale_error, tracked_create
from zonetrack.core.middleware import current_request_id
from zonetrack.projects.choices import MilestoneStatus, Stage
from zonetrack.projects.models import Milestone, Project
from zonetrack.projects.services import milestone_save

from . import conf
from .choices import (
    OPEN_STATUSES,
    AgendaReason,
    Colour,
    DecisionKind,
    EscalationLevel,
    EventKind,
    ProblemCategory,
    ProblemStatus,
)
from .models import (
    AgendaItem,
    ColourChange,
    ColourStatus,
    Decision,
    Meeting,
    Problem,
    ProblemEvent,
)

# ---------------------------------------------------------------------------------------------
# Problems

DEADLINE_BEFORE_RAISED = gettext_lazy(
    "The deadline cannot be before the date the problem was raised."
)


def _user(actor: Any) -> User | None:
    return actor if getattr(actor, "pk", None) else None


def can_raise(user: Any, project: Project) -> bool:
    """Officers and above of the project's zone (or a supervising level) raise problems."""
    return access.has_role(user, project.zone.organisation, Role.OFFICER)


def unit_allowed(unit: Organisation, project: Project) -> bool:
    """A responsible unit is on the zone's line: the zone committee, a unit inside it, or a
    supervising level above it — never another branch."""
    zone_path = project.zone.organisation.path
    return unit.path.startswith(zone_path) or zone_path.startswith(unit.path)


def person_allowed(person: User, unit: Organisation | None, project: Project) -> bool:
    """A responsible person belongs to the responsible unit (or, without one, the zone's line)."""
    paths = [m.organisation.path for m in access.memberships(person)]
    if unit is not None:
        return any(unit.path.startswith(p) or p.startswith(unit.path) for p in paths)
    zone_path = project.zone.organisation.path
    return any(zone_path.startswith(p) or p.startswith(zone_path) for p in paths)


def _check_problem_fields(project: Project, fields: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if "category" in fields and fields["category"] not in ProblemCategory.values:
        errors["category"] = _("Unknown category.")
    if "description" in fields and not str(fields["description"] or "").strip():
        errors["description"] = _("Describe the problem.")
    unit = fields.get("responsible_unit")
    if unit is not None and not unit_allowed(unit, project):
        errors["responsible_unit"] = _(
            "The responsible unit must be the zone's committee, a unit inside it or above it."
        )
    person = fields.get("responsible_person")
    if person is not None and not person_allowed(person, unit, project):
        errors["responsible_person"] = _("This person does not belong to the responsible unit.")
    if errors:
        raise ValidationError(errors)


def _event(problem: Problem, kind: str, actor: Any, note: str = "") -> ProblemEvent:
    return ProblemEvent.objects.create(
        problem=problem,
        kind=kind,
        note=note,
        status=problem.status,
        escalation_level=problem.escalation_level,
        actor=_user(actor),
    )


@transaction.atomic
def problem_create(
    *,
    actor: Any,
    project: Project,
    category: str,
    description: str,
    deadline_on: date,
    raised_on: date | None = None,
    responsible_unit: Organisation | None = None,
    responsible_person: User | None = None,
) -> Problem:
    """Raise a problem on a project and hand it over (交办) to its responsible unit."""
    if not can_raise(actor, project):
        raise PermissionDenied
    if project.is_archived:
        raise ValidationError({"project": _("This project is archived.")})
    today = timezone.localdate()
    raised_on = raised_on or today
    errors: dict[str, str] = {}
    if raised_on > today:
        errors["raised_on"] = _("A problem cannot be raised in the future.")
    if deadline_on < raised_on:
        errors["deadline_on"] = DEADLINE_BEFORE_RAISED
    if errors:
        raise ValidationError(errors)
    fields = {
        "category": category,
        "description": (description or "").strip(),
        "responsible_unit": responsible_unit or project.zone.organisation,
        "responsible_person": responsible_person,
    }
    _check_problem_fields(project, fields)
    problem = Problem(
        project=project,
        zone_id=project.zone_id,
        raised_on=raised_on,
        raised_by=_user(actor),
        deadline_on=deadline_on,
        **fields,
    )
    tracked_create(actor=actor, obj=problem)
    _event(problem, EventKind.RAISE, actor, problem.description)
    return problem


def _save(
    *, actor: Any, problem: Problem, values: dict[str, Any], expected_version: int | None
) -> None:
    """Save changed fields with a compare-and-set on the version and one history row."""
    before = snapshot(problem)
    old = {name: getattr(problem, name) for name in values}
    version = problem.version if expected_version is None else expected_version
    updated = Problem.objects.filter(pk=problem.pk, version=version).update(
        **values, version=version + 1, updated_at=timezone.now()
    )
    if not updated:
        raise stale_error(problem)
    for name, value in values.items():
        setattr(problem, name, value)
    problem.version = version + 1
    after = snapshot(problem)
    changed = [k for k in after if before.get(k) != after[k]]
    record_change(
        actor=actor,
        obj=problem,
        action=Action.UPDATE,
        before={
            **{k: before.get(k) for k in changed},
            **{k: _plain(v) for k, v in old.items() if k not in before},
        },
        after={
            **{k: after[k] for k in changed},
            **{k: _plain(getattr(problem, k)) for k in values if k not in after},
        },
    )


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "pk", value)


@transaction.atomic
def problem_update(
    *,
    actor: Any,
    problem: Problem,
    changes: dict[str, Any],
    expected_version: int | None = None,
) -> Problem:
    """Change an open problem's description, category, responsible unit or person, deadline."""
    if not access.can_change(actor, problem):
        raise PermissionDenied
    if problem.status == ProblemStatus.CLOSED:
        raise ValidationError({"status": _("A closed problem cannot be changed.")})
    allowed = {"category", "description", "responsible_unit", "responsible_person", "deadline_on"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    merged = {
        "responsible_unit": problem.responsible_unit,
        "responsible_person": problem.responsible_person,
        **changes,
    }
    _check_problem_fields(problem.project, merged)
    deadline = changes.get("deadline_on", problem.deadline_on)
    if deadline is None or deadline < problem.raised_on:
        raise ValidationError({"deadline_on": DEADLINE_BEFORE_RAISED})
    values = {k: v for k, v in changes.items() if getattr(problem, k) != v}
    if not values:
        if expected_version is not None and expected_version != problem.version:
            raise stale_error(problem)
        return problem
    _save(actor=actor, problem=problem, values=values, expected_version=expected_version)
    _event(problem, EventKind.EDIT, actor, ", ".join(sorted(values)))
    return problem


def is_responsible(user: Any, problem: Problem) -> bool:
    """Whether the user works the problem: its responsible person, an officer of its
    responsible unit, or a manager of its zone."""
    if getattr(user, "pk", None) and user.pk == problem.responsible_person_id:
        return True
    if problem.responsible_unit_id and access.has_role(
        user, problem.responsible_unit, Role.OFFICER
    ):
        return True
    return access.has_role(user, problem.zone.organisation, Role.MANAGER)


def is_raiser(user: Any, problem: Problem) -> bool:
    """Whether the user may accept or reject the answer: the person who raised the problem
    (or, for a problem raised by zonetrack itself, a manager of its zone)."""
    if problem.raised_by_id:
        return getattr(user, "pk", None) == problem.raised_by_id or access.is_superuser(user)
    return access.has_role(user, problem.zone.organisation, Role.MANAGER)


def allowed_verbs(user: Any, problem: Problem) -> list[str]:
    """The loop steps the user may take now (for the page's buttons)."""
    return [verb for verb in _VERBS if _may(user, problem, verb) and _from_ok(problem, verb)]


_VERBS = ["start", "answer", "accept", "reject", "assign", "escalate"]
_FROM = {
    "assign": OPEN_STATUSES,
    "start": [ProblemStatus.ASSIGNED],
    "answer": [ProblemStatus.ASSIGNED, ProblemStatus.IN_HAND],
    "accept": [ProblemStatus.ANSWERED],
    "reject": [ProblemStatus.ANSWERED],
    "escalate": OPEN_STATUSES,
}


def _from_ok(problem: Problem, verb: str) -> bool:
    if verb == "escalate" and problem.escalation_level >= EscalationLevel.PROVINCE:
        return False
    return problem.status in _FROM[verb]


def _may(user: Any, problem: Problem, verb: str) -> bool:
    if verb in ("start", "answer"):
        return is_responsible(user, problem)
    if verb in ("accept", "reject"):
        return is_raiser(user, problem)
    if verb == "assign":
        return access.can_change(user, problem)
    return access.can_change(user, problem) or is_raiser(user, problem)


@transaction.atomic
def problem_event(
    *,
    actor: Any,
    problem: Problem,
    verb: str,
    note: str = "",
    expected_version: int | None = None,
    responsible_unit: Organisation | None = None,
    responsible_person: User | None = None,
    deadline_on: date | None = None,
) -> ProblemEvent:
    """Take one step of the loop: assign (hand over again, possibly to another unit, person
    or deadline), start (办理), answer (反馈, with the resolution), accept (销号, the raiser
    only), reject (the raiser; reopens it), escalate (one level up, with a reason)."""
    problem = (
        # Only the problem's row is locked: PostgreSQL refuses to lock the nullable side of
        # the outer join to its responsible unit.
        Problem.objects.select_for_update(of=("self",))
        .select_related("zone__organisation", "project__zone__organisation", "responsible_unit")
        .get(pk=problem.pk)
    )
    if verb not in _VERBS:
        raise ValidationError({"kind": _("Unknown step.")})
    if expected_version is not None and expected_version != problem.version:
        raise stale_error(problem)
    if not _may(actor, problem, verb):
        if verb == "accept":
            raise ValidationError(
                {"kind": _("Only the person who raised the problem can accept the answer.")}
            )
        raise PermissionDenied
    if not _from_ok(problem, verb):
        raise ValidationError(
            {
                "kind": _("This step is not possible while the problem is %(status)s.")
                % {"status": ProblemStatus(problem.status).label}
            }
        )
    note = (note or "").strip()
    values: dict[str, Any] = {}
    today = timezone.localdate()
    if verb == "assign":
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
        _check_problem_fields(problem.project, merged)
        if deadline_on is not None:
            if deadline_on < problem.raised_on:
                raise ValidationError(
                    {
                        "deadline_on": _(
                            "The deadline cannot be before the date the problem was raised."
                        )
                    }
                )
            fields["deadline_on"] = deadline_on
        values = {**fields, "status": ProblemStatus.ASSIGNED}
    elif verb == "start":
        values = {"status": ProblemStatus.IN_HAND}
    elif verb == "answer":
        if not note:
            raise ValidationError({"note": _("Write the answer: what was done.")})
        values = {"status": ProblemStatus.ANSWERED, "resolution": note}
    elif verb == "accept":
        values = {"status": ProblemStatus.CLOSED, "closed_on": today}
    elif verb == "reject":
        if not note:
            raise ValidationError({"note": _("Say why the answer is not accepted.")})
        values = {"status": ProblemStatus.IN_HAND}
    elif verb == "escalate":
        if not note:
            raise ValidationError({"note": _("Give the reason for escalating.")})
        values = {"escalation_level": problem.escalation_level + 1, "escalated_on": today}
    _save(actor=actor, problem=problem, values=values, expected_version=None)
    return _event(problem, verb if verb != "accept" else EventKind.ACCEPT, actor, note)


def problems_escalate_overdue(*, today: date | None = None) -> int:
    """Raise every open problem overdue by the configured days to the level its lateness calls
    for (zone → city after N days overdue, → province after 2N); one event and one history row
    each. Running it again the same day changes nothing. Returns how many went up."""
    today = today or timezone.localdate()
    days = conf.escalate_days()
    moved = 0
    content_type = ContentType.objects.get_for_model(Problem)
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
                Problem.objects.filter(pk__in=ids).update(
                    escalation_level=level,
                    escalated_on=today,
                    version=F("version") + 1,
                    updated_at=timezone.now(),
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
                Change.objects.bulk_create(
                    Change(
                        content_type=content_type,
                        object_id=str(pk),
                        object_repr=str(pk),
                        action=Action.UPDATE,
                        before={"escalation_level": int(old)},
                        after={"escalation_level": int(level)},
                        request_id=current_request_id.get(),
                    )
                    for pk, _status, old in rows
                )
            moved += len(ids)
    return moved


# ---------------------------------------------------------------------------------------------
# Three-colour warnings

_RANK = {Colour.GREEN: 0, Colour.YELLOW: 1, Colour.RED: 2}


def milestone_colour(
    *, planned_on: date, actual_on: date | None, status: str, today: date, grace: int
) -> str:
    """Green on schedule; red when the planned date (plus grace days) has passed without it
    being reached; yellow when it was reached late — red once, since caught up."""
    if status == MilestoneStatus.CANCELLED:
        return Colour.GREEN
    limit = planned_on + timedelta(days=grace)
    if actual_on is not None:
        return Colour.YELLOW if actual_on > limit else Colour.GREEN
    return Colour.RED if today > limit else Colour.GREEN


def worst(colours: Iterable[str]) -> str:
    """A project's colour: its worst milestone's (green without milestones)."""
    return max(colours, key=lambda c: _RANK[Colour(c)], default=Colour.GREEN)


def colours_refresh(
    *,
    zone_ids: list[int] | None = None,
    project_ids: list[int] | None = None,
    today: date | None = None,
) -> int:
    """Recompute the colours of projects and milestones (all, some zones, or some projects),
    store the current one, and keep each change in the colour history. Returns how many
    colours changed. Reads and writes in bulk: a few queries per thousand projects."""
    today = today or timezone.localdate()
    grace = conf.grace_days()
    projects = Project.objects.filter(archived_at__isnull=True).exclude(stage=Stage.TERMINATED)
    if zone_ids is not None:
        projects = projects.filter(zone_id__in=zone_ids)
    if project_ids is not None:
        projects = projects.filter(pk__in=project_ids)
    changed = 0
    last = 0
    while True:
        chunk = list(
            projects.filter(pk__gt=last).order_by("pk").values_list("pk", "zone_id")[:5000]
        )
        if not chunk:
            break
        last = chunk[-1][0]
        changed += _refresh_chunk(dict(chunk), today, grace)
    return changed


def _refresh_chunk(zones: dict[int, int], today: date, grace: int) -> int:
    """Recompute one range of projects. Rows are read by primary-key range (cheaper than long
    IN lists) and as tuples; only new and changed colours become objects."""
    low, high = min(zones), max(zones)
    wanted: dict[tuple[int, int | None], str] = {(pk, None): Colour.GREEN for pk in zones}
    for pk, project_id, planned_on, actual_on, status in Milestone.objects.filter(
        project_id__gte=low, project_id__lte=high
    ).values_list("pk", "project_id", "planned_on", "actual_on", "status"):
        if project_id not in zones:
            continue
        colour = milestone_colour(
            planned_on=planned_on, actual_on=actual_on, status=status, today=today, grace=grace
        )
        wanted[(project_id, pk)] = colour
        wanted[(project_id, None)] = worst([wanted[(project_id, None)], colour])
    existing = {
        (row[1], row[2]): row
        for row in ColourStatus.objects.filter(
            project_id__gte=low, project_id__lte=high
        ).values_list(
            "pk", "project_id", "milestone_id", "computed", "colour", "override_colour", "zone_id"
        )
    }
    now = timezone.now()
    new: list[ColourStatus] = []
    dirty: list[tuple[ColourStatus, list[str]]] = []
    history: list[ColourChange] = []
    for (project_id, milestone_id), computed in wanted.items():
        row = existing.get((project_id, milestone_id))
        if row is None:
            new.append(
                ColourStatus(
                    project_id=project_id,
                    milestone_id=milestone_id,
                    zone_id=zones[project_id],
                    computed=computed,
                    colour=computed,
                    since=now,
                )
            )
            continue
        pk, _p, _m, old_computed, old_colour, override, zone_id = row
        if old_computed == computed and zone_id == zones[project_id]:
            continue
        shown = override or computed
        status = ColourStatus(
            pk=pk,
            project_id=project_id,
            milestone_id=milestone_id,
            computed=computed,
            colour=shown,
            zone_id=zones[project_id],
        )
        fields = ["computed", "colour", "zone_id"]
        if shown != old_colour:
            history.append(
                ColourChange(status_id=pk, from_colour=old_colour, to_colour=shown, changed_at=now)
            )
            status.since = now
            fields.append("since")
        dirty.append((status, fields))
    with transaction.atomic():
        made = ColourStatus.objects.bulk_create(new, batch_size=1000)
        history += [
            ColourChange(status=s, from_colour="", to_colour=s.colour, changed_at=now)
            for s in made
            if s.pk
        ]
        for fields in {tuple(f) for _s, f in dirty}:
            ColourStatus.objects.bulk_update(
                [s for s, f in dirty if tuple(f) == fields], list(fields), batch_size=1000
            )
        ColourChange.objects.bulk_create(history, batch_size=1000)
    return len(history)


def can_override(user: Any, status: ColourStatus) -> bool:
    """Managers of the project's zone (or above) may override a colour."""
    return access.has_role(user, status.zone.organisation, Role.MANAGER)


@transaction.atomic
def colour_override(*, actor: Any, status: ColourStatus, colour: str, reason: str) -> ColourStatus:
    """Set the colour shown by hand, with a written justification; ``colour`` empty returns
    to the computed colour. Both are kept in the colour history and the change history."""
    if not can_override(actor, status):
        raise PermissionDenied
    reason = (reason or "").strip()
    if colour and colour not in Colour.values:
        raise ValidationError({"colour": _("Unknown colour.")})
    if not reason:
        raise ValidationError({"reason": _("An override needs a written justification.")})
    status = ColourStatus.objects.select_for_update().get(pk=status.pk)
    shown = colour or status.computed
    before = {"colour": status.colour, "override_colour": status.override_colour}
    now = timezone.now()
    ColourChange.objects.create(
        status=status,
        from_colour=status.colour,
        to_colour=shown,
        is_override=True,
        note=reason,
        actor=_user(actor),
        changed_at=now,
    )
    if shown != status.colour:
        status.since = now
    status.colour = shown
    status.override_colour = colour
    status.override_reason = reason if colour else ""
    status.override_by = _user(actor) if colour else None
    status.override_at = now if colour else None
    status.save()
    record_change(
        actor=actor,
        obj=status,
        action=Action.UPDATE,
        before=before,
        after={"colour": status.colour, "override_colour": colour, "reason": reason},
    )
    return status


# ---------------------------------------------------------------------------------------------
# Meetings

AGENDA_LIMIT = 60


def agenda_by_rules(
    *, user: Any, organisation: Organisation, overdue: bool, blocked: bool
) -> dict[int, str]:
    """Projects under the organisation the user can see that are late (red) or blocked (open
    problems), with the reason each is picked; at most ``AGENDA_LIMIT``."""
    picked: dict[int, str] = {}
    projects = access.visible(Project.objects.active(), user).filter(
        zone__organisation__path__startswith=organisation.path
    )
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
    actor: Any,
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
    if not access.can_create_in(actor, organisation):
        raise PermissionDenied
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the meeting a title.")})
    chosen = [int(pk) for pk in dict.fromkeys(project_ids)]
    found = set(
        access.visible(Project.objects.active(), actor)
        .filter(pk__in=chosen, zone__organisation__path__startswith=organisation.path)
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
        created_by=_user(actor),
    )
    tracked_create(actor=actor, obj=meeting)
    agenda = {pk: AgendaReason.CHOSEN for pk in chosen}
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
    *, actor: Any, meeting: Meeting, changes: dict[str, Any], expected_version: int | None = None
) -> Meeting:
    """Change a meeting's title, date, place, attendees or minutes."""
    from zonetrack.audit.services import tracked_update

    if not access.can_change(actor, meeting):
        raise PermissionDenied
    return tracked_update(
        actor=actor, obj=meeting, changes=changes, expected_version=expected_version
    )


@transaction.atomic
def decision_add(
    *,
    actor: Any,
    meeting: Meeting,
    project: Project,
    kind: str,
    text: str,
    due_on: date | None = None,
    category: str = ProblemCategory.OTHER,
) -> Decision:
    """Record a decision on an agenda project; a "problem" decision raises a problem with the
    due date as deadline, a "milestone" decision adds a milestone planned for that date."""
    if not access.can_change(actor, meeting):
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
        meeting=meeting, project=project, kind=kind, text=text, due_on=due_on, actor=_user(actor)
    )
    if kind == DecisionKind.PROBLEM:
        assert due_on is not None
        decision.problem = problem_create(
            actor=actor,
            project=project,
            category=category,
            description=text,
            deadline_on=due_on,
            raised_on=min(meeting.held_on, timezone.localdate()),
        )
    elif kind == DecisionKind.MILESTONE:
        assert due_on is not None
        decision.milestone = milestone_save(
            actor=actor, project=project, name=text[:100], planned_on=due_on
        )
    tracked_create(actor=actor, obj=decision)
    return decision
