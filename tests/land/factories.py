"""Parcels and outlines for the land tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zonetrack.land import services
from zonetrack.land.models import Parcel
from zonetrack.registry.models import Zone

# Near the demo zones (Shanxi): a 0.001° step is about 96 m east–west and 111 m north–south.
LNG0, LAT0 = 112.5, 37.8


def square(x: int, y: int, size: float = 0.001, *, lng: float = LNG0, lat: float = LAT0) -> dict:
    """A closed square outline, ``size`` degrees on a side, ``(x, y)`` squares from the origin."""
    west, south = lng + x * size, lat + y * size
    east, north = west + size, south + size
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def make_parcel(zone: Zone, code: str, *, area_mu: str | None = "10", **fields: Any) -> Parcel:
    return services.parcel_create(
        actor=None,
        zone=zone,
        code=code,
        area_mu=Decimal(area_mu) if area_mu is not None else None,
        **fields,
    )
