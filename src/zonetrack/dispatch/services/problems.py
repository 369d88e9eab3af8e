"""Raising a problem and changing its fields; the field rules and the versioned save that
every step of the loop shares."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.choices import Action
from zonetrack.audit.services import (
    actor_user,
    bump_version,
    record_change,
    snapshot,
    stale_error,
    tracked_create,
)
from zonetrack.projects.models import Project
from zonetrack.projects.services import (
    PhotoUpload,
    announce_changed,
    photos_check,
    photos_store,
)

from .. import permissions
from ..choices import EventKind, ProblemCategory, ProblemStatus
from ..models import Problem, ProblemEvent

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DEADLINE_BEFORE_RAISED = gettext_lazy(
    "The deadline cannot be before the date the problem was raised."
)


def unit_allowed(unit: Organisation, project: Project) -> bool:
    """A responsible unit is on the zone's line: the zone committee, a unit inside it, or a
    supervising level above it — never another branch."""
    return access.related_in_tree(unit, project.zone.organisation)


def person_allowed(person: User, unit: Organisation | None, project: Project) -> bool:
    """A responsible person belongs to the responsible unit (or, without one, the zone's line)
    with a role that may act there: a viewer is never made responsible."""
    line = unit if unit is not None else project.zone.organisation
    return any(
        access.related_in_tree(line, m.organisation) and m.role in permissions.ACTING_ROLES
        for m in access.memberships(person)
    )


def check_problem_fields(project: Project, fields: dict[str, Any]) -> None:
    """Refuse an unknown category, an empty description, or a unit or person off the line."""
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
        errors["responsible_person"] = _(
            "This person does not belong to the responsible unit, or may only view it."
        )
    if errors:
        raise ValidationError(errors)


def record_event(
    problem: Problem,
    kind: str,
    actor: User | None,
    note: str = "",
    *,
    deadline_on: date | None = None,
) -> ProblemEvent:
    """Keep one step of the loop as domain data, with the status it left the problem in (and
    the deadline it set, for a supervision order or an extension)."""
    permissions.forget_events(problem)
    return ProblemEvent.objects.create(
        problem=problem,
        kind=kind,
        note=note,
        status=problem.status,
        escalation_level=problem.escalation_level,
        actor=actor_user(actor),
        deadline_on=deadline_on,
    )


@transaction.atomic
def problem_create(
    *,
    actor: User | None,
    project: Project,
    category: str,
    description: str,
    deadline_on: date,
    raised_on: date | None = None,
    responsible_unit: Organisation | None = None,
    responsible_person: User | None = None,
    photos: Sequence[PhotoUpload] = (),
) -> Problem:
    """Raise a problem on a project and hand it over (交办) to its responsible unit, with its
    site photos (checked like a monthly report's; an error is the ``photo`` field's)."""
    if not permissions.can_raise_problem(actor, project):
        raise PermissionDenied
    if project.is_archived:
        raise ValidationError({"project": _("This project is archived.")})
    today = timezone.localdate()
    raised_on = raised_on or today
    errors: dict[str, StrOrPromise] = {}
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
    check_problem_fields(project, fields)
    checked = photos_check(photos) if photos else []
    problem = Problem(
        project=project,
        zone_id=project.zone_id,
        raised_on=raised_on,
        raised_by=actor_user(actor),
        deadline_on=deadline_on,
        **fields,
    )
    tracked_create(actor=actor, obj=problem)
    record_event(problem, EventKind.RAISE, actor, problem.description)
    announce_changed([problem.zone_id])
    if checked:
        photos_store(actor=actor, project=project, photos=checked, attached_to=problem)
    return problem


def save_problem(
    *, actor: User | None, problem: Problem, values: dict[str, Any], expected_version: int | None
) -> None:
    """Save changed fields with a compare-and-set on the version and one history row.

    The loop's own fields (status, resolution, level) are not editable in forms, so the
    history's snapshot leaves them out: they are added here by hand."""
    before = snapshot(problem)
    old = {name: getattr(problem, name) for name in values}
    bump_version(problem, expected_version=expected_version, values=values)
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
    # Closing, reopening or a new deadline moves the zone's share of problems closed on time.
    announce_changed([problem.zone_id])


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "pk", value)


@transaction.atomic
def problem_update(
    *,
    actor: User | None,
    problem: Problem,
    changes: dict[str, Any],
    expected_version: int | None = None,
) -> Problem:
    """Change an open problem's description, category, responsible unit or person, deadline."""
    if not permissions.can_change_problem(actor, problem):
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
    check_problem_fields(problem.project, merged)
    deadline = changes.get("deadline_on", problem.deadline_on)
    if deadline is None or deadline < problem.raised_on:
        raise ValidationError({"deadline_on": DEADLINE_BEFORE_RAISED})
    values = {k: v for k, v in changes.items() if getattr(problem, k) != v}
    if not values:
        if expected_version is not None and expected_version != problem.version:
            raise stale_error(problem)
        return problem
    save_problem(actor=actor, problem=problem, values=values, expected_version=expected_version)
    record_event(problem, EventKind.EDIT, actor, ", ".join(sorted(values)))
    return problem


def deadlines_passed(days: int = 7) -> int:
    """Announce the zones of open problems whose deadline passed in the last ``days`` days (a
    few, so that a night the job did not run is caught up): the share of problems closed by
    their deadline counts a problem once its deadline is behind it. The number of zones."""
    today = timezone.localdate()
    zone_ids = set(
        Problem.objects.active()
        .filter(
            deadline_on__lt=today,
            deadline_on__gte=today - timedelta(days=days),
        )
        .exclude(status=ProblemStatus.CLOSED)
        .values_list("zone_id", flat=True)
        .distinct()
    )
    if zone_ids:
        with transaction.atomic():
            announce_changed(zone_ids)
    return len(zone_ids)
