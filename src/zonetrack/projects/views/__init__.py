"""Pages of the projects app: the list, the pipeline board, a project's page with its workflow
forms (stage moves, verification, monthly reports, plans, milestones) and the work queues.

One module per subdomain; the names are re-exported here so ``projects.views.X`` still works.
"""

from .board import PipelineBoardView
from .detail import ProjectArchiveView, ProjectCreateView, ProjectDetailView, ProjectEditView
from .ledger import LedgerExportView, LedgerImportView
from .lists import LeaderWorkloadView, MyProjectsView, ProjectListView
from .search import ProjectSearchView
from .verification import (
    ReportPhotoView,
    SitePhotoView,
    TransitionDetailView,
    VerificationDecideView,
    VerificationQueueView,
)
from .workflow import (
    MilestoneCreateView,
    ProjectTransitionView,
    ReportCreateView,
    YearPlanSetView,
)

__all__ = [
    "LeaderWorkloadView",
    "LedgerExportView",
    "LedgerImportView",
    "MilestoneCreateView",
    "MyProjectsView",
    "PipelineBoardView",
    "ProjectArchiveView",
    "ProjectCreateView",
    "ProjectDetailView",
    "ProjectEditView",
    "ProjectListView",
    "ProjectSearchView",
    "ProjectTransitionView",
    "ReportCreateView",
    "ReportPhotoView",
    "SitePhotoView",
    "TransitionDetailView",
    "VerificationDecideView",
    "VerificationQueueView",
    "YearPlanSetView",
]
