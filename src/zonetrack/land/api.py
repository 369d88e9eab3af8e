"""API routes of land: parcels (list and one), the parcels matched to a project, standard
factories with their units and occupancy, idle land and its decisions, the commitment ledger
(list, one commitment with its checks, running a check), the entry thresholds, per-mu
evaluations and their results."""

from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Status
from ninja.pagination import paginate

from zonetrack.accounts import access
from zonetrack.core.schemas import Pages
from zonetrack.core.validators import Id
from zonetrack.projects import selectors as project_selectors
from zonetrack.projects.models import Project
from zonetrack.registry.choices import Infrastructure
from zonetrack.registry.models import Park, Zone

from . import factories, idle, selectors, services
from .choices import ControlIndicator, LandUse
from .matching import Needs, rank
from .models import MAX_PARCEL_MU, Parcel
from .schemas import (
    BuildingIn,
    CheckIn,
    CheckOut,
    CommitmentDetailOut,
    CommitmentOut,
    EvaluationOut,
    FactoryBuildingDetailOut,
    FactoryBuildingOut,
    FactoryUnitOut,
    FirmResultOut,
    IdleDecisionIn,
    IdleDecisionOut,
    IdleOut,
    LeaseIn,
    ParcelDetailOut,
    ParcelMatchOut,
    ParcelOut,
    ThresholdCheckIn,
    ThresholdCheckOut,
    ThresholdOut,
    UnitIn,
    VacateIn,
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


@router.post("/land/factories", response={201: FactoryBuildingDetailOut})
def factory_create(request: HttpRequest, payload: BuildingIn) -> Any:
    """Add a standard factory building to a zone (its land officers)."""
    user = request.user
    zone = access.get_visible(
        Zone.objects.active().select_related("organisation"), user, pk=payload.zone_id
    )
    fields = payload.model_dump(exclude={"zone_id", "park_id"})
    park = None
    if payload.park_id is not None:
        park = Park.objects.active().filter(pk=payload.park_id, zone=zone).first()
        if park is None:
            raise ValidationError({"park_id": _("This park is not in the building's zone.")})
    building = services.building_create(
        actor=access.request_user(request), zone=zone, park=park, **fields
    )
    return Status(201, factories.building_get(user=user, building_id=building.pk))


@router.post("/land/factories/{building_id}/units", response={201: FactoryUnitOut})
def unit_create(request: HttpRequest, building_id: Id, payload: UnitIn) -> Any:
    """Add a unit to a building, on the market until let or reserved."""
    building = factories.building_get(user=request.user, building_id=building_id)
    unit = services.unit_create(
        actor=access.request_user(request), building=building, **payload.model_dump()
    )
    return Status(201, unit)


@router.post("/land/units/{unit_id}/lease", response=FactoryUnitOut)
def unit_lease(request: HttpRequest, unit_id: Id, payload: LeaseIn) -> Any:
    """Let a unit to a firm or to a project of its zone from a date (to a date)."""
    unit = factories.unit_get(user=request.user, unit_id=unit_id)
    project = None
    if payload.occupant_project_id is not None:
        project = access.get_visible(
            Project.objects.active(), request.user, pk=payload.occupant_project_id
        )
    return services.unit_lease(
        actor=access.request_user(request),
        unit=unit,
        occupant_firm=payload.occupant_firm,
        occupant_project=project,
        lease_start_on=payload.lease_start_on,
        lease_end_on=payload.lease_end_on,
    )


@router.post("/land/units/{unit_id}/vacate", response=FactoryUnitOut)
def unit_vacate(request: HttpRequest, unit_id: Id, payload: VacateIn) -> Any:
    """End the unit's running lease on a day."""
    unit = factories.unit_get(user=request.user, unit_id=unit_id)
    return services.unit_vacate(actor=access.request_user(request), unit=unit, on=payload.on)


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


@router.get("/land/projects/{project_id}/parcels", response=list[ParcelMatchOut])
def parcel_matches(
    request: HttpRequest,
    project_id: int,
    area_mu: Annotated[Decimal, Field(gt=0, le=MAX_PARCEL_MU)] | None = None,
    land_use: LandUse | None = None,
    park: Id | None = None,
    items: Annotated[list[Infrastructure] | None, Query()] = None,
) -> Any:
    """The zone's parcels on offer ranked against the project's needs (地等项目), each with the
    reasons for its place; the needs default to the project's land and park. ``items``: the
    infrastructure the project cannot do without (repeat the parameter)."""
    project = project_selectors.project_get(user=request.user, project_id=project_id)
    needs = Needs(
        area_mu=area_mu or project.land_mu,
        land_use=land_use.value if land_use else "",
        park_id=park or project.park_id,
        items=tuple(item.value for item in items or ()),
    )
    matches = rank(selectors.land_on_offer(user=request.user, project=project), needs)
    return [
        {"rank": n, "parcel": m.parcel, "reasons": m.reasons}
        for n, m in enumerate(matches, start=1)
    ]


@router.get("/land/thresholds", response=list[ThresholdOut])
@paginate(Pages, page_size=100)
def threshold_list(request: HttpRequest) -> Any:
    """The entry thresholds (准入) the user sees, each with the document that set it."""
    return selectors.threshold_list(user=request.user)


@router.get("/land/evaluations", response=list[EvaluationOut])
@paginate(Pages, page_size=100)
def evaluation_list(request: HttpRequest) -> Any:
    """The per-mu evaluations (亩均论英雄) the user sees."""
    return selectors.evaluation_list(user=request.user)


@router.get("/land/evaluations/{evaluation_id}/firms", response=list[FirmResultOut])
@paginate(Pages, page_size=200)
def evaluation_firms(request: HttpRequest, evaluation_id: int) -> Any:
    """An evaluation's firms with their figures, score, rank and class."""
    evaluation = selectors.evaluation_get(user=request.user, evaluation_id=evaluation_id)
    return selectors.evaluation_firms(evaluation)


@router.get("/land/projects/{project_id}/check", response=list[ThresholdCheckOut])
def threshold_checks(request: HttpRequest, project_id: int) -> Any:
    """The project's checks against the entry thresholds (准入), latest first (the last 20)."""
    project = project_selectors.project_get(user=request.user, project_id=project_id)
    return selectors.project_checks(project)[:20]


@router.post("/land/projects/{project_id}/check", response={201: ThresholdCheckOut})
def threshold_check_run(request: HttpRequest, project_id: int, payload: ThresholdCheckIn) -> Any:
    """Check the project (or a proposal's figures) against the thresholds that apply to it:
    pass, fail or not stated per indicator, kept with the project."""
    project = project_selectors.project_get(user=request.user, project_id=project_id)
    unknown = sorted(set(payload.stated) - set(ControlIndicator.values))
    if unknown:
        raise ValidationError(
            {"stated": _("Unknown indicators: %(codes)s") % {"codes": ", ".join(unknown)}}
        )
    check = services.project_check(
        actor=access.request_user(request), project=project, stated=payload.stated
    )
    return Status(201, check)
