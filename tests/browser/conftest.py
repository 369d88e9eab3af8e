"""Fixtures for the browser tests: the system Chromium driven by Playwright's sync API.

No browser is ever downloaded: Playwright starts Debian's Chromium at /usr/bin/chromium.
Set ZONETRACK_SKIP_BROWSER=1 to skip these tests. Without the browser they are skipped too,
except in CI (CI=true), where a missing browser is an error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio event loop in the test thread, and Django refuses
# database access from a thread with a running loop. The tests and fixtures here use the
# database synchronously, so this is safe (the documented workaround for Playwright).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# pytest-django's live server listens on "localhost" unless told otherwise; pin it to the
# IPv4 loopback so the browser and the server agree on the address.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
# How long a single Playwright action or expectation may wait, in milliseconds.
TIMEOUT_MS = 10_000


def _browser_unavailable_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if os.environ.get("ZONETRACK_SKIP_BROWSER") == "1":
        return "browser tests skipped: ZONETRACK_SKIP_BROWSER=1"
    if not CHROMIUM.exists():
        return f"browser tests need Chromium at {CHROMIUM} (Debian package 'chromium')"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests need the 'playwright' Python package (pip install -e '.[test]')"
    return None


def _must_run() -> bool:
    """In CI a missing browser is an error, not a reason to skip."""
    return os.environ.get("CI") == "true" and os.environ.get("ZONETRACK_SKIP_BROWSER") != "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the browser tests before any database is set up for them."""
    reason = _browser_unavailable_reason()
    if reason is None or _must_run():
        return
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole session (one per xdist worker)."""
    reason = _browser_unavailable_reason()
    if reason:
        if _must_run():
            pytest.fail(f"{reason}; CI=true requires the browser tests to run", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        playwright.stop()
        raise
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@pytest.fixture(autouse=True)
def _migrated_data(migrated_data: None) -> None:
    """Live-server tests run on a transactional database: see ``migrated_data``."""


@pytest.fixture
def server_url(live_server) -> str:  # type: ignore[no-untyped-def]
    """The live server's base URL, always on 127.0.0.1."""
    url = live_server.url
    assert url.startswith("http://127.0.0.1:"), (
        f"live server listens at {url}; run with DJANGO_LIVE_TEST_SERVER_ADDRESS=127.0.0.1"
    )
    return url


@pytest.fixture
def viewport() -> dict[str, int]:
    """The page size; override in a test module or with @pytest.mark.parametrize."""
    return {"width": 1280, "height": 800}


@pytest.fixture
def context(browser, server_url: str, viewport: dict[str, int]) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh browser context (cookies, storage) for each test."""
    context = browser.new_context(base_url=server_url, viewport=viewport, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(context) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A page in a fresh context. JavaScript errors on the page fail the test."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"
