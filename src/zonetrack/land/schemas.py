"""API schemas of land: the commitment ledger and its checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Schema

from zonetrack.core.schemas import StrictIn


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
