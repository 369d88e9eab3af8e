"""API routes of the registry: zones and parks."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation

from . import selectors, services
from .models import Region
from .schemas import ParkOut, RegionOut, ZoneOut, ZonePatch

router = Router(tags=["registry"])


class ZoneFilter(Schema):
    q: str = ""
    kind: str | None = None
    level: str | None = None
    status: str | None = None
    region: str | None = None


@router.get("/zones", response=list[ZoneOut])
@paginate(PageNumberPagination, page_size=50)
def zone_list(request: HttpRequest, filters: Query[ZoneFilter]) -> Any:
    """Zones the user can see, filtered."""
    return selectors.zone_list(
        user=request.user,
        q=filters.q,
        kind=filters.kind,
        level=filters.level,
        status=filters.status,
        region__code__startswith=filters.region,
    )


@router.get("/zones/{zone_id}", response=ZoneOut)
def zone_get(request: HttpRequest, zone_id: int) -> Any:
    return selectors.zone_get(user=request.user, zone_id=zone_id)


@router.patch("/zones/{zone_id}", response=ZoneOut)
def zone_patch(request: HttpRequest, zone_id: int, payload: ZonePatch) -> Any:
    """Change a zone. A stale ``version`` answers 409 and changes nothing."""
    zone = selectors.zone_get(user=request.user, zone_id=zone_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if "region_code" in changes:
        region = Region.objects.filter(code=changes.pop("region_code")).first()
        if region is None:
            raise ValidationError({"region_code": _("Unknown division code.")})
        changes["region"] = region
    if "organisation_id" in changes:
        organisation_id = changes.pop("organisation_id")
        visible = access.visible(Organisation.objects.active(), request.user)
        organisation = visible.filter(pk=organisation_id).first()
        if organisation is None:
            raise ValidationError({"organisation_id": _("Unknown organisation.")})
        changes["organisation"] = organisation
    services.zone_update(actor=request.user, zone=zone, changes=changes, expected_version=version)
    return selectors.zone_get(user=request.user, zone_id=zone_id)


@router.get("/zones/{zone_id}/parks", response=list[ParkOut])
def zone_parks(request: HttpRequest, zone_id: int) -> Any:
    zone = selectors.zone_get(user=request.user, zone_id=zone_id)
    return selectors.park_list(user=request.user, zone=zone)


@router.get("/parks/{park_id}", response=ParkOut)
def park_get(request: HttpRequest, park_id: int) -> Any:
    return selectors.park_get(user=request.user, park_id=park_id)


@router.get("/regions", response=list[RegionOut])
def region_list(request: HttpRequest, parent: str | None = None) -> Any:
    """Administrative divisions: the provinces, or the children of ``parent`` (a code)."""
    return selectors.region_list(parent_code=parent)
