"""factory_boy factories of the projects app. They write through the services, so every
project has its first transition, its history and its place in the pipeline totals."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from zonetrack.projects import services
from zonetrack.projects.models import Milestone, ProgressReport, Project, YearPlan


class ProjectFactory(factory.Factory):
    """A project of ``zone`` (required), made by ``project_create`` as zonetrack itself."""

    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"测试项目{n}")
    total_investment_wan = Decimal("1000")

    @classmethod
    def _create(cls, model_class: type[Project], *args: Any, **kwargs: Any) -> Project:
        zone = kwargs.pop("zone")
        return services.project_create(actor=None, zone=zone, **kwargs)


class ReportFactory(factory.Factory):
    """A monthly report of ``project`` (required), for last month by default."""

    class Meta:
        model = ProgressReport

    month = factory.LazyFunction(
        lambda: (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    )
    invested_wan = Decimal("100")
    progress = "施工中"

    @classmethod
    def _create(
        cls, model_class: type[ProgressReport], *args: Any, **kwargs: Any
    ) -> ProgressReport:
        return services.report_submit(actor=None, **kwargs)


class YearPlanFactory(factory.Factory):
    """A year plan of ``project`` (required), for this year by default."""

    class Meta:
        model = YearPlan

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    planned_investment_wan = Decimal("1000")

    @classmethod
    def _create(cls, model_class: type[YearPlan], *args: Any, **kwargs: Any) -> YearPlan:
        return services.year_plan_set(actor=None, **kwargs)


class MilestoneFactory(factory.Factory):
    """A planned milestone of ``project`` (required)."""

    class Meta:
        model = Milestone

    name = factory.Sequence(lambda n: f"节点{n}")
    planned_on = date(2030, 1, 1)

    @classmethod
    def _create(cls, model_class: type[Milestone], *args: Any, **kwargs: Any) -> Milestone:
        return services.milestone_save(actor=None, **kwargs)
