"""Decomposing a target down the tree: children over-covering the parent beyond the tolerance
are refused, naming the cells; a quarterly split adds up to the year."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from zonetrack.targets import services
from zonetrack.targets.models import Target

from ..conftest import World
from .factories import LAST_YEAR, indicator, set_targets


def test_children_over_the_parent_beyond_the_tolerance_are_refused(world: World) -> None:
    set_targets(LAST_YEAR, (world.city, "trade_total", 1000))
    set_targets(LAST_YEAR, (world.org_a, "trade_total", 500), (world.org_b, "trade_total", 550))
    # 1,050 against 1,000 is 5 % over: the default tolerance takes it.
    with pytest.raises(ValidationError) as caught:
        set_targets(LAST_YEAR, (world.org_b, "trade_total", 551))
    cell = services.target_cell(world.org_b.pk, indicator("trade_total").pk)
    message = caught.value.message_dict[cell][0]
    assert "add up to 1051" in message and "more than its 1000" in message
    assert world.org_a.name in message and world.org_b.name in message
    assert Target.objects.get(organisation=world.org_b).value == 550  # nothing saved
    # Lowering the parent below its children is refused on the parent's cell.
    with pytest.raises(ValidationError) as caught:
        set_targets(LAST_YEAR, (world.city, "trade_total", 900))
    assert list(caught.value.message_dict) == [
        services.target_cell(world.city.pk, indicator("trade_total").pk)
    ]


@override_settings(ZONETRACK_TARGET_TOLERANCE="0")
def test_the_tolerance_is_a_setting(world: World) -> None:
    set_targets(LAST_YEAR, (world.city, "trade_total", 1000))
    with pytest.raises(ValidationError):
        set_targets(LAST_YEAR, (world.org_a, "trade_total", 600), (world.org_b, "trade_total", 401))


def test_rates_are_not_checked_for_cover(world: World) -> None:
    set_targets(
        LAST_YEAR,
        (world.city, "fai_growth", 10),
        (world.org_a, "fai_growth", 20),
        (world.org_b, "fai_growth", 20),
    )
    assert Target.objects.filter(year=LAST_YEAR).count() == 3


def test_a_quarterly_split_adds_up_to_the_year(world: World) -> None:
    set_targets(LAST_YEAR, (world.org_a, "trade_total", 1000))
    target = Target.objects.get(organisation=world.org_a)
    with pytest.raises(ValidationError) as caught:
        services.target_quarters_set(
            actor=world.city_manager, target=target, quarters=[Decimal(100)] * 4
        )
    assert "add up to 400, not the year's target 1000" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        services.target_quarters_set(
            actor=world.city_manager,
            target=target,
            quarters=[Decimal(-1), Decimal(1), Decimal(500), Decimal(500)],
        )
    assert "q1" in caught.value.message_dict
    services.target_quarters_set(
        actor=world.city_manager,
        target=target,
        quarters=[Decimal(100), Decimal(200), Decimal(300), Decimal(400)],
    )
    assert list(target.quarters.values_list("value", flat=True)) == [100, 200, 300, 400]


def test_a_zone_may_not_split_its_own_target(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    set_targets(LAST_YEAR, (world.org_a, "trade_total", 1000))
    target = Target.objects.get(organisation=world.org_a)
    with pytest.raises(PermissionDenied):
        services.target_quarters_set(
            actor=world.a_manager, target=target, quarters=[Decimal(250)] * 4
        )
