"""No map shows a flag or political symbol: every map script replaces Leaflet's prefix."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders


def _map_scripts() -> dict[str, str]:
    """Every JavaScript file served from static (vendored libraries aside) that makes a map."""
    scripts: dict[str, str] = {}
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore_patterns=["vendor/*"]):
            if path.endswith(".js"):
                with storage.open(path) as handle:
                    text = handle.read().decode()
                if "L.map(" in text:
                    scripts[path] = text
    return scripts


def test_every_map_names_leaflet_in_plain_text() -> None:
    scripts = _map_scripts()
    assert {"zonetrack/map.js", "dashboards/battle.js"} <= set(scripts)
    for path, text in scripts.items():
        for options in re.findall(r"L\.map\([^,]+,\s*(\{.*?\})\s*\)", text, re.S):
            assert "attributionControl: false" in options, f"{path}: default attribution"
        prefixes = re.findall(r"L\.control\.attribution\(\{\s*prefix:\s*([^}]*)\}", text)
        assert prefixes, f"{path}: no attribution of its own"
        for prefix in prefixes:
            assert "<svg" not in prefix and "flag" not in prefix, f"{path}: {prefix}"
