"""Fact extraction from cleaned text (first version: zones and amounts)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from .model import Fact

_ZONE_RE = re.compile(r"[\u4e00-\u9fff]{2,12}?(经济技术开发区|高新技术产业开发区|经济开发区|开发区|工业园区|产业园)")
_AMOUNT_RE = re.compile(r"(\d+(?:\.\d+)?)(亿|万)?元")


def extract(
    text: str,
    *,
    pub_date: date | None = None,
    zones: Iterable[str] = (),
    damaged: list[tuple[int, int]] | None = None,
) -> list[Fact]:
    """Every fact found in the cleaned text."""
    facts: list[Fact] = []
    seen: set[str] = set()
    for name in zones:
        at = text.find(name)
        if name and at >= 0 and name not in seen:
            seen.add(name)
            facts.append(Fact("zone", {"name": name}, name, at, at + len(name), 0.9))
    for m in _ZONE_RE.finditer(text):
        if m.group(0) not in seen:
            seen.add(m.group(0))
            facts.append(Fact("zone", {"name": m.group(0)}, m.group(0), m.start(), m.end(), 0.6))
    for m in _AMOUNT_RE.finditer(text):
        unit = {"亿": 100_000_000, "万": 10_000, None: 1}[m.group(2)]
        yuan = int(round(float(m.group(1)) * unit))
        fields = {"amount_text": m.group(0), "amount_yuan": yuan, "qualifier": None,
                  "refers_to": "", "status": "other"}
        facts.append(Fact("amount", fields, m.group(0), m.start(), m.end(), 0.5))
    return facts
