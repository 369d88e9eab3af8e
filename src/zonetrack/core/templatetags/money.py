"""``{{ value|wan }}``: a sum of 万元 written one way on every page (亿元 from 1亿 up)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.translation import gettext

register = template.Library()

YI_IN_WAN = Decimal(10000)
CENT = Decimal("0.01")


def _grouped(value: Decimal) -> str:
    """Thousands separators, at most two decimals, trailing zeros dropped (1,234.5; 1,234)."""
    text = f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def wan(value: Any, style: str = "") -> str:
    """A sum given in 万元 as a person reads it: ``12,345.6 万元``, or ``1.23 亿元`` from
    10,000 万元 up. ``wan:"number"`` gives the figure alone, in 万元, for a column whose
    heading names the unit (a column mixing 万 and 亿 would not add up). None is "—"."""
    amount = _decimal(value)
    if amount is None:
        return "—"
    if style == "number":
        return _grouped(amount)
    # The units outside f-strings: makemessages does not read inside them.
    if abs(amount) >= YI_IN_WAN:
        unit = gettext("亿元")
        return f"{_grouped(amount / YI_IN_WAN)} {unit}"
    unit = gettext("万元")
    return f"{_grouped(amount)} {unit}"
