"""The API: who am I, organisations, zones, and the one error shape."""

from __future__ import annotations

import json

from django.test import Client

from zonetrack.accounts.models import ApiToken
from zonetrack.accounts.services import token_create, token_revoke, user_set_active
from zonetrack.registry.models import Zone

from ..conftest import World, api_client_for, client_for


def test_me_answers_memberships_with_token(world: World) -> None:
    client, auth = api_client_for(world.a_manager)
    response = client.get("/api/me", headers=auth)
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "am"
    assert body["memberships"] == [
        {
            "organisation": {"id": world.org_a.pk, "name": "甲区管委会"},
            "role": "manager",
            "title": "",
        }
    ]


def test_me_with_session_and_without_auth(world: World) -> None:
    assert client_for(world.a_viewer).get("/api/me").json()["username"] == "av"
    response = Client().get("/api/me")
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "unauthorized"
    assert error["message"]
    assert error["fields"] == {}


def test_revoked_token_and_inactive_user_are_refused(world: World) -> None:
    raw = token_create(user=world.a_manager)
    headers = {"Authorization": f"Bearer {raw}"}
    assert Client().get("/api/me", headers=headers).status_code == 200
    token_revoke(token=ApiToken.objects.get(user=world.a_manager))
    assert Client().get("/api/me", headers=headers).status_code == 401
    raw = token_create(user=world.a_officer)
    user_set_active(actor=world.superuser, user=world.a_officer, is_active=False)
    response = Client().get("/api/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_organisations_are_scoped_to_the_subtree(world: World) -> None:
    client, auth = api_client_for(world.a_manager)
    names = [o["name"] for o in client.get("/api/organisations", headers=auth).json()["items"]]
    assert names == ["甲区管委会", "甲区招商局"]
    client, auth = api_client_for(world.city_manager)
    body = client.get("/api/organisations", headers=auth).json()
    assert body["count"] == 4
    assert {o["name"] for o in body["items"]} == {
        world.city.name,
        "甲区管委会",
        "甲区招商局",
        world.org_b.name,
    }


def test_openapi_document_is_openapi_3(world: World) -> None:
    doc = Client().get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert "/api/me" in doc["paths"]
    assert "/api/zones/{zone_id}" in doc["paths"]
    assert Client().get("/api/docs").status_code == 200


def test_patch_zone_changes_and_bumps_version(world: World) -> None:
    client, auth = api_client_for(world.a_manager)
    url = f"/api/zones/{world.zone_a.pk}"
    response = client.patch(
        url,
        data=json.dumps({"version": 1, "short_name": "甲", "planned_area_km2": "40.25"}),
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert response.json()["planned_area_km2"] == "40.2500"
    zone = Zone.objects.get(pk=world.zone_a.pk)
    assert (zone.short_name, str(zone.planned_area_km2), zone.version) == ("甲", "40.2500", 2)


def test_patch_with_stale_version_is_409_and_changes_nothing(world: World) -> None:
    client, auth = api_client_for(world.a_manager)
    url = f"/api/zones/{world.zone_a.pk}"
    first = json.dumps({"version": 1, "short_name": "一"})
    second = json.dumps({"version": 1, "short_name": "二"})
    assert (
        client.patch(url, first, content_type="application/json", headers=auth).status_code == 200
    )
    response = client.patch(url, second, content_type="application/json", headers=auth)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict"
    assert "am" in error["message"]
    assert error["current_version"] == 2
    assert Zone.objects.get(pk=world.zone_a.pk).short_name == "一"


def _patch(world: World, body: str) -> tuple[int, dict]:
    client, auth = api_client_for(world.a_manager)
    response = client.patch(
        f"/api/zones/{world.zone_a.pk}", body, content_type="application/json", headers=auth
    )
    return response.status_code, response.json()


def test_malformed_json_is_400_in_the_error_shape(world: World) -> None:
    status, body = _patch(world, '{"version": 1, "name": ')
    assert status == 400
    assert body["error"]["code"] == "bad_request"
    assert set(body["error"]) == {"code", "message", "fields"}


def test_unknown_field_is_400_naming_the_field(world: World) -> None:
    status, body = _patch(world, json.dumps({"version": 1, "colour": "red"}))
    assert status == 400
    assert body["error"]["code"] == "bad_request"
    assert list(body["error"]["fields"]) == ["colour"]


def test_wrong_types_are_400_naming_each_field(world: World) -> None:
    status, body = _patch(world, json.dumps({"version": "one", "approved_on": "yesterday"}))
    assert status == 400
    assert set(body["error"]["fields"]) == {"version", "approved_on"}


def test_domain_rule_violations_are_field_errors(world: World) -> None:
    status, body = _patch(world, json.dumps({"version": 1, "planned_area_km2": "5000"}))
    assert status == 400
    assert set(body["error"]["fields"]) == {"planned_area_km2"}
    # A date outside 1900–2100 is refused with the other field checks, before any rule.
    status, body = _patch(world, json.dumps({"version": 1, "approved_on": "2999-01-01"}))
    assert status == 400
    assert set(body["error"]["fields"]) == {"approved_on"}
    status, body = _patch(world, json.dumps({"version": 1, "region_code": "999999"}))
    assert status == 400
    assert list(body["error"]["fields"]) == ["region_code"]
    assert Zone.objects.get(pk=world.zone_a.pk).version == 1  # nothing was written


def test_moving_zone_to_invisible_organisation_is_refused(world: World) -> None:
    status, body = _patch(world, json.dumps({"version": 1, "organisation_id": world.org_b.pk}))
    assert status == 400
    assert list(body["error"]["fields"]) == ["organisation_id"]
    assert Zone.objects.get(pk=world.zone_a.pk).organisation_id == world.org_a.pk


def test_viewer_may_read_but_not_write(world: World) -> None:
    client, auth = api_client_for(world.a_viewer)
    assert client.get(f"/api/zones/{world.zone_a.pk}", headers=auth).status_code == 200
    response = client.patch(
        f"/api/zones/{world.zone_a.pk}",
        json.dumps({"version": 1, "name": "x"}),
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert Zone.objects.get(pk=world.zone_a.pk).name == world.zone_a.name


def test_session_writes_need_csrf(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.a_manager)
    response = client.patch(
        f"/api/zones/{world.zone_a.pk}",
        json.dumps({"version": 1, "short_name": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert Zone.objects.get(pk=world.zone_a.pk).short_name == ""


def test_unknown_api_path_is_json_404(world: World) -> None:
    response = Client().get("/api/no/such/thing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_zone_list_filters_and_counts(world: World) -> None:
    client, auth = api_client_for(world.city_manager)
    body = client.get("/api/zones?q=甲", headers=auth).json()
    assert [z["name"] for z in body["items"]] == ["甲区"]
    assert client.get("/api/zones", headers=auth).json()["count"] == 2
    in_region = client.get("/api/zones?region=141081", headers=auth).json()
    assert in_region["count"] == 1
    assert [z["name"] for z in in_region["items"]] == [
        z.name for z in (world.zone_a, world.zone_b) if z.region.code.startswith("141081")
    ]
