"""The verification queue: claims waiting for the supervising level."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role
from zonetrack.audit.models import Change
from zonetrack.audit.selectors import history_for

from ..choices import WITHOUT_EVIDENCE, Verification
from ..models import StageTransition


def verification_queue(*, user: Any) -> QuerySet[StageTransition]:
    """Claims waiting for verification in what the user supervises: zones strictly below an
    organisation where the user is a manager (never the user's own zone committee)."""
    pending = access.supervised_by(
        StageTransition.objects.filter(verification=Verification.PENDING), user, Role.MANAGER
    )
    return pending.select_related("project", "project__zone", "actor").order_by("created_at")


def transition_history(transition: StageTransition) -> list[Change]:
    """A stage change's history (its verification), the mark of a pass without evidence in
    words."""
    changes = history_for(transition)
    for change in changes:
        change.rows = [
            (_("Passed without evidence"), "", "✓") if label == WITHOUT_EVIDENCE else row
            for row in change.rows
            for label in (row[0],)
        ]
    return changes
