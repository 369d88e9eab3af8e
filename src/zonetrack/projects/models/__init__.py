"""Investment projects, their investors, stage transitions, plans and monthly reports.

Split by subdomain (NetBox's ``dcim/models/``); every model is re-exported here.
"""

from .contacts import EnterpriseContact
from .progress import Milestone, ProgressReport, SitePhoto, StageTransition, YearPlan
from .projects import (
    MAX_AMOUNT_WAN,
    EndReason,
    Enterprise,
    PipelineTotal,
    Project,
    ProjectCounter,
    StageRule,
    money,
)

__all__ = [
    "MAX_AMOUNT_WAN",
    "EndReason",
    "Enterprise",
    "EnterpriseContact",
    "Milestone",
    "PipelineTotal",
    "ProgressReport",
    "Project",
    "ProjectCounter",
    "SitePhoto",
    "StageRule",
    "StageTransition",
    "YearPlan",
    "money",
]
