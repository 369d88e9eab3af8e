"""Promotion's settings: the response-time target of enquiries (a setting, from the
environment)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_RESPONSE_HOURS = 24


def response_hours() -> int:
    """Hours within which an enquiry is to be answered (ZONETRACK_ENQUIRY_RESPONSE_HOURS,
    24 by default); refused unless a whole number above zero."""
    raw = getattr(settings, "ZONETRACK_ENQUIRY_RESPONSE_HOURS", None) or os.environ.get(
        "ZONETRACK_ENQUIRY_RESPONSE_HOURS", DEFAULT_RESPONSE_HOURS
    )
    try:
        hours = int(str(raw))
    except (TypeError, ValueError):
        hours = 0
    if hours <= 0:
        raise ImproperlyConfigured("ZONETRACK_ENQUIRY_RESPONSE_HOURS must be a whole number > 0")
    return hours
