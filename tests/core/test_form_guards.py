"""Every form's fields are guarded: a date or a moment outside 1900–2100 is refused on its field
with a message, never a server error."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError

from zonetrack.core.forms import Form, add_errors

GOOD = {"title": "调度会", "held_on": "2026-03-05", "starts_at": "2026-03-05 09:30"}


class Meeting(Form):
    title = forms.CharField()
    held_on = forms.DateField()
    starts_at = forms.DateTimeField()


def test_a_moment_within_range_is_accepted() -> None:
    form = Meeting(
        data={"title": "调度会", "held_on": "2026-03-05", "starts_at": "2026-03-05 09:30"}
    )
    assert form.is_valid(), form.errors


def test_a_moment_out_of_range_is_refused_on_its_field() -> None:
    form = Meeting(
        data={"title": "调度会", "held_on": "2026-03-05", "starts_at": "2999-03-05 09:30"}
    )
    assert not form.is_valid()
    assert list(form.errors) == ["starts_at"]
    assert "2100" in form.errors["starts_at"][0]


def test_a_date_out_of_range_is_refused_on_its_field() -> None:
    form = Meeting(
        data={"title": "调度会", "held_on": "1850-01-01", "starts_at": "2026-03-05 09:30"}
    )
    assert not form.is_valid()
    assert list(form.errors) == ["held_on"]


def test_a_title_with_control_characters_is_refused() -> None:
    form = Meeting(
        data={"title": "调度\x00会", "held_on": "2026-03-05", "starts_at": "2026-03-05 09:30"}
    )
    assert not form.is_valid()
    assert list(form.errors) == ["title"]


def test_a_service_error_on_many_cells_for_one_reason_is_said_once() -> None:
    form = Meeting(
        data={"title": "调度会", "held_on": "2026-03-05", "starts_at": "2026-03-05 09:30"}
    )
    assert form.is_valid()
    reason = "分解到园区的目标之和超过全市目标。"
    add_errors(
        form,
        ValidationError({"c1": [reason], "c2": [reason], "c3": ["另一原因"], "title": ["重复"]}),
    )
    assert form.non_field_errors() == [reason, "另一原因"]
    assert form.errors["title"] == ["重复"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("", None),
        ("abc", None),
        ("0", None),
        ("-3", None),
        ("9" * 30, None),
        (None, None),
    ],
)
def test_an_id_in_a_query_string_is_read_or_ignored(given: object, expected: int | None) -> None:
    from zonetrack.core.validators import query_id

    assert query_id(given) == expected


@pytest.mark.parametrize(
    ("given", "bounds", "expected"),
    [
        ("12.5", {}, Decimal("12.5")),
        (" 7 ", {}, Decimal(7)),
        ("-3", {}, Decimal(-3)),
        ("", {}, None),
        (None, {}, None),
        ("abc", {}, None),
        ("NaN", {}, None),
        ("Infinity", {}, None),
        ("0", {"above": 0}, None),
        ("0.01", {"above": 0}, Decimal("0.01")),
        ("1e9", {"above": 0, "below": 10**9}, None),
    ],
)
def test_a_number_in_a_query_string_is_read_or_ignored(
    given: object, bounds: dict[str, int], expected: Decimal | None
) -> None:
    from zonetrack.core.validators import query_decimal

    assert query_decimal(given, **bounds) == expected
