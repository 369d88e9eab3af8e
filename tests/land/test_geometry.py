"""Outlines: read from GeoJSON and WKT, refused when open or self-intersecting, measured in 亩
on the WGS-84 ellipsoid (hand-checked)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from zonetrack.land.geometry import M2_PER_MU, area_m2, overlap_m2, read_outline

from ..conftest import World
from .factories import square


def test_area_of_a_small_square_on_the_equator_is_hand_checked() -> None:
    # On the equator one degree of longitude is a·π/180 = 111,319.49 m and one degree of
    # latitude 110,574.3 m (the meridian's radius of curvature there is a(1−e²)), so a square
    # of 0.001° is 111.3195 m × 110.5743 m = 12,309.2 m² = 18.46 亩.
    outline = read_outline(
        {
            "type": "Polygon",
            "coordinates": [[[0, 0], [0.001, 0], [0.001, 0.001], [0, 0.001], [0, 0]]],
        }
    )
    assert outline is not None
    assert area_m2(outline.shape) == pytest.approx(12_309.2, rel=5e-5)
    assert str(outline.area_mu) == "18.46"


def test_area_at_a_chinese_latitude_is_hand_checked() -> None:
    # The square's middle is at φ = 37.8005°N. With N = a/√(1−e²sin²φ) = 6,386,172 m and
    # M = a(1−e²)/(1−e²sin²φ)^1.5 = 6,359,414 m, 0.001° of longitude is N·cosφ·π/180·0.001 =
    # 88.070 m and 0.001° of latitude M·π/180·0.001 = 110.993 m: 9,775.1 m² = 14.66 亩.
    outline = read_outline(square(0, 0))
    assert outline is not None
    assert area_m2(outline.shape) == pytest.approx(9_775.1, rel=1e-4)
    assert str(outline.area_mu) == "14.66"
    assert round(9_775.1 / M2_PER_MU, 2) == 14.66


def test_a_hole_is_taken_out_of_the_area() -> None:
    ring = square(0, 0, 0.003)["coordinates"][0]
    hole = square(1, 1)["coordinates"][0][::-1]
    whole = read_outline(square(0, 0, 0.003))
    holed = read_outline({"type": "Polygon", "coordinates": [ring, hole]})
    inner = read_outline(square(1, 1))
    assert whole and holed and inner
    assert area_m2(holed.shape) == pytest.approx(area_m2(whole.shape) - area_m2(inner.shape))


def test_wkt_and_a_feature_are_read_like_geojson() -> None:
    wkt = "POLYGON((112.5 37.8, 112.501 37.8, 112.501 37.801, 112.5 37.801, 112.5 37.8))"
    from_wkt = read_outline(wkt)
    from_feature = read_outline({"type": "Feature", "geometry": square(0, 0), "properties": {}})
    assert from_wkt and from_feature
    assert from_wkt.area_mu == from_feature.area_mu
    assert from_wkt.geojson["type"] == "Polygon"
    assert read_outline("") is None and read_outline(None) is None


def _message(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.message_dict["geometry"])


def test_an_open_ring_is_refused_in_geojson_and_wkt() -> None:
    ring = square(0, 0)["coordinates"][0][:-1]
    with pytest.raises(ValidationError) as exc:
        read_outline({"type": "Polygon", "coordinates": [ring]})
    assert "does not close" in _message(exc)
    with pytest.raises(ValidationError) as exc:
        read_outline("POLYGON((0 0, 1 0, 1 1, 0 1))")
    assert "does not close" in _message(exc)


def test_a_self_intersecting_outline_is_refused() -> None:
    bowtie = [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]
    with pytest.raises(ValidationError) as exc:
        read_outline({"type": "Polygon", "coordinates": [bowtie]})
    assert "intersects itself" in _message(exc)


@pytest.mark.parametrize(
    "value",
    [
        {"type": "Point", "coordinates": [1, 2]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [200, 0], [1, 1], [0, 0]]]},
        "{not json",
        "LINESTRING(0 0, 1 1)",
        "hello",
    ],
)
def test_other_shapes_and_text_are_refused_on_the_field(value: object) -> None:
    with pytest.raises(ValidationError) as exc:
        read_outline(value)
    assert "geometry" in exc.value.message_dict


def test_touching_parcels_share_no_area_and_overlapping_ones_do() -> None:
    first, beside, across = (read_outline(square(x, 0)) for x in (0, 1, 0))
    assert first and beside and across
    assert overlap_m2(first.shape, beside.shape) == 0
    half = read_outline(square(0, 0, 0.001, lng=112.5005))
    assert half is not None
    assert overlap_m2(first.shape, half.shape) == pytest.approx(area_m2(first.shape) / 2, rel=1e-3)


def test_an_outline_far_from_its_zone_is_refused_as_a_slip_in_the_coordinates(
    world: World,
) -> None:
    from django.core.exceptions import ValidationError

    from zonetrack.registry.models import Zone

    from .factories import LAT0, LNG0, make_parcel, square

    Zone.objects.filter(pk=world.zone_a.pk).update(center_lat=LAT0, center_lng=LNG0)
    world.zone_a.refresh_from_db()
    make_parcel(world.zone_a, "NEAR", area_mu=None, geometry=square(3, 3))
    with pytest.raises(ValidationError) as refused:
        # Latitude and longitude swapped: the outline lands thousands of kilometres away.
        make_parcel(
            world.zone_a, "SWAPPED", area_mu=None, geometry=square(0, 0, lng=LAT0, lat=LNG0 - 70)
        )
    assert "km from the zone" in refused.value.message_dict["geometry"][0]
