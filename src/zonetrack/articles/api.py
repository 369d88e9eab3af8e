"""API routes of the articles app."""

from ninja import Router

router = Router(tags=["articles"])
