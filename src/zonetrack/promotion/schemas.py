"""API schemas of promotion: leads, their steps, enquiries, the overview, trips, incentive
agreements and industry-chain maps."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from zonetrack.core.validators import Id, LongText, Text


class LeadOut(Schema):
    id: int
    zone_id: int
    name: str
    investor_id: int | None
    investor: str = Field(validation_alias="investor_name")
    cluster_id: int | None
    link_id: int | None = Field(validation_alias="node_id")
    investment_wan: Decimal | None
    channel_id: int | None
    region_id: int | None
    owner_id: int | None
    status: str
    status_on: date | None
    lost_reason: str
    lost_to_id: int | None
    next_action: str
    next_action_on: date | None
    project_id: int | None
    version: int


class LeadIn(Schema):
    zone: Id
    name: Text = Field(min_length=1, max_length=200)
    investor_name: Text = Field("", max_length=200)
    investor_credit_code: Text = Field("", max_length=18)
    prospect: Text = Field("", max_length=200)
    cluster: Id | None = None
    link: Id | None = None
    investment_wan: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    channel: Id | None = None
    region: Id | None = None
    next_action: Text = Field("", max_length=200)
    next_action_on: date | None = None
    notes: LongText = Field("", max_length=5000)


class LeadStatusIn(Schema):
    status: Text = Field(min_length=1, max_length=20)
    changed_on: date | None = None
    lost_reason: Text = Field("", max_length=200)
    lost_to: Id | None = None


class InteractionIn(Schema):
    kind: Text = Field(min_length=1, max_length=20)
    happened_on: date
    people: Text = Field(min_length=1, max_length=200)
    notes: LongText = Field("", max_length=5000)


class InteractionOut(Schema):
    id: int
    kind: str
    happened_on: date
    people: str
    notes: str


class ConversionIn(Schema):
    name: Text = Field("", max_length=200)


class ConversionOut(Schema):
    lead_id: int
    project_id: int
    project_code: str


class EnquiryOut(Schema):
    id: int
    zone_id: int
    subject: str
    enquirer: str
    contact: str
    channel_id: int | None
    owner_id: int | None
    received_at: datetime
    first_response_at: datetime | None
    closed_at: datetime | None


class EnquiryIn(Schema):
    zone: Id
    subject: Text = Field(min_length=1, max_length=200)
    enquirer: Text = Field(min_length=1, max_length=200)
    contact: Text = Field("", max_length=100)
    channel: Id | None = None
    received_at: datetime
    notes: LongText = Field("", max_length=5000)


class MomentIn(Schema):
    at: datetime


class CountOut(Schema):
    key: str
    label: str
    count: int


class ChainStatesOut(Schema):
    chain_id: int
    chain: str
    strong: int
    weak: int
    gap: int


class OverviewOut(Schema):
    zone_id: int | None
    leads: int
    by_status: list[CountOut]
    by_channel: list[CountOut]
    by_region: list[CountOut]
    conversion_rate: float | None
    enquiries: int
    enquiries_on_time_share: float | None
    enquiries_waiting: int
    enquiries_overdue: int
    response_target_hours: int
    chains: list[ChainStatesOut]


class TripOut(Schema):
    id: int
    organisation_id: int
    leader_id: int
    members: str
    starts_on: date
    ends_on: date
    destinations: str
    purpose: str
    days: int


class TripVisitOut(Schema):
    id: int
    lead_id: int
    happened_on: date
    people: str
    notes: str


class TripDetailOut(TripOut):
    visits: list[TripVisitOut]
    lead_ids: list[int]

    @staticmethod
    def resolve_visits(trip: Any) -> list[Any]:
        return list(trip.visits.order_by("happened_on", "pk"))

    @staticmethod
    def resolve_lead_ids(trip: Any) -> list[int]:
        return list(trip.leads.order_by("pk").values_list("pk", flat=True))


class TripIn(Schema):
    organisation_id: Id
    leader_id: Id
    starts_on: date
    ends_on: date
    destinations: Text = Field(min_length=1, max_length=200)
    members: Text = Field("", max_length=300)
    purpose: LongText = Field("", max_length=5000)


class TripVisitIn(Schema):
    lead_id: Id
    happened_on: date
    people: Text = Field(min_length=1, max_length=200)
    notes: LongText = Field("", max_length=5000)


class PromiseIO(Schema):
    kind: Text = Field(min_length=1, max_length=20)
    amount_wan: Decimal = Field(ge=0, le=10**12)
    due_on: date
    note: Text = Field("", max_length=200)


class ConditionIO(Schema):
    kind: Text = Field(min_length=1, max_length=20)
    due_on: date
    threshold: Decimal | None = Field(None, ge=0, le=10**12)


class AgreementIn(Schema):
    project_id: Id
    title: Text = Field(min_length=1, max_length=200)
    signed_on: date
    note: LongText = Field("", max_length=5000)
    promises: list[PromiseIO] = Field(max_length=50)
    conditions: list[ConditionIO] = Field([], max_length=50)


class AgreementOut(Schema):
    id: int
    project_id: int
    title: str
    signed_on: date
    note: str


class AgreementDetailOut(AgreementOut):
    promises: list[PromiseIO]
    conditions: list[ConditionIO]

    @staticmethod
    def resolve_promises(agreement: Any) -> list[Any]:
        return list(agreement.promises.all())

    @staticmethod
    def resolve_conditions(agreement: Any) -> list[Any]:
        return list(agreement.conditions.all())


class PaymentIn(Schema):
    promise_index: int = Field(ge=1, le=50, description="The promised item, 1 for the first.")
    paid_on: date
    amount_wan: Decimal = Field(gt=0, le=10**12)
    note: Text = Field("", max_length=200)


class PaymentOut(Schema):
    id: int
    promise_id: int
    paid_on: date
    amount_wan: Decimal


class ConditionCheckIn(Schema):
    condition_index: int = Field(ge=1, le=50, description="The condition, 1 for the first.")
    actual: Decimal | None = Field(None, ge=0, le=10**12)
    source: Text = Field("", max_length=200)


class ConditionCheckOut(Schema):
    id: int
    condition_id: int
    checked_on: date
    outcome: str
    actual: Decimal | None
    actual_on: date | None
    source: str


# --- industry-chain maps ------------------------------------------------------------------------


class ChainOut(Schema):
    id: int
    code: str
    name: str
    cluster: str | None
    strong_firms: int
    leader_makes_strong: bool
    signed_fills_gap: bool


class ChainGapOut(Schema):
    zone_id: int
    zone: str
    link_id: int
    link: str


class ChainSummaryOut(Schema):
    chain: ChainOut
    zones: int
    strong: int
    weak: int
    gap: int
    gaps: list[ChainGapOut]


class LinkOut(Schema):
    id: int
    name: str
    parent_id: int | None
    depth: int
    segment: str
    key_products: str
    state: str
    state_label: str
    firms: int
    leaders: int
    signed: int
    leads: int
    targets: int


class ChainMapOut(Schema):
    chain: ChainOut
    zone_id: int
    counts: dict[str, int]
    links: list[LinkOut]


class ChainFirmOut(Schema):
    id: int
    zone_id: int
    link_id: int = Field(validation_alias="node_id")
    name: str
    enterprise_id: int | None
    is_leader: bool
    products: str
    archived_at: datetime | None


class TargetFirmOut(Schema):
    id: int
    zone_id: int
    link_id: int = Field(validation_alias="node_id")
    name: str
    enterprise_id: int | None
    region_id: int | None
    reason: str
    archived_at: datetime | None


class PlacedProjectOut(Schema):
    id: int
    code: str
    name: str
    stage: str


class LinkLeadOut(Schema):
    id: int
    name: str
    status: str


class LinkPanelOut(Schema):
    link: LinkOut
    firms: list[ChainFirmOut]
    producing: list[PlacedProjectOut]
    signed: list[PlacedProjectOut]
    leads: list[LinkLeadOut]
    leads_total: int
    targets: list[TargetFirmOut]


class ChainFirmIn(Schema):
    zone_id: Id
    link_id: Id
    name: Text = Field(min_length=1, max_length=200)
    credit_code: Text = Field("", max_length=18)
    is_leader: bool = False
    products: Text = Field("", max_length=200)


class TargetFirmIn(Schema):
    zone_id: Id
    link_id: Id
    name: Text = Field(min_length=1, max_length=200)
    credit_code: Text = Field("", max_length=18)
    region_id: Id | None = None
    reason: Text = Field("", max_length=300)


class PlacementIn(Schema):
    project_id: Id
    link_id: Id


class PlacementOut(Schema):
    project_id: int
    link_id: int
