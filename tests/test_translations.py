"""Every page reads in Simplified Chinese for every persona, and the catalogue is complete.

The pages are those of the URL walk (tests/test_access_walk.py): every named route, with a
record of branch B for its parameters. A visible English word on a page is a string that was
not marked for translation, or one the catalogue does not translate.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from zonetrack.accounts.models import Organisation, User
from zonetrack.core.models import Job

from .conftest import World, client_for
from .test_access_walk import RENDERING_PERSONAS, _answers, _personas, django_routes, params

CATALOGUE = (
    Path(__file__).resolve().parents[1] / "src/zonetrack/locale/zh_Hans/LC_MESSAGES/django.po"
)

# Words a Chinese page may show as they are: the product, units, formats and codes.
ALLOWED = {
    "zonetrack",
    "api",
    "excel",
    "word",
    "csv",
    "xlsx",
    "docx",
    "pdf",
    "png",
    "jpg",
    "json",
    "openapi",
    "token",
    "bearer",
    "geojson",
    "wkt",  # well-known text, the other way a parcel's outline is written
    "gdp",
    "kpi",
    "kpis",
    "url",
    "http",
    "https",
    "www",
    "leaflet",
    "openstreetmap",
    "osm",
    "email",
    "utc",
    "english",  # the language switcher names each language in itself
    "jpeg",
    "webp",
    "ofd",
    "txt",
    "html",
    "yyyy",
    "webhook",  # what WeCom's and DingTalk's own Chinese pages call a robot's address
    "sec",  # the prefix of a DingTalk robot's signing secret, as its settings show it
}
# Pages that are not HTML meant for reading (files, feeds, redirects are skipped by type).
SKIP = {"accounts:logout", "accounts:login", "api_not_found", "metrics", "healthz"}
WORD = re.compile(r"[A-Za-z]{3,}")
# Addresses and setting names are shown as they are written, in any language.
LITERAL = re.compile(r"https?://\S+|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")


class _Text(HTMLParser):
    """The text nodes a reader sees: not scripts, styles or templates."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "template", "code", "pre"}:
            self.hidden += 1
        for name, value in attrs:
            if name in {"placeholder", "title", "aria-label", "alt", "data-confirm"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "template", "code", "pre"} and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


def data_words() -> set[str]:
    """Names and codes that come from the data: user names, e-mail addresses."""
    words: set[str] = set()
    for text in [
        *User.objects.values_list("username", flat=True),
        *User.objects.values_list("email", flat=True),
        *User.objects.values_list("first_name", flat=True),
        *User.objects.values_list("last_name", flat=True),
        *Organisation.objects.values_list("name", flat=True),
        *Job.objects.values_list("file_name", flat=True),
    ]:
        words |= {word.lower() for word in WORD.findall(text or "")}
    return words


def english_words(html: str, allowed: set[str]) -> list[str]:
    found = []
    for text in visible_text(html):
        for word in WORD.findall(LITERAL.sub(" ", text)):
            if word.lower() not in allowed:
                found.append(f"{word!r} in {text[:80]!r}")
    return found


@pytest.mark.rendering
def test_every_page_reads_in_chinese_for_each_kind_of_persona(world: World) -> None:
    values = params(world)
    personas = {k: v for k, v in _personas(world).items() if k in RENDERING_PERSONAS}
    allowed = ALLOWED | data_words()
    problems: dict[str, list[str]] = {}
    for persona, user in personas.items():
        client = client_for(user)
        client.cookies["django_language"] = "zh-hans"
        for name, names in django_routes():
            if name in SKIP:
                continue
            url = reverse(name, kwargs={n: values[n] for n in names})
            if not _answers(url, "get"):
                continue
            response = client.get(url, headers={"Accept-Language": "zh-hans"})
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for found in english_words(response.content.decode(), allowed):
                problems.setdefault(found, []).append(f"{persona} {name}")
    report = "\n".join(
        f"{found}: {where[0]} (+{len(where) - 1})" for found, where in problems.items()
    )
    assert not problems, f"untranslated text on pages:\n{report}"


def test_the_pages_of_every_persona_are_checked(world: World) -> None:
    """The walk reaches pages (a change that makes every page fail to render would pass above)."""
    client = client_for(world.b_manager)
    url = reverse("registry:zone_detail", kwargs={"zone_id": world.zone_b.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert visible_text(response.content.decode())


def catalogue_entries(text: str) -> list[dict[str, Any]]:
    """The entries of a .po file: flags, msgid and every msgstr, joined across lines."""
    entries: list[dict[str, Any]] = []
    current: dict[str, Any] = {"flags": set(), "msgid": "", "msgstr": []}
    field = ""

    def close() -> None:
        if current["msgid"] or current["msgstr"]:
            entries.append(dict(current))

    for line in [*text.splitlines(), ""]:
        line = line.strip()
        if not line:
            close()
            current = {"flags": set(), "msgid": "", "msgstr": []}
            field = ""
        elif line.startswith("#,"):
            current["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgid ", "msgid_plural ", "msgctxt ")):
            field = line.split(" ", 1)[0]
            if field == "msgid":
                current["msgid"] = _quoted(line.split(" ", 1)[1])
        elif line.startswith("msgstr"):
            field = "msgstr"
            current["msgstr"].append(_quoted(line.split(" ", 1)[1]))
        elif line.startswith('"'):
            if field == "msgid":
                current["msgid"] += _quoted(line)
            elif field == "msgstr":
                current["msgstr"][-1] += _quoted(line)
    return entries


def _quoted(text: str) -> str:
    return text.strip()[1:-1]


def test_the_catalogue_has_no_empty_or_fuzzy_entry() -> None:
    entries = catalogue_entries(CATALOGUE.read_text(encoding="utf-8"))
    assert len(entries) > 100
    header, *messages = entries
    assert header["msgid"] == ""
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    empty = [e["msgid"] for e in messages if not all(e["msgstr"])]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not empty, f"untranslated entries: {empty}"


MSGFMT = shutil.which("msgfmt")


@pytest.mark.skipif(MSGFMT is None, reason="gettext tools not installed")
def test_msgfmt_counts_only_translated_messages() -> None:
    assert MSGFMT is not None
    result = subprocess.run(
        [MSGFMT, "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert re.fullmatch(r"\d+ translated messages\.\n", result.stderr), result.stderr
