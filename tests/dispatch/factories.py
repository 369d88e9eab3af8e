"""Helpers that make dispatch records for tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from zonetrack.dispatch import services
from zonetrack.dispatch.models import Problem
from zonetrack.projects.models import Project


def make_problem(actor: Any, project: Project, *, days: int = 10, **extra: Any) -> Problem:
    """A problem raised today (or ``raised_on``) due in ``days`` days."""
    raised_on = extra.pop("raised_on", date.today())
    return services.problem_create(
        actor=actor,
        project=project,
        category=extra.pop("category", "land"),
        description=extra.pop("description", "用地指标未落实"),
        raised_on=raised_on,
        deadline_on=extra.pop("deadline_on", raised_on + timedelta(days=days)),
        **extra,
    )
