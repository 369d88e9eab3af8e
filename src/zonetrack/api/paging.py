"""The one pagination of API lists, with page numbers and sizes bounded."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from zonetrack.core.validators import PAGE_MAX

# No caller needs more rows in one answer; larger asks are refused, not silently cut.
PAGE_SIZE_MAX = 1000


class Pages(PageNumberPagination):
    """``page`` and ``page_size`` as ninja's, bounded so that offsets stay within the
    database's integers (a huge page number is a field error, not a server error)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=PAGE_MAX)
        page_size: int | None = Field(None, ge=1, le=PAGE_SIZE_MAX)
