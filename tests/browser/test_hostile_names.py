"""Hostile record names on every page that puts record text into the page through script.

Names that are markup (`<img onerror>`, `"><script>`) are given to every kind of record whose
name reaches a script-built part of a page: projects (battle map tooltips and popups), zones and
parks (zone map and zone page map: tooltips and popups). Organisations, people, investors and
problems get such names too: no script of ours shows them, but the pages opened here do. Each
page is worked as a user would (markers hovered and clicked, chart points hovered) and must
never run the script, open a dialog or trip the Content-Security-Policy, and must show the name
as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from tests.conftest import World
from zonetrack.accounts.models import Organisation, User
from zonetrack.dispatch.services import colours_refresh, problem_create
from zonetrack.projects.models import Enterprise, Project
from zonetrack.projects.services import project_create, year_plan_set
from zonetrack.registry.models import Park, Zone

from .test_shell import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser

IMG = '<img src=x onerror="window.__xss=1">'
SCRIPT = '"><script>window.__xss=1</script>'
SVG = "<svg onload=window.__xss=1>"

# Collects what must never happen, from the first script of every document on.
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + e.sourceFile
    + ':' + e.lineNumber);
});
"""


def _square(lng: float, lat: float, d: float = 0.01) -> dict[str, object]:
    ring = [[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def hostile(world: World) -> dict[str, str]:
    """Give markup names to the records of zone A and place them on the map."""
    names = {
        "zone": "甲区" + IMG,
        "park": "甲一园" + SCRIPT,
        "project": "项目" + IMG,
        "project2": "项目" + SCRIPT,
        "organisation": "甲区管委会" + SVG,
        "person": "张三" + IMG,
        "investor": "投资方" + SCRIPT,
    }
    Zone.objects.filter(pk=world.zone_a.pk).update(
        name=names["zone"],
        center_lat=Decimal("36.04"),
        center_lng=Decimal("111.52"),
        boundary=_square(111.48, 36.00, 0.1),
    )
    Park.objects.filter(pk=world.park_a.pk).update(
        name=names["park"], boundary=_square(111.50, 36.02)
    )
    Organisation.objects.filter(pk=world.org_a.pk).update(name=names["organisation"])
    User.objects.filter(pk=world.a_officer.pk).update(display_name=names["person"])
    investor = Enterprise.objects.create(name=names["investor"])
    Project.objects.filter(pk=world.project_a.pk).update(
        name=names["project"],
        location={"type": "Point", "coordinates": [111.52, 36.05]},
        leader=world.a_officer,
        officer=world.a_officer,
        investor=investor,
    )
    second = project_create(
        actor=None, zone=world.zone_a, name=names["project2"], total_investment_wan=Decimal("1000")
    )
    Project.objects.filter(pk=second.pk).update(
        location={"type": "Point", "coordinates": [111.56, 36.07]}
    )
    year_plan_set(
        actor=None,
        project=world.project_a,
        year=timezone.localdate().year,
        planned_investment_wan=Decimal("1200"),
    )
    problem = problem_create(
        actor=world.a_officer,
        project=Project.objects.get(pk=world.project_a.pk),
        category="power",
        description="问题" + SVG,
        deadline_on=timezone.localdate() + timedelta(days=10),
    )
    colours_refresh()
    names["problem_id"] = str(problem.pk)
    names["project2_id"] = str(second.pk)
    return names


@pytest.fixture
def watched(context: BrowserContext, page: Page) -> Iterator[Page]:
    """The page, failing the test on a dialog, a console error or a policy violation."""
    dialogs: list[str] = []
    errors: list[str] = []
    context.add_init_script(WATCH)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    assert not dialogs, f"a dialog opened: {dialogs}"
    assert not errors, f"console errors: {errors}"


def _assert_clean(page: Page, where: str) -> None:
    assert page.evaluate("window.__xss") is None, f"script from a record name ran on {where}"
    violations = page.evaluate("window.__violations")
    assert violations == [], f"Content-Security-Policy violations on {where}: {violations}"


def _hover_each(page: Page, selector: str) -> None:
    markers = page.locator(selector)
    for i in range(markers.count()):
        markers.nth(i).hover(force=True)
        page.wait_for_timeout(50)


def test_battle_map_shows_hostile_project_names_as_text(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    hostile: dict[str, str],
    watched: Page,
    server_url: str,
) -> None:
    page = watched
    sign_in(page, server_url, "cm")
    page.goto(f"/dispatch/map/{world.zone_a.pk}/")
    expect(page.locator("#battle-map")).to_have_attribute("data-ready", "1")
    for pk, name in (
        (world.project_a.pk, hostile["project"]),
        (hostile["project2_id"], hostile["project2"]),
    ):
        marker = page.locator(f'path.zt-battle-project[data-project="{pk}"]')
        marker.hover(force=True)
        tooltip = page.locator(".leaflet-tooltip")
        expect(tooltip).to_be_visible()
        page.wait_for_timeout(200)  # an injected <img> fails to load and runs its handler
        _assert_clean(page, "the battle map")
        expect(tooltip).to_have_text(name)
        expect(tooltip.locator("img, script, svg")).to_have_count(0)
        marker.click(force=True)
        popup = page.locator(".zt-battle-popup")
        expect(popup.locator(".zt-battle-popup-title")).to_have_text(name)
        expect(popup.locator("img, script, svg")).to_have_count(0)
        page.locator(".leaflet-popup-close-button").click()
        _assert_clean(page, "the battle map")
    expect(page.locator("#battle-projects")).to_contain_text(hostile["project"])
    _assert_clean(page, "the battle map")


def test_maps_and_charts_show_hostile_names_as_text(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    hostile: dict[str, str],
    watched: Page,
    server_url: str,
) -> None:
    page = watched
    sign_in(page, server_url, "cm")

    # The zone map and the zone's page: the zone's marker and the park's outline.
    for url in ("/registry/map/", f"/registry/zones/{world.zone_a.pk}/"):
        page.goto(url)
        expect(page.locator("#zone-map .zt-marker")).not_to_have_count(0)
        _hover_each(page, "#zone-map .leaflet-interactive")
        page.locator("#zone-map .zt-marker").first.hover(force=True)
        expect(page.locator(".leaflet-tooltip-top")).to_have_text(hostile["zone"])
        # The park's outline names it as text when hovered (waited for, not read at once: a
        # tooltip opens on the pointer's move, later on a busy machine).
        page.locator("#zone-map .zt-shape-park").first.hover(force=True)
        expect(page.locator(".leaflet-tooltip", has_text=hostile["park"]).first).to_be_visible()
        page.locator("#zone-map .zt-marker").first.click(force=True)
        expect(page.locator(".zt-map-popup a[href^='/registry/zones/']")).to_have_text(
            hostile["zone"]
        )
        page.locator(".leaflet-popup-close-button").click()
        page.locator("#zone-map .zt-shape-park").first.click(force=True)
        expect(page.locator(".zt-map-popup a[href^='/registry/parks/']")).to_have_text(
            hostile["park"]
        )
        expect(page.locator(".leaflet-pane img, .leaflet-pane script")).to_have_count(0)
        _assert_clean(page, url)

    # The project's page: its plan chart, hovered across the year.
    page.goto(f"/projects/{world.project_a.pk}/")
    expect(page.locator("#page-title")).to_contain_text(hostile["project"])
    chart = page.locator("#plan-chart")
    chart.scroll_into_view_if_needed()
    expect(chart.locator("svg")).to_have_count(1)
    box = chart.bounding_box()
    assert box is not None
    for share in (0.15, 0.4, 0.65, 0.9):
        page.mouse.move(box["x"] + box["width"] * share, box["y"] + box["height"] * 0.6)
        page.wait_for_timeout(100)
    _assert_clean(page, "the project page")

    # Pages that list these records, with the scripts every page loads.
    for url in (
        "/",
        "/projects/",
        "/projects/board/",
        "/projects/leaders/",
        "/projects/verification/",
        "/dispatch/",
        "/dispatch/problems/",
        f"/dispatch/problems/{hostile['problem_id']}/",
        "/dispatch/warnings/",
        "/dispatch/leader/",
        "/accounts/organisations/",
        f"/registry/parks/{world.park_a.pk}/",
    ):
        page.goto(url)
        page.wait_for_load_state("load")
        _assert_clean(page, url)
