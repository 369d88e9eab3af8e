"""A scheme's periods as written (2026H1, 2026Q3, 2026): parsing, their months, the one before."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import PeriodKind

PATTERNS = {
    PeriodKind.HALF_YEAR: re.compile(r"^(\d{4})H([12])$"),
    PeriodKind.QUARTER: re.compile(r"^(\d{4})Q([1-4])$"),
    PeriodKind.YEAR: re.compile(r"^(\d{4})$"),
}
MONTHS = {PeriodKind.HALF_YEAR: 6, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}


@dataclass(frozen=True)
class Period:
    """One period of a kind: its label, first month and the first month after it."""

    kind: str
    year: int
    part: int

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.HALF_YEAR:
            return f"{self.year}H{self.part}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year}Q{self.part}"
        return str(self.year)

    @property
    def start(self) -> date:
        return date(self.year, (self.part - 1) * MONTHS[PeriodKind(self.kind)] + 1, 1)

    @property
    def end(self) -> date:
        """The first day after the period."""
        month = self.part * MONTHS[PeriodKind(self.kind)] + 1
        return date(self.year + 1, 1, 1) if month > 12 else date(self.year, month, 1)

    def previous(self) -> Period:
        if self.kind == PeriodKind.YEAR:
            return Period(self.kind, self.year - 1, 1)
        parts = 12 // MONTHS[PeriodKind(self.kind)]
        if self.part == 1:
            return Period(self.kind, self.year - 1, parts)
        return Period(self.kind, self.year, self.part - 1)


def parse(kind: str, label: str) -> Period:
    """The period a label names, for a scheme of ``kind``; ValidationError when it does not."""
    match = PATTERNS[PeriodKind(kind)].match((label or "").strip().upper())
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise ValidationError(
            {"period": _("Write the period as 2026H1 (half-year), 2026Q3 (quarter) or 2026.")}
        )
    part = int(match.group(2)) if kind != PeriodKind.YEAR else 1
    return Period(kind, int(match.group(1)), part)


def latest_complete(kind: str, today: date) -> Period:
    """The last period that ended before ``today``."""
    current = parse(kind, _label_for(kind, today))
    return current.previous()


def _label_for(kind: str, day: date) -> str:
    if kind == PeriodKind.HALF_YEAR:
        return f"{day.year}H{1 if day.month <= 6 else 2}"
    if kind == PeriodKind.QUARTER:
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    return str(day.year)
