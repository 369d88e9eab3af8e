"""Setting targets, opening and closing reporting windows, and reporting values: who may, and
what is refused with a message on its field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zonetrack.audit.services import history_of
from zonetrack.targets import services
from zonetrack.targets.choices import WindowState
from zonetrack.targets.models import ReportedValue, Target

from ..conftest import World
from .factories import LAST_YEAR, indicator, open_month, report

JAN = date(LAST_YEAR, 1, 1)


def entry(org, code: str, value: str | None) -> services.TargetEntry:  # type: ignore[no-untyped-def]
    return services.TargetEntry(org, indicator(code), None if value is None else Decimal(value))


def test_target_set_by_the_city_for_a_zone_is_kept_with_history(world: World) -> None:
    services.targets_set(
        actor=world.city_manager,
        year=LAST_YEAR,
        entries=[entry(world.org_a, "industrial_value_added", "500000")],
    )
    target = Target.objects.get(organisation=world.org_a, year=LAST_YEAR)
    assert target.value == Decimal("500000")
    services.targets_set(
        actor=world.city_manager,
        year=LAST_YEAR,
        entries=[entry(world.org_a, "industrial_value_added", "550000")],
    )
    changes = list(history_of(target))
    assert [c.action for c in changes] == ["update", "create"]
    assert changes[0].before["value"] in ("500000.00", 500000, "500000")


@pytest.mark.parametrize("who", ["a_manager", "a_officer", "b_manager", "province_viewer"])
def test_a_zone_target_is_not_set_by_the_zone_itself_nor_by_others(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.targets_set(
            actor=getattr(world, who),
            year=LAST_YEAR,
            entries=[entry(world.org_a, "industrial_value_added", "1")],
        )
    assert not Target.objects.exists()


def test_a_zone_manager_decomposes_to_its_departments(world: World) -> None:
    services.targets_set(
        actor=world.a_manager,
        year=LAST_YEAR,
        entries=[entry(world.dept_a, "projects_started", "3")],
    )
    assert Target.objects.get(organisation=world.dept_a).value == 3


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("industrial_value_added", "0", "zero"),
        ("industrial_value_added", "-5", "below 0"),
        ("projects_started", "2.5", "whole number"),
        ("fai_growth", "-100", "below -99.99"),
    ],
)
def test_an_impossible_target_is_refused_on_its_cell(
    world: World, code: str, value: str, message: str
) -> None:
    good = entry(world.org_b, "general_budget_revenue", "100")
    bad = entry(world.org_a, code, value)
    with pytest.raises(ValidationError) as caught:
        services.targets_set(actor=world.city_manager, year=LAST_YEAR, entries=[good, bad])
    cell = services.target_cell(world.org_a.pk, indicator(code).pk)
    assert message in " ".join(caught.value.message_dict[cell])
    assert not Target.objects.exists()  # all or nothing


def test_a_blank_cell_takes_the_target_away(world: World) -> None:
    services.targets_set(
        actor=world.city_manager, year=LAST_YEAR, entries=[entry(world.org_a, "trade_total", "9")]
    )
    services.targets_set(
        actor=world.city_manager, year=LAST_YEAR, entries=[entry(world.org_a, "trade_total", None)]
    )
    assert not Target.objects.active().exists()
    services.targets_set(
        actor=world.city_manager, year=LAST_YEAR, entries=[entry(world.org_a, "trade_total", "7")]
    )
    assert Target.objects.active().get().value == 7


def test_only_a_manager_opens_a_window_for_the_level_below(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.window_open(
            actor=world.a_officer, organisation=world.org_a, period=JAN, due_on=JAN
        )
    with pytest.raises(PermissionDenied):
        services.window_open(actor=world.a_manager, organisation=world.city, period=JAN, due_on=JAN)
    window = services.window_open(
        actor=world.city_manager, organisation=world.city, period=JAN, due_on=date(LAST_YEAR, 2, 5)
    )
    assert window.is_open
    with pytest.raises(ValidationError) as caught:
        services.window_open(
            actor=world.city_manager, organisation=world.city, period=JAN, due_on=JAN
        )
    assert "reopen it" in caught.value.message_dict["period"][0]


def test_a_month_not_over_cannot_be_opened(world: World) -> None:
    this_month = timezone.localdate().replace(day=1)
    with pytest.raises(ValidationError) as caught:
        services.window_open(
            actor=world.city_manager, organisation=world.city, period=this_month, due_on=this_month
        )
    assert "not over" in caught.value.message_dict["period"][0]


def test_values_are_refused_outside_a_window_and_saved_inside(world: World) -> None:
    values = {indicator("industrial_value_added"): Decimal("1000")}
    with pytest.raises(ValidationError) as caught:
        services.values_report(
            actor=world.a_officer, organisation=world.org_a, period=JAN, values=values
        )
    assert "No reporting window is open" in caught.value.message_dict["period"][0]
    open_month(world.city, JAN)
    services.values_report(
        actor=world.a_officer, organisation=world.org_a, period=JAN, values=values
    )
    row = ReportedValue.objects.get()
    assert (row.value, row.entered_by, row.window.organisation) == (
        Decimal("1000"),
        world.a_officer,
        world.city,
    )


def test_a_closed_window_locks_until_the_city_reopens_it_with_a_reason(world: World) -> None:
    window = open_month(world.city, JAN)
    report(world.org_a, JAN, industrial_value_added=1000)
    services.window_close(actor=world.city_manager, window=window)
    values = {indicator("industrial_value_added"): Decimal("1200")}
    with pytest.raises(ValidationError) as caught:
        services.values_report(
            actor=world.a_officer, organisation=world.org_a, period=JAN, values=values
        )
    assert "locked" in caught.value.message_dict["period"][0]
    with pytest.raises(PermissionDenied):
        services.window_reopen(actor=world.a_manager, window=window, reason="更正")
    with pytest.raises(ValidationError) as caught:
        services.window_reopen(actor=world.city_manager, window=window, reason=" ")
    assert "reason" in caught.value.message_dict
    window = services.window_reopen(actor=world.city_manager, window=window, reason="统计局更正")
    services.values_report(
        actor=world.a_officer, organisation=world.org_a, period=JAN, values=values
    )
    assert ReportedValue.objects.get().value == Decimal("1200")
    assert window.state == WindowState.OPEN
    assert history_of(window).first().after.get("reason") == "统计局更正"


@pytest.mark.parametrize("who", ["a_viewer", "b_manager"])
def test_values_are_entered_by_the_organisations_officers_only(world: World, who: str) -> None:
    open_month(world.city, JAN)
    with pytest.raises(PermissionDenied):
        services.values_report(
            actor=getattr(world, who),
            organisation=world.org_a,
            period=JAN,
            values={indicator("trade_total"): Decimal("1")},
        )


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("general_budget_revenue", "-1", "below 0"),
        ("fai_growth", "-100", "below -99.99"),
        ("fai_growth", "12.25", "decimal places"),
        ("projects_started", "3", "computed"),
    ],
)
def test_an_impossible_value_is_refused_on_its_cell(
    world: World, code: str, value: str, message: str
) -> None:
    open_month(world.city, JAN)
    with pytest.raises(ValidationError) as caught:
        services.values_report(
            actor=world.a_officer,
            organisation=world.org_a,
            period=JAN,
            values={
                indicator("trade_total"): Decimal("5"),
                indicator(code): Decimal(value),
            },
        )
    assert message in " ".join(caught.value.message_dict[services.value_cell(indicator(code).pk)])
    assert not ReportedValue.objects.exists()
