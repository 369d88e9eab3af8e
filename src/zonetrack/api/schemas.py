"""Shared schema bases of the API."""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict


class StrictIn(Schema):
    """Input schema that refuses unknown fields instead of silently ignoring them."""

    model_config = ConfigDict(extra="forbid")
