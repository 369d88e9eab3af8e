"""Indicators (the catalogue), annual targets per organisation, reporting windows and the
reported monthly values, key tasks.

Split by subdomain, like the projects and dispatch apps' models; every model is re-exported here.
"""

from .indicators import Indicator
from .rollups import Rollup, TargetQuarter
from .targets import Target
from .tasks import Task, TaskEvidence, TaskNote
from .values import ReportedValue, ReportingWindow, Submission

__all__ = [
    "Indicator",
    "ReportedValue",
    "ReportingWindow",
    "Rollup",
    "Submission",
    "Target",
    "TargetQuarter",
    "Task",
    "TaskEvidence",
    "TaskNote",
]
