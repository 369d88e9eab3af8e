"""Schemas of the targets API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from zonetrack.core.validators import Day, Id, Text


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


# A figure as the API takes it: at most 20 digits, 6 of them decimals (each indicator's own
# places are checked by the service, with its message).
Figure = Annotated[Decimal, Field(allow_inf_nan=False, max_digits=20, decimal_places=6)]
Month = Annotated[str, Field(max_length=7, description="YYYY-MM")]


class ValueOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    indicator_id: int
    indicator: str
    period: str
    value: Decimal
    source: str
    window_id: int | None
    updated_at: datetime

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return str(obj.organisation.name)

    @staticmethod
    def resolve_indicator(obj: Any) -> str:
        return str(obj.indicator.code)

    @staticmethod
    def resolve_period(obj: Any) -> str:
        return f"{obj.period:%Y-%m}"


class ValueItemIn(Schema):
    organisation_id: Id
    indicator_id: Id
    period: Month
    value: Figure | None = None


class ValuesIn(Schema):
    """Values written in one transaction: all or none, each refusal on ``items.<n>.<field>``."""

    items: list[ValueItemIn] = Field(..., min_length=1, max_length=5000)


class ValuesWrittenOut(Schema):
    written: int


class WindowIn(Schema):
    organisation_id: Id
    period: Month
    due_on: Day
    indicator_ids: list[Id] | None = Field(None, max_length=500)
    organisation_ids: list[Id] | None = Field(None, max_length=5000)


class WindowOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    period: str
    due_on: date
    state: str
    reason: str
    version: int

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return str(obj.organisation.name)

    @staticmethod
    def resolve_period(obj: Any) -> str:
        return f"{obj.period:%Y-%m}"


class SubmitIn(Schema):
    organisation_id: Id


class ReopenIn(Schema):
    """Reopen a closed window, or (with ``organisation_id``) one organisation's part."""

    reason: Text
    organisation_id: Id | None = None
    due_on: Day | None = None


class RosterRowOut(Schema):
    organisation_id: int
    organisation: str
    state: str
    values: int
    last_at: datetime | None
    submitted_at: datetime | None
    submitted_by: str | None
    reason: str


class RosterOut(Schema):
    window: WindowOut
    indicator_ids: list[int]
    required: int
    counts: dict[str, int]
    rows: list[RosterRowOut]
