"""Settings of the dispatch app, each with a default and an environment variable.

Read at call time through ``getattr(settings, ...)`` so tests and deployments may override them.
"""

from __future__ import annotations

import os

from django.conf import settings


def _int(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        raw = os.environ.get(name, "")
        value = int(raw) if raw.strip().lstrip("-").isdigit() else default
    return int(value)


def grace_days() -> int:
    """Days past a planned date before a milestone turns red (ZONETRACK_COLOUR_GRACE_DAYS)."""
    return max(0, _int("ZONETRACK_COLOUR_GRACE_DAYS", 0))


def escalate_days() -> int:
    """Days overdue before a problem goes up a level (ZONETRACK_ESCALATE_DAYS): to the city
    after this many days, to the province after twice as many."""
    return max(1, _int("ZONETRACK_ESCALATE_DAYS", 7))
