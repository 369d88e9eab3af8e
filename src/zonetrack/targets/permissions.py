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
    """Give a unit a key task: managers of it or of a level above (the city breaks its year's
    work down to its zones)."""
    return access.can_create_in(user, organisation)


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
