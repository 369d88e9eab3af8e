"""Every page on a phone: no sideways scrolling, no text squeezed to a character a line, no
button or field too small for a finger.

The pages are those of the URL walk (tests/test_access_walk.py) as one persona of each kind
(``RENDERING_PERSONAS`` there, less two that lay out as others do: ``PHONE_PERSONAS``), opened
in one headless Chromium at 390 × 844 with touch, as a phone shows them. The officer's
day is then walked on the phone: from the home page to the project, a monthly report filed
with a photo, a problem raised. ZONETRACK_SCREENSHOTS=1 writes the phone views to
docs/screenshots/phone-*.png.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.conftest import World, client_for
from tests.test_access_walk import (
    BLIND,
    RENDERING_PERSONAS,
    _answers,
    _personas,
    django_routes,
    params,
)
from zonetrack.dispatch.models import Problem
from zonetrack.dispatch.services import colours_refresh, problem_create
from zonetrack.projects.models import Project
from zonetrack.projects.selectors import report_month
from zonetrack.projects.services import milestone_save, project_create

from .conftest import TIMEOUT_MS
from .test_shell import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

PlaywrightError = pytest.importorskip("playwright.sync_api").Error

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 1,
    "locale": "zh-CN",
}
# Pages that are no page to read: sign-in and out, files, feeds (the walk's own exclusions).
SKIP = {"accounts:logout", "accounts:login", "api_not_found", "metrics", "healthz"}
LONG_NAME = "甲区高端装备制造产业园二期智能化改造及配套基础设施建设项目"

# What a phone reader would call broken, measured in the page. A text block is squeezed when
# its own text (not its children's) of four characters or more is laid out on two lines or
# more in a box narrower than four characters of its font: the project title set one
# character a line beside its buttons. Icons, badges and figures never wrap, so a short
# figure in a narrow cell is not reported; only text that was made to break is.
MEASURE = """
() => {
  const root = document.documentElement;
  const squeezed = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
  for (let el = walker.currentNode; el; el = walker.nextNode()) {
    const texts = [...el.childNodes].filter((n) => n.nodeType === 3 && n.data.trim());
    if (!texts.length) continue;
    const text = texts.map((n) => n.data).join('').replace(/\\s+/g, ' ').trim();
    if ([...text].length < 4) continue;
    const style = getComputedStyle(el);
    if (style.visibility !== 'visible') continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const size = parseFloat(style.fontSize);
    if (box.width >= 4 * size * 0.9) continue;
    const tops = new Set();
    for (const node of texts) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width) tops.add(Math.round(r.top));
    }
    if (tops.size < 2) continue;
    const id = el.id ? '#' + el.id : (el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    squeezed.push(`<${el.tagName.toLowerCase()}${id}> ${Math.round(box.width)}px, `
      + `${tops.size} lines: ${text.slice(0, 30)}`);
  }
  // What a finger presses: buttons and form controls are at least 44 px high.
  const small = [];
  const controls = 'a.btn, button.btn, .form-control, .form-select, select, textarea, '
    + 'input:not([type=hidden]):not([type=checkbox]):not([type=radio])';
  for (const el of document.body.querySelectorAll(controls)) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility !== 'visible') continue;
    if (box.height < 43.5) {
      const label = (el.textContent || el.name || '').trim().slice(0, 20);
      small.push(`<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}> `
        + `${Math.round(box.height)}px high: ${label}`);
    }
  }
  let wide = '';
  if (root.scrollWidth > root.clientWidth + 1) {
    // Name the outermost element sticking out, to say what to fix.
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > root.clientWidth + 1 && r.width) {
        wide = `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} class="${el.className}">`
          + ` right edge ${Math.round(r.right)}px`;
        break;
      }
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide, squeezed, small};
}
"""


def phone_context(browser: Browser, server_url: str) -> BrowserContext:
    context = browser.new_context(base_url=server_url, **PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    return context


def sign_in_as(context: BrowserContext, server_url: str, user: Any) -> None:
    """Give the context the session of a signed-in user (the sign-in form is tested elsewhere)."""
    client = client_for(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.clear_cookies()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": server_url}]
    )


def page_urls(values: dict[str, Any]) -> list[tuple[str, bool]]:
    """The address of every named page that answers GET, with the walk's records (branch B)
    in it, and whether the address names a record."""
    urls = []
    for name, names in django_routes():
        if name in SKIP:
            continue
        url = reverse(name, kwargs={n: values[n] for n in names})
        if _answers(url, "get"):
            urls.append((url, bool(names)))
    return urls


def open_page(page: Page, url: str) -> bool:
    """Open ``url``; whether it is a page to read (200, HTML) rather than a file or a refusal."""
    try:
        response = page.goto(url, wait_until="domcontentloaded")
    except PlaywrightError as error:
        if "Download is starting" in str(error):  # an export or a stored file
            return False
        raise
    return (
        response is not None
        and response.status == 200
        and "text/html" in response.headers.get("content-type", "")
    )


@pytest.fixture
def phone_world(world: World) -> dict[str, Any]:
    """The walk's records and personas, with lists long enough to lay out as on a real day."""
    values = params(world)
    personas = _personas(world)
    for i in range(3):
        project = project_create(
            actor=None,
            zone=world.zone_a,
            name=LONG_NAME if i == 0 else f"{LONG_NAME[:8]}{i}号项目",
            total_investment_wan=Decimal("125000.5"),
        )
        Project.objects.filter(pk=project.pk).update(
            officer=world.a_officer, leader=world.a_manager
        )
        problem_create(
            actor=world.a_officer,
            project=Project.objects.get(pk=project.pk),
            category="power",
            description="施工用电负荷不足，需要协调供电公司增容" * 3,
            raised_on=timezone.localdate() - timedelta(days=20),
            deadline_on=timezone.localdate() + timedelta(days=10 - 8 * i),
        )
    colours_refresh()
    return {"values": values, "personas": personas}


