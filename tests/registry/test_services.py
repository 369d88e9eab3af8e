"""Writes of the registry: zones and parks, each checked, versioned and recorded."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zonetrack.accounts.choices import OrganisationKind, Role
from zonetrack.accounts.models import Organisation
from zonetrack.audit.services import history_of
from zonetrack.core.errors import StaleVersion
from zonetrack.registry import services
from zonetrack.registry.models import Cluster, Park, Zone

from ..accounts.factories import OrganisationFactory, UserFactory, ZoneCommitteeFactory
from ..conftest import World
from .factories import ParkFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def _zone_fields(organisation: Organisation, name: str = "新区") -> dict:
    fields = ZoneFactory.build(name=name, organisation=organisation).__dict__
    keys = ("name", "kind", "level", "region_id", "approved_on", "planned_area_km2")
    return {**{k: fields[k] for k in keys}, "organisation": organisation}


def test_manager_creates_a_zone_with_clusters_and_history() -> None:
    committee = ZoneCommitteeFactory()
    manager = UserFactory(memberships=[(committee, Role.MANAGER)])
    cluster = Cluster.objects.filter(is_active=True).first()
    zone = services.zone_create(actor=manager, clusters=[cluster], **_zone_fields(committee))
    assert list(zone.clusters.all()) == [cluster]
    change = history_of(zone).get()
    assert (change.action, change.actor, change.after["clusters"]) == (
        "create",
        manager,
        [cluster.pk],
    )


@pytest.mark.parametrize("role", [Role.VIEWER, Role.OFFICER])
def test_only_managers_create_zones(role: Role) -> None:
    committee = ZoneCommitteeFactory()
    person = UserFactory(memberships=[(committee, role)])
    with pytest.raises(PermissionDenied):
        services.zone_create(actor=person, **_zone_fields(committee))
    assert not Zone.objects.exists()


def test_a_manager_cannot_create_in_a_sibling() -> None:
    city = OrganisationFactory()
    mine = ZoneCommitteeFactory(parent=city)
    theirs = ZoneCommitteeFactory(parent=city)
    manager = UserFactory(memberships=[(mine, Role.MANAGER)])
    with pytest.raises(PermissionDenied):
        services.zone_create(actor=manager, **_zone_fields(theirs))


def test_update_cannot_move_a_zone_out_of_the_writers_subtree() -> None:
    city = OrganisationFactory()
    zone = ZoneFactory(organisation=ZoneCommitteeFactory(parent=city))
    elsewhere = ZoneCommitteeFactory(parent=OrganisationFactory())
    owner = zone.organisation
    manager = UserFactory(memberships=[(owner, Role.MANAGER)])
    with pytest.raises(PermissionDenied):
        services.zone_update(actor=manager, zone=zone, changes={"organisation": elsewhere})
    stored = Zone.objects.get(pk=zone.pk)
    assert (stored.organisation_id, stored.version) == (owner.pk, 1)
    assert history_of(zone).count() == 1  # the creation only: the veto rolled everything back


def test_update_refuses_a_stale_version_and_invalid_values() -> None:
    zone = ZoneFactory()
    manager = UserFactory(memberships=[(zone.organisation, Role.MANAGER)])
    services.zone_update(actor=manager, zone=zone, changes={"short_name": "甲"}, expected_version=1)
    with pytest.raises(StaleVersion):
        services.zone_update(
            actor=manager,
            zone=Zone.objects.get(pk=zone.pk),
            changes={"short_name": "乙"},
            expected_version=1,
        )
    with pytest.raises(ValidationError) as caught:
        services.zone_update(
            actor=manager, zone=Zone.objects.get(pk=zone.pk), changes={"planned_area_km2": -1}
        )
    assert "planned_area_km2" in caught.value.message_dict
    assert Zone.objects.get(pk=zone.pk).short_name == "甲"


def test_archive_and_restore_are_for_those_who_may_change() -> None:
    zone = ZoneFactory()
    manager = UserFactory(memberships=[(zone.organisation, Role.MANAGER)])
    viewer = UserFactory(memberships=[(zone.organisation, Role.VIEWER)])
    with pytest.raises(PermissionDenied):
        services.zone_archive(actor=viewer, zone=zone)
    services.zone_archive(actor=manager, zone=zone)
    assert Zone.objects.get(pk=zone.pk).is_archived
    with pytest.raises(PermissionDenied):
        services.zone_restore(actor=viewer, zone=zone)
    services.zone_restore(actor=manager, zone=zone)
    assert not Zone.objects.get(pk=zone.pk).is_archived
    assert [c.action for c in history_of(zone)] == ["restore", "archive", "create"]


def test_parks_are_added_changed_and_archived_by_the_zones_managers() -> None:
    zone = ZoneFactory()
    manager = UserFactory(memberships=[(zone.organisation, Role.MANAGER)])
    officer = UserFactory(memberships=[(zone.organisation, Role.OFFICER)])
    with pytest.raises(PermissionDenied):
        services.park_create(actor=officer, zone=zone, name="不许", area_km2=Decimal(1))
    park = services.park_create(actor=manager, zone=zone, name="一园", area_km2=Decimal(2))
    services.park_update(actor=manager, park=park, changes={"area_km2": Decimal(3)})
    assert Park.objects.get(pk=park.pk).area_km2 == Decimal(3)
    with pytest.raises(PermissionDenied):
        services.park_update(actor=officer, park=park, changes={"area_km2": Decimal(4)})
    services.park_archive(actor=manager, park=park)
    services.park_restore(actor=manager, park=park)
    assert [c.action for c in history_of(park)] == ["restore", "archive", "update", "create"]


def test_no_park_is_added_to_an_archived_zone() -> None:
    park = ParkFactory()
    services.zone_archive(actor=None, zone=park.zone)
    with pytest.raises(ValidationError) as caught:
        services.park_create(actor=None, zone=park.zone, name="二园", area_km2=Decimal(1))
    assert "zone" in caught.value.message_dict


def test_bulk_create_makes_committees_under_the_parent_and_records_all(world: World) -> None:
    existing = ZoneCommitteeFactory(parent=world.city, name="丙区管委会")
    cluster = Cluster.objects.filter(is_active=True).first()
    zones = [
        (ZoneFactory.build(name=name, organisation=None), clusters)
        for name, clusters in (("丙区", [cluster]), ("丁区", None))
    ]
    created = services.zones_bulk_create(actor=world.city_manager, parent=world.city, zones=zones)
    by_name = {zone.name: zone for zone in created}
    assert by_name["丙区"].organisation == existing  # a committee of that name is reused
    committee = Organisation.objects.get(name="丁区管委会")
    assert committee.kind == OrganisationKind.ZONE_COMMITTEE
    assert committee.path == f"{world.city.path}{committee.pk:08d}."
    assert committee.depth == world.city.depth + 1
    assert by_name["丁区"].organisation == committee
    assert list(by_name["丙区"].clusters.all()) == [cluster]
    assert history_of(committee).get().action == "create"
    assert history_of(by_name["丙区"]).get().after["clusters"] == [cluster.pk]
    assert history_of(by_name["丁区"]).get().actor == world.city_manager


def test_bulk_create_is_for_managers_of_the_parent(world: World) -> None:
    zones = [(ZoneFactory.build(name="戊区", organisation=None), None)]
    with pytest.raises(PermissionDenied):
        services.zones_bulk_create(actor=world.a_manager, parent=world.city, zones=zones)
    assert not Zone.objects.filter(name="戊区").exists()
    assert not Organisation.objects.filter(name="戊区管委会").exists()
