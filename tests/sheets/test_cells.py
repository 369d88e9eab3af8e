"""Cell parsing: numbers with units and full-width digits, dates in their many forms, yes/no."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from zonetrack.sheets.cells import (
    CellError,
    canonical_unit,
    clean_text,
    convert_unit,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1200, Decimal("1200")),
        (Decimal("3.25"), Decimal("3.25")),
        ("1,234.5", Decimal("1234.5")),
        ("1，234", Decimal("1234")),
        (" 12 345 ", Decimal("12345")),
        ("１２３．５", Decimal("123.5")),
        ("-1,200", Decimal("-1200")),
        ("1.5e3", Decimal("1500")),
    ],
)
def test_parse_decimal_plain_numbers(value: object, expected: Decimal) -> None:
    assert parse_decimal(value) == expected


def test_parse_decimal_float_without_binary_artefacts() -> None:
    assert str(parse_decimal(0.1)) == "0.1"
    assert parse_decimal(1234.56) == Decimal("1234.56")


@pytest.mark.parametrize("value", [None, "", "   ", "—", "/", "-"])
def test_parse_decimal_empty_is_none(value: object) -> None:
    assert parse_decimal(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.5亿", Decimal("15000")),
        ("1.5亿元", Decimal("15000")),
        ("5亿", Decimal("50000")),
        ("5000万", Decimal("5000")),
        ("5000万元", Decimal("5000")),
        ("５０００万", Decimal("5000")),
        ("300元", Decimal("0.03")),
        ("800", Decimal("800")),
    ],
)
def test_parse_decimal_written_money_units_to_wan(value: str, expected: Decimal) -> None:
    assert parse_decimal(value, unit_to="万元") == expected


def test_parse_decimal_header_unit_converts() -> None:
    assert parse_decimal(1.5, header_unit="亿元", unit_to="万元") == Decimal("15000")
    assert parse_decimal("150", header_unit="公顷", unit_to="平方公里") == Decimal("1.5")
    assert parse_decimal(1500, header_unit="亩", unit_to="平方公里") == Decimal("1")
    assert parse_decimal(3, header_unit="㎢", unit_to="公顷") == Decimal("300")


def test_parse_decimal_cell_unit_wins_over_header_unit() -> None:
    assert parse_decimal("2亿", header_unit="万元") == Decimal("20000")
    assert parse_decimal("3000", header_unit="万元") == Decimal("3000")


def test_parse_decimal_percent_header_is_not_a_conversion() -> None:
    assert parse_decimal(12.5, header_unit="%", unit_to=None) == Decimal("12.5")


def test_parse_decimal_percent_only_when_allowed() -> None:
    assert parse_decimal("12%", allow_percent=True) == Decimal("12")
    assert parse_decimal("１２．５％", allow_percent=True) == Decimal("12.5")
    with pytest.raises(CellError, match="percentage"):
        parse_decimal("12%")


@pytest.mark.parametrize(
    ("value", "kwargs", "message"),
    [
        ("待定", {}, "not a number: 待定"),
        ("约5000", {"unit_to": "万元"}, "not a number: 约5000"),
        ("1.5亿", {}, "unexpected unit 亿"),
        ("3公顷", {"unit_to": "万元"}, "公顷 cannot be converted to 万元"),
        (True, {}, "not a number: True"),
        (float("nan"), {}, "not a number"),
        (datetime(2024, 1, 1), {}, "not a number"),
        ("5", {"header_unit": "万元/亩"}, "unknown unit 万元/亩"),
    ],
)
def test_parse_decimal_refusals_name_the_value(value: object, kwargs: dict, message: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_decimal(value, **kwargs)
    assert message in caught.value.message


def test_units_and_conversion() -> None:
    assert canonical_unit("亿") == "亿元"
    assert canonical_unit("㎡") == "平方米"
    assert canonical_unit("  公顷 ") == "公顷"
    assert canonical_unit("斤") is None
    assert convert_unit(Decimal("1"), "平方公里", "亩") == Decimal("1500")
    with pytest.raises(CellError):
        convert_unit(Decimal("1"), "亩", "万元")


def test_parse_int() -> None:
    assert parse_int("12") == 12
    assert parse_int(12.0) == 12
    assert parse_int("１２") == 12
    assert parse_int("") is None
    with pytest.raises(CellError, match=r"not a whole number: 12\.5"):
        parse_int(12.5)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("是", True),
        ("否", False),
        ("√", True),
        ("×", False),
        ("Y", True),
        ("n", False),
        ("Yes", True),
        ("no", False),
        ("1", True),
        (0, False),
        ("TRUE", True),
        ("false", False),
        (True, True),
        ("", None),
        (None, None),
    ],
)
def test_parse_bool(value: object, expected: bool | None) -> None:
    assert parse_bool(value) is expected


def test_parse_bool_refuses_other_text() -> None:
    with pytest.raises(CellError, match="not yes or no: 不详"):
        parse_bool("不详")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2024, 3, 5, 14, 30), date(2024, 3, 5)),
        (date(2024, 3, 5), date(2024, 3, 5)),
        (45292, date(2024, 1, 1)),
        (45292.75, date(2024, 1, 1)),
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        ("2024-03-05", date(2024, 3, 5)),
        ("2024/3/5", date(2024, 3, 5)),
        ("2024.3.5", date(2024, 3, 5)),
        ("2024.03", date(2024, 3, 1)),
        ("2024-3", date(2024, 3, 1)),
        ("2024年3月5日", date(2024, 3, 5)),
        ("2024 年 3 月 5 号", date(2024, 3, 5)),
        ("2024年3月", date(2024, 3, 1)),
        ("20240305", date(2024, 3, 5)),
        ("２０２４年３月５日", date(2024, 3, 5)),
        ("2024-03-05 00:00:00", date(2024, 3, 5)),
        ("3月5日", date(2025, 3, 5)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: date | None) -> None:
    assert parse_date(value, today=date(2025, 6, 1)) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-02-30", "not a valid date: 2024-02-30"),
        ("明年上半年", "not a date: 明年上半年"),
        ("2024年", "a year alone is not a date: 2024年"),
        (2024, "a year alone is not a date: 2024"),
        (60, "not a valid date: 60"),
        (0, "not a date: 0"),
        (True, "not a date: True"),
    ],
)
def test_parse_date_refusals(value: object, message: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_date(value)
    assert caught.value.message == message


def test_clean_text() -> None:
    assert clean_text(None) == ""
    assert clean_text("  项目\n 甲　乙 ") == "项目 甲 乙"
    assert (
        clean_text("（一）主体结构封顶，设备安装完成60%") == "（一）主体结构封顶，设备安装完成60%"
    )
    assert clean_text(3.0) == "3"
    assert clean_text(2.5) == "2.5"
    assert clean_text(date(2024, 3, 5)) == "2024-03-05"
