"""Parcel services: outlines measured and checked, overlaps flagged, dated status changes,
who may write."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zonetrack.audit.models import Change
from zonetrack.audit.services import history_of
from zonetrack.land import services
from zonetrack.land.choices import ParcelStatus
from zonetrack.land.models import Parcel, ParcelStatusChange

from ..conftest import World, make_user
from .factories import make_parcel, square


def test_a_parcel_without_an_area_takes_its_outlines_and_shows_other_units(world: World) -> None:
    parcel = make_parcel(world.zone_a, "A-01", area_mu=None, geometry=square(0, 0))
    assert parcel.area_mu == Decimal("14.66") == parcel.measured_mu
    # 1 公顷 = 15 亩, 1 km² = 1,500 亩.
    assert parcel.area_ha == Decimal("0.9773")
    assert parcel.area_km2 == Decimal("0.009773")
    assert (parcel.min_lng, parcel.max_lat) == pytest.approx((112.5, 37.801))
    first = parcel.status_changes.get()
    assert (first.from_status, first.to_status) == ("", ParcelStatus.RESERVE)
    assert Change.objects.filter(object_id=str(parcel.pk), action="create").exists()


def test_a_stated_area_beyond_the_tolerance_is_refused(world: World) -> None:
    # Measured 14.66 亩; the default tolerance is 5 %: 14.0 passes, 13.9 does not.
    make_parcel(world.zone_a, "A-01", area_mu="14.0", geometry=square(0, 0))
    with pytest.raises(ValidationError) as exc:
        make_parcel(world.zone_a, "A-02", area_mu="13.9", geometry=square(2, 0))
    assert "14.66" in exc.value.message_dict["area_mu"][0]
    assert not Parcel.objects.filter(code="A-02").exists()


def test_the_tolerance_is_a_setting(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ZONETRACK_LAND_AREA_TOLERANCE = "0.01"
    with pytest.raises(ValidationError):
        make_parcel(world.zone_a, "A-01", area_mu="14.5", geometry=square(0, 0))


def test_an_overlap_in_the_same_zone_is_refused_unless_confirmed_and_then_flagged(
    world: World,
) -> None:
    make_parcel(world.zone_a, "A-01", area_mu=None, geometry=square(0, 0))
    shifted = square(0, 0, lng=112.5005)
    with pytest.raises(ValidationError) as exc:
        make_parcel(world.zone_a, "A-02", area_mu=None, geometry=shifted)
    assert "A-01" in exc.value.message_dict["geometry"][0]
    flagged = make_parcel(world.zone_a, "A-02", area_mu=None, geometry=shifted, accept_overlap=True)
    assert flagged.overlaps == ["A-01"]
    # Touching is not overlapping; another zone's land is another zone's business.
    assert make_parcel(world.zone_a, "A-03", area_mu=None, geometry=square(3, 0)).overlaps == []
    assert make_parcel(world.zone_b, "B-01", area_mu=None, geometry=shifted).overlaps == []


def test_an_open_or_crossing_outline_saves_nothing(world: World) -> None:
    ring = square(0, 0)["coordinates"][0][:-1]
    with pytest.raises(ValidationError) as exc:
        make_parcel(world.zone_a, "A-01", geometry={"type": "Polygon", "coordinates": [ring]})
    assert "geometry" in exc.value.message_dict
    assert not Parcel.objects.exists() and not ParcelStatusChange.objects.exists()


def test_a_code_is_unique_in_its_zone_and_a_park_must_be_the_zones(world: World) -> None:
    make_parcel(world.zone_a, "X-1")
    with pytest.raises(ValidationError) as exc:
        make_parcel(world.zone_a, "X-1")
    assert "code" in exc.value.message_dict
    make_parcel(world.zone_b, "X-1")
    with pytest.raises(ValidationError) as exc:
        make_parcel(world.zone_a, "X-2", park=world.park_b)
    assert "park" in exc.value.message_dict


def test_updating_the_outline_measures_again_and_checks_the_area(world: World) -> None:
    parcel = make_parcel(world.zone_a, "A-01", area_mu=None, geometry=square(0, 0))
    bigger = square(0, 0, 0.002)
    with pytest.raises(ValidationError) as exc:
        services.parcel_update(actor=None, parcel=parcel, changes={"geometry": bigger})
    assert "area_mu" in exc.value.message_dict
    parcel.refresh_from_db()
    services.parcel_update(
        actor=None, parcel=parcel, changes={"geometry": bigger, "area_mu": Decimal("58.6")}
    )
    parcel.refresh_from_db()
    assert parcel.measured_mu == Decimal("58.65") and parcel.version == 2
    with pytest.raises(ValidationError):
        services.parcel_update(actor=None, parcel=parcel, changes={"area_mu": Decimal("40")})


def test_status_changes_are_dated_and_supplying_names_who_got_the_land(world: World) -> None:
    parcel = make_parcel(world.zone_a, "A-01", status_on=date(2024, 1, 5))
    services.parcel_set_status(
        actor=None, parcel=parcel, status=ParcelStatus.STANDARD, changed_on=date(2024, 3, 1)
    )
    with pytest.raises(ValidationError) as exc:
        services.parcel_set_status(
            actor=None, parcel=parcel, status=ParcelStatus.SUPPLIED, changed_on=date(2024, 6, 1)
        )
    assert "supplied_project" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.parcel_set_status(
            actor=None,
            parcel=parcel,
            status=ParcelStatus.SUPPLIED,
            changed_on=date(2024, 2, 1),
            project=world.project_a,
        )
    assert "changed_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.parcel_set_status(
            actor=None,
            parcel=parcel,
            status=ParcelStatus.SUPPLIED,
            changed_on=timezone.localdate() + timedelta(days=1),
            project=world.project_a,
        )
    assert "changed_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.parcel_set_status(
            actor=None,
            parcel=parcel,
            status=ParcelStatus.SUPPLIED,
            changed_on=date(2024, 6, 1),
            project=world.project_b,
        )
    assert "supplied_project" in exc.value.message_dict
    services.parcel_set_status(
        actor=None,
        parcel=parcel,
        status=ParcelStatus.SUPPLIED,
        changed_on=date(2024, 6, 1),
        project=world.project_a,
        note="挂牌成交",
    )
    parcel.refresh_from_db()
    assert parcel.status == ParcelStatus.SUPPLIED and parcel.status_on == date(2024, 6, 1)
    assert parcel.supplied_project == world.project_a
    steps = list(parcel.status_changes.values_list("from_status", "to_status", "changed_on"))
    assert steps == [
        ("", "reserve", date(2024, 1, 5)),
        ("reserve", "standard", date(2024, 3, 1)),
        ("standard", "supplied", date(2024, 6, 1)),
    ]
    # Reclaimed land belongs to no one again.
    services.parcel_set_status(
        actor=None, parcel=parcel, status=ParcelStatus.RESERVE, changed_on=date(2024, 7, 1)
    )
    parcel.refresh_from_db()
    assert parcel.supplied_project is None


def test_a_zones_officers_keep_its_parcels_and_nobody_else(world: World) -> None:
    parcel = make_parcel(world.zone_a, "A-01")
    services.parcel_update(actor=world.a_officer, parcel=parcel, changes={"name": "东地块"})
    make_parcel_as = services.parcel_create
    make_parcel_as(actor=world.a_officer, zone=world.zone_a, code="A-02", area_mu=Decimal(5))
    make_parcel_as(actor=world.city_manager, zone=world.zone_a, code="A-03", area_mu=Decimal(5))
    for outsider in (world.a_viewer, world.b_manager, make_user("x")):
        with pytest.raises(PermissionDenied):
            services.parcel_update(actor=outsider, parcel=parcel, changes={"name": "西"})
        with pytest.raises(PermissionDenied):
            make_parcel_as(actor=outsider, zone=world.zone_a, code="Z", area_mu=Decimal(5))
        with pytest.raises(PermissionDenied):
            services.parcel_set_status(
                actor=outsider,
                parcel=parcel,
                status=ParcelStatus.STANDARD,
                changed_on=timezone.localdate(),
            )


def test_bulk_create_writes_all_or_none(world: World) -> None:
    make_parcel(world.zone_a, "A-01")
    rows = [Parcel(code="A-02", area_mu=Decimal(3)), Parcel(code="A-01", area_mu=Decimal(4))]
    with pytest.raises(ValidationError):
        services.parcels_bulk_create(actor=None, zone=world.zone_a, parcels=rows)
    assert Parcel.objects.count() == 1
    made = services.parcels_bulk_create(
        actor=world.a_officer,
        zone=world.zone_a,
        parcels=[Parcel(code="A-02", area_mu=Decimal(3)), Parcel(code="A-03", area_mu=Decimal(4))],
    )
    assert [p.code for p in made] == ["A-02", "A-03"]
    assert ParcelStatusChange.objects.filter(parcel__in=made).count() == 2
    assert [list(history_of(p).values_list("action", flat=True)) for p in made] == [
        ["create"],
        ["create"],
    ]
