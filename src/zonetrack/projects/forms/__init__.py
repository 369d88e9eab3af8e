"""Forms of the projects app: the project, stage moves, monthly reports, plans, milestones,
the ledger import and the filters. Split by subdomain; the names are re-exported here."""

from .common import DATE_WIDGET, _style, people
from .filters import ProjectFilterForm
from .ledger import LedgerImportForm
from .photos import PhotoMetaField, PhotosField, PhotosFormMixin
from .pickers import ProjectChoiceField, ProjectMultipleChoiceField, project_label
from .project import ProjectForm
from .workflow import (
    MilestoneForm,
    ReportForm,
    TransitionForm,
    VerificationForm,
    YearPlanForm,
)

__all__ = [
    "DATE_WIDGET",
    "LedgerImportForm",
    "MilestoneForm",
    "PhotoMetaField",
    "PhotosField",
    "PhotosFormMixin",
    "ProjectChoiceField",
    "ProjectFilterForm",
    "ProjectForm",
    "ProjectMultipleChoiceField",
    "ReportForm",
    "TransitionForm",
    "VerificationForm",
    "YearPlanForm",
    "_style",
    "people",
    "project_label",
]
