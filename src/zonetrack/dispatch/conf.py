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


def webhook_url() -> str:
    """Where alerts are posted as JSON (a WeCom or DingTalk robot); empty for none."""
    value = getattr(settings, "ZONETRACK_ALERT_WEBHOOK", None)
    return (value if value is not None else os.environ.get("ZONETRACK_ALERT_WEBHOOK", "")).strip()


def webhook_attempts() -> int:
    """How many times one webhook delivery is tried before it is recorded as failed."""
    return max(1, _int("ZONETRACK_WEBHOOK_ATTEMPTS", 3))


def webhook_timeout() -> float:
    """Seconds to wait for the webhook's answer."""
    return float(max(1, _int("ZONETRACK_WEBHOOK_TIMEOUT", 5)))


def webhook_backoff() -> float:
    """Seconds between webhook attempts (doubled each time)."""
    value = getattr(settings, "ZONETRACK_WEBHOOK_BACKOFF", None)
    if value is None:
        value = os.environ.get("ZONETRACK_WEBHOOK_BACKOFF", "1")
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return 1.0


def email_enabled() -> bool:
    """Alerts go by e-mail when ZONETRACK_ALERT_EMAIL is on (and Django's e-mail is set up)."""
    value = getattr(settings, "ZONETRACK_ALERT_EMAIL", None)
    if value is None:
        value = os.environ.get("ZONETRACK_ALERT_EMAIL", "")
    return str(value).strip().lower() in {"1", "true", "yes", "on"}
