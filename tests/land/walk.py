"""Branch-B records standing for the URL parameters of the land app (see test_access_walk)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from zonetrack.land import services
from zonetrack.land.choices import FirmKind
from zonetrack.land.models import FirmYear

from ..conftest import World
from .factories import make_parcel, supplied_commitment


def params(world: World) -> dict[str, Any]:
    # No outline: an edit page would show its GeoJSON text, which no page language translates.
    parcel = make_parcel(world.zone_b, "乙-01", area_mu="12")
    return {
        "parcel_id": parcel.pk,
        **permu_params(world),
        **commitment_params(world),
        **factory_params(world),
    }


def factory_params(world: World) -> dict[str, Any]:
    """A standard factory building of branch B with one vacant unit."""
    building = services.building_create(actor=None, zone=world.zone_b, code="乙-F1", storeys=2)
    unit = services.unit_create(
        actor=None, building=building, code="101", floor=1, floor_area_m2=Decimal(800)
    )
    return {"building_id": building.pk, "unit_id": unit.pk}


def commitment_params(world: World) -> dict[str, Any]:
    """A commitment of branch B whose completion check failed (so a follow-up is open)."""
    commitment = supplied_commitment(
        world.zone_b,
        world.project_b,
        "乙-C1",
        start_by_on=date(2023, 6, 30),
        production_by_on=date(2024, 6, 30),
    )
    check = services.commitment_check(
        actor=None, commitment=commitment, kind="completion", day=date(2025, 1, 1)
    )
    return {"commitment_id": commitment.pk, "follow_up_id": check.follow_up.pk}


def permu_params(world: World) -> dict[str, Any]:
    """A published evaluation of branch B with a firm and an objection."""
    evaluation = services.evaluation_create(actor=None, organisation=world.org_b, year=2024)
    services.firms_replace(
        actor=None,
        evaluation=evaluation,
        firms=[
            FirmYear(
                name="乙区精工", kind=FirmKind.BELOW_SCALE, land_mu=Decimal(20), tax_wan=Decimal(80)
            )
        ],
    )
    services.evaluation_score(actor=None, evaluation=evaluation)
    evaluation.refresh_from_db()
    services.evaluation_publish(actor=None, evaluation=evaluation)
    firm = evaluation.firms.get()
    objection = services.objection_file(
        actor=None, firm=firm, text="用地面积有误", evidence="不动产权证"
    )
    return {"evaluation_id": evaluation.pk, "firm_id": firm.pk, "objection_id": objection.pk}
