"""Writes of projects themselves: create (one or many, with their codes), update, archive, and
the investors they name."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role
from zonetrack.audit.services import (
    actor_user,
    record_created,
    tracked_archive,
    tracked_create,
    tracked_restore,
    tracked_update,
)
from zonetrack.core.bulk import bulk_insert
from zonetrack.registry.models import Zone

from .. import permissions
from ..choices import Stage
from ..models import (
    Enterprise,
    Project,
    ProjectCounter,
    StageTransition,
)
from .pipeline import announce_changed, notes_before, refresh_pipeline

# Fields besides the stage and the investment that figures kept elsewhere count (开工率 reads the
# start date, 按期竣工率 the construction status, signings the signing date).
COUNTED_DATES = frozenset({"started_on", "signed_on", "construction_status", "stage_on"})

if TYPE_CHECKING:
    from datetime import date

    from zonetrack.accounts.models import User


def enterprise_for(*, name: str, credit_code: str = "") -> Enterprise | None:
    """The investor with this credit code (or, without one, this exact name), made if new."""
    name, code = (name or "").strip(), (credit_code or "").strip().upper()
    if not name and not code:
        return None
    if code:
        found = Enterprise.objects.filter(credit_code=code).first()
        if found:
            return found
    elif found := Enterprise.objects.filter(name=name, credit_code__isnull=True).first():
        return found
    enterprise = Enterprise(name=name or code, credit_code=code or None)
    try:
        enterprise.full_clean()
    except ValidationError as exc:
        raise ValidationError({"investor_credit_code": exc.messages}) from exc
    enterprise.save()
    return enterprise


def _code_prefix(zone: Zone, year: int) -> str:
    """The part of a project code before its number: zone id and year."""
    return f"{zone.pk:04d}-{year}-"


def _highest_number(zone: Zone, year: int) -> int:
    """The highest number in the zone's codes of that year, read as a number (as text, "9999"
    sorts after "10000")."""
    prefix = _code_prefix(zone, year)
    highest = 0
    codes = Project.objects.filter(zone=zone, code__startswith=prefix)
    for code in codes.values_list("code", flat=True).iterator():
        tail = code[len(prefix) :]
        if tail.isascii() and tail.isdigit():
            highest = max(highest, int(tail))
    return highest


def _reserve_numbers(zone: Zone, year: int, count: int = 1) -> int:
    """Reserve ``count`` consecutive project numbers of the zone and year; the first of them.

    Must run inside the writing transaction: the zone's counter stays locked until it ends, so
    parallel creates wait for each other instead of colliding, and a rolled-back create gives
    its numbers back.
    """
    # The zone row first, as ``refresh_pipeline`` takes it: one lock order (zone, then its
    # counter) for every writer. Otherwise a transaction that has refreshed a zone's totals and
    # then adds a project there deadlocks with a plain create holding the counter, whose insert
    # waits for the zone row.
    list(Zone.objects.select_for_update().filter(pk=zone.pk).values_list("pk"))
    counters = ProjectCounter.objects.select_for_update().filter(zone=zone, year=year)
    counter = counters.first()
    if counter is None:
        # A zone's first project of the year (or codes older than the counter): start from the
        # codes there are. Of two writers making it at once, the loser locks the winner's row.
        try:
            with transaction.atomic():
                ProjectCounter.objects.create(
                    zone=zone, year=year, last_number=_highest_number(zone, year)
                )
        except IntegrityError:
            pass
        counter = counters.get()
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return first


def _code(zone: Zone, year: int, number: int) -> str:
    # Four digits at least, as codes have always had; past 9,999 the number simply grows.
    return f"{_code_prefix(zone, year)}{number:04d}"


@transaction.atomic
def project_create(
    *, actor: User | None, zone: Zone, pursued_on: date | None = None, **fields: Any
) -> Project:
    """Add a project to a zone; it starts as pursued (招商), with that first transition, dated
    ``pursued_on`` (a project entered after its pursuit began) or today."""
    if zone.is_archived:
        raise ValidationError({"zone": _("This zone is archived; projects cannot be added.")})
    if not permissions.can_create_project(actor, zone):
        raise PermissionDenied
    task_force = fields.pop("task_force", [])
    if (
        "officer" not in fields
        and access.role_in(actor, zone.organisation) == Role.OFFICER
        and actor_user(actor) is not None
    ):
        fields["officer"] = actor
    today = timezone.localdate()
    code = _code(zone, today.year, _reserve_numbers(zone, today.year))
    since = pursued_on or today
    project = Project(zone=zone, code=code, stage_on=since, **fields)
    tracked_create(
        actor=actor,
        obj=project,
        check=partial(permissions.can_view_project, actor),
        m2m={"task_force": task_force},
    )
    StageTransition.objects.create(
        project=project,
        from_stage="",
        to_stage=Stage.PURSUED,
        happened_on=since,
        actor=actor_user(actor),
    )
    refresh_pipeline([zone.pk])
    return project


# Foreign keys are set from loaded records in bulk writes; validating each would cost a query.
_BULK_UNCHECKED = ("zone", "park", "cluster", "investor", "leader", "officer", "end_reason")


@transaction.atomic
def projects_bulk_create(
    *, actor: User | None, zone: Zone, drafts: list[dict[str, Any]]
) -> list[Project]:
    """Create many projects of one zone at once (ledger imports), each with its first
    transition and its history, in a few inserts whatever their number.

    A draft holds the fields ``project_create`` takes, with related records already loaded;
    each project is validated as a single create would be, but for the existence of the
    records it links to.
    """
    if zone.is_archived:
        raise ValidationError({"zone": _("This zone is archived; projects cannot be added.")})
    if not permissions.can_create_project(actor, zone) or not drafts:
        if drafts:
            raise PermissionDenied
        return []
    today = timezone.localdate()
    first = _reserve_numbers(zone, today.year, len(drafts))
    is_officer = (
        access.role_in(actor, zone.organisation) == Role.OFFICER and actor_user(actor) is not None
    )
    projects = []
    for number, fields in enumerate(drafts, start=first):
        fields = {"officer": actor, **fields} if is_officer else dict(fields)
        project = Project(zone=zone, code=_code(zone, today.year, number), stage_on=today, **fields)
        project.full_clean(exclude=_BULK_UNCHECKED, validate_unique=False)
        projects.append(project)
    created = bulk_insert(Project, projects, batch_size=500)
    person = actor_user(actor)
    StageTransition.objects.bulk_create(
        (
            StageTransition(
                project=project,
                from_stage="",
                to_stage=Stage.PURSUED,
                happened_on=today,
                actor=person,
            )
            for project in created
        ),
        batch_size=1000,
    )
    # A copy typed list[Model]: record_created takes that, and a list is invariant.
    record_created(
        actor=actor, objs=list(created), extra={p.pk: {"task_force": []} for p in created}
    )
    refresh_pipeline([zone.pk])
    return created


def enterprises_for(pairs: list[tuple[str, str]]) -> dict[tuple[str, str], Enterprise]:
    """``enterprise_for`` for many (name, credit code) pairs, in a fixed number of queries."""
    wanted = {}
    for name, code in pairs:
        name, code = (name or "").strip(), (code or "").strip().upper()
        if name or code:
            wanted[(name, code)] = (name, code)
    codes = {code for _name, code in wanted.values() if code}
    names = {name for name, code in wanted.values() if not code}
    by_code = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)}
    by_name: dict[str, Enterprise] = {}
    for enterprise in Enterprise.objects.filter(name__in=names, credit_code__isnull=True):
        by_name.setdefault(enterprise.name, enterprise)
    new: list[Enterprise] = []
    for name, code in wanted.values():
        if (code and code in by_code) or (not code and name in by_name):
            continue
        enterprise = Enterprise(name=name or code, credit_code=code or None)
        try:
            enterprise.full_clean(validate_unique=False)
        except ValidationError as exc:
            raise ValidationError({"investor_credit_code": exc.messages}) from exc
        new.append(enterprise)
        if code:
            by_code[code] = enterprise
        else:
            by_name[name] = enterprise
    if new:
        bulk_insert(Enterprise, new, batch_size=500)
    return {key: by_code[code] if code else by_name[name] for key, (name, code) in wanted.items()}


@transaction.atomic
def project_update(
    *,
    actor: User | None,
    project: Project,
    changes: dict[str, Any],
    expected_version: int | None = None,
) -> Project:
    """Change a project's fields (not its stage: that is a transition)."""
    if not permissions.can_change_project(actor, project):
        raise PermissionDenied
    zone_id = project.zone_id
    counted = "total_investment_wan" in changes or "zone" in changes
    dated = bool(changes.keys() & COUNTED_DATES)
    notes = notes_before([project.pk]) if counted or dated else None
    project = tracked_update(
        actor=actor,
        obj=project,
        changes=changes,
        expected_version=expected_version,
        check=partial(permissions.can_change_project, actor),
    )
    if counted:
        refresh_pipeline({zone_id, project.zone_id}, project_ids=[project.pk], notes=notes)
    elif dated:
        announce_changed([project.zone_id], project_ids=[project.pk], notes=notes)
    return project


