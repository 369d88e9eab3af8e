"""Branch-B records standing for the URL parameters of the notices app (see test_access_walk)."""

from __future__ import annotations

from typing import Any

from zonetrack.notices import services, subscriptions
from zonetrack.notices.choices import Cadence, Product

from ..conftest import World


def params(world: World) -> dict[str, Any]:
    webhook = services.webhook_create(
        actor=world.b_manager,
        organisation=world.org_b,
        name="乙区调度群",
        url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=b",
        format="wecom",
    )
    # A subscription is its subscriber's alone: everyone else gets 404.
    subscription = subscriptions.subscription_create(
        actor=world.b_manager,
        organisation=world.org_b,
        product=Product.COCKPIT_EXTRACT,
        cadence=Cadence.MONTHLY,
        day_of_month=1,
        by_email=False,
        webhook=webhook,
    )
    return {"webhook_id": webhook.pk, "subscription_id": subscription.pk}
