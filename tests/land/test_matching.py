"""Matching land to a project (地等项目): the order and its reasons by hand, reserving takes a
parcel off the market, releasing puts it back, who may."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zonetrack.land import services
from zonetrack.land.choices import ParcelStatus
from zonetrack.land.matching import Needs, rank
from zonetrack.land.models import Parcel
from zonetrack.projects.models import Project
from zonetrack.registry.services import park_create

from ..conftest import World, client_for
from .factories import make_parcel, square


def _offer(world: World) -> dict[str, Parcel]:
    other_park = park_create(actor=None, zone=world.zone_a, name="甲二园")
    return {
        # Right use, big enough, standard land, preferred park: first.
        "S-50": make_parcel(
            world.zone_a, "S-50", area_mu="50", status=ParcelStatus.STANDARD, park=world.park_a
        ),
        # Same but in another park: second.
        "S-48": make_parcel(
            world.zone_a, "S-48", area_mu="48", status=ParcelStatus.STANDARD, park=other_park
        ),
        # Reserve land, closer in area than the next: third; R-80 fourth.
        "R-52": make_parcel(world.zone_a, "R-52", area_mu="52", park=world.park_a),
        "R-80": make_parcel(world.zone_a, "R-80", area_mu="80", park=world.park_a),
        # Too small (below 50 × 0.95 = 47.5): after every large enough one.
        "S-30": make_parcel(world.zone_a, "S-30", area_mu="30", status=ParcelStatus.STANDARD),
        # Another use: last.
        "W-50": make_parcel(
            world.zone_a, "W-50", area_mu="50", status=ParcelStatus.STANDARD, land_use="warehouse"
        ),
    }


def test_the_order_and_its_reasons_by_hand(world: World) -> None:
    offer = _offer(world)
    needs = Needs(area_mu=Decimal(50), land_use="industrial", park_id=world.park_a.pk)
    matches = rank(offer.values(), needs)
    assert [m.parcel.code for m in matches] == ["S-50", "S-48", "R-52", "R-80", "S-30", "W-50"]
    first, small, other_use = matches[0], matches[4], matches[5]
    assert first.reasons[:4] == [
        "land use fits",
        "50 亩, 0 亩 from the need",
        "standard land, ready to grant",
        "in the preferred park",
    ]
    assert "too small: 30 亩" in small.reasons
    assert other_use.reasons[0] == "another land use"


def test_reserving_takes_a_parcel_off_the_market_until_released(world: World) -> None:
    offer = _offer(world)
    parcel = offer["S-50"]
    services.parcel_reserve(
        actor=world.a_officer, parcel=parcel, project=world.project_a, on=date(2025, 1, 2)
    )
    parcel.refresh_from_db()
    assert parcel.reserved_for == world.project_a and parcel.reserved_on == date(2025, 1, 2)
    url = reverse("land:project_land", kwargs={"project_id": world.project_a.pk})
    page = client_for(world.a_viewer).get(url)
    assert "S-50" not in [m.parcel.code for m in page.context["matches"]]
    assert [p.code for p in page.context["reserved"]] == ["S-50"]
    with pytest.raises(ValidationError):
        services.parcel_reserve(actor=None, parcel=parcel, project=world.project_a)
    with pytest.raises(ValidationError):
        services.parcel_reserve(actor=None, parcel=offer["R-52"], project=world.project_b)
    supplied = make_parcel(world.zone_a, "G-1", status=ParcelStatus.SUPPLIED, supplied_firm="某")
    with pytest.raises(ValidationError):
        services.parcel_reserve(actor=None, parcel=supplied, project=world.project_a)
    with pytest.raises(PermissionDenied):
        services.parcel_release(actor=world.a_viewer, parcel=parcel)
    services.parcel_release(actor=world.a_officer, parcel=parcel)
    parcel.refresh_from_db()
    assert parcel.reserved_for is None


def test_the_project_land_page_reserves_and_the_map_shows_it(world: World) -> None:
    Project.objects.filter(pk=world.project_a.pk).update(land_mu=Decimal(14), park=world.park_a)
    parcel = make_parcel(world.zone_a, "A-01", area_mu=None, geometry=square(0, 0))
    officer = client_for(world.a_officer)
    url = reverse("land:project_land", kwargs={"project_id": world.project_a.pk})
    page = officer.get(url)
    assert page.context["needs"].area_mu == Decimal(14)
    assert officer.post(url, {}).status_code == 400
    assert client_for(world.a_viewer).post(url, {"reserve": parcel.pk}).status_code == 403
    assert officer.post(url, {"reserve": parcel.pk}).status_code == 302
    parcel.refresh_from_db()
    assert parcel.reserved_for_id == world.project_a.pk
    data = officer.get(reverse("land:zone_map_data", kwargs={"zone_id": world.zone_a.pk})).json()
    assert data["features"][0]["properties"]["role"] == "parcel-reserved"
    project_page = officer.get(
        reverse("projects:project_detail", kwargs={"project_id": world.project_a.pk})
    )
    assert 'id="find-land-link"' in project_page.content.decode()


def test_the_api_ranks_the_parcels_for_a_project_as_the_page_does(world: World) -> None:
    from ..conftest import api_client_for

    _offer(world)
    client, auth = api_client_for(world.a_officer)
    url = f"/api/land/projects/{world.project_a.pk}/parcels"
    found = client.get(
        url, {"area_mu": "50", "land_use": "industrial", "park": world.park_a.pk}, headers=auth
    ).json()
    assert [m["parcel"]["code"] for m in found] == ["S-50", "S-48", "R-52", "R-80", "S-30", "W-50"]
    assert found[0]["rank"] == 1 and "in the preferred park" in found[0]["reasons"]
    assert client.get(url, {"area_mu": "-1"}, headers=auth).status_code == 400
    other, other_auth = api_client_for(world.b_manager)
    assert other.get(url, headers=other_auth).status_code == 404


def test_infrastructure_the_project_cannot_do_without_comes_before_status(world: World) -> None:
    """A parcel of reserve land in a park with gas ranks above standard land in a park without
    it, when the project needs gas; the other says what it lacks."""
    from zonetrack.registry.models import Park

    gasless = park_create(actor=None, zone=world.zone_a, name="无气园")
    Park.objects.filter(pk=world.park_a.pk).update(infrastructure={"gas": True, "power": True})
    Park.objects.filter(pk=gasless.pk).update(infrastructure={"power": True})
    make_parcel(world.zone_a, "GAS", area_mu="50", park=world.park_a)
    make_parcel(world.zone_a, "STD", area_mu="50", status=ParcelStatus.STANDARD, park=gasless)
    parcels = Parcel.objects.select_related("park")
    needs = Needs(area_mu=Decimal(50), land_use="industrial", items=("gas",))
    first, second = rank(parcels, needs)
    assert (first.parcel.code, second.parcel.code) == ("GAS", "STD")
    assert "has the infrastructure needed" in first.reasons
    assert "lacks Gas" in second.reasons
    # Without the need, standard land comes first again.
    assert rank(parcels, Needs(area_mu=Decimal(50)))[0].parcel.code == "STD"

    from ..conftest import api_client_for

    client, auth = api_client_for(world.a_officer)
    found = client.get(
        f"/api/land/projects/{world.project_a.pk}/parcels",
        {"area_mu": "50", "items": ["gas"]},
        headers=auth,
    ).json()
    assert [m["parcel"]["code"] for m in found] == ["GAS", "STD"]
    page = client_for(world.a_officer).get(
        reverse("land:project_land", kwargs={"project_id": world.project_a.pk}),
        {"area_mu": "50", "items": "gas"},
    )
    assert "lacks Gas" in page.content.decode()
