"""The articles reader: messy article text in, clean Simplified Chinese and facts with quotes out.

Pure Python: imports nothing from Django or the other zonetrack apps. Heavy dictionaries (OpenCC,
the pinyin inventory, jieba's word list) load lazily on first use and never download anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .decoding import decode
from .model import MAX_CHARS, Fact, Note, Reading, Repair, UnreadableInput

__all__ = [
    "MAX_CHARS",
    "Fact",
    "Note",
    "Reading",
    "Repair",
    "UnreadableInput",
    "decode",
    "read",
]


def read(text: str, *, pub_date: date | None = None, zones: Iterable[str] = ()) -> Reading:
    """Clean the text and extract facts. `zones` adds names to the shipped zone gazetteer (the
    registry's zones). Raises UnreadableInput."""
    from .pipeline import read_text

    return read_text(text, pub_date=pub_date, zones=zones)
