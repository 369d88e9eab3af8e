"""Demo data of land: parcels in every status in each demo zone with a centre, outlined on its
map, the supplied ones granted to one of the zone's projects, with dated status steps.

Loaded after the projects (supplied land names a project). Written through the services, so
the demo has the same history as real data; idempotent.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from zonetrack.core.demo import register
from zonetrack.projects.models import Project
from zonetrack.registry.models import Zone

from . import services
from .choices import LandUse, ParcelStatus
from .models import Parcel

# (code suffix, name, use, the statuses it went through, days ago of its first step)
PARCELS = (
    ("01", "东区储备地块", LandUse.INDUSTRIAL, [ParcelStatus.RESERVE], 400),
    ("02", "标准地一号", LandUse.INDUSTRIAL, [ParcelStatus.RESERVE, ParcelStatus.STANDARD], 300),
    (
        "03",
        "标准地二号",
        LandUse.NEW_INDUSTRY,
        [ParcelStatus.RESERVE, ParcelStatus.STANDARD, ParcelStatus.GRANTING],
        260,
    ),
    (
        "04",
        "装备制造地块",
        LandUse.INDUSTRIAL,
        [ParcelStatus.RESERVE, ParcelStatus.STANDARD, ParcelStatus.SUPPLIED],
        900,
    ),
    (
        "05",
        "原纺织厂地块",
        LandUse.INDUSTRIAL,
        [ParcelStatus.RESERVE, ParcelStatus.SUPPLIED, ParcelStatus.IDLE],
        1500,
    ),
    (
        "06",
        "物流仓储地块",
        LandUse.WAREHOUSE,
        [ParcelStatus.SUPPLIED, ParcelStatus.LOW_EFFICIENCY],
        2000,
    ),
)
# Side of a demo parcel's square, in degrees (about 180 m × 220 m: 40–60 亩 in Shanxi).
SIDE = 0.002


def _square(lng: float, lat: float) -> dict:
    ring = [[lng, lat], [lng + SIDE, lat], [lng + SIDE, lat + SIDE], [lng, lat + SIDE], [lng, lat]]
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


@transaction.atomic
def load() -> None:
    """Six parcels per demo zone with a centre; twice changes nothing."""
    if Parcel.objects.exists():
        return
    today = timezone.localdate()
    zones = Zone.objects.active().filter(center_lat__isnull=False).order_by("pk")
    for number, zone in enumerate(zones, start=1):
        parks = list(zone.parks.active().order_by("pk"))
        project = Project.objects.active().filter(zone=zone).order_by("pk").first()
        lng0, lat0 = float(zone.center_lng), float(zone.center_lat)
        for index, (suffix, name, use, steps, days) in enumerate(PARCELS):
            start = today - timedelta(days=days)
            supplied_to = (
                {"supplied_project": project} if project else {"supplied_firm": "晋南机械有限公司"}
            )
            first = steps[0]
            parcel = services.parcel_create(
                actor=None,
                zone=zone,
                park=parks[index % len(parks)] if parks else None,
                code=f"{number:02d}-{suffix}",
                name=name,
                area_mu=None,
                land_use=use,
                status=first,
                status_on=start,
                geometry=_square(lng0 + (index % 3) * SIDE * 1.5, lat0 + (index // 3) * SIDE * 1.5),
                **(supplied_to if first == ParcelStatus.SUPPLIED else {}),
            )
            for step, status in enumerate(steps[1:], start=1):
                services.parcel_set_status(
                    actor=None,
                    parcel=parcel,
                    status=status,
                    changed_on=start + timedelta(days=step * days // len(steps)),
                    project=project if status == ParcelStatus.SUPPLIED else None,
                    firm="" if project else "晋南机械有限公司",
                    note="示例数据",
                )


register(45, load)
