"""The battle map's offline base layer: city and county outlines of a province, loaded once
from a GeoJSON file the deployment is licensed to use, simplified, and kept per province.

zonetrack ships no administrative boundaries (see static/vendor/VERSIONS.md: no packaged
source with a licence that allows redistributing them was found). ``zonetrack outlines FILE``
loads them from a file the operator supplies — a FeatureCollection whose features carry a
six-digit division code (``adcode`` or ``code``) and a ``name``, in WGS-84/CGCS2000 — into
``<data dir>/outlines/<province code>.geojson``, which the battle map then draws. Maps shown
to government must follow the official standard map (标准地图): use outlines from an approved
source and keep its 审图号 with the deployment.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

# Degrees: about 300 m, invisible at the zoom a province or a zone is shown at, and enough to
# bring a province's cities and counties from megabytes to about 250 kB (Shanxi's 128: 3.4 MB
# → 250 kB, 48 kB gzipped).
DEFAULT_TOLERANCE = 0.003
# Coordinates keep three decimals (about 100 m, finer than the simplification).
DIGITS = 3
CODE_KEYS = ("adcode", "code", "division_code")


def outline_dir() -> Path:
    """Where the loaded outlines are kept (one file per province)."""
    return Path(settings.DATA_DIR) / "outlines"


def simplify_ring(points: list[list[float]], tolerance: float) -> list[list[float]]:
    """A ring (or line) with the points that deviate less than ``tolerance`` from the line
    through their neighbours dropped (Douglas–Peucker), its first and last points kept."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first][:2], points[last][:2]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i][0], points[i][1]
            if norm == 0:
                distance = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            else:
                distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            if distance > worst:
                worst, index = distance, i
        if index > 0 and worst > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [
        [round(p[0], DIGITS), round(p[1], DIGITS)]
        for p, kept in zip(points, keep, strict=True)
        if kept
    ]


def simplify_geometry(geometry: dict[str, Any], tolerance: float) -> dict[str, Any] | None:
    """A Polygon or MultiPolygon simplified; rings that shrink below a triangle are dropped,
    and a polygon that loses its outer ring is dropped (None when nothing is left)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry.get("coordinates") or []]
    elif kind == "MultiPolygon":
        polygons = geometry.get("coordinates") or []
    else:
        return None
    kept = []
    for polygon in polygons:
        rings = [simplify_ring(ring, tolerance) for ring in polygon]
        if not rings or len(rings[0]) < 4:
            continue
        kept.append([ring for ring in rings if len(ring) >= 4])
    if not kept:
        return None
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def _code(properties: dict[str, Any]) -> str:
    for key in CODE_KEYS:
        value = properties.get(key)
        if value not in (None, ""):
            return str(value).strip()[:6]
    return ""


def _label_point(geometry: dict[str, Any]) -> list[float]:
    """Where the name goes: the middle of the bounding box of the largest outer ring."""
    rings = (
        [geometry["coordinates"][0]]
        if geometry["type"] == "Polygon"
        else [polygon[0] for polygon in geometry["coordinates"]]
    )
    ring = max(rings, key=len)
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return [round((min(ys) + max(ys)) / 2, DIGITS), round((min(xs) + max(xs)) / 2, DIGITS)]


def province_features(
    collection: dict[str, Any], tolerance: float = DEFAULT_TOLERANCE
) -> dict[str, list[dict[str, Any]]]:
    """The city and county outlines in a FeatureCollection, simplified, grouped by province
    code (the first two digits of the division code). Provinces themselves and features
    without a six-digit code or a name are left out."""
    provinces: dict[str, list[dict[str, Any]]] = {}
    for feature in collection.get("features") or []:
        properties = feature.get("properties") or {}
        code, name = _code(properties), str(properties.get("name") or "").strip()
        if len(code) != 6 or not code.isdigit() or not name or code.endswith("0000"):
            continue
        geometry = simplify_geometry(feature.get("geometry") or {}, tolerance)
        if geometry is None:
            continue
        level = "city" if code.endswith("00") else "county"
        provinces.setdefault(code[:2], []).append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "code": code,
                    "name": name,
                    "level": level,
                    "label": _label_point(geometry),
                },
            }
        )
    return provinces


def outlines_import(
    path: Path, *, province: str = "", tolerance: float = DEFAULT_TOLERANCE
) -> dict[str, int]:
    """Load the outlines in a GeoJSON file: write one simplified file per province found (or
    the one asked for) into ``outline_dir()``; answer the bytes written per province."""
    with path.open(encoding="utf-8") as handle:
        collection = json.load(handle)
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise ValueError("not a GeoJSON FeatureCollection")
    found = province_features(collection, tolerance)
    if province:
        found = {province: found[province]} if province in found else {}
    target = outline_dir()
    target.mkdir(parents=True, exist_ok=True)
    written = {}
    for code, features in sorted(found.items()):
        features.sort(key=lambda f: f["properties"]["code"])
        text = json.dumps(
            {"type": "FeatureCollection", "features": features},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        (target / f"{code}.geojson").write_text(text, encoding="utf-8")
        written[code] = len(text.encode("utf-8"))
    return written


def province_outlines(region_code: str) -> dict[str, Any] | None:
    """The loaded outlines of the province a division code lies in (None if not loaded)."""
    path = outline_dir() / f"{region_code[:2]}.geojson"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    return _read(str(path), stamp)


@lru_cache(maxsize=8)
def _read(path: str, stamp: int) -> dict[str, Any] | None:
    # Keyed by the file's time as well, so loading the outlines again is seen at once.
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
