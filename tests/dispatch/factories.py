"""factory_boy factories of dispatch records. They write through the dispatch services, so a
made record has its events and history like a real one."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from zonetrack.dispatch import services
from zonetrack.dispatch.models import Meeting, Problem
from zonetrack.projects.models import Project


class ProblemFactory(factory.Factory):
    """A problem raised by ``actor`` on ``project`` today, due in ``days`` days."""

    class Meta:
        model = Problem

    class Params:
        days = 10

    actor = None
    project = None
    category = "land"
    description = factory.Sequence(lambda n: f"用地指标未落实{n}")
    raised_on = factory.LazyFunction(timezone.localdate)
    deadline_on = factory.LazyAttribute(lambda o: o.raised_on + timedelta(days=o.days))

    @classmethod
    def _create(cls, model_class: type[Problem], *args: Any, **kwargs: Any) -> Problem:
        return services.problem_create(**kwargs)


class MeetingFactory(factory.Factory):
    """A dispatch meeting of ``organisation`` held today, called by ``actor``."""

    class Meta:
        model = Meeting

    actor = None
    organisation = None
    title = factory.Sequence(lambda n: f"调度会{n}")
    held_on = factory.LazyFunction(timezone.localdate)
    project_ids: list[int] = []

    @classmethod
    def _create(cls, model_class: type[Meeting], *args: Any, **kwargs: Any) -> Meeting:
        return services.meeting_create(**kwargs)


def make_problem(actor: Any, project: Project, *, days: int = 10, **extra: Any) -> Problem:
    """A problem raised today (or ``raised_on``) due in ``days`` days."""
    extra.setdefault("description", "用地指标未落实")
    return ProblemFactory(actor=actor, project=project, days=days, **extra)
