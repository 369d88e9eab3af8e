"""Walk every URL pattern and every API route as every persona: who may not see a record gets
404, who may see it but not take the step 403, nobody a 500; and as a user of another branch,
pages without a record show nothing of branch B.

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
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from zonetrack.accounts.choices import OrganisationKind, Role
from zonetrack.accounts.models import Organisation
from zonetrack.accounts.services import organisation_create
from zonetrack.api.api import api
from zonetrack.dashboards.cockpit import default_period
from zonetrack.dashboards.pack.services import pack_start
from zonetrack.projects.models import ProgressReport, Project
from zonetrack.promotion.models import ChainNode, Lead
from zonetrack.registry.models import Park, Zone

from .articles import walk as articles_walk
from .conftest import World, api_client_for, client_for, make_user
from .dispatch import walk as dispatch_walk
from .land import walk as land_walk
from .notices import walk as notices_walk
from .promotion import walk as promotion_walk
from .rankings import walk as rankings_walk
from .targets import walk as targets_walk

WRITE_METHODS = ("post", "put", "patch", "delete")

# Pages without a record in their address that do not answer GET with the page.
PAGE_GET_STATUS = {
    "accounts:language": 405,  # a form's target only
    "rankings:scheme_template": 405,  # a form's target only
    # Every area is built since promotion came: no area is still coming, so none is found.
    "dashboards:coming": 404,
    "dashboards:cockpit_home": 302,  # to the user's topmost cockpit
}
# API routes without a record in their address, called with a body of every required field
# (``example_body``): what each answers a manager of branch A. Lists answer 200.
API_STATUS_WITHOUT_RECORD = {
    ("post", "/api/zones"): 400,  # the sample organisation is not one the user may add to
    ("post", "/api/projects"): 201,  # a project of the sample zone, which is branch A's
    ("post", "/api/problems"): 400,
    ("post", "/api/meetings"): 404,  # the sample organisation is not in view
    ("post", "/api/articles"): 400,
    ("post", "/api/targets/values"): 400,  # the sample body's items are not a list
    ("post", "/api/targets/windows"): 404,  # the sample organisation is not in view
    ("post", "/api/targets/tasks"): 404,  # the sample organisation is not in view
    ("post", "/api/schemes"): 404,  # the sample organisation is not in view
    ("post", "/api/promotion/leads"): 400,  # the sample names neither investor nor prospect
    ("post", "/api/promotion/enquiries"): 201,  # an enquiry to the sample zone, branch A's
    ("post", "/api/promotion/trips"): 404,  # the sample organisation is not in view
    ("post", "/api/promotion/agreements"): 400,  # the sample promises an unknown kind
    ("post", "/api/land/factories"): 201,  # a building of the sample zone, branch A's
    # A firm on a link of the sample zone's chain map, branch A's (present or target); the
    # sample project is branch A's too, placed on the sample link.
    ("post", "/api/promotion/chain-firms"): 201,
    ("post", "/api/promotion/target-firms"): 201,
    ("post", "/api/promotion/placements"): 200,
    ("post", "/api/promotion/events"): 404,  # the sample organisation is not in view
}


def params(world: World) -> dict[str, Any]:
    """A record of branch B for each kind of URL parameter."""
    return {
        "zone_id": world.zone_b.pk,
        "park_id": world.park_b.pk,
        "organisation_id": world.org_b.pk,
        "user_id": world.b_manager.pk,
        "project_id": world.project_b.pk,
        "transition_id": world.project_b.transitions.first().pk,
        "area": "promotion",
        "key": "red",  # a cockpit figure
        "kind": "xlsx",  # a monthly pack's file
        # A finished monthly pack of branch B (its workbook is also the job's file).
        "job_id": pack_start(
            actor=world.b_manager, organisation=world.org_b, period=default_period()
        ).pk,
        "report_id": _report_of(world.project_b).pk,
        **articles_walk.params(world),
        **dispatch_walk.params(world),
        **notices_walk.params(world),
        **targets_walk.params(world),
        **rankings_walk.params(world),
        **land_walk.params(world),
        **promotion_walk.params(world),
    }


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
        if kind == "integer" and name in FIRST_OF:
            body[name] = first_pk(name)
        else:
            moments = {"date": "2020-01-01", "date-time": "2020-01-01T09:00:00+08:00"}
            body[name] = moments.get(prop.get("format", ""), samples.get(kind, "x"))
    return body


# A referenced record is the first of its table — what id 1 is on a database whose sequences
# restart for every test (SQLite), but not on PostgreSQL, whose sequences run on.
FIRST_OF = {
    "zone_id": Zone,
    "zone": Zone,
    "park_id": Park,
    "organisation_id": Organisation,
    "project_id": Project,
    "lead_id": Lead,
    "link_id": ChainNode,
}


def first_pk(name: str) -> int:
    """The id of the first record of the table a ``<name>`` field refers to."""
    pk = FIRST_OF[name].objects.order_by("pk").values_list("pk", flat=True).first()
    return pk if pk is not None else 1


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
            expected = PAGE_GET_STATUS.get(name, 200)
            assert response.status_code == expected, f"GET {url}: {response.status_code}"
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
            expected = API_STATUS_WITHOUT_RECORD.get((method, template), 200)
            assert response.status_code == expected, f"{method.upper()} {url}"
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
    # Browsers fetch the web app manifest without the session cookie; it names no data.
    manifest = anonymous.get(reverse("manifest"))
    assert manifest.status_code == 200
    assert set(manifest.json()) >= {"name", "icons", "start_url"}
    public |= {"manifest"}
    for name, names in django_routes():
        if name in public:
            continue
        url = reverse(name, kwargs={n: values[n] for n in names})
        response = anonymous.get(url)
        assert response.status_code == 302, f"GET {url}: {response.status_code}"
        assert response["Location"].startswith(reverse("accounts:login"))


# ---------------------------------------------------------------------------------------------
# Every persona, every page with a record of branch B, every method.
#
# The rule (accounts.access): who may not see a record gets 404, whatever the method; who may
# see it but may not take the step gets 403; nobody gets a 500. Methods a page does not answer
# are 405 for everyone.

# Who cannot see branch B at all.
BLIND = ("a_manager", "a_officer", "a_viewer", "department_person", "other_branch_admin")
# Who sees branch B but may change nothing in it.
SEE_ONLY = ("b_viewer", "b_officer")
# Who may act on branch B: their pages open (their writes are tested by each app).
MAY_ACT = ("superuser", "province_manager", "city_manager", "b_manager")

# What a see-only persona gets where it is not 200 for GET and 403 for a write.
SEE_ONLY_EXCEPTIONS: dict[str, dict[str, int]] = {
    # Edit pages are a step: 403 already on GET.
    "registry:zone_edit": {"get": 403},
    "registry:park_create": {"get": 403},
    "registry:park_edit": {"get": 403},
    "projects:project_edit": {"get": 403},
    # The project page's workflow forms, fetched alone (GET) with the POST's permission.
    "projects:project_transition": {"get": 403},
    "projects:report_create": {"get": 403},
    "projects:milestone_create": {"get": 403},
    "projects:year_plan_set": {"get": 403},
    # Jobs are their owner's alone: anyone else may not see them.
    "core:job_detail": {"get": 404},
    "core:job_file": {"get": 404},
    # So are subscriptions their subscriber's.
    "notices:subscription_edit": {"get": 404, "post": 404},
    "notices:subscription_deliveries": {"get": 404},
    "notices:subscription_switch": {"post": 404},
    "notices:subscription_archive": {"post": 404},
    # Whoever may open a cockpit may generate its monthly pack; an empty form is refused.
    "dashboards:pack_list": {"post": 400},
    "core:job_retry": {"post": 404},
    "dispatch:problem_edit": {"get": 403},
    # A webhook's address is its robot's key: its page is a manager's alone.
    "notices:webhook_edit": {"get": 403},
    # Which step is asked for is read from the form before the step is checked: an empty
    # form is 400.
    "dispatch:problem_event": {"post": 400},
    # The month is read from the form before the step is checked: an empty form is 400.
    "targets:value_entry": {"post": 400},
    "targets:task_detail": {"post": 400},
    # Changing a scheme is a step: 403 already on GET.
    "rankings:scheme_edit": {"get": 403},
    # The period is read from the form before the step is checked: an empty form is 400.
    "rankings:panel_scores": {"post": 400},
    "rankings:event_list": {"post": 400},
    # Land's forms are a step for a viewer; an officer of the zone may take it (below).
    "land:parcel_create": {"get": 403},
    "land:parcel_edit": {"get": 403},
    "land:parcel_status": {"get": 403},
    "land:evaluation_edit": {"get": 403},
    "land:objection_create": {"get": 403},
    "land:objection_decide": {"get": 403},
    "land:commitment_create": {"get": 403},
    "land:follow_up_close": {"get": 403},
    # Standard factories are kept by the zone's land officers, as its parcels are.
    "land:building_create": {"get": 403},
    "land:unit_create": {"get": 403},
    "land:unit_lease": {"get": 403},
    "land:unit_vacate": {"get": 403},
    # Deciding on idle land is the zone's managers': a viewer or an officer may not open it.
    "land:idle_decide": {"get": 403},
    # Steps on a lead are the zone's promotion officers' (below); a viewer may not open them.
    "promotion:lead_status": {"get": 403},
    "promotion:lead_next": {"get": 403},
    "promotion:interaction_create": {"get": 403},
    "promotion:lead_convert": {"get": 403},
    "promotion:enquiry_respond": {"get": 403},
    "promotion:enquiry_close": {"get": 403},
    # Payments, checks and follow-ups of an agreement are its zone's officers' steps.
    "promotion:payment_create": {"get": 403},
    "promotion:condition_check": {"get": 403},
    "promotion:incentive_follow_up_close": {"get": 403},
    # A zone's chain map is kept by its officers (below); a viewer may not open its forms.
    "promotion:chain_firm_create": {"get": 403},
    "promotion:target_firm_create": {"get": 403},
    "promotion:chain_place": {"get": 403},
    # A firm's profile and contacts are kept by the officers of its zones (below).
    "promotion:firm_edit": {"get": 403},
    "promotion:firm_contact_create": {"get": 403},
}
# A zone's officers keep its land: what an officer of branch B gets there (an empty form is
# 400, an archive goes back to the parcel); GET opens.
OFFICER_MAY: dict[str, dict[str, int]] = {
    # Branch B's officer reports for its units: the empty upload is read before anything else.
    "targets:window_import": {"post": 400},
    "land:parcel_create": {"post": 400},
    "land:parcel_edit": {"post": 400},
    "land:parcel_status": {"post": 400},
    "land:parcel_archive": {"post": 302},
    # Objections are taken by the authority's officers; deciding them is a manager's.
    "land:objection_create": {"post": 400},
    # A check with no figures reads the project's own and is kept.
    "land:project_check": {"post": 302},
    # Reserving names the parcel or unit: an empty form is 400.
    "land:project_land": {"post": 400},
    "land:project_factory": {"post": 400},
    # A building, a unit, a lease or its end with empty fields is 400.
    "land:building_create": {"post": 400},
    "land:unit_create": {"post": 400},
    "land:unit_lease": {"post": 400},
    "land:unit_vacate": {"post": 400},
    # The commitment ledger is the zone officers' too: an empty form is 400.
    "land:commitment_create": {"post": 400},
    "land:commitment_detail": {"post": 400},
    "land:follow_up_close": {"post": 400},
    # A zone's promotion officers work its leads: an empty status or interaction is 400, an
    # empty next action clears it, and a new lead cannot be converted (400).
    "promotion:lead_status": {"post": 400},
    "promotion:lead_next": {"post": 302},
    "promotion:interaction_create": {"post": 400},
    "promotion:lead_convert": {"post": 400},
    # Answering or closing an enquiry names its moment: an empty form is 400.
    "promotion:enquiry_respond": {"post": 400},
    "promotion:enquiry_close": {"post": 400},
    # The organiser's officers record who signed at its events: an empty code is 400.
    "promotion:event_detail": {"post": 400},
    # The trip's organisation's officers record its visits: an empty visit is 400.
    "promotion:trip_detail": {"post": 400},
    # The zone's officers pay, check and close on an agreement: an empty form is 400.
    "promotion:payment_create": {"post": 400},
    "promotion:condition_check": {"post": 400},
    "promotion:incentive_follow_up_close": {"post": 400},
    # The zone's officers keep its chain map: an empty firm or placement is 400, taking a firm
    # off the map goes back to it.
    "promotion:chain_firm_create": {"post": 400},
    "promotion:target_firm_create": {"post": 400},
    "promotion:chain_place": {"post": 400},
    "promotion:chain_firm_archive": {"post": 302},
    "promotion:target_firm_archive": {"post": 302},
    # The officers of a zone with a lead of the firm keep it: an empty profile or contact is
    # 400 (a firm has a name, a contact a name); archiving a contact goes back to the firm.
    "promotion:firm_edit": {"post": 400},
    "promotion:firm_contact_create": {"post": 400},
    "promotion:firm_contact_archive": {"post": 302},
}
# The personas the rendering walks (every page on a phone, every page in Chinese) read pages
# as: one of each way a page is laid out — everything with every step (the superuser), a
# supervising level's scope (the city's manager), an officer's steps on an assigned project,
# a see-only reader, a zone's own pages full of long names (branch A's officer) and an
# administrator's pages (another branch's admin). The others see the same pages with the same
# parts as one of these.
RENDERING_PERSONAS = (
    "superuser",
    "city_manager",
    "b_officer_assigned",
    "b_viewer",
    "a_officer",
    "other_branch_admin",
)
# The body a write is posted with, where an empty one asks for nothing.
POST_BODIES = {"accounts:user_state": {"action": "deactivate"}}
# What a persona that may act gets for GET where it is not 200.
# Records their owner alone sees (branch B's manager's here): anyone else gets 404.
OWN_RECORDS = (
    "core:job_detail",
    "core:job_file",
    "notices:subscription_edit",
    "notices:subscription_deliveries",
)
MAY_ACT_GET_EXCEPTIONS = dict.fromkeys(OWN_RECORDS, 404)


def _answers(url: str, method: str) -> bool:
    """Whether the page answers this method at all (else Django says 405 to everyone)."""
    view_class = getattr(resolve(url).func, "view_class", None)
    if view_class is None:
        return True
    return method in view_class.http_method_names and hasattr(view_class, method)


def _personas(world: World) -> dict[str, Any]:
    city2 = organisation_create(
        actor=None, name="邻市局", kind=OrganisationKind.CITY_BUREAU, parent=world.province
    )
    b_assigned = make_user("boa", (world.org_b, Role.OFFICER))
    Project.objects.filter(pk=world.project_b.pk).update(officer=b_assigned)
    return {
        "superuser": world.superuser,
        "province_manager": make_user("pm", (world.province, Role.MANAGER)),
        "city_manager": world.city_manager,
        "b_manager": world.b_manager,
        "b_officer_assigned": b_assigned,
        "b_officer": make_user("bo", (world.org_b, Role.OFFICER)),
        "b_viewer": make_user("bv", (world.org_b, Role.VIEWER)),
        "a_manager": world.a_manager,
        "a_officer": world.a_officer,
        "a_viewer": world.a_viewer,
        "department_person": make_user("dp", (world.dept_a, Role.OFFICER)),
        "other_branch_admin": make_user("oa", (city2, Role.ADMIN)),
    }


def _record_routes(values: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (name, reverse(name, kwargs={n: values[n] for n in names}))
        for name, names in django_routes()
        if names and "area" not in names
    ]


def test_every_persona_gets_404_for_what_it_may_not_see(world: World) -> None:
    values = params(world)
    personas = _personas(world)
    routes = _record_routes(values)
    for persona in BLIND:
        client = client_for(personas[persona])
        for name, url in routes:
            for method in ("get", *WRITE_METHODS):
                status = getattr(client, method)(url, POST_BODIES.get(name, {})).status_code
                expected = 404 if _answers(url, method) else 405
                assert status == expected, f"{persona} {method.upper()} {url}: {status}"


def test_every_persona_gets_403_for_a_step_it_may_not_take(world: World) -> None:
    values = params(world)
    personas = _personas(world)
    routes = _record_routes(values)
    for persona in SEE_ONLY:
        client = client_for(personas[persona])
        for name, url in routes:
            for method in ("get", *WRITE_METHODS):
                if not _answers(url, method):
                    expected = 405
                elif persona == "b_officer" and name in OFFICER_MAY:
                    expected = OFFICER_MAY[name].get(method, 200 if method == "get" else 403)
                else:
                    default = 200 if method == "get" else 403
                    expected = SEE_ONLY_EXCEPTIONS.get(name, {}).get(method, default)
                status = getattr(client, method)(url, POST_BODIES.get(name, {})).status_code
                assert status == expected, f"{persona} {method.upper()} {url}: {status}"


# The pages of a step on a project: its assigned officer opens them, other officers may not.
PROJECT_STEPS = {
    "projects:project_edit",
    "projects:project_transition",
    "projects:report_create",
    "projects:milestone_create",
    "projects:year_plan_set",
}


def test_an_officer_opens_the_edit_page_of_the_project_assigned_to_them(world: World) -> None:
    values = params(world)
    personas = _personas(world)
    url = reverse("projects:project_edit", kwargs={"project_id": values["project_id"]})
    assert client_for(personas["b_officer_assigned"]).get(url).status_code == 200
    assert client_for(personas["b_officer"]).get(url).status_code == 403
    for name, url in _record_routes(values):
        if not _answers(url, "get"):
            continue
        status = client_for(personas["b_officer_assigned"]).get(url).status_code
        expected = 200 if name in PROJECT_STEPS or name in OFFICER_MAY else None
        expected = expected or SEE_ONLY_EXCEPTIONS.get(name, {}).get("get", 200)
        assert status == expected, f"b_officer_assigned GET {url}: {status}"


def test_every_page_opens_for_who_may_act(world: World) -> None:
    values = params(world)
    personas = _personas(world)
    routes = _record_routes(values)
    for persona in MAY_ACT:
        client = client_for(personas[persona])
        for name, url in routes:
            if not _answers(url, "get"):
                assert client.get(url).status_code == 405
                continue
            expected = MAY_ACT_GET_EXCEPTIONS.get(name, 200)
            if persona == "b_manager" and name in OWN_RECORDS:
                expected = 200  # the job and the subscription are branch B's manager's own
            if persona == "superuser" and name.startswith("notices:subscription_"):
                expected = 200  # a superuser may look after anyone's subscription
            status = client.get(url).status_code
            assert status == expected, f"{persona} GET {url}: {status}"


# What a see-only persona gets from the API's routes of a branch-B record, where a read is not
# 200 and a write not 403 (the body is checked before the step: 400).
API_SEE_ONLY_EXCEPTIONS = {
    ("post", "/api/projects/{project_id}/reports"): 400,
    ("post", "/api/projects/{project_id}/verifications"): 400,
    ("post", "/api/problems/{problem_id}/events"): 400,
    ("patch", "/api/articles/facts/{fact_id}"): 400,
}
# Where branch B's officer may take the step through the API (a viewer still gets 403).
API_OFFICER_MAY = {
    # The task is branch B's own: its officers write its progress.
    ("post", "/api/targets/tasks/{task_id}/notes"): 201,
    # A zone's officers check its commitments; the example body's day is before the check is
    # due: 400.
    ("post", "/api/land/commitments/{commitment_id}/checks"): 400,
    # A zone's land officers keep its standard factories: a unit added (201); the sample lease
    # names no occupant, and the sample day is not one the unit is let (400).
    ("post", "/api/land/factories/{building_id}/units"): 201,
    ("post", "/api/land/units/{unit_id}/lease"): 400,
    ("post", "/api/land/units/{unit_id}/vacate"): 400,
    # A zone's officers check its projects against the entry thresholds (the page's step too).
    ("post", "/api/land/projects/{project_id}/check"): 201,
    # A zone's promotion officers work its leads and enquiries: what an officer of branch B gets
    # there with the sample body (an unknown status or kind, a new lead, a moment before receipt).
    ("post", "/api/promotion/leads/{lead_id}/status"): 400,
    ("post", "/api/promotion/leads/{lead_id}/interactions"): 400,
    ("post", "/api/promotion/leads/{lead_id}/conversion"): 400,
    ("post", "/api/promotion/enquiries/{enquiry_id}/response"): 400,
    ("post", "/api/promotion/enquiries/{enquiry_id}/closing"): 400,
    # A trip's organisation's officers record its visits: the sample lead is not one of its
    # zones' (400).
    ("post", "/api/promotion/trips/{trip_id}/visits"): 400,
    # The zone's officers pay and check on its agreements: payments are suspended while the
    # failed condition's follow-up is open (400); a check of the investment reads the reports.
    ("post", "/api/promotion/agreements/{agreement_id}/payments"): 400,
    ("post", "/api/promotion/agreements/{agreement_id}/checks"): 201,
    # The zone's officers take a firm off its chain map.
    ("post", "/api/promotion/chain-firms/{chain_firm_id}/archive"): 200,
    ("post", "/api/promotion/target-firms/{target_firm_id}/archive"): 200,
    # The organiser's officers record its signings: the sample code is no project (400).
    ("post", "/api/promotion/events/{event_id}/signings"): 400,
    # The officers of a zone with a lead of the firm keep it: an empty change changes nothing
    # (200); the sample contact gives neither telephone nor e-mail (400).
    ("patch", "/api/promotion/firms/{enterprise_id}"): 200,
    ("post", "/api/promotion/firms/{enterprise_id}/contacts"): 400,
}


def test_every_api_route_by_persona(world: World, openapi: dict[str, Any]) -> None:
    values = params(world)
    personas = _personas(world)
    for persona in (*BLIND, *SEE_ONLY):
        client, auth = api_client_for(personas[persona])
        for method, template in api_routes():
            names = re.findall(r"{(\w+)}", template)
            if not names:
                continue
            url = template.format(**{n: values[n] for n in names})
            response = call(client, method, url, example_body(openapi, template, method), auth)
            if persona in BLIND:
                expected = 404
            elif persona == "b_officer" and (method, template) in API_OFFICER_MAY:
                expected = API_OFFICER_MAY[(method, template)]
            else:
                default = 200 if method == "get" else 403
                expected = API_SEE_ONLY_EXCEPTIONS.get((method, template), default)
            assert response.status_code == expected, (
                f"{persona} {method.upper()} {url}: {response.status_code}"
            )
