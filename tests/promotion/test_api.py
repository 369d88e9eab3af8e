"""Promotion's API: leads are created, stepped and converted (once) with field-level errors,
enquiries keep their clock, and the overview counts a zone's leads and enquiries."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from zonetrack.promotion.models import Channel, Region

from ..conftest import World, api_client_for
from .factories import make_enquiry, make_lead

TODAY = timezone.localdate()


def test_lead_api_creates_steps_and_converts_once(world: World) -> None:
    client, headers = api_client_for(world.a_officer)
    channel = Channel.objects.get(name="以商招商")
    response = client.post(
        "/api/promotion/leads",
        {
            "zone": world.zone_a.pk,
            "name": "冷链物流园",
            "prospect": "珠海一家物流企业",
            "investment_wan": "30000",
            "channel": channel.pk,
            "region": Region.objects.get(name="珠三角").pk,
        },
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    lead = response.json()
    assert lead["status"] == "new" and lead["investor"] == "珠海一家物流企业"
    base = f"/api/promotion/leads/{lead['id']}"
    response = client.post(
        f"{base}/interactions",
        {"kind": "visit", "happened_on": TODAY.isoformat(), "people": "王晓燕"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201
    first = client.post(f"{base}/conversion", {}, content_type="application/json", headers=headers)
    assert first.status_code == 201
    again = client.post(f"{base}/conversion", {}, content_type="application/json", headers=headers)
    assert again.status_code == 400
    assert client.get(base, headers=headers).json()["project_id"] == first.json()["project_id"]


def test_lead_api_bad_input_is_field_level(world: World) -> None:
    client, headers = api_client_for(world.a_officer)
    response = client.post(
        "/api/promotion/leads",
        {"zone": world.zone_a.pk, "name": "无名"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400 and "prospect" in response.content.decode()
    lead = make_lead(world.zone_a)
    response = client.post(
        f"/api/promotion/leads/{lead.pk}/status",
        {"status": "lost"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400 and "lost_reason" in response.content.decode()


def test_enquiry_api_refuses_a_close_before_receipt(world: World) -> None:
    client, headers = api_client_for(world.a_officer)
    enquiry = make_enquiry(world.zone_a, hours_ago=3)
    response = client.post(
        f"/api/promotion/enquiries/{enquiry.pk}/closing",
        {"at": (enquiry.received_at - timedelta(hours=1)).isoformat()},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400 and '"at"' in response.content.decode()


def test_overview_counts_the_zones_leads_and_enquiries(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ZONETRACK_ENQUIRY_RESPONSE_HOURS = 24
    make_lead(world.zone_a, "一")
    make_lead(world.zone_a, "二")
    make_lead(world.zone_b, "乙")
    make_enquiry(world.zone_a, hours_ago=30)
    client, headers = api_client_for(world.city_manager)
    data = client.get(f"/api/promotion/overview?zone={world.zone_a.pk}", headers=headers).json()
    assert data["leads"] == 2
    assert {r["key"]: r["count"] for r in data["by_status"]}["new"] == 2
    assert [r["label"] for r in data["by_channel"]] == ["专业招商"]
    assert data["enquiries"] == 1 and data["enquiries_overdue"] == 1
    assert data["conversion_rate"] is None
