"""Old home of the API's pagination: it lives in `zonetrack.core.schemas` now.

Kept so that the apps' routes that still import it from here keep working until they import
it from core (an app importing `api` runs against the dependency rule).
"""

from __future__ import annotations

from zonetrack.core.schemas import PAGE_SIZE_MAX, Pages

__all__ = ["PAGE_SIZE_MAX", "Pages"]
