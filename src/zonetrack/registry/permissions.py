"""Who may do what in the registry, named: built only on the ``accounts.access`` helpers."""

from __future__ import annotations

from typing import Any

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation

from .models import Park, Zone


def can_view_zone(user: Any, zone: Zone) -> bool:
    return access.can_view(user, zone)


def can_create_zone(user: Any, organisation: Organisation | None) -> bool:
    """Register a zone under this organisation (managers of its subtree)."""
    return access.can_create_in(user, organisation)


def can_create_any_zone(user: Any) -> bool:
    """Whether the user may register zones anywhere (shows the list's create and import)."""
    return access.is_administrator(user) or any(
        access.can_create_in(user, m.organisation) for m in access.memberships(user)
    )


def can_import_zones(user: Any, parent: Organisation | None) -> bool:
    """Import a zone list, each zone with a new committee under ``parent``."""
    return access.can_create_in(user, parent)


def can_change_zone(user: Any, zone: Zone) -> bool:
    return access.can_change(user, zone)


def can_archive_zone(user: Any, zone: Zone) -> bool:
    return access.can_change(user, zone)


def can_add_park(user: Any, zone: Zone) -> bool:
    return access.can_change(user, zone)


def can_change_park(user: Any, park: Park) -> bool:
    return access.can_change(user, park)


def can_archive_park(user: Any, park: Park) -> bool:
    return access.can_change(user, park)
