"""The home page's to-do, per persona: each figure counted as its list counts it, each item a
link to that list, and a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zonetrack.dashboards import selectors
from zonetrack.dispatch import services as dispatch_services
from zonetrack.projects import selectors as project_selectors
from zonetrack.projects import services
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import Project

from ..conftest import World, client_for
from ..dispatch.factories import make_problem
from ..projects.factories import MilestoneFactory, ProjectFactory, ReportFactory

TODAY = timezone.localdate()
LAST_MONTH = project_selectors.report_month(TODAY)


def _start(project: Project) -> Project:
    services.project_transition(
        actor=None,
        project=project,
        to_stage=Stage.STARTED,
        # Started last month, so it reports for last month (one started this month does not).
        happened_on=LAST_MONTH,
        skipped={"packaged": LAST_MONTH, "signed": LAST_MONTH},
    )
    return Project.objects.get(pk=project.pk)


def _items(user: object, today: date | None = None) -> dict[str, dict[str, tuple[int, str]]]:
    return {
        section.key: {item.key: (item.count, item.url) for item in section.items}
        for section in selectors.todo(user=user, today=today)  # type: ignore[arg-type]
    }


def _officer_world(world: World, extra: int = 0) -> None:
    owing = _start(ProjectFactory(zone=world.zone_a, officer=world.a_officer))
    reported = _start(ProjectFactory(zone=world.zone_a, officer=world.a_officer))
    ReportFactory(project=reported, month=LAST_MONTH)
    ProjectFactory(zone=world.zone_a, officer=world.a_officer)  # pursued: owes nothing
    MilestoneFactory(project=owing, planned_on=TODAY + timedelta(days=5))
    MilestoneFactory(project=owing, planned_on=TODAY + timedelta(days=30))
    make_problem(world.a_manager, owing)
    for _ in range(extra):
        more = _start(ProjectFactory(zone=world.zone_a, officer=world.a_officer))
        MilestoneFactory(project=more, planned_on=TODAY + timedelta(days=3))
        make_problem(world.a_manager, more)


def test_officer_sees_reports_owed_unit_problems_and_milestones_due(world: World) -> None:
    _officer_world(world)
    todo = _items(world.a_officer)
    assert set(todo) == {"officer"}
    officer = todo["officer"]
    assert officer["reports-owed"] == (1, reverse("projects:my_projects"))
    assert officer["unit-problems"] == (1, reverse("dispatch:my_work"))
    assert officer["milestones-due"] == (1, reverse("projects:my_projects"))
    # The same count as the 我的项目 page.
    page = client_for(world.a_officer).get(reverse("projects:my_projects"))
    assert page.context["owing"] == officer["reports-owed"][0]
    # … and as the unit's list of problems to work.
    work = client_for(world.a_officer).get(reverse("dispatch:my_work"))
    assert work.status_code == 200


def test_home_page_shows_each_item_as_a_link(world: World) -> None:
    _officer_world(world)
    response = client_for(world.a_officer).get(reverse("dashboards:home"))
    html = response.content.decode()
    assert 'id="todo-officer"' in html and 'id="todo-leader"' not in html
    assert f'href="{reverse("dispatch:my_work")}" data-todo="unit-problems"' in html
    assert f'href="{reverse("projects:my_projects")}" data-todo="reports-owed"' in html


def test_leader_sees_red_projects_and_overdue_problems_they_answer_for(world: World) -> None:
    led = services.project_update(
        actor=None, project=world.project_a, changes={"leader": world.a_manager}
    )
    MilestoneFactory(project=led, planned_on=TODAY - timedelta(days=20))
    make_problem(world.a_manager, led, days=2, raised_on=TODAY - timedelta(days=10))
    make_problem(world.a_manager, led, days=20)
    # Not the leader's: another red project of the zone with an overdue problem.
    other = ProjectFactory(zone=world.zone_a)
    MilestoneFactory(project=other, planned_on=TODAY - timedelta(days=20))
    make_problem(world.a_manager, other, days=2, raised_on=TODAY - timedelta(days=10))
    dispatch_services.colours_refresh()
    todo = _items(world.a_manager)
    assert set(todo) == {"leader"}
    leader_url = reverse("dashboards:leader")
    assert todo["leader"] == {
        "red-projects": (1, leader_url),
        "overdue-problems": (1, f"{leader_url}#problems"),
    }
    response = client_for(world.a_manager).get(reverse("dashboards:home"))
    assert 'id="todo-leader"' in response.content.decode()


def test_city_manager_sees_verification_escalations_and_late_reports(world: World) -> None:
    problem = make_problem(world.a_manager, world.project_a)
    dispatch_services.problem_escalate(actor=world.a_manager, problem=problem, note="需市级协调")
    make_problem(world.a_manager, world.project_a)  # still the zone's
    _start(ProjectFactory(zone=world.zone_b))
    after_due = LAST_MONTH.replace(day=28) + timedelta(days=12)  # past the 5th of the month
    todo = _items(world.city_manager, today=after_due)
    assert set(todo) == {"supervisor"}
    supervisor = todo["supervisor"]
    problems = reverse("dispatch:problem_list")
    assert supervisor["escalations"] == (1, f"{problems}?status=open&level=1")
    assert supervisor["verification"] == (
        project_selectors.verification_queue(user=world.city_manager).count(),
        reverse("projects:verification_queue"),
    )
    assert supervisor["late-reports"][0] == 1  # only the started project owes
    # Before the report is due nothing is late yet.
    before_due = LAST_MONTH.replace(day=28) + timedelta(days=4)
    assert _items(world.city_manager, today=before_due)["supervisor"]["late-reports"][0] == 0
    # The list it links to counts the same escalated problems.
    listed = client_for(world.city_manager).get(supervisor["escalations"][1])
    assert problem.description in listed.content.decode()


def test_viewer_and_nobody_have_no_todo(world: World) -> None:
    assert selectors.todo(user=world.a_viewer) == []
    assert selectors.todo(user=world.nobody) == []
    assert client_for(world.a_viewer).get(reverse("dashboards:home")).status_code == 200


def _home_queries(world: World) -> int:
    client = client_for(world.a_officer)
    client.get(reverse("dashboards:home"))
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("dashboards:home"))
    return len(captured)


def test_home_page_queries_do_not_grow_with_projects(world: World) -> None:
    _officer_world(world)
    few = _home_queries(world)
    _officer_world(world, extra=4)
    assert _home_queries(world) == few
