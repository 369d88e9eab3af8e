"""Promotion in a real browser: a zone's investment-promotion officer finds a lead on the
board, records a visit and converts it into a project of the pipeline."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

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


def test_enquiry_to_lead_to_event_to_board_fills_a_chain_gap(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    server_url: str,
) -> None:
    """The promotion officer's whole road, in Chinese: an investor's enquiry becomes a lead on
    the 电芯 link of the new-energy-vehicle chain (a gap), a visit is recorded, the lead is
    converted, the project is signed at the zone's signing ceremony, shows on the pipeline
    board as signed, and the 电芯 link turns from a gap to weak (a project signed on it)."""
    from zonetrack.promotion.models import Chain, ChainNode

    chain = Chain.objects.get(code="new-energy-vehicles")
    cell = ChainNode.objects.get(chain=chain, name="电芯")
    map_url = f"/promotion/zones/{world.zone_a.pk}/chains/{chain.pk}/"

    sign_in(page, server_url, "ao")
    page.goto(map_url)
    expect(page.locator("#chain-graph svg")).to_be_visible()  # the ECharts tree is drawn
    expect(page.locator(f"#link-{cell.pk}")).to_have_attribute("data-state", "gap")
    _shot(page, "promotion_chain_gap")

    # An investor asks by telephone; the officer records it and turns it into a lead.
    page.goto("/promotion/enquiries/new/")
    page.select_option("#enquiry-form select[name=zone]", str(world.zone_a.pk))
    page.fill("#enquiry-form input[name=subject]", "动力电池电芯项目落地咨询")
    page.fill("#enquiry-form input[name=enquirer]", "江苏某电芯企业")
    page.fill("#enquiry-form input[name=received_at]", "2026-12-01T09:30")
    page.click("#save-enquiry")
    expect(page.locator("#enquiry-table")).to_contain_text("动力电池电芯项目落地咨询")
    page.locator("#enquiry-table a.enquiry-to-lead").first.click()
    expect(page.locator("#lead-form input[name=name]")).to_have_value("动力电池电芯项目落地咨询")
    expect(page.locator("#lead-form input[name=prospect]")).to_have_value("江苏某电芯企业")
    page.select_option("#lead-form select[name=node]", str(cell.pk))
    page.fill("#lead-form input[name=investment_wan]", "200000")
    page.click("#save-lead")
    expect(page.locator("#lead-node")).to_contain_text("新能源汽车产业链 · 电芯")

    # The visit moves it on; converting makes the project, which carries the link.
    page.select_option("#interaction-form select[name=kind]", "visit")
    page.fill("#interaction-form input[name=happened_on]", "2026-12-02")
    page.fill("#interaction-form input[name=people]", "招商局局长、企业总经理")
    page.click("#save-interaction")
    expect(page.locator("#interactions")).to_contain_text("招商局局长、企业总经理")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#convert-lead")
    page.wait_for_url("**/projects/**")
    project = Project.objects.get(name="动力电池电芯项目落地咨询")
    expect(page.locator("#project-link")).to_contain_text("电芯")

    # Still a gap: a pursued project is neither signed nor present.
    page.goto(map_url)
    expect(page.locator(f"#link-{cell.pk}")).to_have_attribute("data-state", "gap")

    # The zone's signing ceremony, with the project signed there.
    page.goto("/promotion/events/new/")
    page.select_option("#event-form select[name=organisation]", str(world.org_a.pk))
    page.fill("#event-form input[name=title]", "甲区新能源汽车产业链项目签约仪式")
    page.select_option("#event-form select[name=kind]", "signing")
    page.fill("#event-form input[name=held_on]", timezone_today())
    page.fill("#event-form input[name=place]", "甲区管委会")
    page.click("#save-event")
    page.fill("#signing-form input[name=project]", project.code)
    page.click("#save-signing")
    expect(page.locator("#signings")).to_contain_text("动力电池电芯项目落地咨询")

    # On the pipeline board, signed (the claim awaits the city's verification).
    page.goto("/projects/board/")
    card = page.locator(f'section[data-stage="signed"] [data-project="{project.pk}"]')
    expect(card).to_contain_text("动力电池电芯项目落地咨询")
    expect(card.locator(".zt-pending")).to_be_visible()

    # The link is no longer a gap: a project is signed on it.
    page.goto(map_url)
    row = page.locator(f"#link-{cell.pk}")
    expect(row).to_have_attribute("data-state", "weak")
    row.get_by_role("link", name="电芯").click()
    expect(page.locator("#link-panel")).to_contain_text("动力电池电芯项目落地咨询")
    expect(page.locator("#link-state")).to_have_text("弱")
    _shot(page, "promotion_chain_filled")


def timezone_today() -> str:

    return timezone.localdate().isoformat()
