"""Settings of alert delivery (webhooks, e-mail, digests), each with a default and an
environment variable.

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


def _str(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    return str(value if value is not None else os.environ.get(name, default)).strip()


def webhook_url() -> str:
    """The installation's fallback webhook (ZONETRACK_ALERT_WEBHOOK): it hears the alerts no
    organisation's webhook hears; empty for none."""
    return _str("ZONETRACK_ALERT_WEBHOOK")


def webhook_format() -> str:
    """The message format of the fallback webhook (ZONETRACK_ALERT_WEBHOOK_FORMAT): generic,
    wecom or dingtalk; generic when unset or unknown."""
    from .choices import WebhookFormat

    value = _str("ZONETRACK_ALERT_WEBHOOK_FORMAT", WebhookFormat.GENERIC).lower()
    return value if value in WebhookFormat.values else WebhookFormat.GENERIC


def webhook_secret() -> str:
    """The DingTalk signing secret of the fallback webhook (ZONETRACK_ALERT_WEBHOOK_SECRET)."""
    return _str("ZONETRACK_ALERT_WEBHOOK_SECRET")


def site_url() -> str:
    """The address zonetrack is reached at (ZONETRACK_SITE_URL, e.g. https://zt.example.gov.cn),
    so that a chat message links back to the page; empty makes links site-relative."""
    return _str("ZONETRACK_SITE_URL").rstrip("/")


def digest_threshold() -> int:
    """Above this many new alerts in one run, a webhook gets its organisation's daily digest
    instead of one message per alert (ZONETRACK_ALERT_DIGEST_THRESHOLD)."""
    return max(0, _int("ZONETRACK_ALERT_DIGEST_THRESHOLD", 5))


def digest_top() -> int:
    """How many items of each list a digest names, each with its link
    (ZONETRACK_ALERT_DIGEST_TOP)."""
    return max(1, _int("ZONETRACK_ALERT_DIGEST_TOP", 5))


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
