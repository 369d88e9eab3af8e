"""The closed loop cannot be closed alone (separation of duties, service and page), escalated
problems reach the level's to-do and can be urged, and decisions keep their category and unit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zonetrack.accounts.choices import Role
from zonetrack.dispatch import selectors, services
from zonetrack.dispatch.choices import AlertKind, EventKind, ProblemStatus
from zonetrack.dispatch.models import Problem
from zonetrack.notices.models import Notification

from ..conftest import World, client_for, make_user
from .factories import MeetingFactory, ProblemFactory

TODAY = timezone.localdate()


@pytest.fixture
def loop(world: World) -> dict[str, Any]:
    clerk = make_user("clerk", (world.dept_a, Role.OFFICER))
    dept_viewer = make_user("deptviewer", (world.dept_a, Role.VIEWER))
    problem = ProblemFactory(
        actor=world.a_officer, project=world.project_a, responsible_unit=world.dept_a
    )
    return {"clerk": clerk, "dept_viewer": dept_viewer, "problem": problem}


def _fresh(problem: Problem) -> Problem:
    return Problem.objects.get(pk=problem.pk)


@pytest.mark.parametrize("persona", ["raiser", "viewer", "manager_above"])
@pytest.mark.parametrize("step", ["problem_start", "problem_answer"])
def test_only_the_responsible_unit_works_a_problem(
    world: World, loop: dict[str, Any], persona: str, step: str
) -> None:
    actor = {
        "raiser": world.a_officer,
        "viewer": loop["dept_viewer"],
        "manager_above": world.a_manager,
    }[persona]
    problem = loop["problem"]
    if step == "problem_answer":
        services.problem_start(actor=loop["clerk"], problem=problem)
    with pytest.raises(PermissionDenied):
        getattr(services, step)(actor=actor, problem=_fresh(problem), note="已办")


def test_unit_member_works_and_raiser_closes(world: World, loop: dict[str, Any]) -> None:
    problem = loop["problem"]
    services.problem_start(actor=loop["clerk"], problem=problem)
    services.problem_answer(actor=loop["clerk"], problem=_fresh(problem), note="已协调")
    # The one who answered may not accept, the unit's viewer neither.
    for refused in (loop["clerk"], loop["dept_viewer"]):
        with pytest.raises((PermissionDenied, ValidationError)):
            services.problem_accept(actor=refused, problem=_fresh(problem))
    services.problem_accept(actor=world.a_officer, problem=_fresh(problem))
    assert _fresh(problem).status == ProblemStatus.CLOSED


def test_manager_above_the_raiser_accepts(world: World, loop: dict[str, Any]) -> None:
    problem = loop["problem"]
    services.problem_start(actor=loop["clerk"], problem=problem)
    services.problem_answer(actor=loop["clerk"], problem=_fresh(problem), note="已协调")
    services.problem_reject(actor=world.city_manager, problem=_fresh(problem), note="未落实")
    services.problem_answer(actor=loop["clerk"], problem=_fresh(problem), note="已落实")
    services.problem_accept(actor=world.a_manager, problem=_fresh(problem))
    assert _fresh(problem).status == ProblemStatus.CLOSED


def test_an_officer_cannot_close_their_own_problem(world: World) -> None:
    """An officer who raises a problem for their own committee cannot take it in hand, answer
    it, and close it alone."""
    problem = ProblemFactory(actor=world.a_officer, project=world.project_a)
    with pytest.raises(PermissionDenied):
        services.problem_start(actor=world.a_officer, problem=problem)
    colleague = make_user("colleague", (world.org_a, Role.OFFICER))
    services.problem_start(actor=colleague, problem=problem)
    services.problem_answer(actor=colleague, problem=_fresh(problem), note="已办")
    with pytest.raises(ValidationError):
        services.problem_accept(actor=colleague, problem=_fresh(problem))
    assert _fresh(problem).status == ProblemStatus.ANSWERED


def test_a_viewer_is_never_responsible(world: World, loop: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        services.problem_create(
            actor=world.a_officer,
            project=world.project_a,
            category="land",
            description="用地",
            deadline_on=TODAY + timedelta(days=3),
            responsible_unit=world.dept_a,
            responsible_person=loop["dept_viewer"],
        )
    assert "responsible_person" in caught.value.message_dict
    people = selectors.responsible_people(user=world.a_manager)
    assert loop["clerk"] in people and loop["dept_viewer"] not in people


def test_page_hides_steps_and_refuses_them(world: World, loop: dict[str, Any]) -> None:
    problem = loop["problem"]
    url = reverse("dispatch:problem_detail", kwargs={"problem_id": problem.pk})
    raiser = client_for(world.a_officer)
    page = raiser.get(url).content.decode()
    assert 'value="start"' not in page
    response = raiser.post(
        reverse("dispatch:problem_event", kwargs={"problem_id": problem.pk}),
        {"kind": "start", "version": problem.version},
    )
    assert response.status_code == 403
    assert 'value="start"' in client_for(loop["clerk"]).get(url).content.decode()


def _escalate(world: World, problem: Problem, times: int = 1) -> Problem:
    for _n in range(times):
        services.problem_escalate(actor=world.a_manager, problem=_fresh(problem), note="久拖未决")
    return _fresh(problem)


def test_escalated_problem_is_in_the_city_managers_list(world: World, loop: dict[str, Any]) -> None:
    problem = loop["problem"]
    assert problem not in selectors.problems_for_my_level(user=world.city_manager)
    problem = _escalate(world, problem)
    assert problem in selectors.problems_for_my_level(user=world.city_manager)
    assert problem not in selectors.problems_for_my_level(user=world.a_manager)
    assert problem not in selectors.problems_for_my_level(user=world.b_manager)
    page = client_for(world.city_manager).get(reverse("dispatch:my_work")).content.decode()
    assert 'id="escalated"' in page and problem.description in page
    home = client_for(world.city_manager).get(reverse("dispatch:home")).content.decode()
    assert 'id="for-my-level"' in home


def test_urging_is_recorded_and_notified(world: World, loop: dict[str, Any]) -> None:
    problem = loop["problem"]
    services.problem_assign(
        actor=world.a_manager, problem=problem, responsible_person=loop["clerk"]
    )
    with pytest.raises(PermissionDenied):
        services.problem_urge(actor=world.city_manager, problem=_fresh(problem))
    problem = _escalate(world, problem)
    with pytest.raises(PermissionDenied):
        services.problem_urge(actor=world.a_manager, problem=problem)
    event = services.problem_urge(actor=world.city_manager, problem=problem, note="请加快")
    assert (event.kind, event.note) == (EventKind.URGE, "请加快")
    note = Notification.objects.get(user=loop["clerk"], kind=AlertKind.PROBLEM_URGED)
    assert "请加快" in note.text


def test_city_manager_urges_from_the_page(world: World, loop: dict[str, Any]) -> None:
    problem = _escalate(world, loop["problem"])
    client = client_for(world.city_manager)
    url = reverse("dispatch:problem_detail", kwargs={"problem_id": problem.pk})
    assert 'value="urge"' in client.get(url).content.decode()
    response = client.post(
        reverse("dispatch:problem_event", kwargs={"problem_id": problem.pk}),
        {"kind": "urge", "note": "请加快", "version": problem.version},
    )
    assert response.status_code == 302
    assert _fresh(problem).events.filter(kind=EventKind.URGE).exists()


def test_decision_keeps_category_and_unit(world: World) -> None:
    meeting = MeetingFactory(
        actor=world.a_manager, organisation=world.org_a, project_ids=[world.project_a.pk]
    )
    decision = services.decision_add(
        actor=world.a_manager,
        meeting=meeting,
        project=world.project_a,
        kind="problem",
        text="协调供电",
        due_on=TODAY + timedelta(days=7),
        category="power",
        responsible_unit=world.dept_a,
    )
    assert decision.problem is not None
    assert (decision.problem.category, decision.problem.responsible_unit) == (
        "power",
        world.dept_a,
    )


def test_decision_page_keeps_category_and_unit(world: World) -> None:
    meeting = MeetingFactory(
        actor=world.a_manager, organisation=world.org_a, project_ids=[world.project_a.pk]
    )
    client = client_for(world.a_manager)
    page = client.get(reverse("dispatch:meeting_detail", kwargs={"meeting_id": meeting.pk}))
    assert 'name="responsible_unit"' in page.content.decode()
    client.post(
        reverse("dispatch:decision_create", kwargs={"meeting_id": meeting.pk}),
        {
            "project": world.project_a.pk,
            "kind": "problem",
            "text": "协调供电",
            "due_on": (TODAY + timedelta(days=7)).isoformat(),
            "category": "power",
            "responsible_unit": world.dept_a.pk,
        },
    )
    problem = Problem.objects.get(description="协调供电")
    assert (problem.category, problem.responsible_unit_id) == ("power", world.dept_a.pk)


def test_escalated_level_supervises_instructs_and_closes(
    world: World, loop: dict[str, Any]
) -> None:
    problem = _escalate(world, loop["problem"])
    new_deadline = TODAY + timedelta(days=20)
    with pytest.raises(PermissionDenied):
        services.problem_supervise(
            actor=world.a_manager, problem=problem, note="限期办结", deadline_on=new_deadline
        )
    event = services.problem_supervise(
        actor=world.city_manager, problem=problem, note="限期办结", deadline_on=new_deadline
    )
    assert (event.kind, event.deadline_on) == (EventKind.SUPERVISE, new_deadline)
    assert _fresh(problem).deadline_on == new_deadline
    with pytest.raises(ValidationError):
        services.problem_instruct(actor=world.city_manager, problem=_fresh(problem))
    services.problem_instruct(actor=world.city_manager, problem=_fresh(problem), note="抓紧协调")
    services.problem_close_escalation(actor=world.city_manager, problem=_fresh(problem))
    assert _fresh(problem).escalation_level == 0
    assert problem not in selectors.problems_for_my_level(user=world.city_manager)


def test_extension_granted_by_the_zone_that_set_the_deadline(
    world: World, loop: dict[str, Any]
) -> None:
    problem = loop["problem"]
    later = problem.deadline_on + timedelta(days=15)
    with pytest.raises(PermissionDenied):
        services.problem_extension_ask(
            actor=world.a_officer, problem=problem, note="需时", deadline_on=later
        )
    with pytest.raises(ValidationError):
        services.problem_extension_ask(
            actor=loop["clerk"], problem=problem, note="需时", deadline_on=problem.deadline_on
        )
    services.problem_extension_ask(
        actor=loop["clerk"], problem=problem, note="需协调省厅", deadline_on=later
    )
    with pytest.raises(ValidationError):  # one request at a time
        services.problem_extension_ask(
            actor=loop["clerk"], problem=_fresh(problem), note="需时", deadline_on=later
        )
    with pytest.raises(PermissionDenied):  # the unit does not grant its own request
        services.problem_extension_grant(actor=loop["clerk"], problem=_fresh(problem))
    event = services.problem_extension_grant(actor=world.a_manager, problem=_fresh(problem))
    assert (event.kind, event.deadline_on) == (EventKind.EXTENSION_GRANT, later)
    assert _fresh(problem).deadline_on == later
    with pytest.raises(ValidationError):  # nothing pending any more
        services.problem_extension_refuse(
            actor=world.a_manager, problem=_fresh(problem), note="不同意"
        )


def test_extension_of_a_supervised_deadline_is_for_the_city(
    world: World, loop: dict[str, Any]
) -> None:
    problem = _escalate(world, loop["problem"])
    ordered = TODAY + timedelta(days=10)
    services.problem_supervise(
        actor=world.city_manager, problem=problem, note="限期", deadline_on=ordered
    )
    services.problem_extension_ask(
        actor=loop["clerk"],
        problem=_fresh(problem),
        note="需时",
        deadline_on=ordered + timedelta(days=5),
    )
    with pytest.raises(PermissionDenied):
        services.problem_extension_refuse(actor=world.a_manager, problem=_fresh(problem), note="否")
    with pytest.raises(ValidationError):
        services.problem_extension_refuse(actor=world.city_manager, problem=_fresh(problem))
    event = services.problem_extension_refuse(
        actor=world.city_manager, problem=_fresh(problem), note="不予延期"
    )
    assert event.kind == EventKind.EXTENSION_REFUSE
    assert _fresh(problem).deadline_on == ordered


def test_unit_asks_for_more_time_from_the_page(world: World, loop: dict[str, Any]) -> None:
    problem = loop["problem"]
    client = client_for(loop["clerk"])
    url = reverse("dispatch:problem_detail", kwargs={"problem_id": problem.pk})
    page = client.get(url).content.decode()
    assert 'value="extension_ask"' in page and 'id="step-deadline"' in page
    later = problem.deadline_on + timedelta(days=9)
    response = client.post(
        reverse("dispatch:problem_event", kwargs={"problem_id": problem.pk}),
        {
            "kind": "extension_ask",
            "note": "需时",
            "deadline_on": later.isoformat(),
            "version": problem.version,
        },
    )
    assert response.status_code == 302
    manager_page = client_for(world.a_manager).get(url).content.decode()
    assert 'value="extension_grant"' in manager_page