@transaction.atomic
def project_archive(*, actor: User | None, project: Project, restore: bool = False) -> Project:
    """Archive a project (it leaves lists and counts; nothing is deleted), or restore it."""
    if not permissions.can_change_project(actor, project):
        raise PermissionDenied
    write = tracked_restore if restore else tracked_archive
    notes = notes_before([project.pk])
    project = write(actor=actor, obj=project, check=partial(permissions.can_change_project, actor))
    refresh_pipeline([project.zone_id], project_ids=[project.pk], notes=notes)
    return project


@transaction.atomic
def project_create_with_investor(
    *,
    actor: User | None,
    zone: Zone,
    investor_name: str,
    investor_credit_code: str = "",
    **fields: Any,
) -> Project:
    """``project_create`` with its investor named by name and credit code (made if new), both
    in one transaction."""
    investor = enterprise_for(name=investor_name, credit_code=investor_credit_code)
    return project_create(actor=actor, zone=zone, investor=investor, **fields)


@transaction.atomic
def project_update_with_investor(
    *,
    actor: User | None,
    project: Project,
    changes: dict[str, Any],
    investor_name: str,
    investor_credit_code: str = "",
    expected_version: int | None = None,
) -> Project:
    """``project_update`` with its investor named by name and credit code (made if new), both
    in one transaction."""
    investor = enterprise_for(name=investor_name, credit_code=investor_credit_code)
    return project_update(
        actor=actor,
        project=project,
        changes={**changes, "investor": investor},
        expected_version=expected_version,
    )
