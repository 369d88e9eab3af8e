"""Demo data of the notices app: the daily alert job run once after every app's demo data, so
the demo users find their alerts (a late zone, overdue key tasks, late milestones and problems)
in their notifications. Each condition is announced once: loading again adds nothing."""

from __future__ import annotations

from django.utils import timezone

from zonetrack.core.demo import register

from .delivery import run_daily


def load() -> None:
    run_daily(today=timezone.localdate())


# After every app's data (dispatch 40, targets 40), whose conditions the job gathers.
register(90, load)
