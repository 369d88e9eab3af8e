"""Parcels and outlines for the land tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from zonetrack.land import services
from zonetrack.land.models import Commitment, Parcel
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


def supplied_commitment(
    zone: Zone, project: Any, code: str, *, granted_on: date = date(2023, 1, 1), **promise: Any
) -> Commitment:
    """A 10 亩 parcel supplied to ``project`` on ``granted_on`` with a recorded promise."""
    parcel = make_parcel(zone, code, area_mu="10", status="granting", status_on=granted_on)
    services.parcel_set_status(
        actor=None, parcel=parcel, status="supplied", changed_on=granted_on, project=project
    )
    parcel.refresh_from_db()
    return services.commitment_create(
        actor=None, parcel=parcel, project=project, granted_on=granted_on, **promise
    )
