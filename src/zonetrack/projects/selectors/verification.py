"""The verification queue: claims waiting for the supervising level."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role

from ..choices import Verification
from ..models import StageTransition


def verification_queue(*, user: Any) -> QuerySet[StageTransition]:
    """Claims waiting for verification in what the user supervises: zones strictly below an
    organisation where the user is a manager (never the user's own zone committee)."""
    pending = access.supervised_by(
        StageTransition.objects.filter(verification=Verification.PENDING), user, Role.MANAGER
    )
    return pending.select_related("project", "project__zone", "actor").order_by("created_at")
