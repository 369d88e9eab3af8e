"""Shared pieces of every app's API schemas: strict inputs and the one bounded pagination.

They live in core, not in `api`, so that each app's schemas and routes import downwards
(core ← apps ← api) and `api` stays the one place that imports every app's routes.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import ConfigDict

from zonetrack.core.validators import PAGE_MAX

# No caller needs more rows in one answer; larger asks are refused, not silently cut.
PAGE_SIZE_MAX = 1000


class StrictIn(Schema):
    """Input schema that refuses unknown fields instead of silently ignoring them."""

    model_config = ConfigDict(extra="forbid")


class Pages(PageNumberPagination):
    """``page`` and ``page_size`` as ninja's, bounded so that offsets stay within the
    database's integers (a huge page number is a field error, not a server error)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=PAGE_MAX)
        page_size: int | None = Field(None, ge=1, le=PAGE_SIZE_MAX)
