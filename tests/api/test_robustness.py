"""Bad input and outages answer clear 4xx/503, never 500 (the faults fuzzing found)."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client

from zonetrack.api.api import api
from zonetrack.dispatch.models import Meeting, Problem
from zonetrack.projects.models import Project
from zonetrack.registry.models import Park, Zone

from ..conftest import PASSWORD, World, api_client_for, client_for

NUL = "\u0000"


def _fields(response) -> dict:  # type: ignore[no-untyped-def]
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response.json()["error"]["fields"]


# --- text: NUL, control characters, length ------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", f"新材料{NUL}项目"),
        ("name", "新材料\x01项目"),
        ("name", "新材料\n项目"),
        ("description", f"规模{NUL}"),
        ("description", "x" * 20_001),
        ("origin_region", "\x1f"),
    ],
)
def test_api_text_with_control_characters_or_too_long_is_a_field_error(
    world: World, field: str, value: str
) -> None:
    client, auth = api_client_for(world.a_manager)
    project = world.project_a
    response = client.patch(
        f"/api/projects/{project.pk}",
        {"version": project.version, field: value},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 400
    assert field in _fields(response)
    project.refresh_from_db()
    assert project.name == "甲区新材料项目" and NUL not in project.description


def test_api_long_text_keeps_tabs_and_line_breaks(world: World) -> None:
    client, auth = api_client_for(world.a_manager)
    response = client.patch(
        f"/api/projects/{world.project_a.pk}",
        {"version": world.project_a.version, "description": "一期\t厂房\r\n二期\n"},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 200, response.content
    world.project_a.refresh_from_db()
    assert world.project_a.description == "一期\t厂房\r\n二期\n"


def test_a_nine_megabyte_description_is_refused(world: World) -> None:
    client, auth = api_client_for(world.a_manager)
    response = client.patch(
        f"/api/projects/{world.project_a.pk}",
        json.dumps(
            {"version": world.project_a.version, "description": "长" * 3_000_000},
            ensure_ascii=False,
        ).encode(),  # 9 MB: under the upload limit, far over the field's
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 400
    assert "description" in _fields(response)


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/api/projects?q=a%00b", {"q"}),
        ("/api/projects?cluster=%00", {"cluster"}),
        ("/api/pipeline?q=%00", {"q"}),
        ("/api/problems?q=%00&category=%00", {"q", "category"}),
        ("/api/zones?q=%00&kind=%00&cluster=%00&status=%00", {"q", "kind", "cluster", "status"}),
        ("/api/articles?q=%00", {"q"}),
        ("/api/warnings?colour=%00", {"colour"}),
        ("/api/regions?parent=%00", {"parent"}),
    ],
)
def test_api_search_parameters_with_nul_are_field_errors(
    world: World, url: str, fields: set[str]
) -> None:
    client, auth = api_client_for(world.superuser)
    response = client.get(url, headers=auth)
    assert response.status_code == 400
    assert set(_fields(response)) == fields


@pytest.mark.parametrize(
    "url",
    [
        "/projects/?q=a%00b&cluster=%00&sort=%00",
        "/projects/board/?q=%00",
        "/dispatch/problems/?q=%00&status=%00",
        "/registry/zones/?q=%00&kind=%00&region=%00",
        "/articles/?q=%00",
        "/projects/new/?zone=%C2%B2",
    ],
)
def test_page_filters_with_nul_or_odd_digits_do_not_fail(world: World, url: str) -> None:
    assert client_for(world.superuser).get(url).status_code == 200


def test_form_text_with_control_characters_is_a_field_error(world: World) -> None:
    client = client_for(world.a_manager)
    response = client.post(
        f"/registry/zones/{world.zone_a.pk}/parks/new/",
        {"name": f"园{NUL}区", "positioning": "新材料\x02"},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "name" in form.errors and "positioning" in form.errors
    assert not Park.objects.filter(zone=world.zone_a).exclude(pk=world.park_a.pk).exists()


def test_every_form_field_has_a_text_limit_and_date_range() -> None:
    """Every text field of every form refuses control characters and has a length limit;
    every date field refuses dates outside 1900–2100."""
    from django import forms as django_forms

    from zonetrack.core.forms import Form, ModelForm, SignInForm
    from zonetrack.core.validators import TextValidator, validate_date

    def subclasses(cls: type) -> set[type]:
        found = set(cls.__subclasses__())
        return found.union(*(subclasses(c) for c in found)) if found else found

    import zonetrack.accounts.forms
    import zonetrack.articles.forms
    import zonetrack.dispatch.forms
    import zonetrack.projects.forms
    import zonetrack.registry.forms  # noqa: F401

    app_forms = {
        cls
        for module in ("accounts", "articles", "dispatch", "projects", "registry")
        for cls in vars(__import__(f"zonetrack.{module}.forms", fromlist=["x"])).values()
        if isinstance(cls, type)
        and issubclass(cls, django_forms.BaseForm)
        and cls.__module__.startswith("zonetrack.")
        and cls.__module__ != "zonetrack.core.forms"
    }
    assert app_forms
    unguarded = [
        cls.__name__ for cls in app_forms if not issubclass(cls, Form | ModelForm | SignInForm)
    ]
    assert unguarded == []
    # The guard itself, on fields of each shape.
    from zonetrack.core.forms import guard_fields

    class Sample(django_forms.Form):
        short = django_forms.CharField()
        long = django_forms.CharField(widget=django_forms.Textarea)
        day = django_forms.DateField()

    sample = Sample()
    guard_fields(sample)
    assert sample.fields["short"].max_length == 200
    assert sample.fields["long"].max_length == 20_000
    assert any(isinstance(v, TextValidator) for v in sample.fields["short"].validators)
    assert validate_date in sample.fields["day"].validators
    _ = subclasses


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["1899-12-31", "2101-01-01", "0001-01-01", "9999-12-31"])
def test_api_dates_outside_1900_2100_are_field_errors(world: World, day: str) -> None:
    client, auth = api_client_for(world.a_manager)
    response = client.post(
        "/api/problems",
        {
            "project_id": world.project_a.pk,
            "category": "land",
            "description": "用地",
            "deadline_on": day,
        },
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 400
    assert "deadline_on" in _fields(response)
    response = client.post(
        "/api/meetings",
        {"organisation_id": world.org_a.pk, "title": "调度会", "held_on": day},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 400
    assert "held_on" in _fields(response)
    response = client.patch(
        f"/api/zones/{world.zone_a.pk}",
        {"version": world.zone_a.version, "approved_on": day},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 400
    assert "approved_on" in _fields(response)
    assert not Problem.objects.exists() and not Meeting.objects.exists()
    zone = Zone.objects.get(pk=world.zone_a.pk)
    assert (zone.approved_on, zone.version) == (world.zone_a.approved_on, world.zone_a.version)


def test_form_dates_outside_1900_2100_are_field_errors(world: World) -> None:
    response = client_for(world.a_manager).post(
        f"/dispatch/problems/new/?project={world.project_a.pk}",
        {
            "project": world.project_a.pk,
            "category": "land",
            "description": "用地",
            "raised_on": "1800-01-01",
            "deadline_on": "2300-01-01",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "raised_on" in errors and "deadline_on" in errors
    assert not Problem.objects.exists()


# --- pages, sizes, bodies ---------------------------------------------------------------


@pytest.mark.parametrize("page", ["99999999999999999999", "4611686018427387904", "1000001"])
def test_api_huge_page_numbers_are_field_errors(world: World, page: str) -> None:
    client, auth = api_client_for(world.superuser)
    for url in ("/api/projects", "/api/zones", "/api/problems", "/api/organisations"):
        response = client.get(f"{url}?page={page}", headers=auth)
        assert response.status_code == 400, (url, response.content)
        assert "page" in _fields(response)


def test_page_views_take_huge_page_numbers(world: World) -> None:
    client = client_for(world.superuser)
    for url in ("/projects/", "/registry/zones/", "/dispatch/problems/", "/articles/"):
        assert client.get(f"{url}?page=99999999999999999999").status_code == 200


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/projects"),
        ("patch", "/api/projects/1"),
        ("post", "/api/problems"),
        ("post", "/api/zones"),
        ("post", "/api/meetings"),
        ("post", "/api/articles"),
    ],
)
def test_api_json_over_ten_megabytes_is_413_in_the_error_shape(
    world: World, method: str, url: str
) -> None:
    client, auth = api_client_for(world.superuser)
    body = json.dumps({"description": "x" * (11 * 1024 * 1024)})
    response = getattr(client, method)(url, body, content_type="application/json", headers=auth)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_multipart_without_boundary_is_400_on_api_and_pages(world: World) -> None:
    client, auth = api_client_for(world.superuser)
    for url in ("/api/articles", "/api/projects"):
        response = client.post(url, b"--x--", content_type="multipart/form-data", headers=auth)
        assert response.status_code == 400, (url, response.content)
        assert response.json()["error"]["code"] == "bad_request"
    page = client_for(world.superuser).post(
        "/projects/new/", b"--x--", content_type="multipart/form-data"
    )
    assert page.status_code == 400


# --- database outage --------------------------------------------------------------------


def _refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise OperationalError("connection refused")


def test_database_outage_is_503_with_retry_after_on_api(world: World) -> None:
    client, auth = api_client_for(world.superuser)
    with mock.patch("zonetrack.projects.selectors.project_list", _refuse):
        response = client.get("/api/projects", headers=auth)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "unavailable"


def test_database_outage_is_503_with_retry_after_on_pages(world: World) -> None:
    client = client_for(world.superuser)
    client.raise_request_exception = False
    with mock.patch("zonetrack.projects.selectors.project_list", _refuse):
        response = client.get("/projects/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    text = response.content.decode()
    assert "暂时无法访问" in text and "Temporarily unavailable" in text


def test_database_outage_outside_a_view_is_503(world: World) -> None:
    """Session and user are read by middleware: an outage there is 503 too, API and pages."""
    client = client_for(world.superuser)
    client.raise_request_exception = False
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", _refuse):
        page = client.get("/projects/")
        api_answer = client.get("/api/me")
    assert page.status_code == 503 and page["Retry-After"]
    assert api_answer.status_code == 503
    assert api_answer.json()["error"]["code"] == "unavailable"


# --- lockout, visibility of filters -----------------------------------------------------


def test_a_locked_out_users_token_is_refused_while_locked(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    client, auth = api_client_for(world.a_manager)
    assert client.get("/api/me", headers=auth).status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/accounts/login/", {"username": "am", "password": "wrong password"})
    response = client.get("/api/me", headers=auth)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    # Another user's token is not affected.
    other, other_auth = api_client_for(world.b_manager)
    assert other.get("/api/me", headers=other_auth).status_code == 200
    _ = PASSWORD


@pytest.mark.parametrize(
    "url",
    [
        "/api/pipeline?zone={zone_b}",
        "/api/projects?zone={zone_b}",
        "/api/kpis?zone={zone_b}",
        "/api/projects?park={park_b}",
        "/api/pipeline?park={park_b}",
        "/api/problems?zone={zone_b}",
        "/api/problems?project={project_b}",
        "/api/warnings?zone={zone_b}",
        "/api/projects?leader={b_manager}",
    ],
)
def test_api_filters_naming_what_the_user_may_not_see_are_404(world: World, url: str) -> None:
    client, auth = api_client_for(world.a_manager)
    response = client.get(
        url.format(
            zone_b=world.zone_b.pk,
            park_b=world.park_b.pk,
            project_b=world.project_b.pk,
            b_manager=world.b_manager.pk,
        ),
        headers=auth,
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    own = client.get(f"/api/pipeline?zone={world.zone_a.pk}", headers=auth)
    assert own.status_code == 200


# --- the OpenAPI document -----------------------------------------------------------------


def test_every_operation_declares_its_errors_with_the_error_schema(db: None) -> None:
    schema = json.loads(json.dumps(api.get_openapi_schema(), default=str))
    assert "Error" in schema["components"]["schemas"]
    ref = {"$ref": "#/components/schemas/Error"}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert {"401", "503"} <= codes, (method, path)
            for code in codes - {"200", "201"}:
                content = operation["responses"][code]["content"]["application/json"]
                assert content["schema"] == ref, (method, path, code)
            if "requestBody" in operation:
                assert {"400", "413"} <= codes, (method, path)
            if method in {"post", "patch"}:
                assert {"403", "409"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)


# --- no acknowledged write is lost ----------------------------------------------------------


def test_every_acknowledged_write_is_kept_across_an_outage(world: World) -> None:
    client, auth = api_client_for(world.a_manager)
    acknowledged = []
    for n in range(12):
        outage = n % 4 == 3
        patcher = mock.patch("zonetrack.projects.services.project_create", _refuse)
        if outage:
            patcher.start()
        try:
            response = client.post(
                "/api/projects",
                {"name": f"项目{n}", "zone_id": world.zone_a.pk},
                content_type="application/json",
                headers=auth,
            )
        finally:
            if outage:
                patcher.stop()
        assert response.status_code == (503 if outage else 201)
        if response.status_code == 201:
            acknowledged.append(response.json()["id"])
    kept = set(Project.objects.filter(pk__in=acknowledged).values_list("pk", flat=True))
    assert kept == set(acknowledged) and len(kept) == 9


@pytest.mark.django_db(transaction=True)
def test_a_terminated_connection_is_replaced_and_writes_are_kept(
    migrated_data: None, world: World
) -> None:
    """PostgreSQL ends the connection (as on a restart): the next request reconnects (health
    check) and succeeds; while connecting is refused the answer is 503 with Retry-After; every
    write that was acknowledged is there afterwards. Requests go through the WSGI application
    itself, as under the server (the test client skips the connection checks)."""
    if connection.vendor != "postgresql":
        pytest.skip("ending a server connection needs PostgreSQL")
    from werkzeug.test import Client as WsgiClient

    from zonetrack.accounts.services import token_create
    from zonetrack.wsgi import application

    client = WsgiClient(application)
    headers = {"Authorization": f"Bearer {token_create(user=world.a_manager)}"}
    acknowledged: list[int] = []

    def create(n: int) -> int:
        response = client.post(
            "/api/projects",
            json={"name": f"重启项目{n}", "zone_id": world.zone_a.pk},
            headers=headers,
        )
        if response.status_code == 201:
            acknowledged.append(response.get_json()["id"])
        return response.status_code

    assert create(0) == 201
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [pid] = cursor.fetchone()
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.autocommit = True
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    assert create(1) == 201  # the dead connection is noticed and replaced

    connection.close()
    with mock.patch.object(
        type(connections["default"]), "get_new_connection", side_effect=OperationalError("refused")
    ):
        refused = client.post(
            "/api/projects", json={"name": "拒绝", "zone_id": world.zone_a.pk}, headers=headers
        )
    assert refused.status_code == 503 and int(refused.headers["Retry-After"]) > 0
    assert refused.get_json()["error"]["code"] == "unavailable"

    assert create(2) == 201  # back once the database is
    kept = Project.objects.filter(pk__in=acknowledged).count()
    assert kept == len(acknowledged) == 3


def test_api_article_upload_fields_are_checked_like_the_json_body(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client, auth = api_client_for(world.superuser)
    response = client.post(
        "/api/articles",
        {
            "file": SimpleUploadedFile("a.txt", "甲区新材料项目签约，总投资5亿元。".encode()),
            "title": f"签约{NUL}",
            "source_url": "https://example.org/" + "x" * 600,
            "pub_date": "0001-01-01",
            "organisation_id": str(world.org_a.pk),
        },
        headers=auth,
    )
    assert response.status_code == 400
    assert {"title", "source_url", "pub_date"} <= set(_fields(response))
