"""History and conflict messages read as people read them: local time, coordinates, 万元."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from django.test import override_settings
from django.utils import timezone

from zonetrack.audit.selectors import coordinates, history_for, local_time
from zonetrack.core.errors import StaleVersion
from zonetrack.projects.services import project_update

from ..conftest import World


@override_settings(TIME_ZONE="Asia/Shanghai")
def test_a_conflict_message_gives_the_time_in_the_configured_zone() -> None:
    timezone.activate("Asia/Shanghai")
    try:
        error = StaleVersion(
            current_version=2, changed_by="张三", changed_at=datetime(2026, 3, 1, 2, 5, tzinfo=UTC)
        )
        assert "2026-03-01 10:05" in error.message
    finally:
        timezone.deactivate()


def test_a_stored_time_reads_in_the_configured_zone() -> None:
    timezone.activate("Asia/Shanghai")
    try:
        assert local_time("2026-03-01T02:05:00Z") == "2026-03-01 10:05"
        assert local_time("2026-03-01T02:05:00") == "2026-03-01 10:05"  # stored naive is UTC
        assert local_time("not a time") == "not a time"
    finally:
        timezone.deactivate()


def test_a_location_reads_as_coordinates() -> None:
    point = {"type": "Point", "coordinates": [118.0577, 36.8113]}
    assert coordinates(point) == "118.057700, 36.811300"
    feature = {"type": "Feature", "geometry": point, "properties": {}}
    assert coordinates(feature) == "118.057700, 36.811300"
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    assert "4" in coordinates(square) and "{" not in coordinates(square)


def test_a_project_history_shows_its_location_and_amounts_in_words(world: World) -> None:
    project = world.project_a
    project_update(
        actor=world.a_manager,
        project=project,
        changes={
            "location": {"type": "Point", "coordinates": [118.0577, 36.8113]},
            "total_investment_wan": Decimal("123456"),
        },
    )
    latest = history_for(project)[0]
    rows = {label: after for label, _, after in latest.rows}
    shown = " ".join(str(value) for value in rows.values())
    assert "118.057700, 36.811300" in shown
    assert "coordinates" not in shown
    assert "12.35 亿元" in shown
