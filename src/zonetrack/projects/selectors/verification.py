"""The verification queue: claims waiting for the supervising level."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role

from ..choices import Verification
from ..models import StageTransition


def verification_queue(*, user: Any) -> QuerySet[StageTransition]:
    """Claims waiting for verification in what the user supervises: zones strictly below an
    organisation where the user is a manager (never the user's own zone committee)."""
    pending = StageTransition.objects.filter(verification=Verification.PENDING)
    # TODO(core): ask access for the supervised subtrees (access.within) instead of paths.
    if not access.is_superuser(user):
        paths = [
            m.organisation.path
            for m in access.memberships(user)
            if m.role in (Role.MANAGER, Role.ADMIN)
        ]
        if not paths:
            return pending.none()
        lookup = "project__zone__organisation__path"
        pending = pending.filter(
            reduce(or_, (Q(**{f"{lookup}__startswith": p}) & ~Q(**{lookup: p}) for p in paths))
        )
    return pending.select_related("project", "project__zone", "actor").order_by("created_at")
