"""API schemas of the articles app."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ninja import Field, Schema

from zonetrack.core.schemas import StrictIn
from zonetrack.core.validators import Day, Id, Text, Version
from zonetrack.core.validators import text as text_type

from .text.model import MAX_CHARS

# Pasted articles may be long: the reader's own cap. Checkers see the plain string the
# annotated type stands for, which they cannot build from a call.
if TYPE_CHECKING:
    ArticleText = str
else:
    ArticleText = text_type(MAX_CHARS, multiline=True)


class FactOut(Schema):
    id: int
    type: str
    fields: dict[str, Any] = Field(..., description="the fields as read by zonetrack")
    edited_fields: dict[str, Any] | None = Field(
        None, description="the fields as corrected by the reviewer, when corrected"
    )
    quote: str
    start: int
    end: int
    confidence: float
    review: str = Field(..., description="proposed, accepted, edited or rejected")
    reviewed_by: str | None
    reviewed_at: datetime | None
    zone_id: int | None
    version: int

    @staticmethod
    def resolve_type(obj: Any) -> str:
        return obj.kind

    @staticmethod
    def resolve_reviewed_by(obj: Any) -> str | None:
        return str(obj.reviewed_by) if obj.reviewed_by_id else None


class ArticleSummaryOut(Schema):
    id: int
    title: str
    organisation_id: int
    source_url: str
    pub_date: date | None
    status: str = Field(..., description="processing, ready, failed or reviewed")
    failure: str
    fact_count: int
    proposed_count: int
    accepted_count: int
    created_at: datetime
    is_archived: bool
    version: int

    @staticmethod
    def resolve_pub_date(obj: Any) -> date | None:
        return obj.published_on


class ArticleOut(Schema):
    id: int
    title: str
    organisation_id: int
    source_url: str
    filename: str
    encoding: str
    pub_date: date | None
    status: str = Field(..., description="processing, ready, failed or reviewed")
    failure: str
    clean_text: str
    damaged_spans: list[list[int]]
    repairs: list[dict[str, Any]]
    warnings: list[str]
    facts: list[FactOut]
    created_at: datetime
    is_archived: bool
    version: int

    @staticmethod
    def resolve_warnings(obj: Any) -> list[str]:
        return obj.notes

    @staticmethod
    def resolve_pub_date(obj: Any) -> date | None:
        return obj.published_on

    @staticmethod
    def resolve_facts(obj: Any) -> list[Any]:
        return getattr(obj, "fact_rows", [])


class ArticleIn(StrictIn):
    """An article as JSON; a file is sent as multipart form data instead (field ``file``)."""

    text: ArticleText = Field(..., description="the article's text as copied")
    title: Text = Field("", max_length=200)
    source_url: text_type(500) = Field("", max_length=500)  # type: ignore[valid-type]
    pub_date: Day | None = Field(None, description="publication date, when known")
    organisation_id: Id | None = Field(
        None, description="the owning organisation; default: the one you manage"
    )


class FactPatch(StrictIn):
    """One decision on a fact: ``accept``, ``edit`` (with ``fields``), ``reject``, ``attach``
    (with ``zone_id``) or ``detach``."""

    action: Text = Field(..., description="accept, edit, reject, attach or detach")
    version: Version = Field(..., description="the version the decision was made on")
    fields: dict[str, Any] | None = Field(None, description="corrected fields, for edit")
    zone_id: Id | None = Field(None, description="the zone, for attach")


class ClaimOut(Schema):
    """An accepted fact of a zone beside what zonetrack records for that zone and year."""

    fact_id: int
    article_id: int
    type: str
    quote: str
    zone_id: int
    zone: str
    year: int | None
    claimed: float | None
    recorded: float | None = Field(..., description="null when zonetrack records nothing")
    unit: str
    verdict: str = Field(..., description="agrees, differs or not_recorded")
    difference: float | None = Field(..., description="claimed minus recorded, in `unit`")
    difference_percent: float | None = Field(..., description="the difference in % of the record")
    basis: str = Field(..., description="what the claim was compared with")

    @staticmethod
    def from_claim(claim: Any) -> ClaimOut:
        def number(value: Any) -> float | None:
            return None if value is None else float(value)

        fact = claim.fact
        return ClaimOut(
            fact_id=fact.pk,
            article_id=fact.article_id,
            type=fact.kind,
            quote=fact.quote,
            zone_id=fact.zone_id,
            zone=fact.zone.name,
            year=claim.year,
            claimed=number(claim.claimed),
            recorded=number(claim.recorded),
            unit=claim.unit,
            verdict=str(claim.verdict),
            difference=number(claim.difference),
            difference_percent=number(claim.percent),
            basis=claim.basis,
        )
