"""API routes of firms (one ``Enterprise`` across zones): the profile with the leads and projects
of the firm in view, its change, and its contacts listed and added. Seen by whoever sees a lead
or a project of the firm (404 otherwise), changed by the officers of their zones (403)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from zonetrack.accounts import access
from zonetrack.core.schemas import StrictIn
from zonetrack.core.validators import Id, Text
from zonetrack.projects.models import Enterprise
from zonetrack.registry.models import Cluster

from .selectors import firms as selectors
from .services import firms as services

router = Router(tags=["promotion"])


class FirmLeadOut(Schema):
    id: int
    name: str
    zone_id: int
    status: str
    is_archived: bool


class FirmProjectOut(Schema):
    id: int
    code: str
    name: str
    zone_id: int
    stage: str
    is_archived: bool


class FirmOut(Schema):
    id: int
    name: str
    credit_code: str | None
    industry: str
    cluster: str | None = Field(None, description="cluster code")
    scale: str
    headquarters: str
    is_listed: bool
    is_fortune500: bool
    is_china500: bool
    is_chain_leader_candidate: bool
    leads: list[FirmLeadOut]
    projects: list[FirmProjectOut]

    @staticmethod
    def resolve_cluster(obj: Any) -> str | None:
        return obj.cluster.code if obj.cluster_id else None

    @staticmethod
    def resolve_leads(obj: Any, context: Any) -> list[Any]:
        """The firm's leads the asking user sees."""
        return list(selectors.firm_leads(user=context["request"].user, enterprise=obj))

    @staticmethod
    def resolve_projects(obj: Any, context: Any) -> list[Any]:
        """The firm's projects the asking user sees."""
        return list(selectors.firm_projects(user=context["request"].user, enterprise=obj))


class FirmPatch(StrictIn):
    """The profile fields to change; those left out stay as they are."""

    name: Text | None = Field(None, min_length=1, max_length=200)
    credit_code: Text | None = Field(None, max_length=18, description="empty clears it")
    industry: Text | None = Field(None, max_length=60)
    cluster: Text | None = Field(None, max_length=40, description="cluster code; empty clears it")
    scale: Text | None = Field(None, max_length=10, description="large, medium, small or micro")
    headquarters: Text | None = Field(None, max_length=40)
    is_listed: bool | None = None
    is_fortune500: bool | None = None
    is_china500: bool | None = None
    is_chain_leader_candidate: bool | None = None


class ContactIn(StrictIn):
    name: Text = Field(..., min_length=1, max_length=100)
    role: Text = Field("", max_length=100)
    phone: Text = Field("", max_length=40)
    email: Text = Field("", max_length=254)


class ContactOut(Schema):
    id: int
    name: str
    role: str
    phone: str
    email: str
    created_at: datetime
    version: int


def _firm(request: HttpRequest, enterprise_id: int) -> Enterprise:
    return selectors.firm_get(user=request.user, enterprise_id=enterprise_id)


def _keeper(request: HttpRequest, enterprise_id: int) -> Enterprise:
    firm = _firm(request, enterprise_id)
    access.require(selectors.can_change_firm(request.user, firm))
    return firm


def _changes(body: FirmPatch) -> dict[str, Any]:
    """The body's fields as the service takes them (a cluster by its code)."""
    changes = body.dict(exclude_unset=True)
    for name, value in list(changes.items()):
        if value is None and (name == "name" or name.startswith("is_")):
            raise ValidationError({name: _("This field cannot be empty.")})
        if value is None:
            changes[name] = ""  # null clears a text field, as an empty string does
    if "scale" in changes and changes["scale"] not in ("", *Enterprise.Scale.values):
        raise ValidationError({"scale": _("Select a valid choice.")})
    if "cluster" in changes:
        code = changes["cluster"] or ""
        cluster = Cluster.objects.filter(code=code).first() if code else None
        if code and cluster is None:
            raise ValidationError({"cluster": _("Unknown cluster code.")})
        changes["cluster"] = cluster
    return changes


@router.get("/promotion/firms/{enterprise_id}", response=FirmOut)
def firm_detail(request: HttpRequest, enterprise_id: Id) -> Any:
    """A firm's profile and flags, with its leads and projects the user sees."""
    return _firm(request, enterprise_id)


@router.patch("/promotion/firms/{enterprise_id}", response=FirmOut)
def firm_patch(request: HttpRequest, enterprise_id: Id, body: FirmPatch) -> Any:
    """Change a firm's profile and flags (the officers of a zone with a lead or project of it).
    A bad credit code (its check character too) is a field error."""
    firm = _keeper(request, enterprise_id)
    services.firm_update(
        actor=access.request_user(request), enterprise=firm, changes=_changes(body)
    )
    return _firm(request, enterprise_id)


@router.get("/promotion/firms/{enterprise_id}/contacts", response=list[ContactOut])
def contact_list(request: HttpRequest, enterprise_id: Id) -> Any:
    """The firm's contacts (archived ones left out)."""
    return list(selectors.firm_contacts(enterprise=_firm(request, enterprise_id)))


@router.post("/promotion/firms/{enterprise_id}/contacts", response={201: ContactOut})
def contact_create(request: HttpRequest, enterprise_id: Id, body: ContactIn) -> Any:
    """Add a contact to the firm: a telephone number or an e-mail address is needed."""
    firm = _keeper(request, enterprise_id)
    contact = services.contact_add(
        actor=access.request_user(request),
        enterprise=firm,
        name=body.name,
        role=body.role,
        phone=body.phone,
        email=body.email,
    )
    return Status(201, contact)
