"""Branch-B records standing for the URL parameters of the promotion app (see
test_access_walk)."""

from __future__ import annotations

from datetime import date
from typing import Any

from zonetrack.promotion import services
from zonetrack.promotion.choices import EventKind

from ..conftest import World
from .factories import make_enquiry, make_lead


def params(world: World) -> dict[str, Any]:
    return {
        "lead_id": make_lead(world.zone_b, "乙区线索").pk,
        "enquiry_id": make_enquiry(world.zone_b, subject="乙区咨询").pk,
        "event_id": services.event_create(
            actor=None,
            organisation=world.org_b,
            title="乙区推介会",
            kind=EventKind.PROMOTION,
            held_on=date(2026, 5, 1),
            place="乙区会展中心",
        ).pk,
        "trip_id": services.trip_create(
            actor=None,
            organisation=world.org_b,
            leader=world.b_manager,
            starts_on=date(2026, 4, 1),
            ends_on=date(2026, 4, 3),
            destinations="乙区外出招商",
        ).pk,
    }
