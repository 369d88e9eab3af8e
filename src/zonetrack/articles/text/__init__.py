"""The articles reader: messy article text in, clean Simplified Chinese and facts with quotes out.

Pure Python: imports nothing from Django or the other zonetrack apps, only the Django-free caps of
``zonetrack.core.limits`` and ``zonetrack.core.safezip``. Heavy dictionaries (OpenCC, the pinyin
inventory, jieba's word list) load lazily on first use and never download anything. Every parse
has a size cap and a time budget; hostile input is refused with UnreadableInput.
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


def read(
    text: str,
    *,
    pub_date: date | None = None,
    zones: Iterable[str] = (),
    max_seconds: float | None = None,
) -> Reading:
    """Clean the text and extract facts. `zones` adds names to the shipped zone gazetteer (the
    registry's zones). Reading that takes longer than `max_seconds` (by default the pipeline's
    READ_SECONDS) is refused. Raises UnreadableInput."""
    from .pipeline import READ_SECONDS, read_text

    seconds = READ_SECONDS if max_seconds is None else max_seconds
    return read_text(text, pub_date=pub_date, zones=zones, max_seconds=seconds)
