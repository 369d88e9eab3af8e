"""The one check of text, dates and numbers that every form and API schema field uses."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field

# Lengths of text that no field of the models goes beyond (CharFields say their own).
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 20_000
# A search box, a code or a filter value.
QUERY_TEXT_MAX = 100
# An address to return to after a form: a list page with its filters.
NEXT_MAX = 2000

# Dates a record may carry: others are typing errors (and break reports and exports).
DATE_MIN, DATE_MAX = date(1900, 1, 1), date(2100, 12, 31)

# Ids and counts are stored as 64- and 32-bit integers: a larger number is no record.
ID_MAX = 2**63 - 1
INT_MAX = 2**31 - 1
# Page numbers: no list has a million pages; beyond, offsets overflow the database.
PAGE_MAX = 1_000_000

# NUL and the C0 controls (and DEL) break PostgreSQL, Word documents and spreadsheets.
_CONTROL_SHORT = re.compile(r"[\x00-\x1f\x7f]")
# Long text keeps tab, line feed and carriage return (browsers send line breaks as CR LF).
_CONTROL_LONG = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_pattern(multiline: bool) -> re.Pattern[str]:
    return _CONTROL_LONG if multiline else _CONTROL_SHORT


def text_problem(value: str, *, multiline: bool = False, max_length: int | None = None) -> str:
    """The message saying what is wrong with ``value``, or "" when it may be stored."""
    limit = max_length or (LONG_TEXT_MAX if multiline else SHORT_TEXT_MAX)
    if _control_pattern(multiline).search(value):
        if multiline:
            return _("Remove the control characters (only tabs and line breaks are allowed).")
        return _("Remove the control characters and line breaks.")
    if len(value) > limit:
        return _("At most %(limit)s characters (it has %(length)s).") % {
            "limit": limit,
            "length": len(value),
        }
    return ""


class TextValidator:
    """Django validator: no NUL or control characters, at most ``max_length`` characters."""

    def __init__(self, *, multiline: bool = False, max_length: int | None = None) -> None:
        self.multiline = multiline
        self.max_length = max_length

    def __call__(self, value: Any) -> None:
        if isinstance(value, str):
            problem = text_problem(value, multiline=self.multiline, max_length=self.max_length)
            if problem:
                raise ValidationError(problem, code="invalid_text")

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, TextValidator)
            and self.multiline == other.multiline
            and self.max_length == other.max_length
        )

    def __hash__(self) -> int:
        return hash((self.multiline, self.max_length))


def date_problem(value: date) -> str:
    """The message saying why a date (or a moment) is refused, or "" when it is within
    1900–2100."""
    if isinstance(value, datetime):  # a datetime does not compare with a date
        value = value.date()
    if not DATE_MIN <= value <= DATE_MAX:
        return _("Enter a date between %(first)s and %(last)s.") % {
            "first": DATE_MIN.isoformat(),
            "last": DATE_MAX.isoformat(),
        }
    return ""


def validate_date(value: Any) -> None:
    """Django validator of every date field: within 1900–2100."""
    if isinstance(value, date):
        problem = date_problem(value)
        if problem:
            raise ValidationError(problem, code="date_range")


def query_text(value: Any, max_length: int = QUERY_TEXT_MAX) -> str:
    """A search or filter parameter as the database may be asked: control characters (NUL
    among them, which PostgreSQL refuses) dropped, surrounding space stripped, length capped."""
    return _CONTROL_SHORT.sub("", str(value or "")).strip()[:max_length]


def query_id(value: Any) -> int | None:
    """A record's id given in a query string (``?zone=12``): digits within the id range, or
    None for anything else (empty, text, a number past any id)."""
    text = str(value or "").strip()
    return int(text) if text.isdecimal() and len(text) <= 19 and 0 < int(text) <= ID_MAX else None


def query_decimal(
    value: Any, *, above: Decimal | int | None = None, below: Decimal | int | None = None
) -> Decimal | None:
    """A number given in a query string (``?min_mu=12.5``): a finite decimal strictly between
    the bounds given, or None for anything else (empty, text, NaN, infinity, out of bounds)."""
    text = str(value or "").strip()
    try:
        number = Decimal(text) if text else None
    except InvalidOperation:
        return None
    if number is None or not number.is_finite():
        return None
    if (above is not None and number <= above) or (below is not None and number >= below):
        return None
    return number


# --- API (pydantic) ---------------------------------------------------------------------


def _checked(multiline: bool, max_length: int) -> AfterValidator:
    def check(value: str) -> str:
        problem = text_problem(value, multiline=multiline, max_length=max_length)
        if problem:
            raise ValueError(problem)
        return value

    return AfterValidator(check)


def _checked_date(value: date) -> date:
    problem = date_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def text(max_length: int = SHORT_TEXT_MAX, *, multiline: bool = False) -> Any:
    """An API string field of at most ``max_length`` characters without control characters
    (tabs and line breaks allowed when ``multiline``)."""
    return Annotated[
        str,
        # The pattern tells clients the rule; the check itself gives the clearer message.
        Field(max_length=max_length, json_schema_extra={"pattern": _SCHEMA_PATTERN[multiline]}),
        _checked(multiline, max_length),
    ]


# The same rule told to clients (and fuzzers) in the OpenAPI document.
_SCHEMA_PATTERN = {
    False: r"^[^\x00-\x1f\x7f]*$",
    True: r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$",
}

Text = text()
LongText = text(LONG_TEXT_MAX, multiline=True)
QueryText = text(QUERY_TEXT_MAX)
Day = Annotated[date, AfterValidator(_checked_date)]
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
Count = Annotated[int, Field(ge=0, le=INT_MAX)]
Version = Annotated[int, Field(ge=1, le=INT_MAX)]


__all__ = [
    "DATE_MAX",
    "DATE_MIN",
    "LONG_TEXT_MAX",
    "NEXT_MAX",
    "PAGE_MAX",
    "QUERY_TEXT_MAX",
    "SHORT_TEXT_MAX",
    "Count",
    "Day",
    "Id",
    "LongText",
    "QueryText",
    "Text",
    "TextValidator",
    "Version",
    "date_problem",
    "query_text",
    "text",
    "text_problem",
    "validate_date",
]
