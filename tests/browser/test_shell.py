"""The page shell in a real browser: sign-in, navigation, language switch, sign-out.

Each test gets a fresh browser context. The live server runs in a thread of the test process,
so the database is transactional (requested before `world` so the server sees its data).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import PASSWORD, World

if TYPE_CHECKING:
    from playwright.sync_api import Page, Response

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
LOGIN_PATH = re.compile(r"/accounts/login/(\?.*)?$")


def sign_in(page: Page, server_url: str, username: str, password: str = PASSWORD) -> None:
    """Open the home page, follow the redirect to the sign-in page and sign in."""
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-button")
    expect(page).to_have_url(f"{server_url}/")
    expect(page.locator("#page-title")).to_be_visible()


def test_login_shows_navigation_in_chinese(
    transactional_db: None, server_url: str, world: World, page: Page
) -> None:
    static: list[Response] = []
    page.on("response", lambda r: static.append(r) if "/static/" in r.url else None)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.locator("#login-button")).to_be_visible()

    # The stylesheets and scripts are served.
    assert any(r.url.endswith("/tabler.min.css") and r.status == 200 for r in static), [
        (r.url, r.status) for r in static
    ]
    assert all(r.status == 200 for r in static), [(r.url, r.status) for r in static]

    # A wrong password keeps the visitor on the sign-in page with a message.
    page.fill("#id_username", world.a_manager.username)
    page.fill("#id_password", "not the password")
    page.click("#login-button")
    expect(page).to_have_url(LOGIN_PATH)
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#form-errors")).not_to_be_empty()
    expect(page.locator("#id_username")).to_have_value(world.a_manager.username)
    expect(page.locator("li[data-nav]")).to_have_count(0)

    # The right password signs in and lands on the home page, in Chinese.
    page.fill("#id_password", PASSWORD)
    page.click("#login-button")
    expect(page).to_have_url(f"{server_url}/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("li[data-nav=zones]")).to_contain_text("开发区")


def test_switch_language_to_english_and_back(
    transactional_db: None, server_url: str, world: World, page: Page
) -> None:
    sign_in(page, server_url, world.a_manager.username)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    page.click("#language-form button[value=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("li[data-nav=zones]")).to_contain_text("Zones")
    expect(page.locator("#language-form button[value=en]")).to_have_attribute(
        "aria-pressed", "true"
    )
    world.a_manager.refresh_from_db()
    assert world.a_manager.language == "en"

    # The choice is kept on the account, not only in the cookie.
    page.context.clear_cookies(name="django_language")
    page.goto("/accounts/me/")
    expect(page).to_have_url(f"{server_url}/accounts/me/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("li[data-nav=zones]")).to_contain_text("Zones")

    page.click("#language-form button[value=zh-hans]")
    expect(page).to_have_url(f"{server_url}/accounts/me/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    world.a_manager.refresh_from_db()
    assert world.a_manager.language == "zh-hans"


def test_logout(transactional_db: None, server_url: str, world: World, page: Page) -> None:
    sign_in(page, server_url, world.a_manager.username)

    page.click("#user-menu")
    expect(page.locator("#logout-button")).to_be_visible()
    page.click("#logout-button")
    expect(page).to_have_url(LOGIN_PATH)
    expect(page.locator("#login-button")).to_be_visible()

    # The session is gone: the home page asks to sign in again.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))


def test_home_screenshot(
    transactional_db: None, server_url: str, world: World, page: Page, tmp_path: Path
) -> None:
    """A full-page screenshot of the home page; ZONETRACK_SCREENSHOTS=1 writes it to docs/."""
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, server_url, world.city_manager.username)
    page.goto("/")
    expect(page.locator("li[data-nav=home]")).to_be_visible()

    if os.environ.get("ZONETRACK_SCREENSHOTS") == "1":
        target = REPO_ROOT / "docs" / "screenshots" / "home.png"
    else:
        target = tmp_path / "home.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 0
