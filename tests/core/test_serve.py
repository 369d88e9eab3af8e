"""`zonetrack serve`: several servers on one machine do not share gunicorn's control socket."""

from __future__ import annotations

from pathlib import Path

from django.test import override_settings

from zonetrack.core.management.commands.serve import control_socket


def test_each_port_has_its_own_control_socket_in_the_data_directory(tmp_path: Path) -> None:
    with override_settings(DATA_DIR=tmp_path):
        first, second = control_socket(8000), control_socket(8001)
    assert first is not None and second is not None
    assert first != second
    assert first.parent == second.parent == tmp_path


def test_no_control_socket_where_its_path_would_be_too_long(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 120)
    with override_settings(DATA_DIR=deep):
        assert control_socket(8000) is None
