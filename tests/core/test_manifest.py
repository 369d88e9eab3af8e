"""The web app manifest: a phone can add zonetrack to its home screen, with its icons."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.test import Client
from PIL import Image

from tests.conftest import World, client_for


def test_manifest_names_the_product_and_its_icons_without_sign_in(db: None) -> None:
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "开发区项目管理"
    assert manifest["start_url"] == "./"  # the home page: the manifest is at the root
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"].startswith("#")
    sizes = {icon["sizes"]: icon["src"] for icon in manifest["icons"]}
    assert set(sizes) == {"192x192", "512x512"}
    for size, src in sizes.items():
        path = finders.find(src.removeprefix("/static/"))
        assert path, src
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert "x".join(map(str, image.size)) == size


def test_manifest_name_is_configurable(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ZONETRACK_APP_NAME = "某市开发区项目管理"
    assert Client().get("/manifest.webmanifest").json()["name"] == "某市开发区项目管理"


def test_every_page_links_the_manifest_and_touch_icon(world: World) -> None:
    html = client_for(world.a_officer).get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'rel="apple-touch-icon"' in html
    # No service worker: signing in and the data stay online.
    assert "serviceWorker" not in html
