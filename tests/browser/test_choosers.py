"""Choosing a project by name in a real browser: the officer raising a problem types part of
a project's name, picks it from what the search found and goes on to the problem form."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import World
from zonetrack.dispatch.models import Meeting
from zonetrack.projects.services import project_create, project_update

from .test_shell import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser


def test_officer_finds_the_project_by_name(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    server_url: str,
    tmp_path: Path,
) -> None:
    shots = Path(os.environ.get("ZONETRACK_SHOT_DIR") or tmp_path)
    project_update(actor=None, project=world.project_a, changes={"name": "甲区光伏组件项目"})
    project_create(actor=None, zone=world.zone_a, name="甲区物流园项目")
    project_update(actor=None, project=world.project_b, changes={"name": "乙区光伏组件项目"})
    sign_in(page, server_url, "ao")
    page.goto("/dispatch/problems/new/")
    picker = page.locator("#project-pick .zt-project-picker")
    box = picker.locator(".zt-project-search")
    expect(box).to_be_visible()
    box.fill("光伏")
    select = picker.locator("select[name=project]")
    # Only the zone's own project answers; the other zone's namesake never does.
    expect(select.locator("option", has_text="甲区光伏组件项目")).to_have_count(1)
    expect(select.locator("option", has_text="甲区物流园项目")).to_have_count(0)
    expect(select.locator("option", has_text="乙区光伏组件项目")).to_have_count(0)
    page.screenshot(path=str(shots / "project-search.png"), full_page=True)
    select.select_option(label=select.locator("option", has_text="光伏").inner_text())
    page.click("#project-pick button[type=submit]")
    expect(page.locator("#problem-form")).to_be_visible()
    expect(page.locator(".page-pretitle")).to_contain_text("甲区光伏组件项目")


def test_manager_puts_projects_found_by_code_on_an_agenda(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    server_url: str,
    tmp_path: Path,
) -> None:
    shots = Path(os.environ.get("ZONETRACK_SHOT_DIR") or tmp_path)
    second = project_create(actor=None, zone=world.zone_a, name="甲区物流园项目")
    sign_in(page, server_url, "am")
    page.goto("/dispatch/meetings/new/")
    picker = page.locator("#meeting-form .zt-project-picker")
    box = picker.locator(".zt-project-search")
    select = picker.locator("select[name=projects]")
    page.select_option("#meeting-form select[name=organisation]", str(world.org_a.pk))
    page.fill("#meeting-form input[name=title]", "项目调度会")
    box.fill(world.project_a.code)
    expect(select.locator("option")).to_have_count(1)
    select.select_option(str(world.project_a.pk))
    # A second search keeps what was chosen and offers what it found beside it.
    box.fill("物流")
    expect(select.locator(f"option[value='{second.pk}']")).to_have_count(1)
    expect(select.locator(f"option[value='{world.project_a.pk}']")).to_have_count(1)
    select.select_option([str(world.project_a.pk), str(second.pk)])
    page.screenshot(path=str(shots / "meeting-projects.png"), full_page=True)
    page.click("#meeting-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/dispatch/meetings/\d+/$"))
    meeting = Meeting.objects.get(title="项目调度会")
    assert {item.project_id for item in meeting.agenda.all()} >= {world.project_a.pk, second.pk}
