"""Key tasks in a real browser: a zone's leader reads the board and "my tasks" on a phone
(390 px) and on a desktop — the late task stands in the overdue column and first in their own
list, the task their unit helps with apart — opens it and writes a note with an evidence file."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

from tests.conftest import World
from zonetrack.targets import services
from zonetrack.targets.choices import TaskStatus

from .conftest import TIMEOUT_MS
from .test_phone import MEASURE, PHONE, sign_in_as

if TYPE_CHECKING:
    from playwright.sync_api import Browser

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"}


def _tasks(world: World) -> dict[str, Any]:
    today = timezone.localdate()
    give = services.task_create
    late = give(
        actor=world.city_manager,
        organisation=world.org_a,
        title="园区污水处理厂提标改造",
        due_on=today - timedelta(days=12),
        owner=world.a_manager,
    )
    services.task_progress(
        actor=world.a_officer,
        task=late,
        text="设备招标延期，正在重新挂网",
        status=TaskStatus.IN_PROGRESS,
        written_on=today - timedelta(days=3),
    )
    soon = give(
        actor=world.city_manager,
        organisation=world.org_a,
        title="标准化厂房二期主体完工",
        due_on=today + timedelta(days=25),
        cooperating_units=[world.dept_a],
    )
    helping = give(
        actor=world.city_manager,
        organisation=world.org_b,
        title="35千伏变电站投运",
        due_on=today + timedelta(days=40),
        cooperating_units=[world.org_a],
    )
    done = give(
        actor=world.city_manager,
        organisation=world.org_a,
        title="年度招商推介会（长三角）",
        due_on=today + timedelta(days=5),
    )
    services.task_progress(
        actor=world.a_officer, task=done, text="已在苏州举办，签约项目5个", status=TaskStatus.DONE
    )
    hidden = give(
        actor=world.city_manager,
        organisation=world.org_b,
        title="乙区独立任务不应出现",
        due_on=today + timedelta(days=10),
    )
    return {"late": late, "soon": soon, "helping": helping, "done": done, "hidden": hidden}


def _shots() -> Path | None:
    folder = os.environ.get("ZONETRACK_SCREENSHOTS")
    return Path(folder) if folder else None


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_zone_leader_reads_the_board_and_my_tasks(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    browser: Browser,
    server_url: str,
    device: str,
    tmp_path: Path,
) -> None:
    tasks = _tasks(world)
    context = browser.new_context(base_url=server_url, **(PHONE if device == "phone" else DESKTOP))
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    shots = _shots()
    sign_in_as(context, server_url, world.a_manager)

    page.goto("/targets/tasks/board/")
    overdue = page.locator("#task-board [data-column=overdue]")
    expect(overdue.locator(".zt-col-count")).to_have_text("1")
    expect(overdue).to_contain_text(tasks["late"].title)
    expect(overdue.locator(".zt-late")).to_contain_text("12")
    expect(page.locator("#task-board [data-column=in_progress]")).not_to_contain_text(
        tasks["late"].title
    )
    expect(page.locator("#task-board [data-column=done]")).to_contain_text(tasks["done"].title)
    expect(page.locator("#task-board")).not_to_contain_text(tasks["hidden"].title)
    found = page.evaluate(MEASURE)
    assert found["scrollWidth"] <= found["clientWidth"] + 1, found["wide"]
    if shots:
        page.screenshot(path=str(shots / f"task-board-{device}.png"), full_page=True)

    page.click("#view-mine")
    owned = page.locator("#mine-owned .zt-task-card")
    expect(owned.first).to_contain_text(tasks["late"].title)
    expect(owned.first.locator(".zt-late")).to_contain_text("12")
    expect(owned.nth(1)).to_contain_text(tasks["soon"].title)
    expect(page.locator("#mine-cooperating")).to_contain_text(tasks["helping"].title)
    expect(page.locator("#mine-owned")).not_to_contain_text(tasks["done"].title)
    found = page.evaluate(MEASURE)
    assert found["scrollWidth"] <= found["clientWidth"] + 1, found["wide"]
    assert not found["squeezed"], found["squeezed"]
    if shots:
        page.screenshot(path=str(shots / f"task-mine-{device}.png"), full_page=True)

    # The leader opens the late task and records progress with the acceptance form attached.
    owned.first.locator("a.zt-card-name").click()
    expect(page.locator("#overdue")).to_be_visible()
    evidence = tmp_path / "验收单.pdf"
    evidence.write_bytes(PDF)
    page.fill("#progress-form textarea[name=text]", "提标改造设备已到场安装")
    page.set_input_files("#progress-form input[name=evidence]", str(evidence))
    page.click("#progress-submit")
    expect(page.locator("#notes .list-group-item").first).to_contain_text("设备已到场安装")
    expect(page.locator("#notes .zt-evidence").first).to_contain_text("验收单.pdf")
    if shots:
        page.screenshot(path=str(shots / f"task-detail-{device}.png"), full_page=True)
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
