"""Parsing of single spreadsheet cells into decimals, dates, integers, booleans and clean text."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone
from django.utils.translation import gettext as _


class CellError(ValueError):
    """A cell's content cannot be read as the type its column needs; `message` says why."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


# Each unit is (quantity, size in the quantity's smallest unit). Fractions keep 亩 (2000/3 m²)
# exact, so 1500 亩 is exactly 1 平方公里 rather than 0.99999….
UNITS: dict[str, tuple[str, Fraction]] = {
    "元": ("money", Fraction(1)),
    "万元": ("money", Fraction(10_000)),
    "亿元": ("money", Fraction(100_000_000)),
    "平方米": ("area", Fraction(1)),
    "万平方米": ("area", Fraction(10_000)),
    "亩": ("area", Fraction(2000, 3)),
    "公顷": ("area", Fraction(10_000)),
    "平方公里": ("area", Fraction(1_000_000)),
}

# Spellings seen in ledgers, after NFKC (which turns ㎡ into m2 and ㎢ into km2) and lower-casing.
_UNIT_ALIASES = {
    "万": "万元",
    "亿": "亿元",
    "m2": "平方米",
    "平米": "平方米",
    "万m2": "万平方米",
    "万平米": "万平方米",
    "ha": "公顷",
    "km2": "平方公里",
    "平方千米": "平方公里",
}


def canonical_unit(text: str | None) -> str | None:
    """The unit named by `text` ("亿", "万元", "㎡", "公顷" …) as a key of UNITS, or None."""
    if not text:
        return None
    key = unicodedata.normalize("NFKC", text).strip().lower()
    if key in UNITS:
        return key
    return _UNIT_ALIASES.get(key)


def convert_unit(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """Convert `value` between two units of UNITS; CellError when they measure different things."""
    source, target = UNITS[from_unit], UNITS[to_unit]
    if source[0] != target[0]:
        raise CellError(
            _("%(source)s cannot be converted to %(target)s")
            % {"source": from_unit, "target": to_unit}
        )
    ratio = source[1] / target[1]
    if ratio == 1:
        return value
    if ratio.denominator == 1:
        return value * ratio.numerator
    return value * ratio.numerator / ratio.denominator


_NUMBER = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)(.*)", re.IGNORECASE)
# A dash or slash alone is how ledgers write "nothing here"; it is not a value to reject.
_PLACEHOLDERS = {"-", "--", "—", "——", "/", "\\"}


def _normalise(text: str) -> str:
    # NFKC turns full-width digits, points and commas (１２３．５，) into their ASCII forms.
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-")
    return "".join(text.split()).replace(",", "")


def _shown(value: object) -> str:
    return value.strip() if isinstance(value, str) else str(value)


def parse_decimal(
    value: object,
    *,
    unit_to: str | None = None,
    header_unit: str | None = None,
    allow_percent: bool = False,
) -> Decimal | None:
    """Read a number, converting written units ("1.5亿", "300元") and the header's unit.

    The result is in `unit_to` when given, else in `header_unit`. A unit written in the cell wins
    over the header's. Excel percent-formatted cells arrive as fractions (0.12); only text like
    "12%" is read as a percentage, and only when `allow_percent` is set. Empty cells give None.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise CellError(_("not a number: %(value)s") % {"value": _shown(value)})
    target = canonical_unit(unit_to) if unit_to else None
    if unit_to and target is None:
        raise ValueError(f"unknown unit {unit_to!r}")
    source = None
    if header_unit and header_unit.strip() != "%":
        source = canonical_unit(header_unit)
        if source is None:
            raise CellError(_("unknown unit %(unit)s") % {"unit": header_unit})
    if isinstance(value, str):
        text = _normalise(value)
        if not text or text in _PLACEHOLDERS:
            return None
        match = _NUMBER.fullmatch(text)
        if match is None:
            raise CellError(_("not a number: %(value)s") % {"value": _shown(value)})
        number = Decimal(match.group(1))
        suffix = match.group(2)
        if suffix == "%":
            if not allow_percent:
                raise CellError(
                    _("a percentage is not expected here: %(value)s") % {"value": _shown(value)}
                )
            return number
        if suffix:
            written = canonical_unit(suffix)
            if written is None:
                raise CellError(_("not a number: %(value)s") % {"value": _shown(value)})
            if target is None and source is None:
                raise CellError(
                    _("unexpected unit %(unit)s in %(value)s; this column takes a plain number")
                    % {"unit": suffix, "value": _shown(value)}
                )
            target = target or source
            source = written
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(_("not a number: %(value)s") % {"value": value})
        # str() gives the shortest repr, so 0.1 stays 0.1 instead of 0.1000000000000000055…
        number = Decimal(str(value))
    else:
        number = Decimal(value)
        if not number.is_finite():
            raise CellError(_("not a number: %(value)s") % {"value": value})
    if source and target and source != target:
        return convert_unit(number, source, target)
    return number


def parse_int(value: object) -> int | None:
    """Read a whole number ("12", 12.0, "１２"); CellError for fractions and text."""
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(_("not a whole number: %(value)s") % {"value": _shown(value)})
    return int(number)


_TRUE = {"是", "√", "✓", "✔", "y", "yes", "1", "true", "t", "对"}
_FALSE = {"否", "×", "✗", "✘", "x", "n", "no", "0", "false", "f", "不是"}


def parse_bool(value: object) -> bool | None:
    """Read yes or no: 是/否, √/×, Y/N, yes/no, 1/0, true/false; empty gives None."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().lower()
        if not text:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise CellError(_("not yes or no: %(value)s") % {"value": _shown(value)})


