"""The daily escalation of overdue problems, zone → city → province, in batches."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.audit.services import tracked_bulk_update

from .. import conf
from ..choices import OPEN_STATUSES, EscalationLevel, EventKind
from ..models import Problem, ProblemEvent


def problems_escalate_overdue(*, today: date | None = None) -> int:
    """Raise every open problem overdue by the configured days to the level its lateness calls
    for (zone → city after N days overdue, → province after 2N); one event and one history row
    each. Running it again the same day changes nothing. Returns how many went up."""
    today = today or timezone.localdate()
    days = conf.escalate_days()
    moved = 0
    for level in (EscalationLevel.PROVINCE, EscalationLevel.CITY):
        cutoff = today - timedelta(days=days * level)
        candidates = Problem.objects.filter(
            archived_at__isnull=True,
            status__in=OPEN_STATUSES,
            escalation_level__lt=level,
            deadline_on__lt=cutoff,
        )
        note = _("Overdue by more than %(days)s days.") % {"days": days * level}
        last = 0
        while True:
            # Walk along the primary key: one pass over the candidates, not one per batch.
            rows = list(
                candidates.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", "status", "escalation_level")[:2000]
            )
            if not rows:
                break
            ids = [pk for pk, _status, _level in rows]
            last = ids[-1]
            with transaction.atomic():
                tracked_bulk_update(
                    Problem.objects.filter(pk__in=ids),
                    values={"escalation_level": level, "escalated_on": today},
                    actor=None,
                )
                ProblemEvent.objects.bulk_create(
                    ProblemEvent(
                        problem_id=pk,
                        kind=EventKind.AUTO_ESCALATE,
                        note=note,
                        status=status,
                        escalation_level=level,
                    )
                    for pk, status, _old in rows
                )
            moved += len(ids)
    return moved
