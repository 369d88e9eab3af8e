"""API routes of promotion events (推介会 / 签约仪式): the list with what was signed, by year,
one event with its signings, recording an event, and the projects signed there (several at
once, all or none; each counted at one event only)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.core.schemas import Pages
from zonetrack.core.validators import Day, Id, LongText, Text
from zonetrack.projects.models import Project

from . import permissions, selectors, services
from .choices import EventKind

router = Router(tags=["promotion"])


class PromotionEventOut(Schema):
    id: int
    organisation_id: int
    title: str
    kind: str
    held_on: date
    place: str
    co_organisers: str
    firms_attending: list[str]
    signed: int = 0
    signed_wan: Decimal | None = None


class PromotionSignedProjectOut(Schema):
    id: int
    code: str
    name: str
    zone_id: int
    stage: str
    total_investment_wan: Decimal | None


class PromotionEventDetailOut(PromotionEventOut):
    projects: list[PromotionSignedProjectOut]


class PromotionEventYearOut(Schema):
    year: int
    events: int
    signed: int
    signed_wan: Decimal


class PromotionEventIn(Schema):
    organisation_id: Id
    title: Text = Field(min_length=1, max_length=200)
    kind: Text = Field(min_length=1, max_length=20)
    held_on: Day
    place: Text = Field(min_length=1, max_length=200)
    co_organisers: Text = Field("", max_length=300)
    attending: LongText = Field("", max_length=5000)
    notes: LongText = Field("", max_length=5000)


class PromotionSigningsIn(Schema):
    # Not required by the schema: an empty list is refused after the access check, by field.
    projects: list[Text] = Field(default_factory=list, max_length=200)


def _detail(event: Any) -> PromotionEventDetailOut:
    signings = selectors.event_signings(event)
    return PromotionEventDetailOut(
        id=event.pk,
        organisation_id=event.organisation_id,
        title=event.title,
        kind=event.kind,
        held_on=event.held_on,
        place=event.place,
        co_organisers=event.co_organisers,
        firms_attending=event.firms_attending,
        signed=len(signings),
        signed_wan=sum(
            (s.project.total_investment_wan or Decimal(0) for s in signings), Decimal(0)
        ),
        projects=[PromotionSignedProjectOut.model_validate(s.project) for s in signings],
    )


@router.get("/promotion/events", response=list[PromotionEventOut])
@paginate(Pages, page_size=100)
def event_list(request: HttpRequest) -> Any:
    """The events the user sees, latest first, each with the projects signed there."""
    return selectors.event_list(user=request.user)


@router.get("/promotion/events/years", response=list[PromotionEventYearOut])
def event_years(request: HttpRequest) -> Any:
    """Events in view by year: how many, the projects signed (each once) and their investment."""
    return selectors.event_years(user=request.user)


@router.get("/promotion/events/{event_id}", response=PromotionEventDetailOut)
def event_detail(request: HttpRequest, event_id: Id) -> Any:
    """One event with the projects signed there."""
    return _detail(selectors.event_get(user=request.user, event_id=event_id))


@router.post("/promotion/events", response={201: PromotionEventDetailOut})
def event_create(request: HttpRequest, body: PromotionEventIn) -> Any:
    """Record an event of an organisation the user records events for."""
    organisation = access.get_visible(
        Organisation.objects.active(), request.user, pk=body.organisation_id
    )
    access.require(permissions.can_hold_event(request.user, organisation))
    if body.kind not in EventKind.values:
        raise ValidationError({"kind": _("Select a valid choice.")})
    event = services.event_create(
        actor=access.request_user(request),
        organisation=organisation,
        title=body.title,
        kind=body.kind,
        held_on=body.held_on,
        place=body.place,
        co_organisers=body.co_organisers,
        attending=body.attending,
        notes=body.notes,
    )
    return Status(201, _detail(event))


@router.post("/promotion/events/{event_id}/signings", response=PromotionEventDetailOut)
def event_signings(request: HttpRequest, event_id: Id, body: PromotionSigningsIn) -> Any:
    """Count projects (by code) as signed at the event, several at once: all or none. Each is
    a project of the organiser's zones not yet counted at an event; a pursued or packaged one
    moves to the signed stage on the event's day."""
    event = selectors.event_get(user=request.user, event_id=event_id)
    access.require(permissions.can_hold_event(request.user, event.organisation))
    if not body.projects:
        raise ValidationError({"projects": _("Name at least one project by its code.")})
    with transaction.atomic():
        _sign_all(request, event, body.projects)
    return _detail(event)


def _sign_all(request: HttpRequest, event: Any, codes: list[str]) -> None:
    """Sign each; any refusal names its project and takes all of them back."""
    errors: list[str] = []
    actor = access.request_user(request)
    for code in codes:
        project = (
            access.visible(Project.objects.active(), request.user)
            .select_related("zone__organisation")
            .filter(code=code.strip())
            .first()
        )
        if project is None:
            errors.append(_("%(code)s: no such project in view.") % {"code": code})
            continue
        try:
            with transaction.atomic():
                services.event_sign(actor=actor, event=event, project=project)
        except ValidationError as exc:
            errors += [f"{code}: {message}" for message in exc.messages]
    if errors:
        raise ValidationError({"projects": errors})
