"""Dispatch in a real browser: raise a problem on a project, answer and close it, and see
the project's colour on the zone's battle map."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from tests.conftest import World
from zonetrack.dispatch.models import Problem
from zonetrack.dispatch.services import colours_refresh
from zonetrack.projects.models import Project
from zonetrack.projects.services import milestone_save

from .test_shell import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser


def test_raise_answer_close_and_battle_map(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    browser: Browser,
    server_url: str,
) -> None:
    today = timezone.localdate()
    project = world.project_a
    Project.objects.filter(pk=project.pk).update(
        location={"type": "Point", "coordinates": [111.52, 36.08]}
    )
    milestone_save(
        actor=None, project=project, name="取得施工许可", planned_on=today - timedelta(days=12)
    )
    colours_refresh()

    # The project officer raises the problem and hands it to the zone committee.
    sign_in(page, server_url, "ao")
    page.goto(f"/dispatch/problems/new/?project={project.pk}")
    page.select_option("#problem-form select[name=category]", "power")
    page.fill("#problem-form textarea[name=description]", "35千伏专线接入方案未批复")
    page.fill("#problem-form input[name=deadline_on]", (today + timedelta(days=10)).isoformat())
    page.click("#problem-form button[type=submit]")
    expect(page.locator("#problem-status")).to_have_attribute("data-status", "assigned")
    problem = Problem.objects.get()
    problem_url = f"/dispatch/problems/{problem.pk}/"

    # The zone manager answers it.
    manager = browser.new_context(base_url=server_url, viewport={"width": 1280, "height": 800})
    manager_page = manager.new_page()
    sign_in(manager_page, server_url, "am")
    manager_page.goto(problem_url)
    manager_page.fill("#problem-steps textarea[name=note]", "已与供电公司协调，方案本周批复")
    manager_page.click("#problem-steps button[data-verb=answer]")
    expect(manager_page.locator("#problem-resolution")).to_contain_text("方案本周批复")
    # Only the raiser may close: the manager has no accept button.
    expect(manager_page.locator("button[data-verb=accept]")).to_have_count(0)
    manager.close()

    # The officer accepts the answer: the problem is closed.
    page.goto(problem_url)
    page.click("#problem-steps button[data-verb=accept]")
    expect(page.locator("#problem-status")).to_have_attribute("data-status", "closed")
    expect(page.locator("#problem-events li[data-kind=accept]")).to_have_count(1)
    problem.refresh_from_db()
    assert problem.status == "closed"

    # The battle map shows the project in red (its permit milestone is late), with a summary.
    page.goto(f"/dispatch/map/{world.zone_a.pk}/")
    expect(page.locator("#battle-map")).to_have_attribute("data-ready", "1")
    marker = page.locator(f'path.zt-battle-project[data-project="{project.pk}"]')
    expect(marker).to_have_count(1)
    expect(marker).to_have_class(re.compile(r"zt-colour-red"))
    marker.click(force=True)
    expect(page.locator(".zt-battle-popup")).to_contain_text(project.name)
    expect(page.locator(f'#battle-projects li[data-project="{project.pk}"]')).to_have_attribute(
        "data-colour", "red"
    )


def test_officer_cannot_close_alone_and_city_manager_urges(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    browser: Browser,
    server_url: str,
) -> None:
    from zonetrack.dispatch import services

    today = timezone.localdate()
    problem = services.problem_create(
        actor=world.a_officer,
        project=world.project_a,
        category="land",
        description="用地指标尚未下达",
        deadline_on=today + timedelta(days=5),
    )
    problem_url = f"/dispatch/problems/{problem.pk}/"

    # The officer who raised it may neither take it in hand nor answer it.
    sign_in(page, server_url, "ao")
    page.goto(problem_url)
    expect(page.locator("button[data-verb=start]")).to_have_count(0)
    expect(page.locator("button[data-verb=answer]")).to_have_count(0)
    expect(page.locator("button[data-verb=accept]")).to_have_count(0)

    # Escalated to the city, it waits in the city manager's to-do, who urges it.
    services.problem_escalate(actor=world.a_manager, problem=problem, note="涉及市级审批权限")
    city = browser.new_context(base_url=server_url, viewport={"width": 1280, "height": 800})
    city_page = city.new_page()
    sign_in(city_page, server_url, "cm")
    city_page.goto("/dispatch/mine/")
    city_page.locator("#escalated").get_by_text("用地指标尚未下达").first.click()
    city_page.fill("#problem-steps textarea[name=note]", "请本周内反馈")
    city_page.click("#problem-steps button[data-verb=urge]")
    expect(city_page.locator("#problem-events li[data-kind=urge]")).to_have_count(1)
    city.close()
    assert problem.events.filter(kind="urge").exists()


def test_a_red_project_says_why_on_its_page(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    server_url: str,
) -> None:
    today = timezone.localdate()
    project = world.project_a
    milestone_save(
        actor=None, project=project, name="取得施工许可", planned_on=today - timedelta(days=12)
    )
    colours_refresh()

    # The zone leader opens the project: it is red, and the page says which node is how late.
    sign_in(page, server_url, "am")
    page.goto(f"/projects/{project.pk}/")
    panel = page.locator("#project-colour")
    expect(panel.locator("[data-value=red]")).to_have_count(1)
    expect(panel).to_contain_text("取得施工许可")
    expect(panel).to_contain_text("12")
