"""The value types returned by the articles reader."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Repair:
    """One byte-slip repair or □ replacement, for the printed repair log."""

    start: int
    end: int
    before: str
    after: str
    accepted: bool


@dataclass(frozen=True)
class Fact:
    """One fact found in the cleaned text, with the clause that supports it."""

    type: str
    fields: dict
    quote: str
    start: int
    end: int
    confidence: float


@dataclass(frozen=True)
class Reading:
    """The cleaned text of an article and what was found in it."""

    clean_text: str
    pub_date: date | None
    damaged_spans: list[tuple[int, int]] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogue (the package itself stays in English)."""
    return message


class Note(str):
    """A message for people: English as a string, and its ``template`` and ``values`` kept so
    that an application can show it in the reader's language
    (``gettext(note.template) % note.values``)."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Note:
        note = super().__new__(cls, template % values if values else template)
        note.template, note.values = template, values
        return note


class UnreadableInput(ValueError):
    """Empty, binary, non-Chinese or oversized input; str(error) is a clear message for the user,
    and ``note`` the same as a translatable Note."""

    def __init__(self, note: Note) -> None:
        super().__init__(note)
        self.note = note


MAX_CHARS = 2_000_000
"""The cap on work: longer input is refused with UnreadableInput."""

MAX_BYTES = 8 * MAX_CHARS
"""Files larger than this are refused before they are decoded."""
