"""The demo dataset as one call (the old entry point, kept working).

Each app owns its demo data (`<app>/demo.py`) and registers its loader with
`zonetrack.core.demo`; this module only re-exports that registry's `load`."""

from __future__ import annotations

from zonetrack.core.demo import DEMO_PASSWORD, load

__all__ = ["DEMO_PASSWORD", "load"]
