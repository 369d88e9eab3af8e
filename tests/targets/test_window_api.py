"""The values and reporting windows API: bulk read and write (all or nothing, an error per
item), open, submit, reopen for one organisation, close, the roster; who may do each."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from zonetrack.targets.choices import ValueSource
from zonetrack.targets.models import ReportedValue, ReportingWindow

from ..conftest import World, api_client_for
from .factories import LAST_YEAR, indicator

JAN = f"{LAST_YEAR}-01"


@pytest.fixture(autouse=True)
def _english_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the API's messages in English."""
    monkeypatch.setattr("zonetrack.accounts.middleware.language_for", lambda request: "en")


def post(user: Any, url: str, body: dict[str, Any]) -> Any:
    client, auth = api_client_for(user)
    return client.post(url, json.dumps(body), content_type="application/json", headers=auth)


def get(user: Any, url: str) -> Any:
    client, auth = api_client_for(user)
    return client.get(url, headers=auth)


def _open(world: World) -> int:
    response = post(
        world.city_manager,
        "/api/targets/windows",
        {
            "organisation_id": world.city.pk,
            "period": JAN,
            "due_on": f"{LAST_YEAR}-02-10",
            "indicator_ids": [indicator("trade_total").pk],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["window"]["state"] == "open"
    assert {row["organisation_id"] for row in body["rows"]} == {world.org_a.pk, world.org_b.pk}
    return int(body["window"]["id"])


def item(world: World, org: Any, value: Any, code: str = "trade_total") -> dict[str, Any]:
    return {
        "organisation_id": org.pk,
        "indicator_id": indicator(code).pk,
        "period": JAN,
        "value": value,
    }


def test_the_journey_through_the_api(world: World) -> None:
    window_id = _open(world)
    url = f"/api/targets/windows/{window_id}"
    written = post(
        world.a_officer, "/api/targets/values", {"items": [item(world, world.org_a, 42)]}
    )
    assert written.json() == {"written": 1}
    assert ReportedValue.objects.get().source == ValueSource.API
    submitted = post(world.a_officer, f"{url}/submissions", {"organisation_id": world.org_a.pk})
    rows = {r["organisation_id"]: r for r in submitted.json()["rows"]}
    assert rows[world.org_a.pk]["state"] == "on_time" or rows[world.org_a.pk]["state"] == "late"
    assert rows[world.org_a.pk]["submitted_by"] == "ao"
    locked = post(world.a_officer, "/api/targets/values", {"items": [item(world, world.org_a, 43)]})
    assert locked.status_code == 400
    message = locked.json()["error"]["fields"]["items.0.value"][0]
    assert "甲区管委会 · 进出口总额" in message and "locked" in message
    # The zone may not reopen itself; the city may, with a reason.
    refused = post(
        world.a_manager, f"{url}/reopen", {"reason": "更正", "organisation_id": world.org_a.pk}
    )
    assert refused.status_code == 403
    blank = post(
        world.city_manager, f"{url}/reopen", {"reason": " ", "organisation_id": world.org_a.pk}
    )
    assert blank.status_code == 400 and "reason" in blank.json()["error"]["fields"]
    reopened = post(
        world.city_manager,
        f"{url}/reopen",
        {"reason": "数据更正", "organisation_id": world.org_a.pk},
    )
    rows = {r["organisation_id"]: r for r in reopened.json()["rows"]}
    assert (rows[world.org_a.pk]["state"], rows[world.org_a.pk]["reason"]) == (
        "reopened",
        "数据更正",
    )
    assert (
        post(
            world.a_officer, "/api/targets/values", {"items": [item(world, world.org_a, 43)]}
        ).status_code
        == 200
    )
    closed = post(world.city_manager, f"{url}/close", {})
    assert closed.json()["window"]["state"] == "closed"
    assert get(world.city_manager, url).json()["counts"]["reopened"] == 1


def test_missing_values_are_named_on_submit(world: World) -> None:
    window_id = _open(world)
    response = post(
        world.a_officer,
        f"/api/targets/windows/{window_id}/submissions",
        {"organisation_id": world.org_a.pk},
    )
    assert response.status_code == 400
    assert "进出口总额" in response.json()["error"]["fields"]["values"][0]


def test_bulk_write_is_all_or_nothing_with_an_error_per_item(world: World) -> None:
    _open(world)
    response = post(
        world.city_manager,
        "/api/targets/values",
        {
            "items": [
                item(world, world.org_a, 10),
                item(world, world.org_b, -1),
                {**item(world, world.org_b, 1), "period": "2025-13"},
                {**item(world, world.org_b, 1), "indicator_id": 99999},
            ]
        },
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"items.2.period", "items.3.indicator_id"}
    response = post(
        world.city_manager,
        "/api/targets/values",
        {"items": [item(world, world.org_a, 10), item(world, world.org_b, -1)]},
    )
    assert set(response.json()["error"]["fields"]) == {"items.1.value"}
    assert not ReportedValue.objects.exists()


def test_a_zone_cannot_write_a_siblings_values(world: World) -> None:
    _open(world)
    hidden = post(world.a_manager, "/api/targets/values", {"items": [item(world, world.org_b, 1)]})
    assert hidden.status_code == 400
    assert "items.0.organisation_id" in hidden.json()["error"]["fields"]
    viewer = post(world.a_viewer, "/api/targets/values", {"items": [item(world, world.org_a, 1)]})
    assert viewer.status_code == 403
    assert not ReportedValue.objects.exists()


def test_bulk_read_filters_and_hides_a_sibling(world: World) -> None:
    _open(world)
    post(
        world.city_manager,
        "/api/targets/values",
        {"items": [item(world, world.org_a, 10), item(world, world.org_b, 20)]},
    )
    every = get(world.city_manager, f"/api/targets/values?period={JAN}").json()
    assert every["count"] == 2
    one = get(world.city_manager, f"/api/targets/values?organisation={world.org_b.pk}").json()
    assert [(r["organisation"], r["indicator"], r["value"]) for r in one["items"]] == [
        ("乙区管委会", "trade_total", "20.00")
    ]
    zone = get(world.a_manager, "/api/targets/values").json()
    assert [r["organisation_id"] for r in zone["items"]] == [world.org_a.pk]
    assert (
        get(world.a_manager, f"/api/targets/values?organisation={world.org_b.pk}").status_code
        == 404
    )
    assert get(world.city_manager, "/api/targets/values?period=2025-13").status_code == 400


def test_only_a_manager_of_the_level_opens_and_a_zone_sees_its_own_roster_line(
    world: World,
) -> None:
    refused = post(
        world.a_manager,
        "/api/targets/windows",
        {"organisation_id": world.city.pk, "period": JAN, "due_on": f"{LAST_YEAR}-02-10"},
    )
    assert refused.status_code == 404  # the city is above the zone: not in its view
    window_id = _open(world)
    assert ReportingWindow.objects.get().indicators.count() == 1
    zone = get(world.a_manager, f"/api/targets/windows/{window_id}").json()
    assert [r["organisation_id"] for r in zone["rows"]] == [world.org_a.pk]
    assert post(world.a_manager, f"/api/targets/windows/{window_id}/close", {}).status_code == 403
    listed = get(world.a_manager, "/api/targets/windows").json()
    assert [w["id"] for w in listed["items"]] == [window_id]
    assert date.fromisoformat(listed["items"][0]["due_on"]) == date(LAST_YEAR, 2, 10)
