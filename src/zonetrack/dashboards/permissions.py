"""Who may open the overview pages, built only on the ``accounts.access`` helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zonetrack.accounts import access

if TYPE_CHECKING:
    from zonetrack.accounts.models import User
    from zonetrack.registry.models import Zone


def can_view_battle_map(user: User | None, zone: Zone) -> bool:
    """A zone's battle map is open to whoever may see the zone."""
    return access.can_view(user, zone)
