"""Choosing a project by name in a real browser: the officer raising a problem types part of
a project's name, picks it from what the search found and goes on to the problem form."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import World
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
