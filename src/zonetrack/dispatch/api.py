"""API routes of the dispatch app."""

from ninja import Router

router = Router(tags=["dispatch"])
