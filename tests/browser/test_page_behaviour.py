"""Site behaviour in a real browser: archiving asks first, a form with an error opens at the
field, and a link to a folded form (#reports) opens it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.conftest import World
from zonetrack.projects.models import Project

from .test_shell import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser


def test_archiving_asks_and_folded_forms_open(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    server_url: str,
) -> None:
    project = world.project_a
    sign_in(page, server_url, "am")

    # A link to the reports opens the folded report form.
    page.goto(f"/projects/{project.pk}/#reports")
    expect(page.locator("#report-form")).to_be_visible()

    # A report sent without its figures comes back open, at the first field in error.
    page.goto(f"/projects/{project.pk}/")
    expect(page.locator("#report-form")).to_be_hidden()
    page.click("#file-report")
    expect(page.locator("#report-form.collapse.show")).to_be_visible()  # fully opened
    page.fill("#report-form input[name=month]", "")
    with page.expect_navigation():
        page.click("#save-report")
    expect(page.locator("#report-form")).to_be_visible()
    focused = page.evaluate("document.activeElement && document.activeElement.name")
    first_error = page.locator('#report-form [aria-invalid="true"]').first
    assert focused == first_error.get_attribute("name")

    # Archiving asks first: refused, the project stays; accepted, it is archived.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#archive-project")
    page.wait_for_timeout(300)
    assert not Project.objects.get(pk=project.pk).is_archived
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#archive-project")
    expect(page.locator("#restore-project")).to_be_visible()
    assert Project.objects.get(pk=project.pk).is_archived
