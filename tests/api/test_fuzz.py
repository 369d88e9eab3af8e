"""Fuzzing of the API against its own OpenAPI document (Schemathesis), as three personas.

Every operation gets a bounded number of generated requests, in-process through the WSGI
application, with real ids of the test world mixed into ids; no request may answer 5xx,
every answer must carry a status the document declares and match its schema."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from zonetrack.accounts.services import token_create
from zonetrack.articles.services import article_create
from zonetrack.dispatch.services import meeting_create, problem_create
from zonetrack.wsgi import application

from ..conftest import World

# Generated requests per operation and persona: about a minute and a half per database on
# two cores. A deeper run: ZONETRACK_FUZZ_EXAMPLES=100.
EXAMPLES = int(os.environ.get("ZONETRACK_FUZZ_EXAMPLES", "8"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True, scope="module")
def _hypothesis_files_outside_the_repository(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Hypothesis caches what it learns of the code in a directory: a temporary one, not the
    working tree (no example database either: see ``database=None``)."""
    set_hypothesis_home_dir(tmp_path_factory.mktemp("hypothesis"))


@pytest.fixture
def _in_process() -> Iterator[None]:
    """Requests run inside the test's transaction: the handler must not close the connection
    between them (as Django's test client arranges for its own requests)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _schema() -> Any:
    return schemathesis.openapi.from_wsgi("/api/openapi.json", application)


def _ids(world: World) -> dict[str, list[int]]:
    """Real ids by the names parameters and fields give them."""
    problem = problem_create(
        actor=world.superuser,
        project=world.project_a,
        category="land",
        description="用地指标未落实",
        deadline_on=world.zone_a.approved_on.replace(year=2030),
    )
    meeting = meeting_create(
        actor=world.superuser, organisation=world.city, title="调度会", held_on=problem.raised_on
    )
    article = article_create(
        actor=world.superuser,
        organisation=world.org_a,
        title="甲区签约",
        text="2025年3月8日，甲区新材料项目签约，总投资5亿元，计划2026年开工。",
    )
    fact_ids = list(article.facts.values_list("pk", flat=True))
    transition_ids = list(world.project_a.transitions.values_list("pk", flat=True))
    zones = [world.zone_a.pk, world.zone_b.pk]
    projects = [world.project_a.pk, world.project_b.pk]
    organisations = [world.city.pk, world.org_a.pk, world.org_b.pk, world.dept_a.pk]
    people = [world.a_officer.pk, world.a_manager.pk, world.city_manager.pk]
    return {
        "zone": zones,
        "zone_id": zones,
        "project": projects,
        "project_id": projects,
        "project_ids": projects,
        "park": [world.park_a.pk, world.park_b.pk],
        "park_id": [world.park_a.pk, world.park_b.pk],
        "problem_id": [problem.pk],
        "meeting_id": [meeting.pk],
        "organisation_id": organisations,
        "unit": organisations,
        "responsible_unit_id": organisations,
        "leader": people,
        "leader_id": people,
        "officer_id": people,
        "responsible_person_id": people,
        "transition_id": transition_ids or [1],
        "article_id": [article.pk],
        "fact_id": fact_ids or [1],
    }


def _with_real_ids(case: Any, data: Any, ids: dict[str, list[int]]) -> None:
    """Most of the time, replace generated ids by ids of records that exist."""
    for container in (case.path_parameters, case.query, case.body):
        if not isinstance(container, dict):
            continue
        for name, value in list(container.items()):
            if name in ids and not isinstance(value, list) and data.draw(st.integers(0, 3)):
                container[name] = data.draw(st.sampled_from(ids[name]))


# Who passes every gate (each route's whole code runs on the generated input) and who is
# refused most of them (the refusals answer as documented too). A supervising level's scope
# adds no path of its own that the two do not take.
@pytest.mark.parametrize("persona", ["superuser", "a_officer"])
def test_fuzz_api_answers_as_documented(world: World, persona: str, _in_process: None) -> None:
    schema = _schema()
    ids = _ids(world)
    token = token_create(user=getattr(world, persona))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40  # every route of every app, not an empty document
    failures: list[str] = []

    for operation in operations:
        # Valid requests and, as often, requests that break the document's own rules.
        cases = st.one_of(
            operation.as_strategy(),
            operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
        )

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            report_multiple_bugs=False,
        )
        @given(case=cases, data=st.data())
        def run(case: Any, data: Any) -> None:
            _with_real_ids(case, data, ids)
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # every operation's failure, not the first
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)


# --- hostile values in every field --------------------------------------------------------

# What the first probe of the running system found to break it: NUL and control characters,
# text of many megabytes, numbers past 64 bits, dates outside 1900–2100.
HOSTILE = {
    "string": ["a\x00b", "\x01\x1f", "x" * 30_000],
    "integer": [2**63, 10**20],
    "date": ["0001-01-01", "9999-12-31"],
}


# Hostile values an operation may answer 2xx to, and why: (operation, parameter or field).
IGNORED = {
    # An escalation level that is none is dropped as a filter (dispatch.selectors reads the
    # level as the pages do), so the answer is the whole list; nothing is stored or compared.
    ("GET /api/problems", "level"),
}


def _kind(prop: dict[str, Any]) -> str:
    options = prop.get("anyOf", [prop])
    for option in options:
        if option.get("format") == "date":
            return "date"
        if option.get("type") in {"string", "integer"}:
            return str(option["type"])
    return ""


def _plain(name: str, kind: str, ids: dict[str, list[int]]) -> Any:
    if name in ids:
        return ids[name][0]
    return {"string": "x", "integer": 1, "date": "2025-01-01"}.get(kind)


def _hostile_cases(operation: Any, document: dict[str, Any], ids: dict[str, list[int]]) -> Any:
    """One request per field and hostile value; other fields plain and valid."""
    raw = document["paths"][operation.path][operation.method.lower()]
    path = {p.name: _plain(p.name, "integer", ids) for p in operation.path_parameters}
    for param in raw.get("parameters", []):
        if param["in"] != "query":
            continue
        for value in HOSTILE.get(_kind(param["schema"]), []):
            yield operation.Case(path_parameters=path, query={param["name"]: value})
    content = raw.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return
    ref = content["application/json"]["schema"].get("$ref", "")
    body_schema = document["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
    props = body_schema.get("properties", {})
    required = {
        name: _plain(name, _kind(props[name]), ids)
        for name in body_schema.get("required", [])
        if _plain(name, _kind(props[name]), ids) is not None
    }
    for name, prop in props.items():
        for value in HOSTILE.get(_kind(prop), []):
            yield operation.Case(
                path_parameters=path,
                body={**required, name: value},
                media_type="application/json",
            )


def test_hostile_values_in_every_field_answer_as_documented(
    world: World, _in_process: None
) -> None:
    schema = _schema()
    document = schema.raw_schema
    ids = _ids(world)
    headers = {"Authorization": f"Bearer {token_create(user=world.superuser)}"}
    failures: list[str] = []
    sent = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        for case in _hostile_cases(operation, document, ids):
            sent += 1
            try:
                response = case.call_and_validate(headers=headers, checks=CHECKS)
            except (Exception, BaseExceptionGroup) as exc:
                failures.append(f"{operation.label} {case.query or case.body!r:.120}: {exc}")
                continue
            # Documented is not enough: a hostile value is refused, never taken in.
            fields = [*(case.query or {}), *(case.body if isinstance(case.body, dict) else {})]
            ignored = all((operation.label, name) in IGNORED for name in fields) and fields
            if response.status_code < 400 and not ignored:
                failures.append(
                    f"{operation.label} {case.query or case.body!r:.120}: "
                    f"accepted with {response.status_code}"
                )
    assert sent > 100
    assert not failures, "\n\n".join(failures)
