"""Who may do what with notices: every permission function against the personas."""

from __future__ import annotations

import pytest

from zonetrack.notices import permissions, services

from ..conftest import World

PERSONAS = ["root", "pv", "cm", "ca", "am", "ao", "av", "bm", "nobody"]


def _users(world: World) -> dict[str, object]:
    return {
        "root": world.superuser,
        "pv": world.province_viewer,
        "cm": world.city_manager,
        "ca": world.city_admin,
        "am": world.a_manager,
        "ao": world.a_officer,
        "av": world.a_viewer,
        "bm": world.b_manager,
        "nobody": world.nobody,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_superusers_see_deliveries(world: World, persona: str) -> None:
    assert permissions.can_see_deliveries(_users(world)[persona]) is (persona == "root")


@pytest.mark.parametrize("persona", PERSONAS)
def test_managers_of_the_organisation_or_above_manage_its_webhooks(
    world: World, persona: str
) -> None:
    user = _users(world)[persona]
    webhook = services.webhook_create(
        actor=world.a_manager, organisation=world.org_a, name="甲区群", url="https://x.example/h"
    )
    allowed = {"root", "cm", "ca", "am"}
    assert permissions.can_manage_webhooks(user, world.org_a) is (persona in allowed)
    assert permissions.can_change_webhook(user, webhook) is (persona in allowed)
