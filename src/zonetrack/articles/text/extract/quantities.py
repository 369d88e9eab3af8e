"""Quantities: areas, numbers of people, anniversaries, ages and numbers of parks (an area in a
forward-looking sentence is a target)."""

from __future__ import annotations

import re
from typing import Any

from ..measures import qualified
from ..model import Fact
from ..numbers import NUMBER, cn_to_int, plain, to_number
from .context import Context
from .targets import metric_before, target_at, target_year

AREA_UNITS = "平方公里|平方千米|平方米|万平方米|公顷|万亩|亩"
_AREA_RE = re.compile(rf"({NUMBER})(万)?(多|余)?({AREA_UNITS})")
_AREA_BASE = {"平方千米": ("平方公里", 1), "万平方米": ("平方米", 10_000), "万亩": ("亩", 10_000)}
_PEOPLE_RE = re.compile(
    r"(\d{1,12})(多|余)?(名|位)([\u4e00-\u9fff]{2,4}?)(?=[，。、齐参出共和与]|$)"
)
_ANNIVERSARY_RE = re.compile(r"(\d{1,6})周年")
_YEARS_OF_RE = re.compile(
    r"(?<![\d年])(\d{1,3})年(?:的|来的)(探索|发展|奋斗|建设|历程|风雨|积淀|努力)"
)
_PARKS_RE = re.compile(r"([一二三四五六七八九十两\d]{1,12})(?:大|个)(园区|片区|功能区|板块)")


def find_quantities(ctx: Context) -> list[Fact]:
    """Areas, numbers of people, anniversaries, ages and numbers of parks."""
    text = ctx.text
    facts = []
    forward = target_at(ctx)
    for m in _AREA_RE.finditer(text):
        value = to_number(m.group(1))
        if value is None or (m.start() > 0 and text[m.start() - 1] in "数几上"):
            continue
        c_start, _ = ctx.clause(m.start(), m.end())
        metric = metric_before(text, m.start(), c_start)
        # areas in base units: 17万平方米 → 170000 平方米, 平方千米 → 平方公里
        base, factor = _AREA_BASE.get(m.group(4), (m.group(4), 1))
        if m.group(2):
            factor *= 10_000  # "3万多亩"
        head = text[max(0, m.start() - 3) : m.start()]
        unit = qualified(base, head, m.group(3) or text[m.end() : m.end() + 2])
        fields: dict[str, Any] = {"metric": metric, "value": plain(value * factor), "unit": unit}
        type_ = "target" if forward(m.start()) else "quantity"
        if type_ == "target":
            fields["year"] = target_year(ctx, ctx.sentence_at(m.start()), m.start())
        if ctx.zone_near(m.start()):
            fields["zone"] = ctx.zone_near(m.start())
        facts.append(ctx.fact(type_, fields, m.start(), m.end(), 0.7))
    for m in _PEOPLE_RE.finditer(text):
        unit = m.group(3) + ("（余）" if m.group(2) else "")
        fields = {"metric": m.group(4), "value": int(m.group(1)), "unit": unit}
        if ctx.main_zone:
            fields["zone"] = ctx.main_zone
        facts.append(ctx.fact("quantity", fields, m.start(), m.end(), 0.6))
    for m in _ANNIVERSARY_RE.finditer(text):
        c_start, _ = ctx.clause(m.start(), m.end())
        subject = metric_before(text, m.start(), c_start)
        fields = {"metric": (subject or "") + "周年", "value": int(m.group(1)), "unit": "周年"}
        if ctx.main_zone:
            fields["zone"] = ctx.main_zone
        facts.append(ctx.fact("quantity", fields, m.start(), m.end(), 0.6))
    for m in _YEARS_OF_RE.finditer(text):
        fields = {"metric": m.group(2) + "年数", "value": int(m.group(1)), "unit": "年"}
        if ctx.main_zone:
            fields["zone"] = ctx.main_zone
        facts.append(ctx.fact("quantity", fields, m.start(), m.end(), 0.5))
    for m in _PARKS_RE.finditer(text):
        count = cn_to_int(m.group(1)) if not m.group(1).isdigit() else int(m.group(1))
        if not count:
            continue
        fields = {"metric": m.group(2) + "数量", "value": count, "unit": "个"}
        if ctx.main_zone:
            fields["zone"] = ctx.main_zone
        facts.append(ctx.fact("quantity", fields, m.start(), m.end(), 0.6))
    return facts
