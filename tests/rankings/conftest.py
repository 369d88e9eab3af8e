"""Fixtures of the rankings tests: messages in English, a scheme of the world's city over its
two zones, and last year's first half reported."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from zonetrack.rankings import services
from zonetrack.rankings.models import Scheme

from ..conftest import World
from ..targets.factories import LAST_YEAR, indicator, open_month, report, set_targets

PERIOD = f"{LAST_YEAR}H1"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def draft(world: World, **extra: object) -> services.SchemeDraft:
    """Two categories: 招商 (trade, linear, 60) and 绿色 (energy, lower is better, 40)."""
    values = {
        "name": "四比四看",
        "owner": world.city,
        "period_kind": "half_year",
        "categories": [
            services.CategoryDraft(
                "招商引资",
                [services.ItemDraft("进出口", "linear", Decimal(60), indicator("trade_total"))],
            ),
            services.CategoryDraft(
                "绿色发展",
                [
                    services.ItemDraft(
                        "能耗", "linear", Decimal(40), indicator("energy_per_value_added")
                    )
                ],
            ),
        ],
    }
    values.update(extra)
    return services.SchemeDraft(**values)  # type: ignore[arg-type]


def report_half(world: World, year: int = LAST_YEAR, half: int = 1, **by_org: tuple) -> None:
    """Report (trade per month, energy) for each zone over the six months of a half-year."""
    for month in range(6 * (half - 1) + 1, 6 * half + 1):
        period = date(year, month, 1)
        open_month(world.city, period)
        for org_name, (trade, energy) in by_org.items():
            report(
                getattr(world, org_name), period, trade_total=trade, energy_per_value_added=energy
            )


@pytest.fixture
def scheme(world: World) -> Scheme:
    return services.scheme_save(actor=world.city_manager, draft=draft(world))


@pytest.fixture
def reported(world: World) -> None:
    # A: trade 6 × 100 = 600, energy 1.5 (latest); B: 6 × 50 = 300, energy 1.0.
    report_half(world, org_a=(100, "1.5"), org_b=(50, "1.0"))
    set_targets(LAST_YEAR, (world.org_a, "trade_total", 1000), (world.org_b, "trade_total", 400))
