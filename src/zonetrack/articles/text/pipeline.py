"""read(): cleaning followed by extraction."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from zonetrack.core.limits import Budget, LimitExceeded

from .clean import clean
from .decoding import refusal
from .extract import extract
from .model import MAX_CHARS, Note, Reading, UnreadableInput, gettext_noop

READ_SECONDS = 120.0
"""Wall-clock budget of reading one text (2,000,000 characters take about ten seconds)."""

_CJK_RE = re.compile(r"[\u3400-\u9fff]")
# tags and inserted pinyin do not count against the share of Chinese characters
_MARKUP_RE = re.compile(
    r"<[^<>]{0,300}>|&[#a-zA-Z0-9]{1,8};|\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)", re.I
)
_CODE_OPEN_RE = re.compile(r"<(script|style)\b", re.I)


def _drop_code(text: str) -> str:
    """Remove <script> and <style> elements in one pass: a lazy regular expression up to the
    closing tag rescans to the end from every unclosed opening, which is quadratic."""
    lower = text.lower()
    parts: list[str] = []
    position = search_from = 0
    unclosed: set[str] = set()  # no closing tag of this name follows: later openings stay
    while match := _CODE_OPEN_RE.search(text, search_from):
        name = match.group(1).lower()
        end = -1 if name in unclosed else lower.find(f"</{name}", match.end())
        if end < 0:
            unclosed.add(name)
            search_from = match.end()
            continue
        close = lower.find(">", end)
        parts.append(text[position : match.start()])
        position = search_from = len(text) if close < 0 else close + 1
    parts.append(text[position:])
    return "".join(parts)


def check_input(text: str) -> None:
    """Refuse empty, oversized and non-Chinese text with a message the user can act on."""
    if text is None or not text.strip():
        raise UnreadableInput(Note(gettext_noop("The text is empty.")))
    if len(text) > MAX_CHARS:
        raise UnreadableInput(
            Note(
                gettext_noop(
                    "The text is too long (%(length)s characters); the limit is %(limit)s. "
                    "Split the article or paste the relevant part."
                ),
                length=f"{len(text):,}",
                limit=f"{MAX_CHARS:,}",
            )
        )
    sample = _MARKUP_RE.sub("", _drop_code(text[:20_000]))
    cjk = len(_CJK_RE.findall(sample))
    visible = sum(1 for ch in sample if not ch.isspace())
    if cjk < 10 or cjk < visible * 0.2:
        raise UnreadableInput(
            Note(
                gettext_noop(
                    "The text does not look like Chinese: "
                    "the reader only reads articles in Chinese."
                )
            )
        )


def read_text(
    text: str,
    *,
    pub_date: date | None = None,
    zones: Iterable[str] = (),
    max_seconds: float = READ_SECONDS,
) -> Reading:
    """Clean the text and extract its facts (see zonetrack.articles.text.read)."""
    check_input(text)
    budget = Budget(max_seconds)
    try:
        cleaned = clean(text, budget=budget)
        if pub_date is None:
            pub_date = cleaned.pub_date
        facts = extract(
            cleaned.text,
            pub_date=pub_date,
            zones=zones,
            damaged=cleaned.damaged_spans,
            budget=budget,
        )
    except LimitExceeded as error:
        raise refusal(error) from None
    return Reading(
        clean_text=cleaned.text,
        pub_date=pub_date,
        damaged_spans=cleaned.damaged_spans,
        repairs=cleaned.repairs,
        facts=facts,
        warnings=cleaned.warnings,
    )
