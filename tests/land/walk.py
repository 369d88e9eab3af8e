"""Branch-B records standing for the URL parameters of the land app (see test_access_walk)."""

from __future__ import annotations

from typing import Any

from ..conftest import World
from .factories import make_parcel


def params(world: World) -> dict[str, Any]:
    # No outline: an edit page would show its GeoJSON text, which no page language translates.
    parcel = make_parcel(world.zone_b, "乙-01", area_mu="12")
    return {"parcel_id": parcel.pk}
