"""A city manager writes an instruction (领导批示) with a file on an escalated problem in a real
browser; the zone's officer then downloads it from the problem's page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

from tests.conftest import World
from zonetrack.dispatch.services import problem_create, problem_escalate

from .test_shell import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser


def test_city_manager_instructs_with_a_file(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    browser: Browser,
    server_url: str,
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    shots = Path(os.environ.get("ZONETRACK_SHOT_DIR") or tmp_path)
    from datetime import timedelta

    problem = problem_create(
        actor=world.a_officer,
        project=world.project_a,
        category="land",
        description="用地指标未落实",
        deadline_on=timezone.localdate() + timedelta(days=10),
    )
    problem_escalate(actor=world.a_manager, problem=problem, note="久拖未决")
    signed = tmp_path / "市领导批示.pdf"
    signed.write_bytes(b"%PDF-1.4 signed instruction")

    sign_in(page, server_url, "cm")
    page.goto(f"/dispatch/problems/{problem.pk}/")
    page.fill("#problem-steps textarea[name=note]", "请市自然资源局本周内协调用地指标")
    page.set_input_files("#instruction-files input[type=file]", str(signed))
    page.click("#problem-steps button[data-verb=instruct]")
    link = page.locator("#problem-events a.zt-instruction-file")
    expect(link).to_have_text("市领导批示.pdf")
    page.screenshot(path=str(shots / "instruction-files.png"), full_page=True)

    officer = browser.new_context(base_url=server_url, viewport={"width": 1280, "height": 800})
    officer_page = officer.new_page()
    sign_in(officer_page, server_url, "ao")
    officer_page.goto(f"/dispatch/problems/{problem.pk}/")
    # The officer may not instruct: no file field for them, but the file is theirs to read.
    expect(officer_page.locator("#instruction-files")).to_have_count(0)
    with officer_page.expect_download() as download:
        officer_page.click("#problem-events a.zt-instruction-file")
    saved = tmp_path / "got.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == b"%PDF-1.4 signed instruction"
    officer.close()
