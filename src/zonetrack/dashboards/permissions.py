"""Who may open the overview pages, built only on the ``accounts.access`` helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zonetrack.accounts import access
from zonetrack.accounts.choices import ROLE_RANK, OrganisationKind, Role
from zonetrack.dispatch.choices import EscalationLevel

if TYPE_CHECKING:
    from zonetrack.accounts.models import User
    from zonetrack.registry.models import Zone


ZONE_KINDS: set[str] = {OrganisationKind.ZONE_COMMITTEE, OrganisationKind.DEPARTMENT}
BUREAU_LEVELS: dict[str, int] = {
    OrganisationKind.CITY_BUREAU: int(EscalationLevel.CITY),
    OrganisationKind.COUNTY_BUREAU: int(EscalationLevel.CITY),
    OrganisationKind.PROVINCE_DEPT: int(EscalationLevel.PROVINCE),
}


def can_view_battle_map(user: User | None, zone: Zone) -> bool:
    """A zone's battle map is open to whoever may see the zone."""
    return access.can_view(user, zone)


def _roles(user: User | None) -> list[tuple[str, str]]:
    return [(m.organisation.kind, m.role) for m in access.memberships(user)]


def can_see_officer_todo(user: User | None) -> bool:
    """An officer of any organisation (a zone project officer) is shown the officer's to-do:
    reports owed, problems of their unit, milestones coming due."""
    return any(role == Role.OFFICER for _kind, role in _roles(user))


def can_see_leader_todo(user: User | None) -> bool:
    """A manager of a zone committee or of one of its departments (a zone leader) is shown
    the leader's to-do: red projects and overdue problems of the projects they answer for."""
    return any(
        kind in ZONE_KINDS and ROLE_RANK[Role(role)] >= ROLE_RANK[Role.MANAGER]
        for kind, role in _roles(user)
    )


def escalation_level_of(user: User | None) -> int | None:
    """The escalation level a manager of a commerce bureau answers for (city and county
    bureaus: the city level; the provincial department: the province), highest first; None
    for everyone else. It decides whether the supervisor's to-do is shown."""
    levels = [
        BUREAU_LEVELS[kind]
        for kind, role in _roles(user)
        if kind in BUREAU_LEVELS and ROLE_RANK[Role(role)] >= ROLE_RANK[Role.MANAGER]
    ]
    return max(levels, default=None)
