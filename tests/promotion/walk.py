"""Branch-B records standing for the URL parameters of the promotion app (see
test_access_walk)."""

from __future__ import annotations

from typing import Any

from ..conftest import World
from .factories import make_enquiry, make_lead


def params(world: World) -> dict[str, Any]:
    return {
        "lead_id": make_lead(world.zone_b, "乙区线索").pk,
        "enquiry_id": make_enquiry(world.zone_b, subject="乙区咨询").pk,
    }
