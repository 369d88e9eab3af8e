"""Standard factories: occupancy by hand, leases refused when they clash, the units ranked
against a project's needs by hand, reserving from the project's page, who may do what, and
the API."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zonetrack.land import factories, services
from zonetrack.land.models import FactoryBuilding, FactoryUnit

from ..conftest import World, client_for

TODAY = timezone.localdate()


def _building(world: World, code: str = "1号厂房", **fields: object) -> FactoryBuilding:
    fields.setdefault("park", world.park_a)
    fields.setdefault("storeys", 3)
    return services.building_create(actor=world.a_officer, zone=world.zone_a, code=code, **fields)


def _unit(building: FactoryBuilding, code: str, area: int, **fields: object) -> FactoryUnit:
    values: dict[str, object] = {
        "floor": 1,
        "storey_height_m": Decimal(9),
        "floor_load_kn_m2": Decimal(12),
        "power_kva": Decimal(600),
        **fields,
    }
    return services.unit_create(
        actor=None, building=building, code=code, floor_area_m2=Decimal(area), **values
    )


def test_occupancy_of_a_building_and_its_park_by_hand(world: World) -> None:
    building = _building(world)
    let = _unit(building, "101", 1000)
    reserved = _unit(building, "102", 500)
    _unit(building, "201", 500, floor=2)
    services.unit_lease(
        actor=world.a_officer,
        unit=let,
        occupant_firm="晋南精密机械有限公司",
        lease_start_on=TODAY - timedelta(days=30),
    )
    services.unit_reserve(actor=world.a_officer, unit=reserved, project=world.project_a)
    buildings = factories.building_list(user=world.a_manager)
    occupancy = buildings[0].occupancy  # type: ignore[attr-defined]
    assert (occupancy.let_m2, occupancy.reserved_m2, occupancy.vacant_m2) == (1000, 500, 500)
    assert occupancy.occupancy_percent == Decimal("50.0")
    (park,) = factories.by_park(buildings)
    assert park.name == world.park_a.name and park.let_units == 1 and park.units == 3
    assert factories.building_list(user=world.b_manager) == []


def test_a_lease_needs_an_occupant_and_may_not_clash(world: World) -> None:
    unit = _unit(_building(world), "101", 800)
    with pytest.raises(ValidationError) as refused:
        services.unit_lease(actor=world.a_officer, unit=unit, lease_start_on=TODAY)
    assert "occupant_firm" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.unit_lease(
            actor=world.a_officer,
            unit=unit,
            occupant_firm="甲公司",
            lease_start_on=TODAY,
            lease_end_on=TODAY - timedelta(days=1),
        )
    assert "lease_end_on" in refused.value.message_dict
    unit.refresh_from_db()  # as a page or the API reads it again after a refusal
    unit = services.unit_lease(
        actor=world.a_officer, unit=unit, occupant_firm="甲公司", lease_start_on=TODAY
    )
    with pytest.raises(ValidationError) as refused:
        services.unit_lease(
            actor=world.a_officer, unit=unit, occupant_firm="乙公司", lease_start_on=TODAY
        )
    assert "lease_start_on" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.unit_reserve(actor=world.a_officer, unit=unit, project=world.project_a)
    vacate = reverse("land:unit_vacate", kwargs={"unit_id": unit.pk})
    assert "甲公司" in client_for(world.a_officer).get(vacate).content.decode()  # whose lease
    unit = services.unit_vacate(actor=world.a_officer, unit=unit, on=TODAY)
    tomorrow = TODAY + timedelta(days=1)
    services.unit_lease(
        actor=world.a_officer, unit=unit, occupant_firm="乙公司", lease_start_on=tomorrow
    )
    with pytest.raises(PermissionDenied):
        services.unit_lease(
            actor=world.a_viewer, unit=unit, occupant_firm="丙公司", lease_start_on=date(2030, 1, 1)
        )
    with pytest.raises(PermissionDenied):
        services.building_create(actor=world.b_manager, zone=world.zone_a, code="越权厂房")


def test_units_are_ranked_against_the_needs_by_hand(world: World) -> None:
    building = _building(world)
    a = _unit(building, "A", 1000)
    b = _unit(building, "B", 1200, storey_height_m=Decimal(6))  # too low for the machines
    c = _unit(building, "C", 600)  # too small
    d = _unit(building, "D", 900, floor=2)  # as good as A, one floor up
    needs = factories.UnitNeeds(
        area_m2=Decimal(800),
        storey_height_m=Decimal(8),
        floor_load_kn_m2=Decimal(10),
        power_kva=Decimal(500),
    )
    matches = factories.rank_units(FactoryUnit.objects.select_related("building"), needs)
    assert [m.unit.code for m in matches] == [a.code, d.code, c.code, b.code]
    assert matches[-1].fails == 1 and "below 8 m" in " ".join(matches[-1].reasons)
    assert "too small: 600 m²" in matches[2].reasons


def test_the_project_reserves_a_unit_on_its_page_and_other_zones_see_nothing(
    world: World,
) -> None:
    building = _building(world)
    unit = _unit(building, "101", 1000)
    page_url = reverse("land:project_factory", kwargs={"project_id": world.project_a.pk})
    officer = client_for(world.a_officer)
    page = officer.get(page_url, {"area_m2": "900"}).content.decode()
    assert f'data-unit="{unit.pk}"' in page.split('id="unit-match-table"')[1]
    assert officer.post(page_url, {"reserve": unit.pk}).status_code == 302
    unit.refresh_from_db()
    assert unit.reserved_for_id == world.project_a.pk
    page = officer.get(page_url).content.decode()
    assert f'data-unit="{unit.pk}"' not in page.split('id="unit-match-table"')[1]
    assert 'id="reserved-units"' in page

    detail = reverse("land:factory_detail", kwargs={"building_id": building.pk})
    assert client_for(world.b_manager).get(detail).status_code == 404
    lease = reverse("land:unit_lease", kwargs={"unit_id": unit.pk})
    assert client_for(world.a_viewer).get(lease).status_code == 403

    listed = officer.get("/api/land/factories").json()["items"]
    assert listed[0]["occupancy"]["reserved_m2"] == "1000.00"
    one = officer.get(f"/api/land/factories/{building.pk}").json()
    assert one["units"][0]["reserved_for_id"] == world.project_a.pk
    assert client_for(world.b_manager).get(f"/api/land/factories/{building.pk}").status_code == 404


def test_a_located_building_is_on_the_land_map_with_its_occupancy(world: World) -> None:
    building = _building(world, center_lat=Decimal("37.8"), center_lng=Decimal("112.5"))
    _unit(building, "101", 1000)
    _building(world, code="无坐标厂房")  # no location: not on the map
    url = reverse("land:zone_map", kwargs={"zone_id": world.zone_a.pk})
    page = client_for(world.a_viewer).get(url).content.decode()
    assert page.count('"role": "factory"') == 1 and "0.0%" in page
    with pytest.raises(ValidationError) as refused:
        _building(world, code="半坐标", center_lat=Decimal("37.8"))
    assert "center_lng" in refused.value.message_dict


def test_a_building_code_is_unique_in_its_zone_and_its_park_must_be_the_zones(
    world: World,
) -> None:
    _building(world, code="2号厂房")
    with pytest.raises(ValidationError) as refused:
        _building(world, code="2号厂房")
    assert refused.value.message_dict == {
        "code": ["This zone already has a building with this code."]
    }
    services.building_create(actor=None, zone=world.zone_b, code="2号厂房", storeys=1)
    with pytest.raises(ValidationError) as refused:
        _building(world, code="3号厂房", park=world.park_b)
    assert refused.value.message_dict == {"park": ["This park is not in the building's zone."]}


def test_the_api_adds_a_building_a_unit_and_lets_and_vacates_it(world: World) -> None:
    from ..conftest import api_client_for

    client, auth = api_client_for(world.a_officer)

    def post(url: str, body: dict[str, object]):  # type: ignore[no-untyped-def]
        return client.post(url, body, content_type="application/json", headers=auth)

    made = post(
        "/api/land/factories",
        {"zone_id": world.zone_a.pk, "park_id": world.park_a.pk, "code": "API-1", "storeys": 2},
    )
    assert made.status_code == 201 and made.json()["occupancy"]["units"] == 0
    building_id = made.json()["id"]
    bad = post(
        f"/api/land/factories/{building_id}/units",
        {"code": "301", "floor": 3, "floor_area_m2": "500"},
    )
    assert bad.status_code == 400 and "floor" in str(bad.json())  # the building has 2 storeys
    unit = post(f"/api/land/factories/{building_id}/units", {"code": "101", "floor_area_m2": "500"})
    assert unit.status_code == 201
    unit_id = unit.json()["id"]
    let = post(
        f"/api/land/units/{unit_id}/lease",
        {"occupant_firm": "晋南精密机械", "lease_start_on": TODAY.isoformat()},
    )
    assert let.status_code == 200 and let.json()["occupant_firm"] == "晋南精密机械"
    ended = post(f"/api/land/units/{unit_id}/vacate", {"on": TODAY.isoformat()})
    assert ended.status_code == 200 and ended.json()["lease_end_on"] == TODAY.isoformat()
    other, other_auth = api_client_for(world.b_manager)
    refused = other.post(
        f"/api/land/units/{unit_id}/vacate",
        {"on": TODAY.isoformat()},
        content_type="application/json",
        headers=other_auth,
    )
    assert refused.status_code == 404
