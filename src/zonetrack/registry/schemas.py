"""API schemas of the registry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from zonetrack.core.schemas import StrictIn
from zonetrack.core.validators import Day, Id, LongText, Text, Version


class RegionOut(Schema):
    code: str
    name: str
    level: str


class ClusterOut(Schema):
    code: str
    name: str


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
    clusters: list[ClusterOut]
    is_archived: bool
    version: int

    @staticmethod
    def resolve_clusters(obj: Any) -> list[Any]:
        return list(obj.clusters.all())


class ZoneDetailOut(ZoneOut):
    boundary: dict[str, Any] | None


class ZoneFields(StrictIn):
    """Fields of a zone that callers write."""

    name: Text | None = Field(None, min_length=1, max_length=100)
    short_name: Text | None = Field(None, max_length=40)
    kind: Text | None = None
    level: Text | None = None
    management: Text | None = None
    status: Text | None = None
    region_code: Text | None = Field(None, pattern=r"^\d{2,6}$")
    organisation_id: Id | None = None
    approved_on: Day | None = None
    approval_authority: Text | None = Field(None, max_length=100)
    planned_area_km2: Decimal | None = None
    catalogue_code: Text | None = Field(None, max_length=20)
    description: LongText | None = None
    center_lat: Decimal | None = None
    center_lng: Decimal | None = None
    boundary: dict[str, Any] | None = None
    clusters: list[Text] | None = Field(None, description="cluster codes")


class ZoneIn(ZoneFields):
    """A new zone: name, kind, level, region and organisation are required."""

    name: Text = Field(..., min_length=1, max_length=100)
    kind: Text
    level: Text
    region_code: Text = Field(..., pattern=r"^\d{2,6}$")
    organisation_id: Id


class ZonePatch(ZoneFields):
    """Fields to change; ``version`` is the version the change is based on."""

    version: Version = Field(..., ge=1)


class ParkOut(Schema):
    id: int
    zone_id: int
    name: str
    positioning: str
    area_km2: Decimal | None
    clusters: list[ClusterOut]
    infrastructure: dict[str, Any]
    readiness: str
    missing: list[str]
    boundary: dict[str, Any] | None
    is_archived: bool
    version: int

    @staticmethod
    def resolve_clusters(obj: Any) -> list[Any]:
        return list(obj.clusters.all())

    @staticmethod
    def resolve_readiness(obj: Any) -> str:
        return str(obj.readiness)

    @staticmethod
    def resolve_missing(obj: Any) -> list[str]:
        return obj.readiness.missing


class ParkFields(StrictIn):
    name: Text | None = Field(None, min_length=1, max_length=100)
    positioning: LongText | None = None
    area_km2: Decimal | None = None
    clusters: list[Text] | None = Field(None, description="cluster codes")
    infrastructure: dict[str, Any] | None = None
    boundary: dict[str, Any] | None = None


class ParkIn(ParkFields):
    name: Text = Field(..., min_length=1, max_length=100)


class ParkPatch(ParkFields):
    version: Version = Field(..., ge=1)
