"""Reads of the registry: what each selector returns, always through the visibility rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.http import Http404

from zonetrack.accounts.choices import Role
from zonetrack.registry import selectors, services
from zonetrack.registry.choices import ZoneLevel, ZoneStatus
from zonetrack.registry.models import Cluster, Region
from zonetrack.registry.selectors import ZoneFilters

from ..accounts.factories import UserFactory
from ..conftest import World
from .factories import ParkFactory, ZoneFactory

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[111.5, 36.0], [111.6, 36.0], [111.6, 36.1], [111.5, 36.1], [111.5, 36.0]]],
}


def _names(zones: object) -> list[str]:
    return [zone.name for zone in zones]  # type: ignore[attr-defined]


def test_region_prefix_reads_short_and_padded_codes() -> None:
    assert selectors.region_prefix("140000") == "14"
    assert selectors.region_prefix("141000") == "1410"
    assert selectors.region_prefix(" 141002 ") == "141002"
    assert selectors.region_prefix("14a10") == "1410"
    assert selectors.region_prefix("") == ""


def test_zone_filters_ignore_what_is_not_understood() -> None:
    filters = ZoneFilters.from_params({"sort": "nonsense", "region": "140000", "archived": "1"})
    assert (filters.sort, filters.region, filters.include_archived) == ("region", "14", True)
    assert ZoneFilters.from_params({"sort": "-area"}).sort == "-area"


def test_zone_list_is_what_the_user_sees(world: World) -> None:
    assert _names(selectors.zone_list(user=world.city_manager)) == ["甲区", "乙区"]
    assert _names(selectors.zone_list(user=world.a_manager)) == ["甲区"]
    assert _names(selectors.zone_list(user=world.nobody)) == []


def test_zone_list_filters_and_sorts(world: World) -> None:
    cluster = Cluster.objects.filter(is_active=True).first()
    services.zone_update(
        actor=None,
        zone=world.zone_b,
        changes={
            "short_name": "乙",
            "level": ZoneLevel.NATIONAL,
            "status": ZoneStatus.APPLYING,
            "planned_area_km2": Decimal("3"),
            "clusters": [cluster],
        },
    )
    user = world.city_manager

    def listed(**params: str) -> list[str]:
        return _names(selectors.zone_list(user=user, filters=ZoneFilters.from_params(params)))

    assert listed(q="乙") == ["乙区"]
    assert listed(region="141081") == ["乙区"]
    assert listed(region="1410") == ["甲区", "乙区"]
    assert listed(level="national") == ["乙区"]
    assert listed(status="applying") == ["乙区"]
    assert listed(cluster=cluster.code) == ["乙区"]
    assert listed(sort="area") == ["乙区", "甲区"]
    assert listed(sort="-name") == sorted(["甲区", "乙区"], reverse=True)
    services.zone_archive(actor=None, zone=world.zone_a)
    assert listed() == ["乙区"]
    assert listed(archived="1") == ["甲区", "乙区"]


def test_zone_list_sorts_by_park_count(world: World) -> None:
    services.park_create(actor=None, zone=world.zone_b, name="乙二园", area_km2=Decimal(1))
    zones = selectors.zone_list(user=world.city_manager, filters=ZoneFilters(sort="-parks"))
    assert [(z.name, z.park_count) for z in zones] == [("乙区", 2), ("甲区", 1)]


def test_park_counts_count_active_parks_once_per_zone(world: World) -> None:
    extra = services.park_create(actor=None, zone=world.zone_a, name="甲二园", area_km2=Decimal(1))
    services.park_create(actor=None, zone=world.zone_a, name="甲三园", area_km2=Decimal(1))
    services.park_archive(actor=None, park=extra)
    counts = selectors.park_counts([world.zone_a.pk, world.zone_b.pk])
    assert counts == {world.zone_a.pk: 2, world.zone_b.pk: 1}
    zones = selectors.with_park_counts(selectors.zone_list(user=world.superuser))
    assert {z.name: z.park_count for z in zones} == {"甲区": 2, "乙区": 1}


def test_registry_summary_counts_what_the_user_sees(world: World) -> None:
    services.park_update(
        actor=None,
        park=world.park_a,
        changes={
            "infrastructure": {
                key: True
                for key in (
                    "road",
                    "water",
                    "drainage",
                    "power",
                    "heat",
                    "gas",
                    "telecom",
                    "levelled",
                )
            }
        },
    )
    assert selectors.registry_summary(user=world.a_manager) == {
        "zones": 1,
        "national": 0,
        "provincial": 1,
        "area_km2": Decimal("30.5"),
        "parks": 1,
        "parks_ready": 1,
    }
    summary = selectors.registry_summary(user=world.city_manager)
    assert (summary["zones"], summary["area_km2"], summary["parks"]) == (2, Decimal("61"), 2)
    assert summary["parks_ready"] == 1
    assert selectors.registry_summary(user=world.nobody)["zones"] == 0


def test_zone_and_park_get_are_404_for_what_is_not_seen(world: World) -> None:
    assert selectors.zone_get(user=world.a_viewer, zone_id=world.zone_a.pk) == world.zone_a
    services.zone_archive(actor=None, zone=world.zone_a)
    assert selectors.zone_get(user=world.a_viewer, zone_id=world.zone_a.pk) == world.zone_a
    with pytest.raises(Http404):
        selectors.zone_get(user=world.a_viewer, zone_id=world.zone_b.pk)
    with pytest.raises(Http404):
        selectors.zone_get(user=world.a_viewer, zone_id="x")  # type: ignore[arg-type]
    assert selectors.park_get(user=world.a_viewer, park_id=world.park_a.pk) == world.park_a
    with pytest.raises(Http404):
        selectors.park_get(user=world.a_viewer, park_id=world.park_b.pk)


def test_park_list_leaves_archived_parks_out_unless_asked(world: World) -> None:
    services.park_archive(actor=None, park=world.park_a)
    assert list(selectors.park_list(user=world.a_viewer, zone=world.zone_a)) == []
    assert list(
        selectors.park_list(user=world.a_viewer, zone=world.zone_a, include_archived=True)
    ) == [world.park_a]


@pytest.mark.django_db
def test_region_and_cluster_lists_are_reference_data() -> None:
    provinces = selectors.region_list()
    assert provinces.filter(code="14").exists()
    assert all(region.parent_id is None for region in provinces)
    assert set(selectors.region_list(parent_code="14").values_list("parent__code", flat=True)) == {
        "14"
    }
    assert not selectors.cluster_list().filter(is_active=False).exists()
    assert selectors.cluster_list(include_inactive=True).count() == Cluster.objects.count()
    assert Region.objects.filter(code="141002").exists()


def test_map_features_hold_points_boundaries_and_parks_in_view(world: World) -> None:
    services.zone_update(
        actor=None,
        zone=world.zone_a,
        changes={
            "center_lat": Decimal("36.05"),
            "center_lng": Decimal("111.55"),
            "boundary": SQUARE,
        },
    )
    services.park_update(actor=None, park=world.park_a, changes={"boundary": SQUARE})
    services.park_update(actor=None, park=world.park_b, changes={"boundary": SQUARE})
    roles = [
        f["properties"]["role"] for f in selectors.map_features(user=world.a_manager)["features"]
    ]
    assert roles == ["zone", "zone-boundary", "park"]
    features = selectors.map_features(user=world.a_manager)["features"]
    assert {f["properties"]["name"] for f in features} == {"甲区", "甲一园"}
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [111.55, 36.05]}
    assert features[2]["properties"]["zone"] == "甲区"
    everything = selectors.map_features(user=world.city_manager)["features"]
    assert {f["properties"]["name"] for f in everything} == {"甲区", "甲一园", "乙一园"}
    one = selectors.zone_features(world.zone_a)["features"]
    assert [f["properties"]["role"] for f in one] == ["zone", "zone-boundary", "park"]


@pytest.mark.django_db
def test_selectors_work_on_factory_made_zones() -> None:
    park = ParkFactory()
    manager = UserFactory(memberships=[(park.zone.organisation, Role.MANAGER)])
    assert _names(selectors.zone_list(user=manager)) == [park.zone.name]
    assert list(selectors.park_list(user=manager, zone=park.zone)) == [park]
    other = ZoneFactory()
    assert other not in list(selectors.zone_list(user=manager))
