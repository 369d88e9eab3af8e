"""Walk every URL pattern and every API route as a user of another branch of the tree.

New routes are covered the day they are added: a route whose parameter this file does not know
fails the test until it is added to ``params`` below.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zonetrack.api.api import api
from zonetrack.core.models import Job
from zonetrack.projects.models import ProgressReport

from .articles import walk as articles_walk
from .conftest import World, api_client_for, client_for
from .dispatch import walk as dispatch_walk

WRITE_METHODS = ("post", "put", "patch", "delete")


def params(world: World) -> dict[str, Any]:
    """A record of branch B for each kind of URL parameter."""
    return {
        "zone_id": world.zone_b.pk,
        "park_id": world.park_b.pk,
        "organisation_id": world.org_b.pk,
        "user_id": world.b_manager.pk,
        "project_id": world.project_b.pk,
        "transition_id": world.project_b.transitions.first().pk,
        "area": "targets",
        "job_id": _job_of(world.b_manager, world.project_b.name).pk,
        "report_id": _report_of(world.project_b).pk,
        **articles_walk.params(world),
        **dispatch_walk.params(world),
    }


def _job_of(user: Any, title: str) -> Job:
    job = Job.objects.create(kind="projects.ledger_export", owner=user, title=title)
    job.file.save("ledger.xlsx", ContentFile(b"PK"), save=False)
    job.file_name = "ledger.xlsx"
    job.status = "done"
    job.save()
    return job


def _report_of(project: Any) -> ProgressReport:
    report = ProgressReport(project=project, month=date(2024, 1, 1), invested_wan=1)
    report.photo.save("site.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    report.save()
    return report


def django_routes() -> list[tuple[str, list[str]]]:
    """(url name, parameter names) of every named page, admin and API excluded."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in {"admin", "api"}:
                    continue
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                names = list(getattr(entry.pattern, "converters", {}).keys())
                names += list(entry.pattern.regex.groupindex.keys())
                found.append(
                    (f"{namespace}:{entry.name}" if namespace else entry.name, sorted(set(names)))
                )

    walk(get_resolver().url_patterns, "")
    return found


def readable(response: Any) -> str:
    """The text a user gets from a response: a page, JSON, or a spreadsheet's cells."""
    if "spreadsheetml" in response.get("Content-Type", ""):
        workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        return " ".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return response.content.decode()


def api_routes() -> list[tuple[str, str]]:
    """(method, path template) of every API operation."""
    routes = []
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    routes.append((method.lower(), f"/api{prefix}{path}"))
    return routes


def example_body(openapi: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    """A body with every required field filled, so validation passes and access is tested."""
    operation = openapi["paths"][path][method]
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return {}
    schema = content["schema"]
    if "$ref" in schema:
        schema = openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    samples = {"integer": 1, "number": 1, "string": "x", "boolean": False}
    body = {}
    for name in schema.get("required", []):
        prop = schema["properties"][name]
        kind = prop.get("type") or next(
            (option.get("type") for option in prop.get("anyOf", []) if option.get("type")),
            "string",
        )
        body[name] = "2020-01-01" if prop.get("format") == "date" else samples.get(kind, "x")
    return body


def call(client: Client, method: str, url: str, body: dict[str, Any], headers: dict[str, str]):  # type: ignore[no-untyped-def]
    if method == "get":
        return client.get(url, headers=headers)
    return getattr(client, method)(
        url, data=json.dumps(body), content_type="application/json", headers=headers
    )


@pytest.fixture
def openapi(world: World) -> dict[str, Any]:
    # Operation paths in the document carry the /api prefix, as api_routes() does.
    return client_for(world.superuser).get("/api/openapi.json").json()


def test_every_page_hides_other_branch(world: World) -> None:
    values = params(world)
    outsider = client_for(world.a_manager)
    owner = client_for(world.b_manager)
    secret_names = [world.zone_b.name, world.park_b.name, world.org_b.name, world.project_b.name]
    routes = django_routes()
    assert len(routes) >= 10
    for name, names in routes:
        unknown = [n for n in names if n not in values]
        assert not unknown, f"{name}: add a branch-B value for {unknown} to params()"
        url = reverse(name, kwargs={n: values[n] for n in names})
        if name == "api_not_found" or re.match(r"^accounts:(logout|login)$", name):
            continue
        if name == "metrics":
            # Operational figures, for superusers and the metrics token only.
            assert outsider.get(url).status_code == 403
            continue
        if names and "area" not in names:
            # Each method answers 404, or 405 where the page has no such method at all.
            statuses = {m: getattr(outsider, m)(url).status_code for m in ("get", *WRITE_METHODS)}
            assert set(statuses.values()) <= {404, 405}, f"{url} as outsider: {statuses}"
            assert 404 in statuses.values(), f"{url} as outsider: {statuses}"
            assert owner.get(url).status_code in {200, 405}, f"GET {url} as owner"
        else:
            response = outsider.get(url)
            assert response.status_code in {200, 302, 405}, f"GET {url}: {response.status_code}"
            body = readable(response)
            for secret in secret_names:
                assert secret not in body, f"GET {url} shows {secret}"


def test_every_api_route_hides_other_branch(world: World, openapi: dict[str, Any]) -> None:
    values = params(world)
    outsider, auth = api_client_for(world.a_manager)
    owner, owner_auth = api_client_for(world.b_manager)
    routes = api_routes()
    assert len(routes) >= 5
    for method, template in routes:
        names = re.findall(r"{(\w+)}", template)
        unknown = [n for n in names if n not in values]
        assert not unknown, f"{template}: add a branch-B value for {unknown} to params()"
        url = template.format(**{n: values[n] for n in names})
        response = call(outsider, method, url, example_body(openapi, template, method), auth)
        if names:
            assert response.status_code == 404, f"{method.upper()} {url}: {response.status_code}"
            assert response.json()["error"]["code"] == "not_found"
            if method == "get":
                control = owner.get(url, headers=owner_auth)
                assert control.status_code == 200, f"GET {url} as owner: {control.status_code}"
        else:
            assert response.status_code < 500, f"{method.upper()} {url}"
            text = response.content.decode()
            for secret in (
                world.zone_b.name,
                world.park_b.name,
                world.org_b.name,
                world.project_b.name,
            ):
                assert secret not in text, f"{method.upper()} {url} shows {secret}"


def test_every_api_route_needs_authentication(world: World) -> None:
    anonymous = Client()
    values = params(world)
    for method, template in api_routes():
        url = template.format(**values)
        response = call(anonymous, method, url, {}, {})
        assert response.status_code == 401, f"{method.upper()} {url}: {response.status_code}"
        assert response.json()["error"]["code"] == "unauthorized"


def test_every_page_needs_login(world: World) -> None:
    anonymous = Client()
    values = params(world)
    public = {"accounts:login", "accounts:language", "api_not_found", "accounts:logout"}
    # The health check answers monitors without sign-in (and says nothing but "ok"/"error");
    # the metrics answer a scraper's token, so anonymous requests get 401, not the login page.
    assert anonymous.get(reverse("healthz")).json() == {"database": "ok", "jobs": "ok"}
    assert anonymous.get(reverse("metrics")).status_code == 401
    public |= {"healthz", "metrics"}
    for name, names in django_routes():
        if name in public:
            continue
        url = reverse(name, kwargs={n: values[n] for n in names})
        response = anonymous.get(url)
        assert response.status_code == 302, f"GET {url}: {response.status_code}"
        assert response["Location"].startswith(reverse("accounts:login"))
