"""Promotion in a real browser: a zone's investment-promotion officer finds a lead on the
board, records a visit and converts it into a project of the pipeline."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import pytest

from tests.conftest import World
from tests.promotion.factories import make_lead
from zonetrack.projects.models import Project
from zonetrack.promotion.choices import LeadStatus
from zonetrack.promotion.models import Lead

from .test_shell import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("ZONETRACK_SCREENSHOTS", "")


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_officer_converts_a_lead_from_the_board(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    server_url: str,
) -> None:
    lead = make_lead(world.zone_a, "光伏组件制造基地", owner=world.a_officer)
    make_lead(world.zone_b, "乙区线索")

    sign_in(page, server_url, "ao")
    page.goto("/promotion/leads/board/")
    new_column = page.locator("#board-new")
    expect(new_column).to_contain_text("光伏组件制造基地")
    expect(page.locator("#lead-board")).not_to_contain_text("乙区线索")
    _shot(page, "promotion_board")

    new_column.get_by_text("光伏组件制造基地").click()
    page.select_option("#interaction-form select[name=kind]", "visit")
    page.fill("#interaction-form input[name=happened_on]", "2026-01-05")
    page.fill("#interaction-form input[name=people]", "王晓燕、企业董事长")
    page.click("#save-interaction")
    expect(page.locator("#lead-status")).to_have_class(re.compile("zt-lead-contacted"))
    expect(page.locator("#interactions")).to_contain_text("王晓燕、企业董事长")
    _shot(page, "promotion_lead")

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#convert-lead")
    page.wait_for_url("**/projects/**")
    project = Project.objects.get(name="光伏组件制造基地")
    assert project.zone == world.zone_a
    lead = Lead.objects.get(pk=lead.pk)
    assert lead.status == LeadStatus.CONVERTED and lead.project == project
    _shot(page, "promotion_project")

    page.goto("/promotion/leads/board/")
    expect(page.locator("#board-converted")).to_contain_text("光伏组件制造基地")
