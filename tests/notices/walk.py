"""Branch-B records standing for the URL parameters of the notices app (see test_access_walk)."""

from __future__ import annotations

from typing import Any

from zonetrack.notices import services

from ..conftest import World


def params(world: World) -> dict[str, Any]:
    webhook = services.webhook_create(
        actor=world.b_manager,
        organisation=world.org_b,
        name="乙区调度群",
        url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=b",
        format="wecom",
    )
    return {"webhook_id": webhook.pk}
