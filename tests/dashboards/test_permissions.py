"""Who may open a zone's battle map: whoever may see the zone."""

from __future__ import annotations

import pytest

from zonetrack.dashboards.permissions import can_view_battle_map

from ..conftest import World


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("superuser", True),
        ("province_viewer", True),
        ("a_viewer", True),
        ("b_manager", False),
        ("nobody", False),
    ],
)
def test_can_view_battle_map(world: World, persona: str, allowed: bool) -> None:
    assert can_view_battle_map(getattr(world, persona), world.zone_a) is allowed
