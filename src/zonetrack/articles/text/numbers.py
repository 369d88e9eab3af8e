"""Numbers in Chinese text: Arabic and Chinese numerals, money units, ranges."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千"

# Bounded runs: an unbounded \d+ restarted at every digit of a long run of digits (or numerals)
# is quadratic; no figure in an article has more than 24 digits.
NUMBER = rf"(?:\d{{1,24}}(?:\.\d{{1,12}})?|[{CN_NUMERAL}]{{1,24}})"
MONEY_UNITS = {
    "万亿": Decimal(10) ** 12,
    "千亿": Decimal(10) ** 11,
    "亿": Decimal(10) ** 8,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "万": Decimal(10) ** 4,
    "": Decimal(1),
}
MONEY_RE = re.compile(rf"({NUMBER})(万亿|千亿|亿|千万|百万|万)?(?:多|余)?元")


def cn_to_int(text: str) -> int | None:
    """A Chinese numeral below ten thousand (六, 十二, 二十五, 一百五十) as an int."""
    if not text:
        return None
    if all(ch in CN_DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (current or 1) * CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def to_number(text: str) -> Decimal | None:
    """Arabic or Chinese numeral → Decimal."""
    text = text.replace(",", "")
    if not text:
        return None
    if text[0].isdigit():
        try:
            return Decimal(text)
        except InvalidOperation:
            return None
    value = cn_to_int(text)
    return Decimal(value) if value is not None else None


def plain(value: Decimal) -> int | float:
    """A Decimal as a JSON number: int when whole, else float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def money_yuan(number: str, unit: str) -> int | None:
    """Amount in yuan of "103.5" + "亿"."""
    value = to_number(number)
    if value is None:
        return None
    return int((value * MONEY_UNITS[unit or ""]).to_integral_value())
