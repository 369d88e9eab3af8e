"""API schemas of land: parcels, idle land and its decisions, the commitment ledger and its
checks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from zonetrack.core.schemas import StrictIn
from zonetrack.core.validators import Id, LongText, Text


class CheckOut(Schema):
    id: int
    kind: str
    checked_on: date
    is_met: bool
    # [{item, promised, actual, unit, outcome, source}]
    results: list[dict[str, Any]]


class CommitmentOut(Schema):
    id: int
    parcel_id: int
    parcel_code: str
    project_id: int
    granted_on: date
    credit_code: str
    investment_intensity_wan_per_mu: Decimal | None
    plot_ratio: Decimal | None
    tax_wan_per_mu: Decimal | None
    energy_tce_per_wan: Decimal | None
    start_by_on: date | None
    production_by_on: date | None
    capacity_by_on: date | None

    @staticmethod
    def resolve_parcel_code(obj: Any) -> str:
        return str(obj.parcel.code)


class CommitmentDetailOut(CommitmentOut):
    checks: list[CheckOut]

    @staticmethod
    def resolve_checks(obj: Any) -> list[Any]:
        return list(obj.checks.order_by("-checked_on", "-id"))


class CheckIn(StrictIn):
    # A code of CommitmentCheckKind; the service names an unknown one on the field.
    kind: str
    day: date


class ParcelOut(Schema):
    id: int
    zone_id: int
    park_id: int | None
    code: str
    name: str
    area_mu: Decimal
    measured_mu: Decimal | None
    land_use: str
    status: str
    status_on: date | None
    supplied_project_id: int | None
    supplied_firm: str
    reserved_for_id: int | None
    reserved_on: date | None
    version: int


class ParcelDetailOut(ParcelOut):
    geometry: dict[str, Any] | None
    overlaps: list[str]
    note: str


class FindingOut(Schema):
    reason: str
    label: str
    detail: str


class IdleDecisionOut(Schema):
    id: int
    parcel_id: int
    decision: str
    decided_on: date
    decided_by_id: int | None
    reasons: list[str]
    note: str


class IdleOut(Schema):
    parcel: ParcelOut
    findings: list[FindingOut]
    decision: IdleDecisionOut | None


class IdleDecisionIn(StrictIn):
    # A code of IdleDecisionKind (reclaim, replan, support); the service names an unknown one.
    decision: str
    note: str
    decided_on: date | None = None


class OccupancyOut(Schema):
    units: int
    let_units: int
    total_m2: Decimal
    let_m2: Decimal
    reserved_m2: Decimal
    vacant_m2: Decimal
    occupancy_percent: Decimal | None


class FactoryUnitOut(Schema):
    id: int
    code: str
    floor: int
    floor_area_m2: Decimal
    storey_height_m: Decimal | None
    floor_load_kn_m2: Decimal | None
    power_kva: Decimal | None
    crane_tonnes: Decimal | None
    rent_yuan_m2_month: Decimal | None
    occupant_firm: str
    occupant_project_id: int | None
    lease_start_on: date | None
    lease_end_on: date | None
    reserved_for_id: int | None
    version: int


class FactoryBuildingOut(Schema):
    id: int
    zone_id: int
    park_id: int | None
    code: str
    name: str
    storeys: int
    completed_year: int | None
    occupancy: OccupancyOut


class FactoryBuildingDetailOut(FactoryBuildingOut):
    units: list[FactoryUnitOut]

    @staticmethod
    def resolve_units(building: Any) -> list[Any]:
        return list(building.units.all())


class EvaluationOut(Schema):
    id: int
    organisation_id: int
    year: int
    title: str
    status: str
    firms_count: int
    published_on: date | None
    comment_ends_on: date | None
    finalised_on: date | None


class FirmResultOut(Schema):
    id: int
    name: str
    credit_code: str
    zone_id: int | None
    park_id: int | None
    kind: str
    land_mu: Decimal
    tax_wan: Decimal
    output_wan: Decimal
    score: Decimal | None
    rank: int | None
    computed_class: str
    final_class: str


class ThresholdOut(Schema):
    id: int
    organisation_id: int
    zone_id: int | None
    cluster_id: int | None
    indicator: str
    comparison: str
    value: Decimal
    unit: str
    source: str


class ParcelMatchOut(Schema):
    rank: int
    parcel: ParcelOut
    reasons: list[str]


class ThresholdCheckOut(Schema):
    id: int
    project_id: int
    checked_at: datetime
    passed: int
    failed: int
    not_stated: int
    # [{indicator, comparison, threshold, unit, actual, outcome, source}]
    results: list[dict[str, Any]]


class ThresholdCheckIn(StrictIn):
    # A proposal's figures by indicator code (in each indicator's first unit), over what the
    # project record says; the environmental standard as 1 for met, 0 for not.
    stated: dict[str, Decimal | None] = {}


_measure = Field(None, gt=0, le=10**6)


class BuildingIn(StrictIn):
    zone_id: Id
    park_id: Id | None = None
    code: Text = Field(min_length=1, max_length=40)
    name: Text = Field("", max_length=100)
    storeys: int = Field(1, ge=1, le=60)
    completed_year: int | None = Field(None, ge=1950, le=2100)
    center_lat: Decimal | None = Field(None, ge=-90, le=90)
    center_lng: Decimal | None = Field(None, ge=-180, le=180)
    note: LongText = Field("", max_length=5000)


class UnitIn(StrictIn):
    code: Text = Field(min_length=1, max_length=40)
    floor: int = Field(1, ge=1, le=60)
    floor_area_m2: Decimal = Field(gt=0, le=10**7)
    storey_height_m: Decimal | None = _measure
    floor_load_kn_m2: Decimal | None = _measure
    power_kva: Decimal | None = _measure
    crane_tonnes: Decimal | None = _measure
    rent_yuan_m2_month: Decimal | None = Field(None, ge=0, le=10**5)


class LeaseIn(StrictIn):
    occupant_firm: Text = Field("", max_length=100)
    occupant_project_id: Id | None = None
    lease_start_on: date
    lease_end_on: date | None = None


class VacateIn(StrictIn):
    on: date
