"""Background jobs of promotion: the nightly check of incentive conditions that fell due (its
daily alert conditions run in the notices app's daily job, ``notices.tasks``)."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import conditions_check_due


@db_periodic_task(crontab(hour="0", minute="40"))
def nightly_condition_checks() -> None:
    """Check every investment and production condition that fell due and was not checked
    since, so a broken promise opens its follow-up before the next payment."""
    conditions_check_due(actor=None, day=timezone.localdate())
