"""Who may do what to projects, as named rules built only on the ``accounts.access`` helpers.

Views, API routes and services ask these; none of them reads memberships. Seeing a project at
all is the visibility rule (``access.get_visible``: 404); these rules decide a step on a
project the user can see (403 when refused).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zonetrack.accounts import access
from zonetrack.accounts.choices import ROLE_RANK, Role
from zonetrack.registry.models import Zone

if TYPE_CHECKING:
    from .models import Project


def can_view_project(user: Any, project: Project) -> bool:
    """Whether the user sees the project (it lies in the subtree of one of their memberships)."""
    return access.can_view(user, project)


def can_change_project(user: Any, project: Project) -> bool:
    """Managers over the project's zone, or its assigned officer, change it: its fields, stage,
    reports, plans and milestones. Archived or not (archiving is a change too)."""
    return access.can_change(user, project)


def can_work_on_project(user: Any, project: Project) -> bool:
    """Whether the project page offers its workflow forms: a changer, and not archived."""
    return can_change_project(user, project) and not project.is_archived


def can_archive_project(user: Any, project: Project) -> bool:
    """Archiving or restoring a project is a change of it."""
    return can_change_project(user, project)


def can_report(user: Any, project: Project) -> bool:
    """Filing a monthly report (月报), like setting a plan or a milestone, changes the project."""
    return can_change_project(user, project)


def can_create_project(user: Any, zone: Zone) -> bool:
    """Officers and above of the zone's committee (or a supervising level) add projects."""
    return access.has_role(user, zone.organisation, Role.OFFICER)


def can_create_any_project(user: Any) -> bool:
    """Cheap test for the "New project" button: officer or more anywhere. The create page
    offers the zones and the service decides for the zone chosen."""
    return access.is_administrator(user) or _holds_role_anywhere(user, Role.OFFICER)


def can_verify_stage(user: Any, project: Project) -> bool:
    """Verification (项目认定) belongs to the supervising level: a manager of an organisation
    strictly above the zone committee that owns the project."""
    return access.holds_role_above(user, project.zone.organisation, Role.MANAGER)


def can_verify_any_stage(user: Any) -> bool:
    """Whether the user verifies claims anywhere — a manager strictly above some zone's
    committee (``can_verify_stage`` for at least one zone) — and so is offered the
    verification queue. One query, remembered on the user object for the request."""
    cached = getattr(user, _VERIFIES_ATTR, None)
    if cached is None:
        cached = access.supervised_by(Zone.objects.all(), user, Role.MANAGER).exists()
        if getattr(user, "is_authenticated", False):
            setattr(user, _VERIFIES_ATTR, cached)
    return bool(cached)


_VERIFIES_ATTR = "_zonetrack_verifies_stages"


def _holds_role_anywhere(user: Any, role: Role) -> bool:
    # accounts.access has no "a role of at least this anywhere" yet: asked of core.
    return any(ROLE_RANK[Role(m.role)] >= ROLE_RANK[role] for m in access.memberships(user))
