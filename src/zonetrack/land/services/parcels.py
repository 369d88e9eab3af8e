"""Writes of land: parcels (with their outline checked and measured) and their dated status
changes, each change tracked and scope-checked."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import User
from zonetrack.audit.services import (
    actor_user,
    tracked_archive,
    tracked_bulk_create,
    tracked_create,
    tracked_restore,
    tracked_update,
)
from zonetrack.projects.models import Project
from zonetrack.registry.models import Zone

from .. import permissions
from ..choices import ParcelStatus
from ..geometry import (
    OVERLAP_TOLERANCE_M2,
    Outline,
    distance_km,
    outline_of,
    overlap_m2,
    read_outline,
)
from ..models import Parcel, ParcelStatusChange

# How far the stated area may differ from the outline's measured area (a share of the stated
# area) before the parcel is refused: surveys round, a wrong outline or a typo does not.
DEFAULT_AREA_TOLERANCE = Decimal("0.05")


def area_tolerance() -> Decimal:
    """The accepted share of difference between stated and measured area (a setting)."""
    return Decimal(str(getattr(settings, "ZONETRACK_LAND_AREA_TOLERANCE", DEFAULT_AREA_TOLERANCE)))


def overlapping_codes(
    *, zone_id: int, outline: Outline, exclude_pk: int | None = None, also: Iterable[Any] = ()
) -> list[str]:
    """Codes of the zone's parcels whose outline shares area with this one; ``also`` adds
    parcels not saved yet (an import's other rows)."""
    min_lng, min_lat, max_lng, max_lat = outline.bbox
    nearby = (
        Parcel.objects.active()
        .filter(zone_id=zone_id, min_lng__lte=max_lng, max_lng__gte=min_lng)
        .filter(min_lat__lte=max_lat, max_lat__gte=min_lat)
        .exclude(Q(pk=exclude_pk) if exclude_pk else Q(pk__in=[]))
        .values_list("code", "geometry")
    )
    found = []
    for code, geojson in [*nearby, *also]:
        other = outline_of(geojson)
        if other is not None and overlap_m2(outline.shape, other) > OVERLAP_TOLERANCE_M2:
            found.append(code)
    return sorted(found)


def check_area(stated: Decimal | None, measured: Decimal) -> str | None:
    """Why a stated area does not fit the measured one, or None."""
    if stated is None or stated <= 0:
        return None
    tolerance = area_tolerance()
    if abs(measured - stated) > stated * tolerance:
        return _(
            "The stated area %(stated)s 亩 differs from the outline's %(measured)s 亩 by more "
            "than %(share)s%%."
        ) % {"stated": stated, "measured": measured, "share": f"{tolerance * 100:g}"}
    return None


def apply_outline(
    parcel: Parcel, raw: Any, *, accept_overlap: bool = False, also: Iterable[Any] = ()
) -> None:
    """Read ``raw`` (GeoJSON, WKT or None) into the parcel: its outline, measured area and box,
    and the overlaps accepted. Refuses (field errors) an outline that does not close or crosses
    itself, an area beyond the tolerance, and an unaccepted overlap."""
    outline = read_outline(raw)
    if outline is None:
        parcel.geometry = None
        parcel.measured_mu = None
        parcel.min_lng = parcel.min_lat = parcel.max_lng = parcel.max_lat = None
        parcel.overlaps = []
        return
    if far := _far_from_zone(parcel, outline):
        raise ValidationError({"geometry": far})
    if parcel.area_mu is None:
        parcel.area_mu = outline.area_mu
    elif mismatch := check_area(Decimal(parcel.area_mu), outline.area_mu):
        raise ValidationError({"area_mu": mismatch})
    codes = overlapping_codes(
        zone_id=parcel.zone_id, outline=outline, exclude_pk=parcel.pk, also=also
    )
    if codes and not accept_overlap:
        raise ValidationError(
            {
                "geometry": _(
                    "The outline overlaps parcel %(codes)s of this zone. Correct it, or confirm "
                    "the overlap to save it flagged."
                )
                % {"codes": "、".join(codes)}
            }
        )
    parcel.geometry = outline.geojson
    parcel.measured_mu = outline.area_mu
    parcel.min_lng, parcel.min_lat, parcel.max_lng, parcel.max_lat = outline.bbox
    parcel.overlaps = codes


# A parcel this far from its zone's centre is a slip in the coordinates (longitude and latitude
# swapped, another coordinate system), not a parcel of the zone: the largest zones span tens of
# kilometres.
FAR_KM = 60


def _far_from_zone(parcel: Parcel, outline: Outline) -> str | None:
    """Why the outline cannot be the zone's (it lies far from the zone's centre), or None."""
    zone = parcel.zone
    if zone.center_lat is None or zone.center_lng is None:
        return None
    west, south, east, north = outline.bbox
    km = distance_km(
        (south + north) / 2, (west + east) / 2, float(zone.center_lat), float(zone.center_lng)
    )
    if km <= FAR_KM:
        return None
    return _(
        "The outline lies %(km)s km from the zone's centre: check the coordinates (longitude "
        "first, then latitude, in WGS-84)."
    ) % {"km": f"{km:,.0f}"}


def _check_supply(status: str, project: Project | None, firm: str) -> None:
    if status == ParcelStatus.SUPPLIED and project is None and not firm.strip():
        raise ValidationError(
            {"supplied_project": _("Supplied land names the project or the firm it went to.")}
        )


def _check_not_archived(parcel: Parcel) -> None:
    if parcel.is_archived:
        raise ValidationError(_("This parcel is archived; restore it to change it."))


def _check_status_date(on: date) -> None:
    if on > timezone.localdate():
        raise ValidationError({"changed_on": _("The date cannot be in the future.")})


@transaction.atomic
def parcel_create(
    *,
    actor: User | None,
    zone: Zone,
    geometry: Any = None,
    accept_overlap: bool = False,
    **fields: Any,
) -> Parcel:
    """Add a parcel to a zone; its first status is recorded as its first status change."""
    access.require(permissions.can_add_parcel(actor, zone))
    parcel = Parcel(zone=zone, **fields)
    parcel.status_on = parcel.status_on or timezone.localdate()
    _check_status_date(parcel.status_on)
    _check_supply(parcel.status, parcel.supplied_project, parcel.supplied_firm)
    apply_outline(parcel, geometry, accept_overlap=accept_overlap)
    tracked_create(
        actor=actor, obj=parcel, check=lambda fresh: permissions.can_change_parcel(actor, fresh)
    )
    ParcelStatusChange.objects.create(
        parcel=parcel,
        from_status="",
        to_status=parcel.status,
        changed_on=parcel.status_on,
        actor=actor_user(actor),
    )
    return parcel


@transaction.atomic
def parcel_update(
    *,
    actor: User | None,
    parcel: Parcel,
    changes: dict[str, Any],
    expected_version: int | None = None,
    accept_overlap: bool = False,
) -> Parcel:
    """Change a parcel's fields and outline (not its status: ``parcel_set_status`` dates that)."""
    access.require(permissions.can_change_parcel(actor, parcel))
    _check_not_archived(parcel)
    changes = dict(changes)
    if "status" in changes or "status_on" in changes:
        raise ValueError("a parcel's status changes through parcel_set_status")
    if "geometry" in changes:
        # Measure against the new stated area, on a copy, then pass the derived fields on.
        probe = Parcel(
            pk=parcel.pk,
            zone_id=changes.get("zone", parcel.zone).pk if "zone" in changes else parcel.zone_id,
            area_mu=changes.get("area_mu", parcel.area_mu),
        )
        apply_outline(probe, changes.pop("geometry"), accept_overlap=accept_overlap)
        changes["area_mu"] = probe.area_mu
        for name in ("geometry", "measured_mu", "min_lng", "min_lat", "max_lng", "max_lat"):
            changes[name] = getattr(probe, name)
        changes["overlaps"] = probe.overlaps
    elif (
        "area_mu" in changes
        and parcel.measured_mu is not None
        and (mismatch := check_area(changes["area_mu"], parcel.measured_mu))
    ):
        raise ValidationError({"area_mu": mismatch})
    return tracked_update(
        actor=actor,
        obj=parcel,
        changes=changes,
        expected_version=expected_version,
        check=lambda fresh: permissions.can_change_parcel(actor, fresh),
    )


@transaction.atomic
def parcel_set_status(
    *,
    actor: User | None,
    parcel: Parcel,
    status: str,
    changed_on: date,
    note: str = "",
    project: Project | None = None,
    firm: str = "",
    expected_version: int | None = None,
) -> ParcelStatusChange:
    """Move a parcel to a status on a date; supplying it names the project or firm it went to.
    The change is kept as an event and in the parcel's history."""
    access.require(permissions.can_change_parcel(actor, parcel))
    _check_not_archived(parcel)
    if status not in ParcelStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == parcel.status:
        raise ValidationError({"status": _("The parcel already has this status.")})
    _check_status_date(changed_on)
    last = parcel.status_changes.order_by("-changed_on", "-id").first()
    if last is not None and changed_on < last.changed_on:
        raise ValidationError(
            {
                "changed_on": _(
                    "The last status change was on %(day)s; this one cannot be earlier."
                )
                % {"day": last.changed_on.isoformat()}
            }
        )
    if project is not None and project.zone_id != parcel.zone_id:
        raise ValidationError({"supplied_project": _("This project is not in the parcel's zone.")})
    changes: dict[str, Any] = {"status": status, "status_on": changed_on}
    if status == ParcelStatus.SUPPLIED:
        _check_supply(status, project, firm)
        changes["supplied_project"] = project
        changes["supplied_firm"] = firm.strip()
    elif status in {ParcelStatus.RESERVE, ParcelStatus.STANDARD}:
        # Land back in the zone's hands (reclaimed, re-planned) belongs to no one.
        changes["supplied_project"] = None
        changes["supplied_firm"] = ""
    previous = parcel.status
    tracked_update(
        actor=actor,
        obj=parcel,
        changes=changes,
        expected_version=expected_version,
        check=lambda fresh: permissions.can_change_parcel(actor, fresh),
    )
    return ParcelStatusChange.objects.create(
        parcel=parcel,
        from_status=previous,
        to_status=status,
        changed_on=changed_on,
        note=note.strip(),
        actor=actor_user(actor),
    )


def parcel_archive(
    *, actor: User | None, parcel: Parcel, expected_version: int | None = None
) -> Parcel:
    """Hide a parcel from lists; nothing is deleted."""
    access.require(permissions.can_change_parcel(actor, parcel))
    return tracked_archive(actor=actor, obj=parcel, expected_version=expected_version)


def parcel_restore(*, actor: User | None, parcel: Parcel) -> Parcel:
    """Bring an archived parcel back."""
    access.require(permissions.can_change_parcel(actor, parcel))
    return tracked_restore(actor=actor, obj=parcel)


@transaction.atomic
def parcels_bulk_create(*, actor: User | None, zone: Zone, parcels: list[Parcel]) -> list[Parcel]:
    """Create many validated parcels of one zone at once (imports), all or none, each with its
    first status change and a creation in its history."""
    access.require(permissions.can_add_parcel(actor, zone))
    codes = [p.code for p in parcels]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("The same parcel code appears twice."))
    taken = set(Parcel.objects.filter(zone=zone, code__in=codes).values_list("code", flat=True))
    if taken:
        raise ValidationError(
            _("Parcels %(codes)s already exist in this zone.") % {"codes": "、".join(sorted(taken))}
        )
    for parcel in parcels:
        parcel.zone = zone
        parcel.status_on = parcel.status_on or timezone.localdate()
    created = tracked_bulk_create(Parcel, parcels, actor=actor)
    who = actor_user(actor)
    ParcelStatusChange.objects.bulk_create(
        [
            ParcelStatusChange(
                parcel=p,
                from_status="",
                to_status=p.status,
                changed_on=p.status_on or timezone.localdate(),
                actor=who,
            )
            for p in created
        ],
        batch_size=500,
    )
    return created


