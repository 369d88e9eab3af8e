"""Pages of the dispatch app: the loop from the browser's side, bounded queries, bad input."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from zonetrack.dispatch import services
from zonetrack.dispatch.models import Problem
from zonetrack.projects.services import milestone_save, project_create

from ..conftest import World, client_for
from .factories import make_problem

TODAY = timezone.localdate()


def _many(world: World, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        project = project_create(actor=None, zone=world.zone_a, name=f"批量项目{i:03d}")
        make_problem(world.a_officer, project, description=f"批量问题{i:03d}", days=i % 5)
        milestone_save(
            actor=None, project=project, name="开工", planned_on=TODAY - timedelta(days=i % 7)
        )
    services.colours_refresh()


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("dispatch:home", {}),
        ("dispatch:problem_list", {}),
        ("dispatch:problem_list", {"overdue": "1", "status": "open"}),
        ("dispatch:my_work", {}),
        ("dashboards:leader", {}),
        ("dispatch:warning_list", {}),
        ("notices:notification_list", {}),
        ("dispatch:meeting_list", {}),
    ],
)
def test_list_pages_use_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any, url_name: str, params: dict[str, str]
) -> None:
    client = client_for(world.a_officer)
    url = reverse(url_name)
    _many(world, 3)
    client.get(url, params)
    # The overview also reads the dispatch table, the zones' colours and the escalations.
    with django_assert_max_num_queries(24 if url_name == "dispatch:home" else 20) as few:
        assert client.get(url, params).status_code == 200
    _many(world, 30, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url, params).status_code == 200


def test_detail_pages_use_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.a_manager)
    _many(world, 3)
    meeting = services.meeting_create(
        actor=world.a_manager,
        organisation=world.org_a,
        title="调度会",
        held_on=TODAY,
        include_blocked=True,
    )
    urls = [
        reverse("dashboards:battle_map", kwargs={"zone_id": world.zone_a.pk}),
        reverse("dispatch:meeting_detail", kwargs={"meeting_id": meeting.pk}),
        reverse("dispatch:meeting_briefing", kwargs={"meeting_id": meeting.pk}),
    ]
    counts = {}
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(25) as few:
            assert client.get(url).status_code == 200
        counts[url] = len(few.captured_queries)
    _many(world, 25, start=3)
    meeting = services.meeting_create(
        actor=world.a_manager,
        organisation=world.org_a,
        title="调度会",
        held_on=TODAY,
        include_blocked=True,
    )
    assert meeting.agenda.count() == 28
    urls[1:] = [
        reverse("dispatch:meeting_detail", kwargs={"meeting_id": meeting.pk}),
        reverse("dispatch:meeting_briefing", kwargs={"meeting_id": meeting.pk}),
    ]
    for url, before in zip(urls, counts.values(), strict=True):
        with django_assert_max_num_queries(before):
            assert client.get(url).status_code == 200


def test_raise_answer_close_from_the_pages(world: World) -> None:
    officer, manager = client_for(world.a_officer), client_for(world.a_manager)
    url = reverse("dispatch:problem_create") + f"?project={world.project_a.pk}"
    assert officer.get(url).status_code == 200
    response = officer.post(
        url,
        {
            "project": world.project_a.pk,
            "category": "power",
            "description": "电力增容未批复",
            "raised_on": TODAY.isoformat(),
            "deadline_on": (TODAY - timedelta(days=1)).isoformat(),
            "responsible_unit": world.org_a.pk,
        },
    )
    assert response.status_code == 400
    assert "电力增容未批复" in response.content.decode()  # nothing typed is lost
    assert not Problem.objects.exists()
    response = officer.post(
        url,
        {
            "project": world.project_a.pk,
            "category": "power",
            "description": "电力增容未批复",
            "raised_on": TODAY.isoformat(),
            "deadline_on": (TODAY + timedelta(days=7)).isoformat(),
            "responsible_unit": world.org_a.pk,
        },
    )
    problem = Problem.objects.get()
    assert response.status_code == 302
    step = reverse("dispatch:problem_event", kwargs={"problem_id": problem.pk})
    # Answering without saying what was done is refused, with the message on the field.
    response = manager.post(step, {"kind": "answer", "note": "", "version": problem.version})
    assert response.status_code == 400
    manager.post(step, {"kind": "answer", "note": "已协调供电公司", "version": problem.version})
    problem.refresh_from_db()
    assert problem.status == "answered"
    # The manager answered; only the raiser closes.
    response = manager.post(step, {"kind": "accept", "version": problem.version})
    assert response.status_code == 400
    officer.post(step, {"kind": "accept", "version": problem.version})
    problem.refresh_from_db()
    assert problem.status == "closed"
    page = officer.get(reverse("dispatch:problem_detail", kwargs={"problem_id": problem.pk}))
    assert "已协调供电公司" in page.content.decode()


def test_override_without_justification_is_refused_on_the_page(world: World) -> None:
    services.colours_refresh()
    from zonetrack.dispatch.models import ColourStatus

    status = ColourStatus.objects.get(project=world.project_a, milestone__isnull=True)
    url = reverse("dispatch:colour_detail", kwargs={"status_id": status.pk})
    with translation.override("en"):
        response = client_for(world.a_manager).post(
            url, {"colour": "red", "reason": ""}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 400
    status.refresh_from_db()
    assert status.colour == "green"


def test_meeting_form_refuses_project_of_another_branch(world: World) -> None:
    response = client_for(world.a_manager).post(
        reverse("dispatch:meeting_create"),
        {
            "organisation": world.org_a.pk,
            "title": "调度会",
            "held_on": TODAY.isoformat(),
            "projects": [world.project_a.pk, world.project_b.pk],
        },
    )
    assert response.status_code == 400
    assert str(world.project_b.pk) in response.content.decode()
    assert world.project_b.name not in response.content.decode()


def test_battle_map_shows_projects_with_colours(world: World) -> None:
    milestone_save(
        actor=None, project=world.project_a, name="开工", planned_on=TODAY - timedelta(days=9)
    )
    services.colours_refresh()
    response = client_for(world.a_viewer).get(
        reverse("dashboards:battle_map", kwargs={"zone_id": world.zone_a.pk})
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'data-project="{world.project_a.pk}" data-colour="red"' in body


def test_problem_page_uses_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    problem = make_problem(world.a_officer, world.project_a)
    client = client_for(world.a_manager)
    url = reverse("dispatch:problem_detail", kwargs={"problem_id": problem.pk})
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for number in range(10):
        services.problem_event(
            actor=world.a_manager,
            problem=problem,
            verb="escalate" if number < 2 else "assign",
            note=f"第{number}次",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "第9次" in response.content.decode()


def test_hand_over_again_to_another_unit_from_the_page(world: World) -> None:
    problem = make_problem(world.a_officer, world.project_a)
    client = client_for(world.a_manager)
    step = reverse("dispatch:problem_event", kwargs={"problem_id": problem.pk})
    bad = client.post(
        step,
        {
            "kind": "assign",
            "version": problem.version,
            "responsible_unit": world.dept_a.pk,
            "deadline_on": (TODAY - timedelta(days=30)).isoformat(),
        },
    )
    assert bad.status_code == 400
    client.post(
        step,
        {
            "kind": "assign",
            "note": "改由招商局办理",
            "version": problem.version,
            "responsible_unit": world.dept_a.pk,
            "deadline_on": (TODAY + timedelta(days=30)).isoformat(),
        },
    )
    problem.refresh_from_db()
    assert problem.responsible_unit == world.dept_a
    assert problem.deadline_on == TODAY + timedelta(days=30)


def test_viewer_may_not_raise_problems(world: World) -> None:
    url = reverse("dispatch:problem_create") + f"?project={world.project_a.pk}"
    assert client_for(world.a_viewer).get(url).status_code == 403
    assert (
        client_for(world.a_manager)
        .get(reverse("dispatch:problem_create") + f"?project={world.project_b.pk}")
        .status_code
        == 404
    )


def test_edit_page_is_403_for_who_sees_but_may_not_change_and_404_for_who_does_not_see(
    world: World,
) -> None:
    problem = make_problem(world.a_officer, world.project_a)
    url = reverse("dispatch:problem_edit", kwargs={"problem_id": problem.pk})
    assert client_for(world.a_manager).get(url).status_code == 200
    # The zone's viewer sees the problem but may not change it.
    assert client_for(world.a_viewer).get(url).status_code == 403
    assert client_for(world.a_viewer).post(url, {"description": "改"}).status_code == 403
    # Another branch does not see it at all.
    assert client_for(world.b_manager).get(url).status_code == 404
    # A closed problem is seen, and no longer changed.
    services.problem_answer(actor=world.a_manager, problem=problem, note="已解决")
    services.problem_accept(actor=world.a_officer, problem=problem)
    assert client_for(world.a_manager).get(url).status_code == 403


def test_steps_seen_but_not_allowed_are_403_and_unseen_are_404(world: World) -> None:
    services.colours_refresh()
    from zonetrack.dispatch.models import ColourStatus

    status = ColourStatus.objects.get(project=world.project_a, milestone__isnull=True)
    colour_url = reverse("dispatch:colour_detail", kwargs={"status_id": status.pk})
    override = {"colour": "red", "reason": "试"}
    assert client_for(world.a_viewer).get(colour_url).status_code == 200
    assert client_for(world.a_viewer).post(colour_url, override).status_code == 403
    assert client_for(world.b_manager).post(colour_url, override).status_code == 404
    meeting = services.meeting_create(
        actor=world.a_manager, organisation=world.org_a, title="调度会", held_on=TODAY
    )
    meeting_url = reverse("dispatch:meeting_detail", kwargs={"meeting_id": meeting.pk})
    minutes = {"minutes": "纪要", "version": meeting.version}
    assert client_for(world.a_viewer).get(meeting_url).status_code == 200
    assert client_for(world.a_viewer).post(meeting_url, minutes).status_code == 403
    assert client_for(world.b_manager).post(meeting_url, minutes).status_code == 404
    decision_url = reverse("dispatch:decision_create", kwargs={"meeting_id": meeting.pk})
    decision = {"project": world.project_a.pk, "kind": "note", "text": "记录"}
    assert client_for(world.a_viewer).post(decision_url, decision).status_code == 403
    assert client_for(world.a_manager).get(decision_url).status_code == 405
    problem = make_problem(world.a_officer, world.project_a)
    step = reverse("dispatch:problem_event", kwargs={"problem_id": problem.pk})
    assert client_for(world.a_viewer).post(step, {"kind": "start"}).status_code == 403
    assert client_for(world.b_manager).post(step, {"kind": "start"}).status_code == 404


def test_problem_list_filter_bar_shows_the_filters_as_understood(world: World) -> None:
    client = client_for(world.a_manager)
    body = client.get(reverse("dispatch:problem_list")).content.decode()
    assert '<option value="open" selected>' in body  # the list a dispatcher works from
    url = reverse("dispatch:problem_list") + f"?status=closed&overdue=1&unit={world.dept_a.pk}"
    body = client.get(url).content.decode()
    assert '<option value="closed" selected>' in body
    assert f'<option value="{world.dept_a.pk}" selected>' in body
    assert 'id="overdue" checked' in body
    # A unit of another branch is not offered.
    assert f'<option value="{world.org_b.pk}"' not in body
