"""The shared write helpers: the compare-and-set version bump, bulk updates and bulk creates
that record their changes, and who a write is recorded as."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from zonetrack.accounts.models import User
from zonetrack.audit.models import Change
from zonetrack.audit.services import (
    actor_user,
    bump_version,
    history_of,
    tracked_bulk_create,
    tracked_bulk_set,
    tracked_bulk_update,
)
from zonetrack.core.errors import StaleVersion
from zonetrack.registry.choices import ZoneStatus
from zonetrack.registry.models import Park, Zone

from ..conftest import World


def test_actor_user_is_a_saved_user_or_none(world: World) -> None:
    assert actor_user(world.a_manager) == world.a_manager
    assert actor_user(None) is None
    assert actor_user(AnonymousUser()) is None
    assert actor_user(User(username="unsaved")) is None


def test_bump_version_moves_the_version_of_a_record(world: World) -> None:
    zone = Zone.objects.get(pk=world.zone_a.pk)
    assert bump_version(zone) == 2
    assert zone.version == 2
    assert Zone.objects.get(pk=zone.pk).version == 2


def test_bump_version_by_model_and_pk_with_values_in_the_same_update(world: World) -> None:
    assert bump_version(Zone, world.zone_a.pk, 1, values={"short_name": "甲"}) == 2
    stored = Zone.objects.get(pk=world.zone_a.pk)
    assert (stored.version, stored.short_name) == (2, "甲")
    assert stored.updated_at > world.zone_a.updated_at


def test_bump_version_refuses_a_stale_writer_and_writes_nothing(world: World) -> None:
    first = Zone.objects.get(pk=world.zone_a.pk)
    second = Zone.objects.get(pk=world.zone_a.pk)
    bump_version(first, values={"short_name": "A"})
    with pytest.raises(StaleVersion) as caught:
        bump_version(second, values={"short_name": "B"})
    assert caught.value.current_version == 2
    assert second.version == 1
    assert Zone.objects.get(pk=world.zone_a.pk).short_name == "A"
    with pytest.raises(StaleVersion):
        bump_version(Zone, world.zone_a.pk, 1)


def test_bump_version_needs_the_expected_version_when_given_a_model(world: World) -> None:
    with pytest.raises(TypeError):
        bump_version(Zone, world.zone_a.pk)


def test_tracked_bulk_update_writes_versions_and_one_change_per_changed_row(
    world: World,
) -> None:
    Zone.objects.filter(pk=world.zone_b.pk).update(status=ZoneStatus.APPLYING)
    before = Change.objects.count()
    changed = tracked_bulk_update(
        Zone.objects.filter(pk__in=[world.zone_a.pk, world.zone_b.pk]),
        values={"status": ZoneStatus.APPLYING},
        actor=world.city_manager,
    )
    assert changed == 1  # zone B already held the value
    zone_a = Zone.objects.get(pk=world.zone_a.pk)
    assert (zone_a.status, zone_a.version) == (ZoneStatus.APPLYING, 2)
    assert Zone.objects.get(pk=world.zone_b.pk).version == 1
    assert Change.objects.count() == before + 1
    change = history_of(zone_a).first()
    assert change.action == "update"
    assert change.before == {"status": world.zone_a.status}
    assert change.after == {"status": "applying"}
    assert change.actor == world.city_manager
    assert change.actor_name == "cm"
    assert change.version == 2


def test_tracked_bulk_update_takes_loaded_records_and_foreign_keys(world: World) -> None:
    parks = [world.park_a, world.park_b]
    assert tracked_bulk_update(parks, values={"zone": world.zone_a}, actor=None) == 1
    assert Park.objects.get(pk=world.park_b.pk).zone_id == world.zone_a.pk
    change = history_of(world.park_b).first()
    assert change.before == {"zone": world.zone_b.pk}
    assert change.after == {"zone": world.zone_a.pk}
    assert change.actor is None and change.actor_name == ""
    assert tracked_bulk_update([], values={"zone": world.zone_a}, actor=None) == 0
    assert tracked_bulk_update(Park.objects.none(), values={"zone": None}, actor=None) == 0


def test_tracked_bulk_create_records_one_creation_per_row(world: World) -> None:
    parks = [Park(zone=world.zone_a, name=f"甲{n}园", area_km2=Decimal(n)) for n in range(2, 5)]
    created = tracked_bulk_create(Park, parks, actor=world.a_manager)
    assert [p.pk is not None for p in created] == [True, True, True]
    for park in created:
        change = history_of(park).get()
        assert change.action == "create"
        assert change.after["name"] == park.name
        assert change.actor == world.a_manager


def test_tracked_bulk_set_writes_each_rows_own_values_versions_and_history(world: World) -> None:
    zone_a = Zone.objects.get(pk=world.zone_a.pk)
    zone_b = Zone.objects.get(pk=world.zone_b.pk)
    same = zone_b.short_name
    before = Change.objects.count()
    written = tracked_bulk_set(
        [(zone_a, {"short_name": "甲区"}), (zone_b, {"short_name": same})],
        actor=world.city_manager,
    )
    assert written == [zone_a]  # zone B already held its value: nothing written for it
    stored = Zone.objects.get(pk=world.zone_a.pk)
    assert (stored.short_name, stored.version) == ("甲区", 2)
    assert stored.updated_at > world.zone_a.updated_at
    assert Zone.objects.get(pk=world.zone_b.pk).version == 1
    assert Change.objects.count() == before + 1
    change = history_of(stored).first()
    assert change is not None
    assert change.actor == world.city_manager
    assert change.before == {"short_name": world.zone_a.short_name}
    assert change.after == {"short_name": "甲区"}
    assert change.version == 2


def test_tracked_bulk_set_refuses_a_stale_row_and_writes_nothing(world: World) -> None:
    stale = Zone.objects.get(pk=world.zone_a.pk)
    other = Zone.objects.get(pk=world.zone_b.pk)
    bump_version(Zone.objects.get(pk=world.zone_a.pk), values={"short_name": "A"})
    before = Change.objects.count()
    with pytest.raises(StaleVersion):
        tracked_bulk_set(
            [(other, {"short_name": "乙"}), (stale, {"short_name": "B"})],
            actor=world.city_manager,
        )
    assert Zone.objects.get(pk=world.zone_a.pk).short_name == "A"
    assert Zone.objects.get(pk=world.zone_b.pk).short_name == world.zone_b.short_name
    assert Change.objects.count() == before


def test_tracked_bulk_set_checks_the_versions_a_form_sent(world: World) -> None:
    zone = Zone.objects.get(pk=world.zone_a.pk)
    held = zone.short_name
    with pytest.raises(StaleVersion):
        tracked_bulk_set([(zone, {"short_name": "甲"})], actor=None, expected_versions={zone.pk: 7})
    assert zone.short_name == held  # the refused values are not left on the record
    assert tracked_bulk_set(
        [(zone, {"short_name": "甲"})], actor=None, expected_versions={zone.pk: 1}
    ) == [zone]
    assert Zone.objects.get(pk=zone.pk).version == 2
