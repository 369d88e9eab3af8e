"""Schemas of the rankings API."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from zonetrack.core.schemas import StrictIn


class ItemOut(Schema):
    id: int
    category: str
    name: str
    indicator_id: int | None
    rule: str
    params: dict[str, Any]
    weight: Decimal
    weights_by_kind: dict[str, Any]


class SchemeOut(Schema):
    id: int
    family: str
    edition: int
    name: str
    owner_id: int
    owner: str
    period_kind: str
    peer_rule: str
    peer_kind: str
    peer_zone_level: str
    missing_rule: str
    tie_rule: str
    is_frozen: bool
    items: list[ItemOut]


class ItemIn(StrictIn):
    id: int | None = None
    category: str = Field(max_length=60)
    name: str = Field(max_length=80)
    indicator_id: int | None = None
    rule: str = Field(max_length=20)
    params: dict[str, Any] = {}
    weight: Decimal = Field(Decimal(0), ge=0, le=100, max_digits=6, decimal_places=2)
    weights_by_kind: dict[str, Decimal] = {}


class SchemeIn(StrictIn):
    """A scheme's whole definition; sent to a frozen scheme, it makes the next edition."""

    name: str = Field(max_length=100)
    owner_id: int
    period_kind: str = Field("half_year", max_length=10)
    peer_rule: str = Field("below", max_length=10)
    peer_kind: str = Field("zone_committee", max_length=30)
    peer_zone_level: str = Field("", max_length=20)
    peer_ids: list[int] = []
    missing_rule: str = Field("zero", max_length=10)
    tie_rule: str = Field("first_category", max_length=20)
    description: str = Field("", max_length=2000)
    items: list[ItemIn] = Field([], max_length=80)


class PublishIn(StrictIn):
    reason: str = Field("", max_length=300)
    acknowledged: bool = False  # what is missing was read (a period not over, items unscored)


class ItemScoreOut(Schema):
    item_id: int
    item: str
    category: str
    raw: str | None
    source: str
    records: str
    target: str | None
    applied: dict[str, str]
    fraction: str | None
    points: str | None
    weight: str


class LineOut(Schema):
    organisation_id: int
    organisation: str
    rank: int
    previous_rank: int | None
    total: Decimal
    eligible: bool
    vetoes: list[str]
    categories: dict[str, Decimal]
    items: list[ItemScoreOut] | None = None


class RankingOut(Schema):
    id: int
    scheme_id: int
    scheme: str
    edition: int
    period: str
    status: str
    computed_at: datetime
    published_at: datetime | None
    superseded_by_id: int | None
    supersede_reason: str
    lines: list[LineOut] = []


class ContributionOut(Schema):
    item: str
    category: str
    before: Decimal | None
    after: Decimal | None
    raw_before: str | None
    raw_after: str | None
    delta: Decimal


class RankChangeOut(Schema):
    organisation_id: int
    earlier_id: int | None
    later_id: int
    rank_before: int | None
    rank_after: int | None
    total_before: Decimal | None
    total_after: Decimal | None
    items: list[ContributionOut]
