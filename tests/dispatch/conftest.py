"""Fixtures shared by the dispatch tests: the late world of the alert job's tests."""

from .test_alerts import late_world

__all__ = ["late_world"]
