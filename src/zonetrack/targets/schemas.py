"""Schemas of the targets API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Schema


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    unit: str
    direction: str
    period: str
    source: str
    is_additive: bool
    accumulates: bool
    green_at: Decimal
    amber_at: Decimal


class ProgressCellOut(Schema):
    indicator_id: int
    indicator: str
    unit: str
    target: Decimal | None
    actual: Decimal | None
    basis: str
    completion: Decimal | None
    status: str


class ProgressLineOut(Schema):
    organisation_id: int
    organisation: str
    cells: list[ProgressCellOut]


class ProgressOut(Schema):
    organisation_id: int
    year: int
    as_of: date
    time_share: Decimal
    own: ProgressLineOut
    children: list[ProgressLineOut]
