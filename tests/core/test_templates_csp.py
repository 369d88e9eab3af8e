"""The Content-Security-Policy and Permissions-Policy: every response carries them, and no
template or script of ours needs what the policy refuses (inline script, inline style,
handlers in attributes, HTML built from strings)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import World, api_client_for, client_for
from zonetrack.settings import tile_origin

SRC = Path(settings.BASE_DIR)
TEMPLATES = sorted(p for p in SRC.rglob("templates/**/*.html") if "vendor" not in p.parts)
SCRIPTS = sorted(p for p in SRC.rglob("static/**/*.js") if "vendor" not in p.parts)
# Template comments may describe markup; only what is rendered counts.
COMMENTS = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)


def _is_javascript(value: str | None) -> bool:
    return (value or "").strip().lower().startswith("javascript:")


class _Finder(HTMLParser):
    """Collects the markup the policy refuses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.faults: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name.lower(): value for name, value in attrs}
        line = self.getpos()[0]
        if tag == "style":
            self.faults.append(f"line {line}: <style> element")
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self.faults.append(f"line {line}: inline <script>")
        for name in names:
            if name == "style":
                self.faults.append(f"line {line}: style attribute on <{tag}>")
            elif re.fullmatch(r"on[a-z]+", name):
                self.faults.append(f"line {line}: {name} handler on <{tag}>")
            elif re.match(r"(data-)?hx-on", name):
                self.faults.append(f"line {line}: {name} on <{tag}>")
            elif name in {"href", "src", "action"} and _is_javascript(names[name]):
                self.faults.append(f"line {line}: javascript: address on <{tag}>")


def _faults(source: str) -> list[str]:
    finder = _Finder()
    finder.feed(COMMENTS.sub(lambda m: "\n" * m.group(0).count("\n"), source))
    finder.close()
    return finder.faults


def test_the_walk_finds_every_template_and_script() -> None:
    assert len(TEMPLATES) > 50
    assert {p.name for p in SCRIPTS} >= {"map.js", "charts.js", "battle.js", "app.js"}


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        '<script type="text/javascript">x()</script>',
        "<style>p{color:red}</style>",
        '<div style="height: 3px"></div>',
        '<button onclick="go()">',
        '<div hx-on::before-swap="x">',
        '<div hx-on:click="x">',
        '<a href="javascript:go()">',
    ],
)
def test_the_walk_refuses_each_shape(markup: str) -> None:
    assert _faults(markup)


def test_the_walk_allows_data_and_files() -> None:
    assert not _faults('<script type="application/json" id="d">{}</script>')
    assert not _faults("<script src=\"{% static 'x.js' %}\" defer></script>")
    assert not _faults("{% comment %}<script>x</script>{% endcomment %}{# <b style=x> #}")


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_template_has_no_inline_script_style_or_handler(path: Path) -> None:
    assert _faults(path.read_text(encoding="utf-8")) == []


# Sinks that read a string as HTML or code, or write a style attribute the policy refuses.
# Record text goes into the page with textContent and DOM nodes; styles with el.style.x.
JS_SINKS = re.compile(
    r"\.innerHTML\b|\.outerHTML\s*=|insertAdjacentHTML|document\.write|\beval\s*\(|new Function"
    r"|setAttribute\(\s*['\"]style['\"]|createElement\(\s*['\"](style|script)['\"]"
    # Leaflet reads a string as HTML: tooltips and popups get a node, never a string or a
    # record's field (p.name) straight from the data.
    r"|\.(bindTooltip|bindPopup|setContent|setTooltipContent|setPopupContent)\("
    r"\s*(['\"`]|[\w$]+\.[\w$.]+\s*[,)|+])"
)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: str(p.relative_to(SRC)))
def test_script_builds_no_html_from_strings(path: Path) -> None:
    hits = [
        f"line {n}: {line.strip()}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if JS_SINKS.search(line)
    ]
    assert hits == []


def _assert_policies(response) -> None:  # type: ignore[no-untyped-def]
    csp = response.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives.get("script-src") == ["'self'"], csp
    assert directives.get("style-src") == ["'self'"], csp
    assert directives.get("object-src") == ["'none'"], csp
    assert directives.get("base-uri") == ["'self'"], csp
    assert directives.get("frame-ancestors") == ["'none'"], csp
    assert directives.get("form-action") == ["'self'"], csp
    assert directives.get("connect-src") == ["'self'"], csp
    assert directives.get("img-src", [])[:3] == ["'self'", "data:", "blob:"], csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, csp
    permissions = response.get("Permissions-Policy", "")
    assert "camera=(self)" in permissions and "geolocation=(self)" in permissions
    for feature in ("microphone", "payment", "usb"):
        assert f"{feature}=()" in permissions, permissions


def test_pages_carry_both_policies(world: World) -> None:
    anonymous = Client()
    for url in ("/accounts/login/", "/", "/no-such-page/", "/admin/login/"):
        _assert_policies(anonymous.get(url))
    manager = client_for(world.city_manager)
    for url in (
        reverse("dashboards:home"),
        reverse("registry:map"),
        reverse("registry:zone_detail", kwargs={"zone_id": world.zone_a.pk}),
        reverse("projects:project_detail", kwargs={"project_id": world.project_a.pk}),
        reverse("dashboards:battle_map", kwargs={"zone_id": world.zone_a.pk}),
        "/api/docs",
    ):
        response = manager.get(url)
        assert response.status_code == 200, url
        _assert_policies(response)
    superuser = client_for(world.superuser)
    response = superuser.get("/admin/")
    assert response.status_code == 200
    _assert_policies(response)


def test_api_responses_carry_both_policies(world: World) -> None:
    client, headers = api_client_for(world.city_manager)
    for url, status in (("/api/me", 200), ("/api/openapi.json", 200), ("/api/zones/999999", 404)):
        response = client.get(url, headers=headers)
        assert response.status_code == status, url
        _assert_policies(response)
    response = Client().get("/api/me")
    assert response.status_code == 401
    _assert_policies(response)


@pytest.mark.parametrize(
    ("template", "origin"),
    [
        ("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8080"),
        ("https://user:secret@tiles.example.org/{z}.png", "https://tiles.example.org"),
        ("", None),
        ("javascript:alert(1)//{z}", None),
        ("//tiles.example.org/{z}/{x}/{y}.png", None),
        ("https://tiles.example.org; script-src *", None),
    ],
)
def test_tile_origin_is_the_tile_servers_origin(template: str, origin: str | None) -> None:
    assert tile_origin(template) == origin


def test_configured_tile_server_is_allowed_for_images(tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "ZONETRACK_DATA_DIR": str(tmp_path),
        "ZONETRACK_MAP_TILES": "https://{s}.tiles.example.org/{z}/{x}/{y}.png",
    }
    code = (
        "import json; from zonetrack import settings; "
        "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == ["'self'", "data:", "blob:", "https://*.tiles.example.org"]


@pytest.mark.parametrize(
    "line",
    [
        "layer.bindTooltip(p.name || '');",
        "layer.bindPopup(props.name);",
        "layer.bindTooltip('<b>' + name + '</b>');",
        "box.innerHTML = name;",
        "el.insertAdjacentHTML('beforeend', name);",
        "document.createElement('style');",
        "el.setAttribute('style', 'color: red');",
    ],
)
def test_the_script_check_refuses_each_sink(line: str) -> None:
    assert JS_SINKS.search(line)


def test_the_script_check_allows_nodes() -> None:
    for line in ("layer.bindTooltip(textNode(p.name));", "layer.bindPopup(popup(p, labels));"):
        assert not JS_SINKS.search(line)
