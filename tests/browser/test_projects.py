"""The pipeline in a real browser: move a signed project to started on the board, file its
monthly report, and see the city verify the start."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from tests.conftest import World
from zonetrack.projects.choices import Stage, Verification
from zonetrack.projects.models import Project
from zonetrack.projects.services import project_transition, verification_decide

from .test_shell import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser


def test_board_move_report_and_city_verification(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    browser: Browser,
    server_url: str,
) -> None:
    today = timezone.localdate()
    project = world.project_a
    project_transition(
        actor=None,
        project=project,
        to_stage=Stage.SIGNED,
        happened_on=today - timedelta(days=20),
        skipped={"packaged": today - timedelta(days=30)},
    )
    signed = project.transitions.get(to_stage=Stage.SIGNED)
    verification_decide(actor=None, transition=signed, approve=True)

    # The zone manager moves the card from 签约 to 开工 on the board.
    sign_in(page, server_url, "am")
    page.goto("/projects/board/")
    card = page.locator(f'.zt-board-card[data-project="{project.pk}"]')
    expect(card).to_have_count(1)
    card.locator("summary").click()
    card.locator("select[name=stage]").select_option("started")
    card.locator("button[type=submit]").click()
    expect(page.locator(f'.zt-board-card[data-project="{project.pk}"] .zt-pending')).to_be_visible()
    assert Project.objects.get(pk=project.pk).stage == Stage.STARTED

    # The monthly report, from the project's page.
    page.goto(f"/projects/{project.pk}/")
    page.click("#file-report")
    page.fill("#report-form input[name=month]", today.strftime("%Y-%m"))
    page.fill("#report-form input[name=invested_wan]", "1200")
    page.fill("#report-form textarea[name=progress]", "场地平整完成，开始基础施工")
    page.click("#save-report")
    expect(page.locator("#report-table")).to_contain_text("场地平整完成")
    assert project.reports.get().invested_wan == 1200

    # The city manager approves the start claim from the verification queue.
    city = browser.new_context(base_url=server_url, viewport={"width": 1280, "height": 800})
    city_page = city.new_page()
    sign_in(city_page, server_url, "cm")
    city_page.goto("/projects/verification/")
    expect(city_page.locator("body")).to_contain_text(project.name)
    city_page.locator("button[name=approve][value='1']").first.click()
    expect(city_page.locator("button[name=approve][value='1']")).to_have_count(0)
    claim = project.transitions.get(to_stage=Stage.STARTED)
    claim.refresh_from_db()
    assert claim.verification == Verification.VERIFIED
    assert Project.objects.get(pk=project.pk).verified_stage == Stage.STARTED
    city.close()