@pytest.fixture
def browser_page(browser: Browser, server_url: str) -> Iterator[Page]:
    context = phone_context(browser, server_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


# The personas in groups, so that the two workers of the test line share the walk.
GROUPS = 2
# Of the rendering walk's personas, those whose pages differ on a phone: the superuser's carry
# every step and an administrator's controls, the city manager's a supervising scope, branch A's
# officer's the officer's steps on assigned projects with long names (phone_world assigns them),
# the see-only reader's none. The assigned officer of branch B and another branch's
# administrator lay out as one of these (the walk in Chinese still reads their pages).
PHONE_PERSONAS = ("superuser", "city_manager", "a_officer", "b_viewer")
assert set(PHONE_PERSONAS) <= set(RENDERING_PERSONAS)


@pytest.mark.rendering
@pytest.mark.parametrize("group", range(GROUPS))
def test_every_page_fits_a_phone_for_each_kind_of_persona(
    transactional_db: None,
    server_url: str,
    world: World,
    phone_world: dict[str, Any],
    browser_page: Page,
    group: int,
) -> None:
    page = browser_page
    urls = page_urls(phone_world["values"])
    failures: list[str] = []
    measured = 0
    personas = sorted(
        (name, user) for name, user in phone_world["personas"].items() if name in PHONE_PERSONAS
    )[group::GROUPS]
    for persona, user in personas:
        sign_in_as(page.context, server_url, user)
        for url, names_record in urls:
            # Who cannot see branch B gets its records' addresses refused (the walk asserts
            # it); opening them would only measure the same refusal again.
            if names_record and persona in BLIND:
                continue
            if not open_page(page, url):
                continue
            measured += 1
            found = page.evaluate(MEASURE)
            if found["scrollWidth"] > found["clientWidth"] + 1:
                failures.append(
                    f"{persona} {url}: scrolls sideways ({found['scrollWidth']} > "
                    f"{found['clientWidth']}) {found['wide']}"
                )
            for squeezed in found["squeezed"]:
                failures.append(f"{persona} {url}: squeezed {squeezed}")
            for small in found["small"]:
                failures.append(f"{persona} {url}: too small to tap {small}")
    # Every persona reads pages: a walk that opened nothing would pass.
    assert measured > 20 * len(personas), measured
    assert not failures, f"{len(failures)} problems on a phone:\n" + "\n".join(failures)


def shoot(page: Page, name: str, tmp_path: Path) -> None:
    """A screenshot of the phone's screen; ZONETRACK_SCREENSHOTS=1 writes it to docs/."""
    if os.environ.get("ZONETRACK_SCREENSHOTS") == "1":
        target = REPO_ROOT / "docs" / "screenshots" / f"phone-{name}.png"
    else:
        target = tmp_path / f"phone-{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    assert 0 < target.stat().st_size < 200_000, target


def site_photo() -> dict[str, Any]:
    """A photo as a phone's camera hands it to the file chooser."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 140, 90)).save(buffer, "JPEG")
    return {"name": "site.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def test_officer_files_a_report_and_raises_a_problem_on_a_phone(
    transactional_db: None,
    server_url: str,
    world: World,
    browser_page: Page,
    tmp_path: Path,
) -> None:
    """From the to-do home each task is at most three taps (the address is never typed):
    reports owed → report button on the project's card → file; the project's page → raise a
    problem; the project's page → a milestone reached."""
    page = browser_page
    # Under construction since last month, so it owes last month's report.
    month = report_month(timezone.localdate())
    Project.objects.filter(pk=world.project_a.pk).update(
        officer=world.a_officer,
        name=LONG_NAME,
        stage="started",
        verified_stage="started",
        started_on=month,
    )
    project = Project.objects.get(pk=world.project_a.pk)
    milestone_save(
        actor=None,
        project=project,
        name="主体结构封顶",
        planned_on=timezone.localdate() + timedelta(days=5),
    )

    sign_in(page, server_url, world.a_officer.username)
    expect(page.locator("#todo-officer")).to_be_visible()
    shoot(page, "home", tmp_path)

    # Tap 1: the reports owed, which are the officer's projects as cards.
    page.locator("[data-todo=reports-owed]").tap()
    expect(page).to_have_url(f"{server_url}/projects/mine/")
    card = page.locator(f"#my-project-cards [data-project-card='{project.pk}']")
    expect(card).to_be_visible()
    expect(page.locator("#my-projects")).to_be_hidden()
    shoot(page, "my-projects", tmp_path)

    # Tap 2: the card's report button opens the project with the report form unfolded.
    card.locator("a[href$='#reports']").tap()
    expect(page.locator("#report-form")).to_be_visible()
    expect(page.locator("#page-title")).to_contain_text(LONG_NAME)
    title = page.locator("#page-title").bounding_box()
    assert title is not None and title["width"] > 300, title
    page.fill("#report-form input[name=month]", f"{month:%Y-%m}")
    page.fill("#report-form input[name=invested_wan]", "860")
    page.fill("#report-form textarea[name=progress]", "主体结构封顶，设备基础施工中")
    with page.expect_file_chooser() as chooser:
        page.locator("#report-form input[type=file]").first.tap()
    chooser.value.set_files(site_photo())
    page.locator("#report-form").scroll_into_view_if_needed()
    shoot(page, "report-form", tmp_path)
    # Tap 3: file it.
    page.locator("#save-report").tap()
    expect(page.locator("#report-table")).to_contain_text("主体结构封顶")
    report = project.reports.get()
    assert report.invested_wan == 860
    assert report.month == month
    assert report.photos.count() == 1, "the photo from the file chooser was not stored"

    # A milestone due this fortnight is done with one tap on its card, on the same page.
    reached = page.locator("#milestone-table form button[type=submit]")
    reached.scroll_into_view_if_needed()
    box = reached.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390 and box["height"] >= 44, box
    reached.tap()
    expect(page.locator("#milestone-table form button[type=submit]")).to_have_count(0)
    assert project.milestones.get().actual_on == timezone.localdate()

    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "project", tmp_path)

    # From the project page, one tap raises a problem: the action is a button, not in "more".
    raise_problem = page.locator("#raise-problem")
    expect(raise_problem).to_be_visible()
    box = raise_problem.bounding_box()
    assert box is not None and box["height"] >= 44, box
    raise_problem.tap()
    page.select_option("#problem-form select[name=category]", "power")
    page.fill("#problem-form textarea[name=description]", "施工临时用电容量不足，影响设备调试")
    page.fill(
        "#problem-form input[name=deadline_on]",
        (timezone.localdate() + timedelta(days=7)).isoformat(),
    )
    page.locator("#problem-form button[type=submit]").tap()
    expect(page.locator("#problem-status")).to_have_attribute("data-status", "assigned")
    problem = Problem.objects.get(project=project)
    assert problem.raised_by_id == world.a_officer.pk
    shoot(page, "problem", tmp_path)


def test_the_measure_finds_what_it_looks_for(browser_page: Page) -> None:
    """The phone checks fail on the faults they name, and pass badges, icons and figures."""
    page = browser_page
    page.set_content(
        """<body style="margin:0">
        <h2 id="t" style="width:20px;font-size:20px">乙区装备项目</h2>
        <span class="badge" style="display:inline-block;width:30px;white-space:nowrap">已交办</span>
        <td><span style="display:inline-block;width:30px">2026</span></td>
        <button class="btn" style="height:30px">提交</button>
        </body>"""
    )
    found = page.evaluate(MEASURE)
    assert [s.split(">")[0] for s in found["squeezed"]] == ["<h2#t"], found
    assert len(found["small"]) == 1 and "30px" in found["small"][0], found
    assert found["scrollWidth"] <= found["clientWidth"] + 1

    page.set_content(
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<body style="margin:0"><div style="width:900px">宽</div></body>'
    )
    found = page.evaluate(MEASURE)
    assert found["scrollWidth"] > found["clientWidth"] + 1 and found["wide"], found
