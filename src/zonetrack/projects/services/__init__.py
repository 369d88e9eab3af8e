"""Writes of the projects app: projects, stage transitions, verification, plans and reports.

One module per subdomain (Zulip's ``zerver/actions/``); the public names are re-exported here
so ``projects.services.X`` keeps working. The stage rules are a pure function in ``rules``.
"""

from ..permissions import can_create_project
from ..permissions import can_verify_stage as can_verify
from .photos import PhotoUpload, photos_check, photos_per_record, photos_store
from .pipeline import (
    Notes,
    announce_changed,
    changes_batched,
    notes_before,
    projects_changed,
    projects_changing,
    refresh_pipeline,
)
from .projects import (
    enterprise_for,
    enterprises_for,
    project_archive,
    project_create,
    project_create_with_investor,
    project_update,
    project_update_with_investor,
    projects_bulk_create,
)
from .reports import (
    milestone_save,
    report_due,
    report_submit,
    reports_bulk_submit,
    year_plan_set,
    year_plans_bulk_create,
)
from .rules import ProjectFacts, TransitionCheck, TransitionClaim, check_transition
from .transitions import project_transition, verification_decide

__all__ = [
    "Notes",
    "PhotoUpload",
    "ProjectFacts",
    "TransitionCheck",
    "TransitionClaim",
    "announce_changed",
    "can_create_project",
    "can_verify",
    "changes_batched",
    "check_transition",
    "enterprise_for",
    "enterprises_for",
    "milestone_save",
    "notes_before",
    "photos_check",
    "photos_per_record",
    "photos_store",
    "project_archive",
    "project_create",
    "project_create_with_investor",
    "project_transition",
    "project_update",
    "project_update_with_investor",
    "projects_bulk_create",
    "projects_changed",
    "projects_changing",
    "refresh_pipeline",
    "report_due",
    "report_submit",
    "reports_bulk_submit",
    "verification_decide",
    "year_plan_set",
    "year_plans_bulk_create",
]
