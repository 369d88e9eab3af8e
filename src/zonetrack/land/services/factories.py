"""Writes of standard factories: buildings and their units (the zone's land officers), a unit
let to an occupant or vacated, reserved for a project or released. Every change is kept in the
record's history; a lease replaced by the next stays in the history of the unit."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import User
from zonetrack.audit.services import tracked_create, tracked_update
from zonetrack.projects.models import Project
from zonetrack.registry.models import Zone

from .. import permissions
from ..models import FactoryBuilding, FactoryUnit


@transaction.atomic
def building_create(*, actor: User | None, zone: Zone, **fields: Any) -> FactoryBuilding:
    """Add a standard factory building to a zone."""
    access.require(permissions.can_add_parcel(actor, zone))
    return tracked_create(actor=actor, obj=FactoryBuilding(zone=zone, **fields))


@transaction.atomic
def unit_create(*, actor: User | None, building: FactoryBuilding, **fields: Any) -> FactoryUnit:
    """Add a unit to a building, on the market until let or reserved."""
    access.require(permissions.can_change_building(actor, building))
    return tracked_create(actor=actor, obj=FactoryUnit(building=building, **fields))


def _check_project(unit: FactoryUnit, project: Project | None, field: str) -> None:
    if project is not None and project.zone_id != unit.building.zone_id:
        raise ValidationError({field: _("This project is not in the building's zone.")})


@transaction.atomic
def unit_lease(
    *,
    actor: User | None,
    unit: FactoryUnit,
    lease_start_on: date,
    lease_end_on: date | None = None,
    occupant_firm: str = "",
    occupant_project: Project | None = None,
) -> FactoryUnit:
    """Let a unit from a date (to a date, or open-ended) to a firm or a project of the zone; a
    reservation for that project ends with it."""
    access.require(permissions.can_change_building(actor, unit.building))
    firm = (occupant_firm or "").strip()
    errors: dict[str, str] = {}
    if not firm and occupant_project is None:
        errors["occupant_firm"] = _("Name the firm or choose the project that moves in.")
    if unit.is_let_on(lease_start_on):
        errors["lease_start_on"] = _("The unit is let on that day until %(end)s.") % {
            "end": unit.lease_end_on.isoformat() if unit.lease_end_on else _("further notice")
        }
    if unit.reserved_for_id and unit.reserved_for_id != getattr(occupant_project, "pk", None):
        errors["occupant_project"] = _("The unit is reserved for another project.")
    if errors:
        raise ValidationError(errors)
    _check_project(unit, occupant_project, "occupant_project")
    return tracked_update(
        actor=actor,
        obj=unit,
        changes={
            "occupant_firm": firm,
            "occupant_project": occupant_project,
            "lease_start_on": lease_start_on,
            "lease_end_on": lease_end_on,
            "reserved_for": None,
            "reserved_on": None,
        },
    )


@transaction.atomic
def unit_vacate(*, actor: User | None, unit: FactoryUnit, on: date) -> FactoryUnit:
    """End the running lease on a day: the unit is on the market from the next."""
    access.require(permissions.can_change_building(actor, unit.building))
    if not unit.is_let_on(on):
        raise ValidationError({"on": _("The unit is not let on that day.")})
    return tracked_update(actor=actor, obj=unit, changes={"lease_end_on": on})


@transaction.atomic
def unit_reserve(
    *, actor: User | None, unit: FactoryUnit, project: Project, on: date | None = None
) -> FactoryUnit:
    """Reserve a vacant unit for a project of its zone: linked to it and off the market."""
    access.require(permissions.can_change_building(actor, unit.building))
    _check_project(unit, project, "unit")
    today = timezone.localdate()
    if unit.is_let_on(today):
        raise ValidationError({"unit": _("This unit is let.")})
    if unit.reserved_for_id is not None:
        raise ValidationError({"unit": _("This unit is already reserved.")})
    return tracked_update(
        actor=actor, obj=unit, changes={"reserved_for": project, "reserved_on": on or today}
    )


@transaction.atomic
def unit_release(*, actor: User | None, unit: FactoryUnit) -> FactoryUnit:
    """Put a reserved unit back on the market."""
    access.require(permissions.can_change_building(actor, unit.building))
    if unit.reserved_for_id is None:
        raise ValidationError({"unit": _("This unit is not reserved.")})
    return tracked_update(
        actor=actor, obj=unit, changes={"reserved_for": None, "reserved_on": None}
    )
