"""Checks of a figure against its indicator: the field-level messages targets and values share."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..models import Indicator


def parse_figure(raw: object) -> Decimal | None:
    """A figure typed in a cell (thousands separators and spaces allowed), None when blank;
    ValueError with a message when it is not a number."""
    if raw is None:
        return None
    if isinstance(raw, Decimal):
        return raw
    text = str(raw).strip().replace(",", "").replace("，", "").replace(" ", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(_("Enter a number.")) from exc
    if not value.is_finite():
        raise ValueError(_("Enter a number."))
    return value


def figure_problem(indicator: Indicator, value: Decimal) -> str | None:
    """What is wrong with a value of this indicator, in words, or None when it is possible."""
    if abs(value) >= Decimal("1000000000000"):
        return _("A figure this large is not plausible.")
    if value != value.quantize(Decimal(1).scaleb(-indicator.decimal_places)):
        if indicator.decimal_places == 0:
            return _("%(name)s is a whole number.") % {"name": indicator.name}
        return _("At most %(places)d decimal places.") % {"places": indicator.decimal_places}
    if indicator.min_value is not None and value < indicator.min_value:
        return _("%(name)s cannot be below %(min)s %(unit)s.") % {
            "name": indicator.name,
            "min": f"{indicator.min_value.normalize():f}",
            "unit": indicator.unit,
        }
    if indicator.max_value is not None and value > indicator.max_value:
        return _("%(name)s cannot be above %(max)s %(unit)s.") % {
            "name": indicator.name,
            "max": f"{indicator.max_value.normalize():f}",
            "unit": indicator.unit,
        }
    return None
