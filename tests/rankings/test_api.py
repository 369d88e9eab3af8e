"""The rankings API: schemes with versions, compute, publish, rankings with explanations and
the rank-change explanation."""

from __future__ import annotations

import json

import pytest

from zonetrack.rankings.models import Scheme

from ..conftest import World, api_client_for
from ..targets.factories import LAST_YEAR, indicator
from .conftest import PERIOD, report_half


def _body(world: World, weight: int = 60) -> dict:
    return {
        "name": "四比四看",
        "owner_id": world.city.pk,
        "items": [
            {
                "category": "招商",
                "name": "进出口",
                "indicator_id": indicator("trade_total").pk,
                "rule": "linear",
                "weight": weight,
            },
            {
                "category": "绿色",
                "name": "能耗",
                "indicator_id": indicator("energy_per_value_added").pk,
                "rule": "linear",
                "weight": 40,
            },
        ],
    }


def _post(client, url: str, body: dict, auth: dict):  # type: ignore[no-untyped-def]
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=auth)


@pytest.mark.usefixtures("reported")
def test_scheme_compute_publish_and_explain(world: World) -> None:
    client, auth = api_client_for(world.city_manager)
    bad = _post(client, "/api/schemes", _body(world, 50), auth)
    assert bad.status_code == 400
    assert "90" in json.dumps(bad.json(), ensure_ascii=False)
    made = _post(client, "/api/schemes", _body(world), auth)
    assert made.status_code == 201
    scheme_id = made.json()["id"]
    computed = _post(client, f"/api/schemes/{scheme_id}/compute?period={PERIOD}", {}, auth)
    assert computed.status_code == 201
    ranking = computed.json()
    assert [(ln["organisation_id"], ln["rank"], ln["total"]) for ln in ranking["lines"]] == [
        (world.org_a.pk, 1, "60.0000"),
        (world.org_b.pk, 2, "40.0000"),
    ]
    published = _post(client, f"/api/rankings/{ranking['id']}/publish", {}, auth)
    assert published.json()["status"] == "published"
    # Frozen: a change answers the next edition, the published one stays.
    changed = client.put(
        f"/api/schemes/{scheme_id}",
        data=json.dumps(_body(world)),
        content_type="application/json",
        headers=auth,
    )
    assert changed.json()["edition"] == 2 and changed.json()["id"] != scheme_id
    assert Scheme.objects.get(pk=scheme_id).is_frozen
    # The ranked zone sees the table, its own items only.
    zone, zone_auth = api_client_for(world.a_viewer)
    seen = zone.get(f"/api/rankings/{ranking['id']}", headers=zone_auth).json()
    items = {ln["organisation_id"]: ln["items"] for ln in seen["lines"]}
    assert items[world.org_b.pk] is None and items[world.org_a.pk][0]["raw"] == "600.00"
    assert zone.get("/api/schemes", headers=zone_auth).json() == []
    report_half(world, half=2, org_a=(10, "1.5"), org_b=(90, "1.0"))
    later = _post(client, f"/api/schemes/{scheme_id}/compute?period={LAST_YEAR}H2", {}, auth)
    why = client.get(
        f"/api/rankings/{later.json()['id']}/organisations/{world.org_a.pk}/change", headers=auth
    ).json()
    assert (why["rank_before"], why["rank_after"]) == (1, 2)
    assert why["items"][0]["item"] == "进出口" and why["items"][0]["delta"] == "-60.0000"
    refused = zone.get(
        f"/api/rankings/{later.json()['id']}/organisations/{world.org_a.pk}/change",
        headers=zone_auth,
    )
    assert refused.status_code == 404  # a draft is the owner's side's


def test_compute_without_data_is_a_field_error(world: World) -> None:
    client, auth = api_client_for(world.city_manager)
    scheme_id = _post(client, "/api/schemes", _body(world), auth).json()["id"]
    response = _post(client, f"/api/schemes/{scheme_id}/compute?period={PERIOD}", {}, auth)
    assert response.status_code == 400
    assert "period" in json.dumps(response.json())


@pytest.mark.usefixtures("reported")
def test_publishing_with_values_missing_needs_acknowledged(world: World) -> None:
    report_half(world, half=2, org_a=(10, "1.5"))  # B reports nothing in H2
    client, auth = api_client_for(world.city_manager)
    scheme_id = _post(client, "/api/schemes", _body(world), auth).json()["id"]
    ranking = _post(client, f"/api/schemes/{scheme_id}/compute?period={LAST_YEAR}H2", {}, auth)
    url = f"/api/rankings/{ranking.json()['id']}/publish"
    refused = _post(client, url, {}, auth)
    assert refused.status_code == 400
    assert "acknowledged" in json.dumps(refused.json())
    published = _post(client, url, {"acknowledged": True}, auth)
    assert published.json()["status"] == "published"
