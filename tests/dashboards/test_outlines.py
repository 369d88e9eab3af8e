"""The offline base layer: outlines loaded once from a GeoJSON file, simplified, kept per
province, and drawn on the battle maps of that province's zones only."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from zonetrack.dashboards.outlines import province_outlines, simplify_ring

from ..conftest import World, client_for


def _circle(lng: float, lat: float, radius: float, points: int) -> list[list[float]]:
    ring = [
        [
            lng + radius * math.cos(2 * math.pi * i / points),
            lat + radius * math.sin(2 * math.pi * i / points),
        ]
        for i in range(points)
    ]
    return [*ring, ring[0]]


def _feature(code: str, name: str, ring: list[list[float]]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"adcode": code, "name": name},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


@pytest.fixture
def source(tmp_path: Path, settings: Any) -> Path:
    """A made-up province 14 (a province, a city, a county, one without a name) and a county
    of province 32: test shapes, not real boundaries."""
    settings.DATA_DIR = tmp_path / "data"
    path = tmp_path / "outlines.geojson"
    features = [
        _feature("140000", "省", _circle(112, 37, 2, 4000)),
        _feature("141000", "甲市", _circle(111.5, 36.1, 0.8, 20000)),
        _feature("141002", "甲县", _circle(111.5, 36.1, 0.2, 8000)),
        _feature("141003", "", _circle(111.0, 36.0, 0.2, 100)),
        _feature("320102", "乙县", _circle(118.8, 32.0, 0.1, 100)),
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_simplify_ring_drops_points_on_the_line_and_keeps_corners() -> None:
    line = [[0.0, 0.0], [0.5, 0.0001], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
    assert simplify_ring(line, 0.001) == [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]


def test_outlines_command_writes_one_small_file_per_province(
    source: Path, capsys: Any, settings: Any
) -> None:
    call_command("outlines", str(source))
    printed = capsys.readouterr().out
    assert "14:" in printed and "32:" in printed
    raw = source.stat().st_size
    written = Path(settings.DATA_DIR) / "outlines" / "14.geojson"
    assert written.stat().st_size < raw / 20  # 28,000 points in, a few hundred out
    data = json.loads(written.read_text())
    assert [(f["properties"]["code"], f["properties"]["level"]) for f in data["features"]] == [
        ("141000", "city"),
        ("141002", "county"),
    ]
    assert data["features"][1]["properties"]["label"] == [36.1, 111.5]
    assert province_outlines("141002") == data
    assert province_outlines("150102") is None


def test_outlines_command_loads_one_province_and_refuses_bad_input(
    source: Path, tmp_path: Path, settings: Any
) -> None:
    call_command("outlines", str(source), "--province", "32")
    assert [p.name for p in (Path(settings.DATA_DIR) / "outlines").iterdir()] == ["32.geojson"]
    with pytest.raises(CommandError, match="two-digit"):
        call_command("outlines", str(source), "--province", "jiangsu")
    with pytest.raises(CommandError, match="no city or county"):
        call_command("outlines", str(source), "--province", "44")
    broken = tmp_path / "broken.json"
    broken.write_text("[1, 2")
    with pytest.raises(CommandError, match=r"broken\.json"):
        call_command("outlines", str(broken))
    with pytest.raises(CommandError, match="FeatureCollection"):
        broken.write_text('{"type": "Polygon"}')
        call_command("outlines", str(broken))


def test_battle_map_draws_the_outlines_of_its_zones_province_only(
    source: Path, world: World
) -> None:
    url = reverse("dashboards:battle_map", kwargs={"zone_id": world.zone_a.pk})
    client = client_for(world.a_viewer)
    body = client.get(url).content.decode()
    assert 'id="battle-outlines"' not in body and 'id="battle-outline-note"' not in body
    assert "141002" not in body
    call_command("outlines", str(source), "--province", "32")
    assert 'id="battle-outlines"' not in client.get(url).content.decode()
    call_command("outlines", str(source))
    body = client.get(url).content.decode()
    assert 'id="battle-outlines"' in body and "141002" in body and "320102" not in body
    assert 'id="battle-outline-note"' in body
