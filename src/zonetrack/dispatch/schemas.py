"""API schemas of the dispatch app."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from ninja import Field, Schema

from zonetrack.core.schemas import StrictIn
from zonetrack.core.validators import Day, Id, LongText, Text, Version

from .reasons import reason_fields


class Ref(Schema):
    id: int
    name: str


class ProblemOut(Schema):
    id: int
    project: Ref
    zone_id: int
    category: str
    description: str
    raised_on: date
    raised_by: str | None
    responsible_unit: Ref | None
    responsible_person: Ref | None
    deadline_on: date
    status: str
    resolution: str
    escalation_level: int
    escalation: str
    escalated_on: date | None
    closed_on: date | None
    is_overdue: bool
    version: int

    @staticmethod
    def resolve_project(obj: Any) -> dict[str, Any]:
        return {"id": obj.project_id, "name": obj.project.name}

    @staticmethod
    def resolve_raised_by(obj: Any) -> str | None:
        return str(obj.raised_by) if obj.raised_by_id else None

    @staticmethod
    def resolve_responsible_unit(obj: Any) -> dict[str, Any] | None:
        unit = obj.responsible_unit
        return {"id": unit.pk, "name": unit.name} if unit else None

    @staticmethod
    def resolve_responsible_person(obj: Any) -> dict[str, Any] | None:
        person = obj.responsible_person
        return {"id": person.pk, "name": str(person)} if person else None

    @staticmethod
    def resolve_escalation(obj: Any) -> str:
        return ["zone", "city", "province"][obj.escalation_level]

    @staticmethod
    def resolve_is_overdue(obj: Any) -> bool:

        return obj.is_open and obj.deadline_on < timezone.localdate()


class ProblemIn(StrictIn):
    project_id: Id
    category: Text
    description: LongText = Field(..., min_length=1)
    deadline_on: Day
    raised_on: Day | None = None
    responsible_unit_id: Id | None = None
    responsible_person_id: Id | None = None


class ProblemPatch(StrictIn):
    version: Version = Field(..., ge=1)
    category: Text | None = None
    description: LongText | None = Field(None, min_length=1)
    deadline_on: Day | None = None
    responsible_unit_id: Id | None = None
    responsible_person_id: Id | None = None


class EventIn(StrictIn):
    kind: Text = Field(..., description="assign, start, answer, accept, reject or escalate")
    note: LongText = ""
    version: Version | None = None
    responsible_unit_id: Id | None = None
    responsible_person_id: Id | None = None
    deadline_on: Day | None = None


class EventOut(Schema):
    id: int
    kind: str
    note: str
    status: str
    escalation_level: int
    actor: str | None
    created_at: datetime

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return str(obj.actor) if obj.actor_id else None


class WarningReasonOut(Schema):
    """Why a rule coloured the project: the same reasons its page shows."""

    rule: str = Field(
        ..., description="milestone_late, investment_lag, problem_overdue or report_missing"
    )
    colour: str = Field(..., description="the colour this rule gave: yellow or red")
    text: str = Field(..., description="the reason in words, as the project page shows it")
    milestone_id: int | None = Field(None, description="milestone_late: the node")
    milestone: str | None = Field(None, description="milestone_late: the node's name")
    reached: bool | None = Field(None, description="milestone_late: reached, but late")
    problem_ids: list[int] = Field(
        default_factory=list, description="problem_overdue: the overdue problems (at most 20)"
    )
    level: int | None = Field(None, description="problem_overdue: the escalation level")
    count: int | None = Field(None, description="problem_overdue: how many are overdue")
    days: int | None = Field(
        None, description="days late (node, report) or the most overdue problem's days"
    )
    points: int | None = Field(
        None, description="investment_lag: points behind the time elapsed (序时进度)"
    )
    month: str | None = Field(None, description="report_missing: the month owed, YYYY-MM")


class WarningOut(Schema):
    id: int
    project_id: int
    project: str = Field(..., alias="project__name")
    milestone_id: int | None
    milestone: str | None = Field(None, alias="milestone__name")
    planned_on: date | None = Field(None, alias="milestone__planned_on")
    colour: str
    computed: str
    override_reason: str
    since: datetime
    reasons: list[WarningReasonOut] = Field(
        default_factory=list, description="why the rules gave the computed colour"
    )

    @staticmethod
    def resolve_reasons(obj: Any) -> list[dict[str, Any]]:
        stored = obj.get("reasons") if isinstance(obj, dict) else obj.reasons
        return [reason_fields(reason) for reason in stored or []]


class OverrideIn(StrictIn):
    colour: Text = Field("", description="green, yellow, red, or empty to return to computed")
    reason: LongText = ""


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    url: str
    created_at: datetime
    read_at: datetime | None


class AgendaOut(Schema):
    project_id: int
    project: str
    reason: str

    @staticmethod
    def resolve_project(obj: Any) -> str:
        return obj.project.name


class DecisionOut(Schema):
    id: int
    project_id: int
    kind: str
    text: str
    due_on: date | None
    problem_id: int | None
    milestone_id: int | None


class MeetingOut(Schema):
    id: int
    organisation: Ref
    title: str
    held_on: date
    place: str
    attendees: str
    minutes: str
    agenda: list[AgendaOut]
    decisions: list[DecisionOut]
    version: int

    @staticmethod
    def resolve_organisation(obj: Any) -> dict[str, Any]:
        return {"id": obj.organisation_id, "name": obj.organisation.name}

    @staticmethod
    def resolve_agenda(obj: Any) -> list[Any]:
        return list(obj.agenda.all())

    @staticmethod
    def resolve_decisions(obj: Any) -> list[Any]:
        return list(obj.decisions.all())


class MeetingIn(StrictIn):
    organisation_id: Id
    title: Text = Field(..., min_length=1, max_length=200)
    held_on: Day
    place: Text = Field("", max_length=200)
    attendees: LongText = ""
    # Database ids, at most the agenda a meeting can walk through.
    project_ids: list[Id] = Field(default_factory=list, max_length=200)
    include_overdue: bool = False
    include_blocked: bool = False