ON_OFFER = (ParcelStatus.RESERVE, ParcelStatus.STANDARD)


@transaction.atomic
def parcel_reserve(
    *, actor: User | None, parcel: Parcel, project: Project, on: date | None = None
) -> Parcel:
    """Reserve a parcel for a project of its zone: linked to it and off the market."""
    access.require(permissions.can_change_parcel(actor, parcel))
    _check_not_archived(parcel)
    if project.zone_id != parcel.zone_id:
        raise ValidationError({"parcel": _("This parcel is not in the project's zone.")})
    if parcel.status not in ON_OFFER:
        raise ValidationError({"parcel": _("Only reserve and standard land can be reserved.")})
    if parcel.reserved_for_id is not None:
        raise ValidationError({"parcel": _("This parcel is already reserved.")})
    return tracked_update(
        actor=actor,
        obj=parcel,
        changes={"reserved_for": project, "reserved_on": on or timezone.localdate()},
    )


@transaction.atomic
def parcel_release(*, actor: User | None, parcel: Parcel) -> Parcel:
    """Put a reserved parcel back on the market."""
    access.require(permissions.can_change_parcel(actor, parcel))
    if parcel.reserved_for_id is None:
        raise ValidationError({"parcel": _("This parcel is not reserved.")})
    return tracked_update(
        actor=actor, obj=parcel, changes={"reserved_for": None, "reserved_on": None}
    )
