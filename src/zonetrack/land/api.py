"""API routes of land: the commitment ledger (list, one commitment with its checks, running a
check). Parcels, matching and per-mu results are still to come."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from zonetrack.accounts import access
from zonetrack.core.schemas import Pages

from . import selectors, services
from .schemas import CheckIn, CheckOut, CommitmentDetailOut, CommitmentOut

router = Router(tags=["land"])


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
