"""Articles API: add by JSON or file, read, list, decide on facts."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import World, api_client_for
from zonetrack.articles.models import Article, Fact, Review

from .test_app_services import TEXT, add_article, zone_fact


def post_json(client: Any, url: str, body: Any, auth: dict[str, str]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=auth)


def patch(client: Any, url: str, body: Any, auth: dict[str, str]) -> Any:
    return client.patch(url, data=json.dumps(body), content_type="application/json", headers=auth)


def test_create_by_json_and_read_back(world: World) -> None:
    client, auth = api_client_for(world.a_manager)
    response = post_json(
        client,
        "/api/articles",
        {"text": TEXT, "title": "季度招商", "pub_date": "2025-04-02"},
        auth,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "ready" and body["organisation_id"] == world.org_a.pk
    assert body["pub_date"] == "2025-04-02"
    assert body["clean_text"].startswith("甲区")
    zones = [f for f in body["facts"] if f["type"] == "zone"]
    assert {"甲区", "乙区"} <= {f["fields"]["name"] for f in zones}
    for fact in body["facts"]:
        assert body["clean_text"][fact["start"] : fact["end"]] == fact["quote"]
        assert fact["review"] == "proposed" and fact["version"] == 1
    again = client.get(f"/api/articles/{body['id']}", headers=auth).json()
    assert again["facts"] == body["facts"]
    listing = client.get("/api/articles", headers=auth).json()
    assert listing["count"] == 1 and listing["items"][0]["fact_count"] == len(body["facts"])


def test_create_by_file_upload(world: World) -> None:
    client, auth = api_client_for(world.a_manager)
    upload = SimpleUploadedFile("通报.txt", TEXT.encode("gb18030"))
    response = client.post(
        "/api/articles", {"file": upload, "source_url": "https://example.org/a"}, headers=auth
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["encoding"] == "gb18030" and body["filename"] == "通报.txt"
    assert "总投资约36亿元" in body["clean_text"]


def test_bad_inputs_answer_400_on_the_field(world: World) -> None:
    client, auth = api_client_for(world.a_manager)
    cases = [
        ({"text": ""}, "text"),
        ({"text": "no Chinese here"}, "text"),
        ({"text": TEXT, "colour": "red"}, "colour"),
        ({"text": TEXT, "organisation_id": world.org_b.pk}, "organisation_id"),
        ({"text": TEXT, "pub_date": "yesterday"}, "pub_date"),
    ]
    for body, field in cases:
        response = post_json(client, "/api/articles", body, auth)
        assert response.status_code == 400, (body, response.content)
        assert field in response.json()["error"]["fields"], (body, response.json())
    binary = client.post(
        "/api/articles",
        {"file": SimpleUploadedFile("x.txt", b"\x00\xff\x10" * 300)},
        headers=auth,
    )
    assert binary.status_code == 400 and "file" in binary.json()["error"]["fields"]
    not_json = client.post("/api/articles", data="{", content_type="application/json", headers=auth)
    assert not_json.status_code == 400
    huge = post_json(client, "/api/articles", {"text": "甲" * (11 * 1024 * 1024 // 3)}, auth)
    assert huge.status_code == 413 and huge.json()["error"]["code"] == "too_large"
    assert not Article.objects.exists()


def test_fact_decisions_with_versions(world: World) -> None:
    article = add_article(world)
    fact = zone_fact(article)
    client, auth = api_client_for(world.a_manager)
    url = f"/api/articles/facts/{fact.pk}"
    accepted = patch(client, url, {"action": "accept", "version": 1}, auth)
    assert accepted.status_code == 200
    assert accepted.json()["review"] == "accepted" and accepted.json()["version"] == 2
    assert accepted.json()["reviewed_by"] == "am"

    stale = patch(client, url, {"action": "reject", "version": 1}, auth)
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert stale.json()["error"]["current_version"] == 2

    attached = patch(
        client, url, {"action": "attach", "zone_id": world.zone_a.pk, "version": 2}, auth
    )
    assert attached.status_code == 200 and attached.json()["zone_id"] == world.zone_a.pk
    other = patch(client, url, {"action": "attach", "zone_id": world.zone_b.pk, "version": 3}, auth)
    assert other.status_code == 400 and "zone_id" in other.json()["error"]["fields"]

    edited = patch(
        client,
        url,
        {"action": "edit", "fields": {"name": "甲区", "parent": "市区"}, "version": 3},
        auth,
    )
    assert edited.status_code == 200
    assert edited.json()["review"] == "edited"
    assert edited.json()["edited_fields"] == {"name": "甲区", "parent": "市区"}
    bad = patch(client, url, {"action": "edit", "fields": {"name": ""}, "version": 4}, auth)
    assert bad.status_code == 400 and "name" in bad.json()["error"]["fields"]
    unknown = patch(client, url, {"action": "approve", "version": 4}, auth)
    assert unknown.status_code == 400 and "action" in unknown.json()["error"]["fields"]
    fact.refresh_from_db()
    assert fact.review == Review.EDITED and fact.version == 4


def test_outsiders_get_404_and_viewers_403(world: World) -> None:
    article = add_article(world)
    fact = zone_fact(article)
    for user in (world.b_manager, world.nobody):
        client, auth = api_client_for(user)
        assert client.get(f"/api/articles/{article.pk}", headers=auth).status_code == 404
        response = patch(
            client, f"/api/articles/facts/{fact.pk}", {"action": "accept", "version": 1}, auth
        )
        assert response.status_code == 404
        assert client.get("/api/articles", headers=auth).json()["count"] == 0
    client, auth = api_client_for(world.a_viewer)
    assert client.get(f"/api/articles/{article.pk}", headers=auth).status_code == 200
    response = patch(
        client, f"/api/articles/facts/{fact.pk}", {"action": "accept", "version": 1}, auth
    )
    assert response.status_code == 403
    assert Fact.objects.get(pk=fact.pk).review == Review.PROPOSED
