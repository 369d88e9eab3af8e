"""Branch-B records standing for the URL parameters of the dispatch app (see test_access_walk)."""

from __future__ import annotations

from typing import Any

from ..conftest import World


def params(world: World) -> dict[str, Any]:
    return {}
