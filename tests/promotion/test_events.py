"""Events: a project signed at an event is counted once, however many events claim it, and
only a project of the organiser's zones may be signed there."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zonetrack.promotion import selectors, services
from zonetrack.promotion.choices import EventKind
from zonetrack.promotion.models import Event

from ..conftest import World, client_for


def _event(world: World, organisation, title: str = "长三角推介会") -> Event:  # type: ignore[no-untyped-def]
    return services.event_create(
        actor=None,
        organisation=organisation,
        title=title,
        kind=EventKind.SIGNING,
        held_on=timezone.localdate(),
        place="上海",
    )


def test_event_signings_are_counted_once(world: World) -> None:
    city_event = _event(world, world.city)
    zone_event = _event(world, world.org_a, "甲区签约仪式")
    services.event_sign(actor=world.city_manager, event=city_event, project=world.project_a)
    services.event_sign(actor=world.city_manager, event=city_event, project=world.project_b)
    with pytest.raises(ValidationError) as exc:
        services.event_sign(actor=world.a_officer, event=zone_event, project=world.project_a)
    assert "project" in exc.value.message_dict
    totals = {
        e.title: (e.signed, e.signed_wan) for e in selectors.event_list(user=world.city_manager)
    }
    assert totals == {"长三角推介会": (2, Decimal("130000")), "甲区签约仪式": (0, None)}


def test_event_refuses_a_project_outside_its_zone_group(world: World) -> None:
    event = _event(world, world.org_a)
    with pytest.raises(ValidationError) as exc:
        services.event_sign(actor=world.city_manager, event=event, project=world.project_b)
    assert "project" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.event_sign(actor=world.a_viewer, event=event, project=world.project_a)


def test_event_page_signs_by_code_with_field_errors(world: World) -> None:
    event = _event(world, world.org_a)
    client = client_for(world.a_officer)
    url = reverse("promotion:event_detail", kwargs={"event_id": event.pk})
    response = client.post(url, {"project": "nope"})
    assert response.status_code == 400 and "project" in response.context["signing_form"].errors
    assert client.post(url, {"project": world.project_a.code}).status_code == 302
    page = client.get(url).content.decode()
    assert world.project_a.name in page


def test_event_list_uses_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.city_manager)
    url = reverse("promotion:event_list")
    _event(world, world.org_a)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for i in range(20):
        _event(world, world.org_b, f"活动{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_project_signed_at_an_event_is_signed_on_its_day(world: World) -> None:
    """A pursued project signed at the event moves to the signed stage dated the event's day
    (awaiting verification as any claim); an event held before the project was pursued cannot
    have signed it."""
    event = _event(world, world.org_a)
    services.event_sign(actor=world.a_officer, event=event, project=world.project_a)
    world.project_a.refresh_from_db()
    assert (world.project_a.stage, world.project_a.stage_on) == ("signed", event.held_on)
    last = world.project_a.transitions.order_by("-pk").first()
    assert last is not None and event.title in last.note
    earlier = services.event_create(
        actor=None,
        organisation=world.city,
        title="去年的推介会",
        kind=EventKind.PROMOTION,
        held_on=date(2020, 5, 1),
        place="太原",
    )
    with pytest.raises(ValidationError) as exc:
        services.event_sign(actor=world.city_manager, event=earlier, project=world.project_b)
    assert "2020-05-01" in exc.value.message_dict["project"][0]


def test_the_event_api_records_signs_several_at_once_and_counts_by_year(world: World) -> None:
    from ..conftest import api_client_for

    client, headers = api_client_for(world.city_manager)
    made = client.post(
        "/api/promotion/events",
        {
            "organisation_id": world.city.pk,
            "title": "全市重点项目集中签约",
            "kind": "signing",
            "held_on": timezone.localdate().isoformat(),
            "place": "市会展中心",
            "attending": "晋阳新材料有限公司\n\n汾河装备有限公司\n",
        },
        content_type="application/json",
        headers=headers,
    )
    assert made.status_code == 201, made.content
    event = made.json()
    assert event["firms_attending"] == ["晋阳新材料有限公司", "汾河装备有限公司"]
    url = f"/api/promotion/events/{event['id']}/signings"
    codes = [world.project_a.code, world.project_b.code]
    refused = client.post(
        url, {"projects": [*codes, "NO-SUCH"]}, content_type="application/json", headers=headers
    )
    assert refused.status_code == 400 and "NO-SUCH" in str(refused.json()["error"]["fields"])
    assert client.get(f"/api/promotion/events/{event['id']}", headers=headers).json()["signed"] == 0
    signed = client.post(url, {"projects": codes}, content_type="application/json", headers=headers)
    assert signed.status_code == 200 and signed.json()["signed"] == 2
    years = client.get("/api/promotion/events/years", headers=headers).json()
    this_year = next(y for y in years if y["year"] == timezone.localdate().year)
    assert (this_year["events"], this_year["signed"]) == (1, 2)
    assert Decimal(this_year["signed_wan"]) == Decimal("130000")
    # A zone's manager may not record the city's signings.
    other, other_headers = api_client_for(world.b_manager)
    assert other.post(
        url, {"projects": codes}, content_type="application/json", headers=other_headers
    ).status_code in (403, 404)