# Excel's 1900 date system counts 1900-01-01 as day 1 and wrongly includes 1900-02-29 (day 60).
_EXCEL_EPOCH = date(1899, 12, 30)
_FULL_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?")
_MONTH = re.compile(r"(\d{4})[-/.年](\d{1,2})月?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})[日号]")
_YEAR = re.compile(r"(\d{4})年?")
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


def _from_serial(value: float | Decimal | int, shown: str) -> date:
    if not 1 <= value < 80_000:
        raise CellError(_("not a date: %(value)s") % {"value": shown})
    if 1900 <= value <= 2100 and value == int(value):
        # A bare year typed into a date column would otherwise become a day in 1905.
        raise CellError(_("a year alone is not a date: %(value)s") % {"value": shown})
    days = int(value)
    if days == 60:
        raise CellError(_("not a valid date: %(value)s") % {"value": shown})
    if days < 60:
        days += 1
    return _EXCEL_EPOCH + timedelta(days=days)


def parse_date(value: object, *, today: date | None = None) -> date | None:
    """Read a date from a date cell, an Excel serial number or text in the usual Chinese forms.

    Text may be "2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", "20240305", a month alone
    ("2024.03", "2024年3月" give the first of the month) or "3月5日" (in `today`'s year).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError(_("not a date: %(value)s") % {"value": value})
        return _from_serial(value, str(value))
    if not isinstance(value, str):
        raise CellError(_("not a date: %(value)s") % {"value": _shown(value)})
    text = _TIME.sub("", unicodedata.normalize("NFKC", value).strip())
    text = "".join(text.split())
    if not text or text in _PLACEHOLDERS:
        return None
    shown = _shown(value)
    try:
        if match := _FULL_DATE.fullmatch(text) or _COMPACT.fullmatch(text):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := _MONTH.fullmatch(text):
            return date(int(match.group(1)), int(match.group(2)), 1)
        if match := _MONTH_DAY.fullmatch(text):
            year = (today or timezone.localdate()).year
            return date(year, int(match.group(1)), int(match.group(2)))
    except ValueError:
        raise CellError(_("not a valid date: %(value)s") % {"value": shown}) from None
    if _YEAR.fullmatch(text):
        raise CellError(_("a year alone is not a date: %(value)s") % {"value": shown})
    raise CellError(_("not a date: %(value)s") % {"value": shown})


def clean_text(value: object) -> str:
    """Text of a cell, stripped, with runs of whitespace (newlines, full-width spaces) as one space.

    Chinese punctuation is kept as written: no NFKC here, since names and descriptions are
    shown back to people exactly as they typed them.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel stores 序号 and codes typed as numbers as floats; "3.0" is not what was typed.
        value = int(value)
    elif isinstance(value, datetime | date):
        value = value.isoformat()
    return " ".join(str(value).split())
