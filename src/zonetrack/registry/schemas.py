"""API schemas of the registry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from zonetrack.api.schemas import StrictIn


class RegionOut(Schema):
    code: str
    name: str
    level: str


class ZoneOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    level: str
    management: str
    status: str
    region: RegionOut
    organisation_id: int
    approved_on: date | None
    approval_authority: str
    planned_area_km2: Decimal | None
    catalogue_code: str
    description: str
    center_lat: Decimal | None
    center_lng: Decimal | None
    is_archived: bool
    version: int


class ZonePatch(StrictIn):
    """Fields to change; ``version`` is the version the change is based on."""

    version: int = Field(..., ge=1)
    name: str | None = Field(None, min_length=1, max_length=100)
    short_name: str | None = Field(None, max_length=40)
    kind: str | None = None
    level: str | None = None
    management: str | None = None
    status: str | None = None
    region_code: str | None = Field(None, pattern=r"^\d{2,6}$")
    organisation_id: int | None = None
    approved_on: date | None = None
    approval_authority: str | None = Field(None, max_length=100)
    planned_area_km2: Decimal | None = None
    description: str | None = None
    center_lat: Decimal | None = None
    center_lng: Decimal | None = None


class ParkOut(Schema):
    id: int
    zone_id: int
    name: str
    positioning: str
    area_km2: Decimal | None
    version: int
