"""Who may do what in targets: one ``can_<verb>_<entity>`` function per step, built only on the
``accounts.access`` helpers. Seeing an organisation's targets and values is the gate's
visibility rule (a zone sees its own and its children's, never a sibling's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role

if TYPE_CHECKING:
    from zonetrack.accounts.models import Organisation, User

    from .models import ReportingWindow


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
