"""Change history, optimistic versions, archiving and the subtree rule on writes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from zonetrack.audit.models import Change
from zonetrack.audit.services import history_of
from zonetrack.core.errors import StaleVersion
from zonetrack.registry.models import Zone
from zonetrack.registry.selectors import zone_list
from zonetrack.registry.services import zone_archive, zone_restore, zone_update

from ..conftest import World


def test_create_is_recorded_with_all_fields(world: World) -> None:
    change = history_of(world.zone_a).get()
    assert change.action == "create"
    assert change.before == {}
    assert change.after["name"] == "甲区"
    assert change.after["planned_area_km2"] == "30.5000"


def test_update_records_who_and_only_changed_fields(world: World) -> None:
    zone = world.zone_a
    zone_update(
        actor=world.a_manager,
        zone=zone,
        changes={"short_name": "甲", "planned_area_km2": Decimal("31")},
        expected_version=1,
    )
    change = history_of(zone).first()
    assert change.action == "update"
    assert change.actor == world.a_manager
    assert change.actor_name == "am"
    assert change.before == {"short_name": "", "planned_area_km2": "30.5000"}
    assert change.after == {"short_name": "甲", "planned_area_km2": "31.0000"}
    assert change.version == 2
    zone.refresh_from_db()
    assert zone.version == 2


def test_update_that_changes_nothing_writes_nothing(world: World) -> None:
    before = Change.objects.count()
    zone_update(actor=world.a_manager, zone=world.zone_a, changes={"name": "甲区"})
    assert Change.objects.count() == before
    assert Zone.objects.get(pk=world.zone_a.pk).version == 1


def test_stale_version_is_refused_and_nothing_is_overwritten(world: World) -> None:
    first = Zone.objects.get(pk=world.zone_a.pk)
    second = Zone.objects.get(pk=world.zone_a.pk)
    zone_update(actor=world.a_manager, zone=first, changes={"short_name": "A"}, expected_version=1)
    with pytest.raises(StaleVersion) as caught:
        zone_update(
            actor=world.city_manager, zone=second, changes={"short_name": "B"}, expected_version=1
        )
    assert caught.value.changed_by == "am"
    assert "am" in caught.value.message
    assert Zone.objects.get(pk=world.zone_a.pk).short_name == "A"


def test_write_may_not_move_record_outside_writers_subtree(world: World) -> None:
    with pytest.raises(PermissionDenied):
        zone_update(actor=world.a_manager, zone=world.zone_a, changes={"organisation": world.org_b})
    zone = Zone.objects.get(pk=world.zone_a.pk)
    assert zone.organisation == world.org_a
    assert zone.version == 1
    assert history_of(zone).count() == 1


def test_city_manager_may_move_zone_between_its_committees(world: World) -> None:
    zone_update(actor=world.city_manager, zone=world.zone_a, changes={"organisation": world.org_b})
    assert Zone.objects.get(pk=world.zone_a.pk).organisation == world.org_b


def test_viewer_and_other_branch_cannot_change(world: World) -> None:
    for actor in (world.a_viewer, world.b_manager, world.province_viewer, world.a_officer):
        with pytest.raises(PermissionDenied):
            zone_update(actor=actor, zone=world.zone_a, changes={"short_name": "x"})


def test_invalid_values_are_field_errors_and_nothing_is_saved(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        zone_update(
            actor=world.a_manager,
            zone=world.zone_a,
            changes={"planned_area_km2": Decimal("-1"), "kind": "spaceport"},
        )
    assert set(caught.value.message_dict) == {"planned_area_km2", "kind"}
    assert Zone.objects.get(pk=world.zone_a.pk).planned_area_km2 == Decimal("30.5")


def test_a_refused_update_leaves_the_callers_object_as_it_was(world: World) -> None:
    """Refused as invalid, as stale or by the veto after saving: the object keeps its values
    and version, so a page or a retry starts from what is stored."""
    zone = Zone.objects.get(pk=world.zone_a.pk)
    with pytest.raises(ValidationError):
        zone_update(
            actor=world.a_manager,
            zone=zone,
            changes={"short_name": "甲", "planned_area_km2": Decimal("-1")},
        )
    assert (zone.short_name, zone.planned_area_km2, zone.version) == ("", Decimal("30.5"), 1)

    with pytest.raises(PermissionDenied):  # vetoed after the row was written, then rolled back
        zone_update(actor=world.a_manager, zone=zone, changes={"organisation": world.org_b})
    assert (zone.organisation, zone.organisation_id, zone.version) == (
        world.org_a,
        world.org_a.pk,
        1,
    )

    Zone.objects.filter(pk=zone.pk).update(version=2)  # someone else saved meanwhile
    with pytest.raises(StaleVersion):
        zone_update(actor=world.a_manager, zone=zone, changes={"short_name": "甲"})
    assert (zone.short_name, zone.version) == ("", 1)
    zone.refresh_from_db()
    zone_update(actor=world.a_manager, zone=zone, changes={"short_name": "甲"})
    assert Zone.objects.get(pk=zone.pk).short_name == "甲"


def test_archive_hides_and_restore_brings_back_with_history(world: World) -> None:
    zone_archive(actor=world.a_manager, zone=world.zone_a)
    assert world.zone_a not in zone_list(user=world.a_manager)
    assert Zone.objects.filter(pk=world.zone_a.pk).exists()
    zone_restore(actor=world.a_manager, zone=world.zone_a)
    assert world.zone_a in zone_list(user=world.a_manager)
    actions = list(history_of(world.zone_a).values_list("action", flat=True))
    assert actions == ["restore", "archive", "create"]


def test_purge_needs_archive_and_confirmation_and_keeps_history(world: World) -> None:
    zone = world.zone_b
    zone.parks.all().delete()  # parks and projects protect their zone
    zone.projects.all().delete()
    with pytest.raises(Exception, match="Archive the record first"):
        call_command("purge", "registry.Zone", str(zone.pk), "--yes")
    zone_archive(actor=world.b_manager, zone=zone)
    with pytest.raises(Exception, match="--yes"):
        call_command("purge", "registry.Zone", str(zone.pk))
    call_command("purge", "registry.Zone", str(zone.pk), "--yes")
    assert not Zone.objects.filter(pk=zone.pk).exists()
    assert Change.objects.filter(object_id=str(zone.pk), action="purge").count() == 1


def test_history_is_shown_in_words(world: World) -> None:
    from django.utils import translation

    from zonetrack.audit.selectors import history_for

    zone_update(
        actor=world.city_manager,
        zone=world.zone_a,
        changes={"kind": "high_tech", "organisation": world.org_b},
    )
    with translation.override("zh-hans"):
        change = history_for(world.zone_a)[0]
        rows = {label: (before, after) for label, before, after in change.rows}
    assert rows["类型"] == ("经济技术开发区", "高新技术产业开发区")
    assert rows["管委会"] == ("甲区管委会", "乙区管委会")
