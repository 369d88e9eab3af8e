"""Branch-B records standing for the URL parameters of the targets app (see test_access_walk)."""

from __future__ import annotations

from datetime import date
from typing import Any

from zonetrack.targets.models import Indicator

from ..conftest import World
from .factories import LAST_YEAR, open_month


def params(world: World) -> dict[str, Any]:
    window = open_month(world.org_b, date(LAST_YEAR, 1, 1))
    return {
        "window_id": window.pk,
        "indicator_id": Indicator.objects.get(code="projects_started").pk,
    }
