"""Who may do what with land, named: built only on the ``accounts.access`` helpers.

A zone's land officers (officers of its committee, or of a level above) keep its parcels:
land is their daily work, not a manager's sign-off. Whoever sees the zone sees its parcels.
"""

from __future__ import annotations

from typing import Any

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import Organisation
from zonetrack.projects.models import Project
from zonetrack.registry.models import Zone

from .models import Evaluation, FactoryBuilding, Parcel


def can_view_parcel(user: Any, parcel: Parcel) -> bool:
    return access.can_view(user, parcel)


def can_add_parcel(user: Any, zone: Zone) -> bool:
    """Add parcels to this zone (and import them)."""
    return access.has_role(user, zone.organisation, Role.OFFICER)


def can_add_any_parcel(user: Any) -> bool:
    """Whether the user keeps land anywhere (shows the list's create and import)."""
    return access.is_superuser(user) or any(
        access.has_role(user, m.organisation, Role.OFFICER) for m in access.memberships(user)
    )


def can_change_parcel(user: Any, parcel: Parcel) -> bool:
    """Edit a parcel, record its status changes, archive it."""
    return access.has_role(user, parcel.zone.organisation, Role.OFFICER)


def can_change_building(user: Any, building: FactoryBuilding) -> bool:
    """Add units to a standard factory, let, vacate, reserve and release them: the zone's land
    officers, as for parcels."""
    return access.has_role(user, building.zone.organisation, Role.OFFICER)


def can_decide_idle(user: Any, parcel: Parcel) -> bool:
    """Decide what becomes of an idle parcel (reclaim, re-plan, support): the zone's managers,
    or a level above."""
    return access.has_role(user, parcel.zone.organisation, Role.MANAGER)


def can_manage_evaluations(user: Any, organisation: Organisation) -> bool:
    """Open and run per-mu evaluations of this authority (its managers)."""
    return access.has_role(user, organisation, Role.MANAGER)


def can_manage_evaluation(user: Any, evaluation: Evaluation) -> bool:
    """Change the rule and figures, score, publish, decide objections, make final."""
    return access.has_role(user, evaluation.organisation, Role.MANAGER)


def can_file_objection(user: Any, evaluation: Evaluation) -> bool:
    """Record a firm's objection during the comment period (the authority's officers take it)."""
    return access.has_role(user, evaluation.organisation, Role.OFFICER)


def can_open_any_evaluation(user: Any) -> bool:
    """Whether the user manages anything that may evaluate (shows the list's create)."""
    return access.is_superuser(user) or any(
        access.has_role(user, m.organisation, Role.MANAGER) for m in access.memberships(user)
    )


def can_set_thresholds(user: Any, organisation: Organisation) -> bool:
    """Set entry thresholds for this authority's zones (its managers)."""
    return access.has_role(user, organisation, Role.MANAGER)


def can_check_project(user: Any, project: Project) -> bool:
    """Check a project against the thresholds (the zone's officers, as they keep its land)."""
    return access.has_role(user, project.zone.organisation, Role.OFFICER)
