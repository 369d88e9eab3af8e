"""read(): cleaning followed by extraction."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from .clean import clean
from .extract import extract
from .model import MAX_CHARS, Note, Reading, UnreadableInput, gettext_noop

_CJK_RE = re.compile(r"[\u3400-\u9fff]")
# tags and inserted pinyin do not count against the share of Chinese characters
_MARKUP_RE = re.compile(
    r"<(script|style)\b.*?</\1\s*>|<[^<>]{0,300}>|&[#a-zA-Z0-9]{1,8};"
    r"|\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)",
    re.S | re.I,
)


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
    sample = _MARKUP_RE.sub("", text[:20_000])
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


def read_text(text: str, *, pub_date: date | None = None, zones: Iterable[str] = ()) -> Reading:
    """Clean the text and extract its facts (see zonetrack.articles.text.read)."""
    check_input(text)
    cleaned = clean(text)
    if pub_date is None:
        pub_date = cleaned.pub_date
    facts = extract(cleaned.text, pub_date=pub_date, zones=zones, damaged=cleaned.damaged_spans)
    return Reading(
        clean_text=cleaned.text,
        pub_date=pub_date,
        damaged_spans=cleaned.damaged_spans,
        repairs=cleaned.repairs,
        facts=facts,
        warnings=cleaned.warnings,
    )
