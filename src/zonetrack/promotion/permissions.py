"""Who may do what with promotion, named: built only on the ``accounts.access`` helpers.

A zone's investment-promotion officers (officers of its committee, or of a level above) work
its leads: that is their daily work. Whoever sees the zone sees its leads.
"""

from __future__ import annotations

from typing import Any

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import Organisation
from zonetrack.projects.models import Project
from zonetrack.registry.models import Zone

from .models import Lead


def can_view_lead(user: Any, lead: Lead) -> bool:
    return access.can_view(user, lead)


def can_add_lead(user: Any, zone: Zone) -> bool:
    """Add leads to this zone."""
    return access.has_role(user, zone.organisation, Role.OFFICER)


def can_add_any_lead(user: Any) -> bool:
    """Whether the user works leads anywhere (shows the list's create)."""
    return access.is_superuser(user) or any(
        access.has_role(user, m.organisation, Role.OFFICER) for m in access.memberships(user)
    )


def can_change_lead(user: Any, lead: Lead) -> bool:
    """Move a lead's status, record interactions, set its next action, convert it."""
    return access.has_role(user, lead.zone.organisation, Role.OFFICER)


def can_hold_event(user: Any, organisation: Organisation) -> bool:
    """Record this organisation's events and the projects signed there (its officers)."""
    return access.has_role(user, organisation, Role.OFFICER)


def can_manage_agreement(user: Any, project: Project) -> bool:
    """Record a project's incentive agreements, their payments and condition checks: the
    officers of its zone (or of a level above)."""
    return access.has_role(user, project.zone.organisation, Role.OFFICER)


def can_map_chain(user: Any, zone: Zone) -> bool:
    """Keep the zone's chain map: its present and target firms, its projects' links (the
    zone's officers, as for leads)."""
    return access.has_role(user, zone.organisation, Role.OFFICER)


def can_map_any_chain(user: Any) -> bool:
    """Whether the user keeps some zone's chain map (shows the chain pages' import)."""
    return can_add_any_lead(user)
