"""Who may do what in targets: one ``can_<verb>_<entity>`` function per step, built only on the
``accounts.access`` helpers. Seeing an organisation's targets and values is the gate's
visibility rule (a zone sees its own and its children's, never a sibling's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zonetrack.accounts import access
from zonetrack.accounts.choices import ROLE_RANK, Role

if TYPE_CHECKING:
    from zonetrack.accounts.models import Organisation, User

    from .models import ReportingWindow, Task


def can_set_target(user: User | None, organisation: Organisation) -> bool:
    """An organisation's targets are set by a manager of a level strictly above it: the city
    sets its zones', never a zone its own (nor someone below the parent)."""
    return access.holds_role_above(user, organisation, Role.MANAGER)


def can_decompose_targets(user: User | None, organisation: Organisation) -> bool:
    """Set the targets of the organisation's children: its managers (and those above)."""
    return access.has_role(user, organisation, Role.MANAGER)


def can_open_window(user: User | None, organisation: Organisation) -> bool:
    """Open a reporting window for the organisations below: managers of the organisation."""
    return access.has_role(user, organisation, Role.MANAGER)


def can_change_window(user: User | None, window: ReportingWindow) -> bool:
    """Close or reopen a window: managers of the organisation that opened it."""
    return access.has_role(user, window.organisation, Role.MANAGER)


def can_report_values(user: User | None, organisation: Organisation) -> bool:
    """Enter an organisation's statistics: its officers and above (never a viewer)."""
    return access.has_role(user, organisation, Role.OFFICER)


def can_create_task(user: User | None, organisation: Organisation) -> bool:
    """Give a unit a key task: managers of a level strictly above it (the city breaks its
    year's work down to its zones, a zone to its departments; never a unit to itself)."""
    return access.holds_role_above(user, organisation, Role.MANAGER)


def can_change_task(user: User | None, task: Task) -> bool:
    """Change or cancel a task: the assigning level, managers strictly above its owner unit."""
    return access.holds_role_above(user, task.organisation, Role.MANAGER)


def can_report_task(user: User | None, task: Task) -> bool:
    """Write a task's progress and move its status: officers and above of its owner unit."""
    return access.has_role(user, task.organisation, Role.OFFICER)


def can_submit_window(user: User | None, organisation: Organisation) -> bool:
    """Submit an organisation's values of a window (they lock): its own reporters — officers
    and managers of it (or of a unit within it) —, never the level above that judges the
    submission, a viewer or another branch."""
    if access.is_superuser(user):
        return True
    return any(
        access.is_within(m.organisation, organisation)
        and ROLE_RANK[Role(m.role)] >= ROLE_RANK[Role.OFFICER]
        for m in access.memberships(user)
    )


def can_note_task(user: User | None, task: Task, units: list[Organisation] | None = None) -> bool:
    """Write a note on a task without moving it: whoever may report it, its co-operating
    units' officers and the assigning level. ``units`` are its co-operating units when the
    caller has them loaded."""
    if can_report_task(user, task) or can_change_task(user, task):
        return True
    cooperating = task.cooperating_units.all() if units is None else units
    return any(access.has_role(user, unit, Role.OFFICER) for unit in cooperating)
