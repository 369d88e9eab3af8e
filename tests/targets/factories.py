"""Helpers of the targets tests: indicators by code, and a month opened and reported."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from zonetrack.accounts.models import Organisation
from zonetrack.targets import services
from zonetrack.targets.models import Indicator, ReportingWindow

LAST_YEAR = timezone.localdate().year - 1


def indicator(code: str) -> Indicator:
    """A seeded indicator of the catalogue."""
    return Indicator.objects.get(code=code)


def open_month(organisation: Organisation, period: date) -> ReportingWindow:
    return services.window_open(
        actor=None, organisation=organisation, period=period, due_on=period + timedelta(days=40)
    )


def report(organisation: Organisation, period: date, **values: int | str | Decimal) -> None:
    """Report values (by indicator code) as zonetrack itself, in an open window."""
    services.values_report(
        actor=None,
        organisation=organisation,
        period=period,
        values={indicator(code): Decimal(str(value)) for code, value in values.items()},
    )


def set_targets(year: int, *cells: tuple[Organisation, str, int | str | Decimal]) -> None:
    services.targets_set(
        actor=None,
        year=year,
        entries=[
            services.TargetEntry(org, indicator(code), Decimal(str(value)))
            for org, code, value in cells
        ],
    )
