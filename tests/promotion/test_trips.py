"""Outbound trips (外出招商): a trip recorded and refused when wrong, each firm visited a visit
on a lead within the trip's dates, the leads it produced, days away per leader across a new
year, the pages and the API, and who may do what."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zonetrack.promotion import selectors, services
from zonetrack.promotion.choices import LeadStatus
from zonetrack.promotion.models import Lead, Trip

from ..conftest import World, api_client_for, client_for
from .factories import make_lead

TODAY = timezone.localdate()


def _trip(world: World, start: date | None = None, days: int = 3, **more: object) -> Trip:
    start = start or TODAY - timedelta(days=10)
    values: dict[str, object] = {
        "actor": world.a_officer,
        "organisation": world.org_a,
        "leader": world.a_manager,
        "starts_on": start,
        "ends_on": start + timedelta(days=days - 1),
        "destinations": "上海、苏州",
        "members": "招商局 王、李",
        **more,
    }
    return services.trip_create(**values)  # type: ignore[arg-type]


def test_a_trip_is_refused_when_wrong_and_its_visits_are_visits_on_leads(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _trip(world, days=0)
    assert "ends_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _trip(world, leader=world.b_manager, destinations=" ")
    assert {"leader", "destinations"} <= set(refused.value.message_dict)
    with pytest.raises(PermissionDenied):
        _trip(world, actor=world.b_manager)
    assert not Trip.objects.exists()

    trip = _trip(world)
    lead = make_lead(world.zone_a)
    with pytest.raises(ValidationError) as refused:
        services.trip_visit(
            actor=world.a_officer, trip=trip, lead=lead, happened_on=TODAY, people="总经理"
        )
    assert "happened_on" in refused.value.message_dict
    other = make_lead(world.zone_b, name="乙区线索")
    with pytest.raises(ValidationError) as refused:
        services.trip_visit(
            actor=world.a_officer, trip=trip, lead=other, happened_on=trip.starts_on, people="x"
        )
    assert "lead" in refused.value.message_dict
    visit = services.trip_visit(
        actor=world.a_officer, trip=trip, lead=lead, happened_on=trip.starts_on, people="总经理"
    )
    assert visit.trip == trip and visit.kind == "visit"
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.CONTACTED  # the first contact
    produced = make_lead(world.zone_a, name="行中获得线索", trip=trip)
    assert list(selectors.trip_leads(trip)) == [produced]
    page = client_for(world.a_viewer).get(
        reverse("promotion:lead_detail", kwargs={"lead_id": produced.pk})
    )
    trip_url = reverse("promotion:trip_detail", kwargs={"trip_id": trip.pk})
    assert f'href="{trip_url}"' in page.content.decode().split('id="lead-trip"')[1]


def test_days_away_per_leader_count_each_year_apart(world: World) -> None:
    year = TODAY.year - 1
    _trip(world, start=date(year, 12, 30), days=4)  # 30, 31 | 1, 2
    _trip(world, start=date(year, 3, 1), days=5)
    (this,) = selectors.days_away(user=world.a_manager, year=year)
    assert (this.leader, this.trips, this.days) == (world.a_manager, 2, 7)
    (after,) = selectors.days_away(user=world.a_manager, year=year + 1)
    assert (after.trips, after.days) == (1, 2)
    assert selectors.days_away(user=world.b_manager, year=year) == []


def test_the_pages_record_a_trip_a_visit_and_a_lead_from_it(world: World) -> None:
    officer = client_for(world.a_officer)
    start = TODAY - timedelta(days=5)
    response = officer.post(
        reverse("promotion:trip_create"),
        {
            "organisation": world.org_a.pk,
            "leader": world.a_manager.pk,
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=2)).isoformat(),
            "destinations": "深圳",
            "members": "",
            "purpose": "拜访新能源企业",
        },
    )
    assert response.status_code == 302
    trip = Trip.objects.get()
    lead = make_lead(world.zone_a)
    page_url = reverse("promotion:trip_detail", kwargs={"trip_id": trip.pk})
    bad = officer.post(page_url, {"lead": lead.pk, "happened_on": TODAY.isoformat(), "people": "x"})
    assert bad.status_code == 400 and not trip.visits.exists()
    ok = officer.post(
        page_url, {"lead": lead.pk, "happened_on": start.isoformat(), "people": "董事长"}
    )
    assert ok.status_code == 302 and trip.visits.count() == 1
    page = officer.get(page_url).content.decode()
    assert lead.name in page.split('id="trip-visits"')[1]
    form = officer.get(reverse("promotion:lead_create"), {"trip": trip.pk}).content.decode()
    assert "深圳" in form
    listed = officer.get(reverse("promotion:trip_list")).content.decode()
    assert "3" in listed.split('id="days-away"')[1]
    assert client_for(world.b_manager).get(page_url).status_code == 404
    assert client_for(world.a_viewer).post(page_url, {}).status_code == 403


def test_the_api_records_and_reads_trips(world: World) -> None:
    client, auth = api_client_for(world.a_officer)
    start = TODAY - timedelta(days=8)
    made = client.post(
        "/api/promotion/trips",
        {
            "organisation_id": world.org_a.pk,
            "leader_id": world.a_manager.pk,
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=1)).isoformat(),
            "destinations": "北京",
        },
        content_type="application/json",
        headers=auth,
    )
    assert made.status_code == 201 and made.json()["days"] == 2
    trip_id = made.json()["id"]
    lead = make_lead(world.zone_a)
    visit = client.post(
        f"/api/promotion/trips/{trip_id}/visits",
        {"lead_id": lead.pk, "happened_on": start.isoformat(), "people": "总经理"},
        content_type="application/json",
        headers=auth,
    )
    assert visit.status_code == 201
    one = client.get(f"/api/promotion/trips/{trip_id}", headers=auth).json()
    assert [v["lead_id"] for v in one["visits"]] == [lead.pk]
    other, other_auth = api_client_for(world.b_manager)
    assert other.get(f"/api/promotion/trips/{trip_id}", headers=other_auth).status_code == 404
    assert other.get("/api/promotion/trips", headers=other_auth).json()["items"] == []
