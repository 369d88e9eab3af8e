"""Dates: full dates, year-months and day ranges with the event they date; a date written
without its year gets one from the publication date or the text around it."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from ..model import Fact
from .context import CLAUSE_END, WINDOW, Context

_DATE_RE = re.compile(
    r"(?:(?P<y>(?:19|20)\d\d)年|(?P<rel>今年|去年|明年|同年|当年))?(?P<m>1[0-2]|0?[1-9])月(?:(?P<d>3[01]|[12]\d|0?[1-9])[日号])?"
    r"(?:(?:至|到|—|-|－|~)(?:(?P<m2>1[0-2]|0?[1-9])月)?(?P<d2>3[01]|[12]\d|0?[1-9])[日号])?"
)
_ISO_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})(?!\d)")
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _year_for(ctx: Context, pos: int, month: int) -> tuple[int, str] | None:
    """The year of a date written without one: the publication year (the year before when the
    month is later than publication), else a year named in the same sentence, else the year the
    text names most."""
    if ctx.pub_date is not None:
        year = ctx.pub_date.year
        year = year - 1 if month > ctx.pub_date.month + 1 else year
        return year, "publication date"
    sentence = ctx.sentence_at(pos)
    lo = max(sentence.start, pos - WINDOW)
    years = [
        (abs(m.start() + lo - pos), int(m.group(1)))
        for m in _YEAR_RE.finditer(ctx.text[lo : min(sentence.end, pos + WINDOW)])
    ]
    if years:
        year = min(years)[1]
        return year, f"{year} in the same sentence"
    if ctx.year_counts is None:
        ctx.year_counts = Counter(int(m.group(1)) for m in _YEAR_RE.finditer(ctx.text))
    counted = ctx.year_counts
    if not counted:
        return None
    year = counted.most_common(1)[0][0]
    return year, f"{year}, the year the text names most"


def _event(ctx: Context, end: int) -> str:
    text = ctx.text
    b = end
    while b < len(text) and text[b] not in CLAUSE_END and b - end < 60:
        b += 1
    event = text[end:b].strip(" ，,")
    event = re.sub(r"^(在|于|，|的)", "", event)
    event = re.sub(r"(上|时|期间|中)$", "", event)
    return event[:40]


def find_dates(ctx: Context) -> list[Fact]:
    """Dated events: full dates, year-months, day ranges; dates without a year are resolved."""
    return _iso_dates(ctx) + _written_dates(ctx) + _year_events(ctx)


# a sentence that opens on a year alone and a comma tells what happened that year
# ("2006年，通过验收并更名为……"); a goal year (到2025年，) is not an event
_YEAR_OPENING_RE = re.compile(
    r"(?:^|(?<=[。！？\n]))\s*((?:19|20)\d\d)年[，,](?!\s*(?:要|将|力争|计划))"
)
# "2014年、2015年连续推进……": one event over the years listed
_YEAR_LIST_RE = re.compile(
    r"(?<![\d到至])((?:19|20)\d\d)年(?:、(?:19|20)\d\d年)*、((?:19|20)\d\d)年"
    r"(?=连续|先后|相继|持续|均|都|分别)"
)


def _year_events(ctx: Context) -> list[Fact]:
    """Events dated by a year alone: a sentence opening on "YYYY年，", and a list of years."""
    facts = []
    text = ctx.text
    for match in _YEAR_OPENING_RE.finditer(text):
        end = ctx.clause(match.end(), match.end())[1]
        fields = {"date": match.group(1), "event": text[match.end() : end].strip()[:40]}
        facts.append(ctx.fact("date", fields, match.start(1), end, 0.6))
    for match in _YEAR_LIST_RE.finditer(text):
        end = ctx.clause(match.end(), match.end())[1]
        value = f"{match.group(1)}/{match.group(2)}"
        fields = {"date": value, "event": text[match.end() : end].strip()[:40]}
        facts.append(ctx.fact("date", fields, match.start(), end, 0.6))
    return facts


def _iso_dates(ctx: Context) -> list[Fact]:
    """Dates written 2024-05-01; on a short line of their own, the line is the quote."""
    facts = []
    text = ctx.text
    for match in _ISO_DATE_RE.finditer(text):
        try:
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
        value = day.isoformat()
        event = "publication" if ctx.pub_date == day else _event(ctx, match.end())
        a, b = match.start(), match.end()
        line_start = text.rfind("\n", 0, a) + 1
        line_end = text.find("\n", b)
        line_end = len(text) if line_end < 0 else line_end
        if line_end - line_start < 60:
            quote = text[line_start:line_end].strip()
            q_start = text.find(quote, line_start)
            facts.append(
                Fact(
                    "date",
                    {"date": value, "event": event},
                    quote,
                    q_start,
                    q_start + len(quote),
                    0.8,
                )
            )
        else:
            facts.append(ctx.fact("date", {"date": value, "event": event}, a, b, 0.8))
        ctx.dates_by_sentence.setdefault(ctx.sentence_at(a).start, value)
    return facts


def _written_dates(ctx: Context) -> list[Fact]:
    """Dates written 2024年5月1日, 5月1日 or 5月1日至3日 (the year found when not written),
    and year-months."""
    facts = []
    text = ctx.text
    for match in _DATE_RE.finditer(text):
        month = int(match.group("m"))
        if match.start() > 0 and text[match.start() - 1].isdigit():
            continue
        year = int(match.group("y")) if match.group("y") else None
        inferred = None
        if match.group("rel") in ("同年", "当年"):
            # "成立于1992年5月，同年11月升级": the year the text named last
            before = list(_YEAR_RE.finditer(text, max(0, match.start() - 200), match.start()))
            if not before:
                continue
            year = int(before[-1].group(1))
            inferred = f"{match.group('rel')} = {year}"
        elif match.group("rel"):
            if ctx.pub_date is None:
                continue
            year = ctx.pub_date.year + {"今年": 0, "去年": -1, "明年": 1}[match.group("rel")]
            inferred = f"{match.group('rel')}, from the publication date"
        if year is None:
            if not match.group("d"):
                continue  # "6月" alone is too vague
            found = _year_for(ctx, match.start(), month)
            if found is None:
                continue
            year, inferred = found
        try:
            if match.group("d"):
                value = date(year, month, int(match.group("d"))).isoformat()
            else:
                value = f"{year:04d}-{month:02d}"
            if match.group("d2"):
                month2 = int(match.group("m2") or month)
                value += "/" + date(year, month2, int(match.group("d2"))).isoformat()
        except ValueError:
            continue
        if ctx.pub_date is not None and value == ctx.pub_date.isoformat():
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_end = text.find("\n", match.end())
            line_end = len(text) if line_end < 0 else line_end
            if line_end - line_start < 60 and match.start() < 300:
                quote = text[line_start:line_end].strip()
                q_start = text.find(quote, line_start)
                fields = {"date": value, "event": "publication"}
                facts.append(Fact("date", fields, quote, q_start, q_start + len(quote), 0.8))
                continue
        end = match.end()
        _a, b = ctx.clause(match.start(), end)
        if b - end <= 1 and b < len(text) and text[b] in "，,":
            end = ctx.clause(b + 1, b + 1)[1]  # "4月17日，举行了……": the event is the next clause
        fields = {"date": value, "event": _event(ctx, match.end())}
        if not fields["event"] and end > b:
            fields["event"] = text[b + 1 : end][:40]
        if inferred:
            fields["year_inferred_from"] = inferred
        facts.append(ctx.fact("date", fields, match.start(), end, 0.8 if not inferred else 0.7))
        ctx.dates_by_sentence.setdefault(ctx.sentence_at(match.start()).start, value.split("/")[0])
    return facts
