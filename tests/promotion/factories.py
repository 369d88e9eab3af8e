"""Leads for the promotion tests, made through the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zonetrack.promotion import services
from zonetrack.promotion.models import Channel, Lead, Region
from zonetrack.registry.models import Zone


def make_lead(zone: Zone, name: str = "光伏组件项目", **fields: Any) -> Lead:
    defaults: dict[str, Any] = {
        "prospect": "某光伏企业",
        "investment_wan": Decimal("15000"),
        "channel": Channel.objects.get(name="专业招商"),
        "region": Region.objects.get(name="长三角"),
    }
    return services.lead_create(actor=None, zone=zone, name=name, **{**defaults, **fields})
