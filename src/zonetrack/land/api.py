"""API routes of land: parcels (list and one), standard factories with their units and
occupancy, idle land and its decisions, the commitment
ledger (list, one commitment with its checks, running a check)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from zonetrack.accounts import access
from zonetrack.core.schemas import Pages
from zonetrack.core.validators import Id

from . import factories, idle, selectors, services
from .models import Parcel
from .schemas import (
    CheckIn,
    CheckOut,
    CommitmentDetailOut,
    CommitmentOut,
    FactoryBuildingDetailOut,
    FactoryBuildingOut,
    IdleDecisionIn,
    IdleDecisionOut,
    IdleOut,
    ParcelDetailOut,
    ParcelOut,
)

router = Router(tags=["land"])


@router.get("/land/parcels", response=list[ParcelOut])
@paginate(Pages, page_size=100)
def parcel_list(request: HttpRequest) -> Any:
    """The parcels the user sees, with the list page's filters (zone, park, status, land_use,
    min_mu, q)."""
    return selectors.parcel_list(
        user=request.user, filters=selectors.ParcelFilters.from_params(request.GET)
    )


@router.get("/land/parcels/{parcel_id}", response=ParcelDetailOut)
def parcel_detail(request: HttpRequest, parcel_id: int) -> Any:
    """One parcel with its outline (GeoJSON)."""
    return selectors.parcel_get(user=request.user, parcel_id=parcel_id)


@router.get("/land/factories", response=list[FactoryBuildingOut])
@paginate(Pages, page_size=100)
def factory_list(request: HttpRequest, zone: Id | None = None) -> Any:
    """The standard factory buildings the user sees, each with its occupancy."""
    return factories.building_list(user=request.user, zone_id=zone)


@router.get("/land/factories/{building_id}", response=FactoryBuildingDetailOut)
def factory_detail(request: HttpRequest, building_id: int) -> Any:
    """One building with its units: measures, rent, occupant and lease, reservation."""
    return factories.building_get(user=request.user, building_id=building_id)


@router.get("/land/idle", response=list[IdleOut])
@paginate(Pages, page_size=100)
def idle_list(request: HttpRequest, zone: Id | None = None, undecided: bool = False) -> Any:
    """Idle land as the user sees it: each parcel with why it is listed and the latest
    decision, undecided first."""
    return [
        {"parcel": row.parcel, "findings": row.findings, "decision": row.decision}
        for row in idle.idle_list(user=request.user, zone_id=zone, undecided=undecided)
    ]


@router.post("/land/parcels/{parcel_id}/idle-decisions", response={201: IdleDecisionOut})
def idle_decide(request: HttpRequest, parcel_id: int, payload: IdleDecisionIn) -> Any:
    """Decide what becomes of a listed parcel: reclaim, replan or support, with the reasons."""
    parcel: Parcel = selectors.parcel_get(user=request.user, parcel_id=parcel_id)
    decision = services.idle_decide(
        actor=access.request_user(request),
        parcel=parcel,
        decision=payload.decision,
        note=payload.note,
        decided_on=payload.decided_on,
    )
    return Status(201, decision)


@router.get("/land/commitments", response=list[CommitmentOut])
@paginate(Pages, page_size=100)
def commitment_list(request: HttpRequest) -> Any:
    """The commitments of the parcels the user sees, newest grant first."""
    return selectors.commitment_list(user=request.user)


@router.get("/land/commitments/{commitment_id}", response=CommitmentDetailOut)
def commitment_detail(request: HttpRequest, commitment_id: int) -> Any:
    """One commitment with every check and its figures."""
    return selectors.commitment_get(user=request.user, commitment_id=commitment_id)


@router.post("/land/commitments/{commitment_id}/checks", response={201: CheckOut})
def commitment_check(request: HttpRequest, commitment_id: int, payload: CheckIn) -> Any:
    """Check the promise on a day (refused before the check falls due)."""
    commitment = selectors.commitment_get(user=request.user, commitment_id=commitment_id)
    check = services.commitment_check(
        actor=access.request_user(request),
        commitment=commitment,
        kind=payload.kind,
        day=payload.day,
    )
    return Status(201, check)
