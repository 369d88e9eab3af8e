"""The share of problems closed by their deadline (问题按期销号率), offered to the targets app
through ``projects.counted``: a problem counts in the month of its deadline once it is closed
or its deadline has passed, and in the numerator when it was closed on or before it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zonetrack.accounts import access
from zonetrack.projects.counted import CountedRecord, Counter, Part

from .choices import ProblemStatus
from .models import Problem

KIND = "problems_on_time"


def _judged(today: date) -> Q:
    """Problems judged by now: closed, or open past their deadline."""
    return Q(status=ProblemStatus.CLOSED) | Q(deadline_on__lt=today)


def _on_time(closed_on: date | None, deadline_on: date) -> bool:
    return closed_on is not None and closed_on <= deadline_on


def parts(project_ids: Sequence[int], today: date) -> Iterator[Part]:
    """Each judged problem of these projects: one in its deadline's month, counted when it was
    closed by its deadline."""
    rows = (
        Problem.objects.active()
        .filter(_judged(today), project_id__in=project_ids)
        .values_list("project_id", "deadline_on", "closed_on", "status")
    )
    for project_id, deadline_on, closed_on, status in rows:
        done = status == ProblemStatus.CLOSED and _on_time(closed_on, deadline_on)
        yield project_id, deadline_on, Decimal(1 if done else 0), Decimal(1)


def records(user: Any, organisation: Any, since: date, before: date) -> list[CountedRecord]:
    """The judged problems of the organisation's zones with a deadline in [since, before), as
    the user may see them."""
    rows = (
        access.within(
            access.visible(Problem.objects.active(), user).filter(
                _judged(timezone.localdate()), deadline_on__gte=since, deadline_on__lt=before
            ),
            organisation,
        )
        .select_related("project", "project__zone")
        .order_by("deadline_on", "pk")
    )
    return [
        CountedRecord(
            on=row.deadline_on,
            project=row.project,
            text=row.description[:80],
            counted=row.status == ProblemStatus.CLOSED and _on_time(row.closed_on, row.deadline_on),
            url=reverse("dispatch:problem_detail", kwargs={"problem_id": row.pk}),
        )
        for row in rows
    ]


COUNTER = Counter(parts=parts, records=records)
