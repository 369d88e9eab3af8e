"""The ``wan`` filter writes sums one way: 万元 with separators, 亿元 from 1亿 up."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from zonetrack.core.templatetags.money import wan


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "—"),
        ("", "—"),
        (0, "0 万元"),
        (Decimal("12.50"), "12.5 万元"),
        (Decimal("1234.00"), "1,234 万元"),
        (Decimal("1234.567"), "1,234.57 万元"),
        (Decimal("9999.99"), "9,999.99 万元"),
        (Decimal("10000"), "1 亿元"),
        (Decimal("12345.6"), "1.23 亿元"),
        (Decimal("1234567"), "123.46 亿元"),
        (Decimal("-20000"), "-2 亿元"),
        (3.5, "3.5 万元"),
    ],
)
def test_a_sum_in_wan_is_written_one_way(value: object, shown: str) -> None:
    assert wan(value) == shown


def test_a_column_in_wan_keeps_the_unit_of_its_heading() -> None:
    assert wan(Decimal("123456.789"), "number") == "123,456.79"
    assert wan(None, "number") == "—"


def test_the_filter_is_loaded_by_templates() -> None:
    rendered = Template("{% load money %}{{ v|wan }}").render(Context({"v": Decimal("50000")}))
    assert rendered == "5 亿元"
