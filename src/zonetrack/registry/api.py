"""API routes of the registry: regions, clusters, zones and parks."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.core.schemas import Pages
from zonetrack.core.validators import QueryText

from . import selectors, services
from .models import Cluster, Region
from .schemas import (
    ClusterOut,
    ParkIn,
    ParkOut,
    ParkPatch,
    RegionOut,
    ZoneDetailOut,
    ZoneIn,
    ZoneOut,
    ZonePatch,
)

router = Router(tags=["registry"])


class ZoneQuery(Schema):
    q: QueryText = ""
    region: QueryText = ""
    kind: QueryText = ""
    level: QueryText = ""
    status: QueryText = ""
    management: QueryText = ""
    cluster: QueryText = ""
    sort: QueryText = "region"
    archived: bool = False


def _resolve(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Turn the API's codes and ids into records, with field errors for unknown ones."""
    if "region_code" in data:
        region = Region.objects.filter(code=data.pop("region_code")).first()
        if region is None:
            raise ValidationError({"region_code": _("Unknown division code.")})
        data["region"] = region
    if "organisation_id" in data:
        visible = access.visible(Organisation.objects.active(), user)
        organisation = visible.filter(pk=data.pop("organisation_id")).first()
        if organisation is None:
            raise ValidationError({"organisation_id": _("Unknown organisation.")})
        data["organisation"] = organisation
    if data.get("clusters") is not None:
        codes = data["clusters"]
        clusters = list(Cluster.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {c.code for c in clusters})
        if unknown:
            raise ValidationError(
                {"clusters": _("Unknown cluster codes: %(codes)s") % {"codes": ", ".join(unknown)}}
            )
        data["clusters"] = clusters
    elif "clusters" in data:
        data["clusters"] = []
    return data


@router.get("/zones", response=list[ZoneOut])
@paginate(Pages, page_size=50)
def zone_list(request: HttpRequest, filters: Query[ZoneQuery]) -> Any:
    """Zones the user can see, filtered like the zone list page; `count` is the total."""
    query = filters.dict()
    query["archived"] = "1" if query["archived"] else ""
    return selectors.zone_list(user=request.user, filters=selectors.ZoneFilters.from_params(query))


@router.post("/zones", response={201: ZoneDetailOut})
def zone_create(request: HttpRequest, payload: ZoneIn) -> Any:
    """Register a zone under an organisation the caller manages."""
    data = _resolve(request.user, payload.dict(exclude_unset=True))
    zone = services.zone_create(actor=access.request_user(request), **data)
    return Status(201, selectors.zone_get(user=request.user, zone_id=zone.pk))


@router.get("/zones/{zone_id}", response=ZoneDetailOut)
def zone_get(request: HttpRequest, zone_id: int) -> Any:
    return selectors.zone_get(user=request.user, zone_id=zone_id)


@router.patch("/zones/{zone_id}", response=ZoneDetailOut)
def zone_patch(request: HttpRequest, zone_id: int, payload: ZonePatch) -> Any:
    """Change a zone. A stale ``version`` answers 409 and changes nothing."""
    zone = selectors.zone_get(user=request.user, zone_id=zone_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    services.zone_update(
        actor=access.request_user(request),
        zone=zone,
        changes=_resolve(request.user, changes),
        expected_version=version,
    )
    return selectors.zone_get(user=request.user, zone_id=zone_id)


@router.get("/zones/{zone_id}/parks", response=list[ParkOut])
def zone_parks(request: HttpRequest, zone_id: int) -> Any:
    zone = selectors.zone_get(user=request.user, zone_id=zone_id)
    return selectors.park_list(user=request.user, zone=zone)


@router.post("/zones/{zone_id}/parks", response={201: ParkOut})
def park_create(request: HttpRequest, zone_id: int, payload: ParkIn) -> Any:
    zone = selectors.zone_get(user=request.user, zone_id=zone_id)
    data = _resolve(request.user, payload.dict(exclude_unset=True))
    park = services.park_create(actor=access.request_user(request), zone=zone, **data)
    return Status(201, selectors.park_get(user=request.user, park_id=park.pk))


@router.get("/parks/{park_id}", response=ParkOut)
def park_get(request: HttpRequest, park_id: int) -> Any:
    return selectors.park_get(user=request.user, park_id=park_id)


@router.patch("/parks/{park_id}", response=ParkOut)
def park_patch(request: HttpRequest, park_id: int, payload: ParkPatch) -> Any:
    park = selectors.park_get(user=request.user, park_id=park_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    services.park_update(
        actor=access.request_user(request),
        park=park,
        changes=_resolve(request.user, changes),
        expected_version=version,
    )
    return selectors.park_get(user=request.user, park_id=park_id)


@router.get("/clusters", response=list[ClusterOut])
def cluster_list(request: HttpRequest) -> Any:
    """The industry cluster vocabulary."""
    return selectors.cluster_list()


@router.get("/regions", response=list[RegionOut])
def region_list(request: HttpRequest, parent: QueryText | None = None) -> Any:
    """Administrative divisions: the provinces, or the children of ``parent`` (a code)."""
    return selectors.region_list(parent_code=parent)
