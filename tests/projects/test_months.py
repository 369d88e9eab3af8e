"""A month typed as YYYY-MM reads the same in a form, a list's address and a cockpit's."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from zonetrack.dashboards.cockpit.filters import parse_period
from zonetrack.projects.selectors.filters import _month
from zonetrack.projects.validators import month_from_text

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2026-03", date(2026, 3, 1)),
        (" 2026-3 ", date(2026, 3, 1)),
        ("2026-13", None),
        ("2026-00", None),
        ("1899-12", None),
        ("2026-03-01", None),
        ("2026/03", None),
        ("", None),
        ("三月", None),
    ],
)
def test_every_reader_takes_the_same_months(text: str, month: date | None) -> None:
    assert _month(text) == month
    assert parse_period(text, today=TODAY) == month
    if month is None:
        with pytest.raises(ValidationError):
            month_from_text(text)
    else:
        assert month_from_text(text) == month


def test_a_cockpit_reports_on_no_month_after_the_current_one_nor_before_2000() -> None:
    assert parse_period("2026-12", today=TODAY) == date(2026, 12, 1)
    assert parse_period("2027-01", today=TODAY) is None
    assert parse_period("1999-12", today=TODAY) is None
    assert _month("1999-12") == date(1999, 12, 1)
