"""A parcel's outline: read from GeoJSON or WKT, checked (closed, simple), measured in 亩.

Areas are measured on the WGS-84 ellipsoid through its authalic sphere: each latitude becomes
its authalic latitude, the points are projected by the Lambert azimuthal equal-area projection
centred on the outline, and the plane area there is the area on the ellipsoid (the projection
keeps areas exactly; only the float arithmetic errs). Shapely (GEOS) checks validity and
overlaps; it knows nothing of the earth's shape, so it never measures.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import shapely  # type: ignore[import-untyped]
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely.geometry import (  # type: ignore[import-untyped]
    MultiPolygon,
    Polygon,
    mapping,
    shape,
)
from shapely.validation import explain_validity  # type: ignore[import-untyped]

# One 亩 is 1/15 公顷: 666.67 m². One km² is 1,500 亩.
M2_PER_MU = 10_000 / 15
MU_PER_KM2 = Decimal(1500)
MU_PER_HA = Decimal(15)

# WGS-84.
_A = 6_378_137.0
_F = 1 / 298.257223563
_E2 = _F * (2 - _F)
_E = math.sqrt(_E2)


def _q(sin_phi: float) -> float:
    """Snyder's q(φ) (Map Projections, eq. 3-12), the authalic latitude's building block."""
    esin = _E * sin_phi
    return (1 - _E2) * (
        sin_phi / (1 - esin * esin) - (1 / (2 * _E)) * math.log((1 - esin) / (1 + esin))
    )


_QP = _q(1.0)
_RQ = _A * math.sqrt(_QP / 2)  # radius of the sphere of the ellipsoid's area


def _authalic(lat_deg: float) -> float:
    """The authalic latitude (radians) of a geodetic latitude (degrees)."""
    return math.asin(max(-1.0, min(1.0, _q(math.sin(math.radians(lat_deg))) / _QP)))


def _ring_area_m2(ring: list[tuple[float, float]], beta0: float, lng0: float) -> float:
    """The plane area of one ring in the equal-area projection centred at (beta0, lng0)."""
    points = []
    for lng, lat in ring:
        beta = _authalic(lat)
        dl = math.radians(lng) - lng0
        cos_c = math.sin(beta0) * math.sin(beta) + math.cos(beta0) * math.cos(beta) * math.cos(dl)
        k = math.sqrt(2 / (1 + cos_c))
        x = _RQ * k * math.cos(beta) * math.sin(dl)
        y = (
            _RQ
            * k
            * (math.cos(beta0) * math.sin(beta) - math.sin(beta0) * math.cos(beta) * math.cos(dl))
        )
        points.append((x, y))
    return abs(Polygon(points).area)


def area_m2(geometry: Polygon | MultiPolygon) -> float:
    """The area on the WGS-84 ellipsoid of a lng/lat polygon, in m²."""
    centre = geometry.centroid
    beta0, lng0 = _authalic(centre.y), math.radians(centre.x)
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    total = 0.0
    for polygon in polygons:
        total += _ring_area_m2(list(polygon.exterior.coords), beta0, lng0)
        for hole in polygon.interiors:
            total -= _ring_area_m2(list(hole.coords), beta0, lng0)
    return total


def area_mu(geometry: Polygon | MultiPolygon) -> Decimal:
    """The area in 亩, to two places."""
    return Decimal(area_m2(geometry) / M2_PER_MU).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Outline:
    """A checked outline: the shape, its GeoJSON and bounding box, and its area in 亩."""

    shape: Polygon | MultiPolygon
    geojson: dict[str, Any]
    area_mu: Decimal

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """(min lng, min lat, max lng, max lat)."""
        return tuple(self.shape.bounds)


def _refuse(message: str) -> ValidationError:
    return ValidationError({"geometry": message})


def _check_rings(geojson: dict[str, Any]) -> None:
    """Refuse rings that do not close or have too few points, and coordinates off the earth;
    shapely would close a ring silently."""
    kind = geojson.get("type")
    coordinates = geojson.get("coordinates")
    if kind not in {"Polygon", "MultiPolygon"} or not isinstance(coordinates, list):
        raise _refuse(_("The outline must be a GeoJSON Polygon or MultiPolygon."))
    polygons = coordinates if kind == "MultiPolygon" else [coordinates]
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise _refuse(_("The outline has an empty polygon."))
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                raise _refuse(_("A ring of the outline needs at least four points."))
            for point in ring:
                if (
                    not isinstance(point, list | tuple)
                    or len(point) < 2
                    or not all(isinstance(v, int | float) for v in point[:2])
                ):
                    raise _refuse(_("Each point of the outline is [longitude, latitude]."))
                lng, lat = point[0], point[1]
                if not (-180 <= lng <= 180 and -90 <= lat <= 90):
                    raise _refuse(
                        _("The point %(point)s is not a longitude and latitude.")
                        % {"point": f"[{lng}, {lat}]"}
                    )
            if list(ring[0][:2]) != list(ring[-1][:2]):
                raise _refuse(
                    _("The outline does not close: its last point must repeat its first.")
                )


def _parse_wkt(text: str) -> dict[str, Any]:
    try:
        geometry = shapely.from_wkt(text)
    except shapely.errors.GEOSException as exc:
        if "closed" in str(exc):
            raise _refuse(
                _("The outline does not close: its last point must repeat its first.")
            ) from exc
        raise _refuse(_("This is not a WKT polygon.")) from exc
    if not isinstance(geometry, Polygon | MultiPolygon):
        raise _refuse(_("The outline must be a POLYGON or MULTIPOLYGON."))
    return dict(json.loads(json.dumps(mapping(geometry))))


def read_outline(value: Any) -> Outline | None:
    """Read and check an outline given as GeoJSON (a geometry or a Feature, as a dict or text)
    or WKT; None for no outline. Refusals are field errors on ``geometry``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in "{[":
            try:
                value = json.loads(text)
            except ValueError as exc:
                raise _refuse(_("This is not valid JSON.")) from exc
        else:
            value = _parse_wkt(text)
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict):
        raise _refuse(_("The outline must be a GeoJSON Polygon or MultiPolygon."))
    _check_rings(value)
    geometry = shape(value)
    if not geometry.is_valid:
        # GEOS explains in English with the place: "Self-intersection[112.5 36.1]". The user
        # reads the place; the kind of fault is told in the user's language.
        reason = explain_validity(geometry)
        place = re.search(r"\[([-+\d.eE]+) ([-+\d.eE]+)\]", reason)
        where = f"{float(place[1]):.6g}, {float(place[2]):.6g}" if place else "—"
        if "Self-intersection" in reason:
            raise _refuse(_("The outline intersects itself near %(where)s.") % {"where": where})
        raise _refuse(
            _(
                "The outline is not a valid polygon near %(where)s: rings cross, touch at a "
                "line, or a hole lies outside its outline."
            )
            % {"where": where}
        )
    if geometry.area == 0:
        raise _refuse(_("The outline encloses no area."))
    geojson = {"type": value["type"], "coordinates": value["coordinates"]}
    return Outline(shape=geometry, geojson=geojson, area_mu=area_mu(geometry))


# Two parcels sharing an edge touch; only a shared area counts as overlap, and one below this
# many m² is a surveyor's rounding, not a second claim on the land.
OVERLAP_TOLERANCE_M2 = 1.0


def overlap_m2(first: Polygon | MultiPolygon, second: Polygon | MultiPolygon) -> float:
    """The area two outlines share, in m² (0 when they only touch)."""
    if not first.intersects(second):
        return 0.0
    common = first.intersection(second)
    if common.is_empty or common.area == 0:
        return 0.0
    polygons = [g for g in getattr(common, "geoms", [common]) if isinstance(g, Polygon)]
    return sum(area_m2(p) for p in polygons)


def outline_of(geojson: dict[str, Any] | None) -> Polygon | MultiPolygon | None:
    """The shape of a stored (already checked) outline."""
    return shape(geojson) if geojson else None


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """The great-circle distance between two points, in kilometres (haversine, mean radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
