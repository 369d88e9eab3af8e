"""Changes to many existing projects at once (ledger imports): each project's own field
changes and its year plan, in a few statements whatever their number, with the history, the
version check and the permission a single ``project_update`` or ``year_plan_set`` has."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from zonetrack.audit.services import stale_error, tracked_bulk_set
from zonetrack.core.errors import StaleVersion

from .. import permissions
from ..models import Project, YearPlan
from .pipeline import announce_changed, refresh_pipeline
from .projects import _BULK_UNCHECKED, COUNTED_DATES
from .reports import year_plans_bulk_create

if TYPE_CHECKING:
    from zonetrack.accounts.models import User


class StaleProject(StaleVersion):
    """A project of a bulk change was changed by someone else since it was read: ``project``
    names it (the whole change is refused)."""

    def __init__(self, stale: StaleVersion, project: Project) -> None:
        super().__init__(
            current_version=stale.current_version,
            changed_by=stale.changed_by,
            changed_at=stale.changed_at,
        )
        self.project = project


# What decides who may change a project besides the actor's roles.
_HOLDERS = frozenset({"zone", "officer", "leader", "task_force"})
_PROJECT_FIELDS = tuple(field.name for field in Project._meta.concrete_fields)


def project_change_check(actor: User | None, project: Project, changes: Mapping[str, Any]) -> None:
    """Validate the project as it would be after ``changes`` and check the actor may change it
    before and after, as ``project_update`` does; the project is left as it was.

    The stored fields were valid when they were saved: only the changed ones are checked
    again (and the rules across fields, ``clean``), and the records they link to are loaded
    already, so their existence is not asked again."""
    if not permissions.can_change_project(actor, project):
        raise PermissionDenied
    held = {name: getattr(project, name) for name in changes}
    unchanged = [name for name in _PROJECT_FIELDS if name not in changes]
    try:
        for name, value in changes.items():
            setattr(project, name, value)
        project.full_clean(exclude=[*unchanged, *_BULK_UNCHECKED], validate_unique=False)
        # A change that takes the project out of the actor's hands (another officer) is
        # refused, as the single update's check of the saved row refuses it.
        if changes.keys() & _HOLDERS and not permissions.can_change_project(actor, project):
            raise PermissionDenied
    finally:
        for name, value in held.items():
            setattr(project, name, value)


@transaction.atomic
def projects_bulk_update(
    *,
    actor: User | None,
    changes: Sequence[tuple[Project, Mapping[str, Any]]],
    expected_versions: Mapping[int, int] | None = None,
) -> list[Project]:
    """``project_update`` for many projects (each with its own changes), in a few statements:
    the rows are locked and their versions compared (the version each was read at, or
    ``expected_versions[pk]``), the changed ones written by one prepared UPDATE, each with
    one history row of the fields that changed and its version moved.

    A project changed by someone else meanwhile refuses the whole change (StaleProject names
    it); so does one the actor may not change (PermissionDenied) or that does not validate
    (ValidationError). Pipeline totals are counted again once per zone; the zones are
    announced once (``changes_batched`` gathers them further). Returns the projects changed.
    """
    if not changes:
        return []
    for project, values in changes:
        project_change_check(actor, project, values)
    wanted = {project.pk: project.version for project, _values in changes}
    wanted.update(expected_versions or {})
    stored = dict(
        Project._base_manager.select_for_update()
        .filter(pk__in=list(wanted))
        .values_list("pk", "version")
    )
    for project, _values in changes:
        if stored.get(project.pk) != wanted[project.pk]:
            raise StaleProject(stale_error(project), project)
    changed = tracked_bulk_set(changes, actor=actor, expected_versions=wanted, locked=True)
    written = {project.pk for project in changed}
    counted = {
        project.zone_id
        for project, values in changes
        if project.pk in written and ("total_investment_wan" in values or "zone" in values)
    }
    dated = {
        project.zone_id
        for project, values in changes
        if project.pk in written and values.keys() & COUNTED_DATES
    }
    if counted:
        refresh_pipeline(counted)
    if dated - counted:
        announce_changed(dated - counted)
    return changed


@transaction.atomic
def year_plans_bulk_set(
    *,
    actor: User | None,
    year: int,
    entries: Sequence[tuple[Project, Decimal, bool, bool]],
) -> None:
    """``year_plan_set`` for many projects (project, planned investment, planned to start,
    planned to complete): existing plans changed with their history, missing ones created,
    in a few statements; the projects' zones announced once."""
    if not entries:
        return
    for project, *_values in entries:
        if not permissions.can_change_project(actor, project):
            raise PermissionDenied
    existing = {
        plan.project_id: plan
        for plan in YearPlan.objects.filter(
            project__in=[project.pk for project, *_values in entries], year=year
        )
    }
    updates: list[tuple[YearPlan, dict[str, Any]]] = []
    new: list[tuple[Project, Decimal, bool, bool]] = []
    for project, planned, start, completion in entries:
        plan = existing.get(project.pk)
        if plan is None:
            if start or completion:
                raise ValueError("a new year plan is created without its start or end flags")
            new.append((project, planned, start, completion))
            continue
        plan.project = project  # its history names it, read from here
        values = {
            "planned_investment_wan": planned,
            "planned_start": start,
            "planned_completion": completion,
        }
        held = {name: getattr(plan, name) for name in values}
        for name, value in values.items():
            setattr(plan, name, value)
        try:
            plan.full_clean(exclude=("project",), validate_unique=False)
        finally:
            for name, value in held.items():
                setattr(plan, name, value)
        updates.append((plan, values))
    tracked_bulk_set(updates, actor=actor)
    year_plans_bulk_create(
        actor=actor, year=year, entries=[(project, planned) for project, planned, *_f in new]
    )
    announce_changed({project.zone_id for project, *_values in entries})
