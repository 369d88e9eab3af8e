"""The text being read by the fact finders: its sentences, clause bounds and shared state.

Rules, not models: sentences are split on 。！？ and line breaks, clauses on ，；：. Each fact
carries the clause (or clauses) that support it, sliced from the cleaned text, so its quote is
always verbatim. Facts whose quote touches □ (characters lost in the source) get low confidence.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from zonetrack.core.limits import Budget

from ..model import Fact

HAN = "\u4e00-\u9fff"
SENTENCE_END = "。！？!?\n"
CLAUSE_END = SENTENCE_END + "，；,;：:●"
CLAUSE_REACH = 120
"""How far a quote reaches either side of its figure when there is no punctuation."""
WINDOW = 200
"""How far before a figure its sentence is searched (status words, years, zones)."""

# The zone suffixes of a zone a figure can belong to (a park inside a zone is not one).
MAJOR_SUFFIXES = ("开发区", "高新区", "经开区", "新区", "保税区", "自贸区", "试验区")


@dataclass(frozen=True)
class Span:
    """A stretch of the text, [start, end)."""

    start: int
    end: int


def is_han(ch: str) -> bool:
    """Whether a character is a (common) Han character."""
    return "\u4e00" <= ch <= "\u9fff"


class Context:
    """The text being read, its sentences and the facts found so far."""

    def __init__(
        self, text: str, pub_date: date | None, zones: Iterable[str], damaged: list[tuple[int, int]]
    ) -> None:
        self.text = text
        self.pub_date = pub_date
        names = {z.strip() for z in zones if isinstance(z, str)}
        self.extra_zones = tuple(sorted((z for z in names if 2 <= len(z) <= 60), key=len))
        self.damaged = damaged
        self.sentences = split_spans(text, SENTENCE_END)
        self.bounds = [
            i
            for i, ch in enumerate(text)
            if ch in CLAUSE_END
            and not (
                ch in ":,："
                and 0 < i < len(text) - 1
                and text[i - 1].isdigit()
                and text[i + 1].isdigit()
            )
        ]
        self.year_counts: Counter[int] | None = None
        self.main_zone: str | None = None
        self.zone_names: list[str] = []
        self.dates_by_sentence: dict[int, str] = {}
        self.budget: Budget | None = None
        self._zone_at: dict[int, str | None] = {}  # zone_near is asked twice for most figures

    def check(self) -> None:
        """Refuse once the reading's time budget is spent."""
        if self.budget is not None:
            self.budget.check()

    def zone_near(self, pos: int) -> str | None:
        """The zone named last before `pos` in its sentence, else the article's main zone."""
        if pos not in self._zone_at:
            self._zone_at[pos] = self._zone_before(pos)
        return self._zone_at[pos]

    def _zone_before(self, pos: int) -> str | None:
        sentence = self.sentence_at(pos)
        segment = self.text[max(sentence.start, pos - WINDOW) : pos]
        best: tuple[int, str] | None = None
        for name in self.zone_names:
            if not name.endswith(MAJOR_SUFFIXES):
                continue
            at = segment.rfind(name)
            if at >= 0 and (best is None or at > best[0]):
                best = (at, name)
        return best[1] if best else self.main_zone

    def sentence_at(self, pos: int) -> Span:
        """The sentence holding `pos` (an empty span when none does)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            span = self.sentences[mid]
            if pos < span.start:
                hi = mid - 1
            elif pos >= span.end:
                lo = mid + 1
            else:
                return span
        return Span(pos, pos)

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause(s) around text[start:end], trimmed of spaces and quote marks at the ends;
        at most CLAUSE_REACH characters either side, so text without punctuation stays cheap."""
        text = self.text
        k = bisect.bisect_left(self.bounds, start)
        a = self.bounds[k - 1] + 1 if k > 0 else 0
        a = max(a, start - CLAUSE_REACH)
        k = bisect.bisect_left(self.bounds, end)
        b = self.bounds[k] if k < len(self.bounds) else len(text)
        b = min(b, end + CLAUSE_REACH)
        dash = text.rfind("——", a, start)
        if dash >= 0:
            a = dash + 2
        while a < b and (
            text[a] in " —-·●"
            or (text[a] in "“‘" and text.count("”", a, b) <= text.count("“", a, b) - 1)
        ):
            a += 1
        while b > a and (
            text[b - 1] == " "
            or (text[b - 1] in "”’" and text.count("“", a, b) < text.count("”", a, b))
        ):
            b -= 1
        return a, b

    def fact(self, type_: str, fields: dict, start: int, end: int, confidence: float) -> Fact:
        """A fact whose quote is the clause around text[start:end]."""
        a, b = self.clause(start, end)
        quote = self.text[a:b]
        if "□" in quote:
            confidence = min(confidence, 0.3)
        return Fact(type_, fields, quote, a, b, round(confidence, 2))


def split_spans(text: str, ends: str) -> list[Span]:
    """The text cut after each of the `ends` characters; empty pieces are left out."""
    spans = []
    start = 0
    for i, ch in enumerate(text):
        if ch in ends:
            if i + 1 > start:
                spans.append(Span(start, i + 1))
            start = i + 1
    if start < len(text):
        spans.append(Span(start, len(text)))
    return spans
