"""Registry API: zones and parks created, changed and refused with field-level messages."""

from __future__ import annotations

import json
from typing import Any

from zonetrack.registry.models import Park, Zone
from zonetrack.registry.services import zone_archive

from ..conftest import World, api_client_for


def post(world: World, user: Any, url: str, body: dict[str, Any]) -> tuple[int, dict]:
    client, auth = api_client_for(user)
    response = client.post(url, json.dumps(body), content_type="application/json", headers=auth)
    return response.status_code, response.json()


def zone_body(world: World, **extra: Any) -> dict[str, Any]:
    return {
        "name": "丙区",
        "kind": "etdz",
        "level": "provincial",
        "region_code": "141023",
        "organisation_id": world.org_a.pk,
        "planned_area_km2": "12.5",
        "approved_on": "2012-06-01",
        "clusters": ["new-materials", "chemicals"],
        **extra,
    }


def test_create_zone(world: World) -> None:
    status, body = post(world, world.a_manager, "/api/zones", zone_body(world))
    assert status == 201, body
    assert body["region"] == {"code": "141023", "name": "襄汾县", "level": "county"}
    assert sorted(c["code"] for c in body["clusters"]) == ["chemicals", "new-materials"]
    assert body["version"] == 1


def test_create_zone_bad_fields_are_named_and_nothing_saved(world: World) -> None:
    cases = [
        ({"region_code": "999999"}, "region_code"),
        ({"planned_area_km2": "0"}, "planned_area_km2"),
        ({"planned_area_km2": "2500"}, "planned_area_km2"),
        ({"approved_on": "2999-01-01"}, "approved_on"),
        ({"name": "甲区", "region_code": "141002"}, "name"),  # duplicate in the region
        ({"clusters": ["no-such-cluster"]}, "clusters"),
        ({"kind": "spaceport"}, "kind"),
        ({"organisation_id": world.org_b.pk}, "organisation_id"),  # not visible to am
    ]
    before = Zone.objects.count()
    for extra, field in cases:
        status, body = post(world, world.a_manager, "/api/zones", zone_body(world, **extra))
        assert status == 400, (extra, body)
        assert field in body["error"]["fields"], (extra, body)
    assert Zone.objects.count() == before


def test_viewer_cannot_create_zone(world: World) -> None:
    status, _body = post(world, world.a_viewer, "/api/zones", zone_body(world))
    assert status == 403


def test_park_create_patch_and_readiness(world: World) -> None:
    status, body = post(
        world,
        world.a_manager,
        f"/api/zones/{world.zone_a.pk}/parks",
        {
            "name": "甲二园",
            "area_km2": "3.2",
            "infrastructure": {
                "road": True,
                "water": True,
                "drainage": True,
                "power": True,
                "heat": False,
                "gas": True,
                "telecom": True,
                "levelled": True,
            },
        },
    )
    assert status == 201, body
    assert body["readiness"] == "七通一平 7/8"
    assert body["missing"] == ["供热"]
    client, auth = api_client_for(world.a_manager)
    response = client.patch(
        f"/api/parks/{body['id']}",
        json.dumps(
            {
                "version": 1,
                "infrastructure": {
                    "road": True,
                    "heat": True,
                    "extra": [{"name": "污水处理厂", "ready": False}],
                },
            }
        ),
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 200, response.content
    assert response.json()["readiness"] == "八通一平 2/9"


def test_park_bad_infrastructure_and_archived_zone(world: World) -> None:
    url = f"/api/zones/{world.zone_a.pk}/parks"
    status, body = post(world, world.a_manager, url, {"name": "x", "infrastructure": {"fly": True}})
    assert status == 400
    assert "infrastructure" in body["error"]["fields"]
    status, body = post(world, world.a_manager, url, {"name": "甲一园"})
    assert status == 400
    assert "name" in body["error"]["fields"]
    zone_archive(actor=world.a_manager, zone=world.zone_a)
    status, body = post(world, world.a_manager, url, {"name": "新园"})
    assert status == 400
    assert "zone" in body["error"]["fields"]
    assert not Park.objects.filter(name="新园").exists()


def test_zone_list_filters_sorting_and_total(world: World) -> None:
    client, auth = api_client_for(world.city_manager)
    get = lambda query: client.get(f"/api/zones?{query}", headers=auth).json()  # noqa: E731
    assert get("")["count"] == 2
    names = [z["name"] for z in get("sort=name")["items"]]
    assert names == sorted(names)
    assert [z["name"] for z in get("sort=-name")["items"]] == names[::-1]
    assert [z["name"] for z in get("region=141081")["items"]] == ["乙区"]
    assert get("kind=high_tech")["count"] == 0
    assert get("page_size=1")["count"] == 2
    assert len(get("page_size=1")["items"]) == 1


def test_regions_and_clusters(world: World) -> None:
    client, auth = api_client_for(world.a_viewer)
    provinces = client.get("/api/regions", headers=auth).json()
    assert len(provinces) == 31
    cities = client.get("/api/regions?parent=14", headers=auth).json()
    assert "临汾市" in [c["name"] for c in cities]
    clusters = client.get("/api/clusters", headers=auth).json()
    assert {"code": "biomedicine", "name": "生物医药"} in clusters
