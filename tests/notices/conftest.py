"""Fixtures of the notices tests: the late world of dispatch's alert tests, whose conditions
(a late milestone, a missing report, an overdue problem) the webhook tests deliver."""

from ..dispatch.test_alerts import late_world

__all__ = ["late_world"]
