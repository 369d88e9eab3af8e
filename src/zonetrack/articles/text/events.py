"""Dates the first reader left out: month ranges, year-only events and day.month.year lines."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from .model import Fact

if TYPE_CHECKING:
    from .extract import Context

_MONTH_RANGE_RE = re.compile(
    r"(?:((?:19|20)\d\d)年|(今年|去年))?(1[0-2]|0?[1-9])月?[至到~～—\-－](1[0-2]|0?[1-9])月(?![\d日号])"
)
_EVENT_VERBS = (
    r"成立|设立|创建|始建|组建|建立|升格|晋升|升级|获批|批准|更名|挂牌|认定|开园|揭牌|启用|"
    r"入选|列入|获评|复牌|摘牌|通过验收"
)
_YEAR_EVENT_RE = re.compile(
    rf"(?<![\d年])(?:((?:19|20)\d\d)年|(今年|去年))[，,]?(?:成功)?[^，。；\d]{{0,6}}?({_EVENT_VERBS})"
)
_FOUNDED_RE = re.compile(rf"({_EVENT_VERBS})于((?:19|20)\d\d)年(?![\d底末度])")
_DMY_RE = re.compile(r"(?<![\d.])([0-3]?\d)\.([01]?\d)\.((?:19|20)\d\d)(?![\d.])")


def _relative(ctx: Context, word: str | None) -> int | None:
    if not word:
        return None
    if ctx.pub_date is None:
        return None  # 今年 / 去年 without a publication date: the year is not known
    return ctx.pub_date.year - (1 if word == "去年" else 0)


def find_more_dates(ctx: Context) -> list[Fact]:
    """Month ranges ("1—8月" → 2024-01/2024-08) with the year named, of 今年/去年, or of the
    publication; events dated by a year alone ("成立于2005年", "2009年晋升为…"); and datelines
    written day.month.year."""
    text = ctx.text
    facts: list[Fact] = []
    for m in _MONTH_RANGE_RE.finditer(text):
        first, last = int(m.group(3)), int(m.group(4))
        if first >= last or (m.start() > 0 and text[m.start() - 1].isdigit()):
            continue
        year = int(m.group(1)) if m.group(1) else _relative(ctx, m.group(2))
        inferred = None
        if year is None and not m.group(2) and ctx.pub_date is not None:
            year, inferred = ctx.pub_date.year, "publication date"
        if year is None:
            continue
        fields = {"date": f"{year}-{first:02d}/{year}-{last:02d}", "event": "统计期"}
        if inferred or m.group(2):
            fields["year_inferred_from"] = inferred or f"{m.group(2)}, from the publication date"
        facts.append(ctx.fact("date", fields, m.start(), m.end(), 0.7))
    for m in _YEAR_EVENT_RE.finditer(text):
        year = int(m.group(1)) if m.group(1) else _relative(ctx, m.group(2))
        if year is None:
            continue
        a, b = ctx.clause(m.end(3), m.end(3))
        fields = {"date": str(year), "event": text[max(a, m.start(3)) : b][:40]}
        facts.append(ctx.fact("date", fields, m.start(), m.end(), 0.6))
    for m in _FOUNDED_RE.finditer(text):
        a, _ = ctx.clause(m.start(), m.end())
        fields = {"date": m.group(2), "event": text[a : m.end()][:40]}
        facts.append(ctx.fact("date", fields, m.start(), m.end(), 0.6))
    for m in _DMY_RE.finditer(text):
        try:
            day = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            continue
        event = "publication" if ctx.pub_date == day else "dateline"
        facts.append(ctx.fact("date", {"date": day.isoformat(), "event": event}, *m.span(), 0.7))
    return facts
