"""Leads for the promotion tests, made through the services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from zonetrack.promotion import services
from zonetrack.promotion.models import Channel, Enquiry, Lead, Region
from zonetrack.registry.models import Zone


def make_lead(zone: Zone, name: str = "光伏组件项目", **fields: Any) -> Lead:
    defaults: dict[str, Any] = {
        "prospect": "某光伏企业",
        "investment_wan": Decimal("15000"),
        "channel": Channel.objects.get(name="专业招商"),
        "region": Region.objects.get(name="长三角"),
    }
    return services.lead_create(actor=None, zone=zone, name=name, **{**defaults, **fields})


def make_enquiry(zone: Zone, hours_ago: float = 2, **fields: Any) -> Enquiry:
    return services.enquiry_create(
        actor=None,
        zone=zone,
        subject=fields.pop("subject", "标准地价格咨询"),
        enquirer=fields.pop("enquirer", "某新材料企业"),
        received_at=timezone.now() - timedelta(hours=hours_ago),
        **fields,
    )
