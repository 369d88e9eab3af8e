"""API schemas of the projects app."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from zonetrack.core.schemas import StrictIn
from zonetrack.core.validators import Count, Day, Id, LongText, Text, Version


class PersonRef(Schema):
    id: int
    username: str
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    zone_id: int
    park_id: int | None
    investor: str | None
    investor_credit_code: str | None
    cluster: str | None
    kind: str
    total_investment_wan: Decimal | None
    fixed_asset_investment_wan: Decimal | None
    foreign_capital_usd_wan: Decimal | None
    land_mu: Decimal | None
    floor_m2: Decimal | None
    expected_output_wan: Decimal | None
    expected_tax_wan: Decimal | None
    expected_jobs: int | None
    is_provincial_key: bool
    is_city_key: bool
    origin_region: str
    source_channel: str
    description: str
    stage: str
    verified_stage: str
    stage_on: date | None
    signed_on: date | None
    started_on: date | None
    production_on: date | None
    construction_status: str
    is_in_statistics: bool
    leader: PersonRef | None
    officer: PersonRef | None
    is_archived: bool
    version: int

    @staticmethod
    def resolve_investor(obj: Any) -> str | None:
        return obj.investor.name if obj.investor_id else None

    @staticmethod
    def resolve_investor_credit_code(obj: Any) -> str | None:
        return obj.investor.credit_code if obj.investor_id else None

    @staticmethod
    def resolve_cluster(obj: Any) -> str | None:
        return obj.cluster.code if obj.cluster_id else None


# The columns ProjectOut reads (a list of projects loads only these).
PROJECT_OUT_COLUMNS = (
    "version",
    "archived_at",
    "zone",
    "park",
    "code",
    "name",
    "investor__name",
    "investor__credit_code",
    "cluster__code",
    "kind",
    "total_investment_wan",
    "fixed_asset_investment_wan",
    "foreign_capital_usd_wan",
    "land_mu",
    "floor_m2",
    "expected_output_wan",
    "expected_tax_wan",
    "expected_jobs",
    "is_provincial_key",
    "is_city_key",
    "origin_region",
    "source_channel",
    "description",
    "stage",
    "verified_stage",
    "stage_on",
    "signed_on",
    "started_on",
    "production_on",
    "construction_status",
    "is_in_statistics",
    "leader",
    "officer",
)


class ProjectFields(StrictIn):
    """Project fields callers write; the stage moves through transitions only."""

    name: Text | None = Field(None, min_length=1, max_length=200)
    park_id: Id | None = None
    investor: Text | None = Field(None, max_length=200, description="investor's name")
    investor_credit_code: Text | None = Field(None, max_length=30)
    cluster: Text | None = Field(None, description="cluster code")
    kind: Text | None = None
    total_investment_wan: Decimal | None = None
    fixed_asset_investment_wan: Decimal | None = None
    foreign_capital_usd_wan: Decimal | None = None
    land_mu: Decimal | None = None
    floor_m2: Decimal | None = None
    expected_output_wan: Decimal | None = None
    expected_tax_wan: Decimal | None = None
    expected_jobs: Count | None = Field(None, ge=0)
    is_provincial_key: bool | None = None
    is_city_key: bool | None = None
    origin_region: Text | None = Field(None, max_length=40)
    source_channel: Text | None = None
    description: LongText | None = None
    construction_status: Text | None = None
    is_in_statistics: bool | None = None
    leader_id: Id | None = None
    officer_id: Id | None = None


class ProjectIn(ProjectFields):
    name: Text = Field(..., min_length=1, max_length=200)
    zone_id: Id


class ProjectPatch(ProjectFields):
    version: Version = Field(..., ge=1)


class TransitionIn(StrictIn):
    stage: Text
    date: Day
    note: LongText = ""
    skipped: dict[Text, Day] = Field(
        default_factory=dict, description="dates of the stages a forward move skips"
    )
    end_reason: Text | None = Field(
        None, max_length=60, description="why it ends (a name from the managed list)"
    )
    lost_to: Text = Field("", max_length=100, description="the region that won it instead")
    version: Version | None = None


class TransitionOut(Schema):
    id: int
    from_stage: str
    to_stage: str
    happened_on: date
    note: str
    verification: str
    verification_note: str
    passed_without_evidence: bool
    actor: str | None
    created_at: datetime

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return str(obj.actor) if obj.actor_id else None


class VerificationIn(StrictIn):
    transition_id: Id
    approve: bool
    note: LongText = ""
    without_evidence: bool = Field(
        False,
        description="Pass a claim that came without evidence (refused without this flag); "
        "the pass is recorded as one without evidence.",
    )


class ReportIn(StrictIn):
    month: Text = Field(..., max_length=7, description="YYYY-MM")
    invested_wan: Decimal = Field(..., ge=0)
    funds_in_place_wan: Decimal | None = Field(None, ge=0)
    progress: LongText = ""
    percent_complete: int | None = Field(None, ge=0, le=100)


class ReportOut(Schema):
    id: int
    month: str
    invested_wan: Decimal
    cumulative_wan: Decimal
    funds_in_place_wan: Decimal | None
    progress: str
    percent_complete: int | None
    is_late: bool

    @staticmethod
    def resolve_month(obj: Any) -> str:
        return obj.month.strftime("%Y-%m")


class StageCountOut(Schema):
    stage: str
    label: str
    count: int
    investment_wan: Decimal


class PipelineOut(Schema):
    verified_only: bool
    stages: list[StageCountOut]


class ChangeOut(Schema):
    action: str
    actor: str
    at: datetime
    before: dict[str, Any]
    after: dict[str, Any]


class KpisOut(Schema):
    year: int
    month: int
    time_elapsed: Decimal
    start_rate: Decimal | None
    started: int
    planned_starts: int
    investment_rate: Decimal | None
    invested_wan: Decimal
    planned_wan: Decimal
    funds_rate: Decimal | None
    funds_wan: Decimal
    completion_rate: Decimal | None
    completed: int
    planned_completions: int
    double_half: bool
    behind_schedule: bool
