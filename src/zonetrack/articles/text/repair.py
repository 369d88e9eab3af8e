"""Repair of byte-slip damage (first version: nothing repaired yet)."""

from __future__ import annotations


def repair(text: str) -> tuple[str, list[tuple[str, str, bool]]]:
    """Return the text with repaired spans wrapped in markers, and (before, after, accepted)."""
    return text, []
