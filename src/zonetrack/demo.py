"""The demo dataset as one call: each app owns its demo data (`<app>/demo.py`) and registers
its loader with `zonetrack.core.demo`; this module keeps the old entry point working."""

from __future__ import annotations

from zonetrack.core.demo import DEMO_PASSWORD, load

__all__ = ["DEMO_PASSWORD", "load"]
