"""The pipeline in a real browser: move a signed project to started on the board, file its
monthly report, and see the city verify the start."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
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
    tmp_path: Path,
) -> None:
    # Screenshots of the verification steps; ZONETRACK_SHOT_DIR keeps them to look at.
    shots = Path(os.environ.get("ZONETRACK_SHOT_DIR") or tmp_path)
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
    verification_decide(actor=None, transition=signed, approve=True, without_evidence=True)

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
    claim = project.transitions.get(to_stage=Stage.STARTED)
    row = city_page.locator(f"#claim-{claim.pk}")
    # Rejecting asks for the reason in the row; an empty one is refused beside the field.
    row.locator(".zt-reject-open").click()
    row.locator(".zt-reject").click()
    row = city_page.locator(f"#claim-{claim.pk}")
    expect(row.locator("textarea[name=note]")).to_have_attribute("aria-invalid", "true")
    expect(row.locator(f"#reason-{claim.pk}-error")).to_be_visible()
    city_page.screenshot(path=str(shots / "verification-reject-error.png"), full_page=True)
    # The claim came without evidence: passing it takes a confirmation step.
    expect(row.locator(".zt-approve-unproven")).to_be_hidden()
    row.locator(".zt-approve-open").click()
    expect(row.locator(".zt-approve-unproven")).to_be_visible()
    city_page.screenshot(path=str(shots / "verification-confirm.png"), full_page=True)
    row.locator(".zt-approve-unproven").click()
    expect(city_page.locator(f"#claim-{claim.pk}")).to_have_count(0)
    expect(city_page.locator("#projects-nav")).to_contain_text("认定")
    claim.refresh_from_db()
    assert claim.verification == Verification.VERIFIED and claim.passed_without_evidence
    assert Project.objects.get(pk=project.pk).verified_stage == Stage.STARTED
    city_page.goto(f"/projects/{project.pk}/")
    expect(city_page.locator(f"#transition-{claim.pk} .zt-unproven")).to_be_visible()
    city.close()
