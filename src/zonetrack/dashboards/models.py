"""The cockpits' kept figures: derived rows, never edited, rebuilt from the records.

The dashboards app owns no records of its own; what it keeps is what the cockpits read so that
a page view never scans projects or reports (``services.rollup_refresh`` keeps them in the
transaction that changes the inputs).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

_money: dict[str, Any] = {"max_digits": 20, "decimal_places": 2, "default": 0}


class ZoneMonth(models.Model):
    """One zone's dispatch figures for the year up to the end of one month (cumulative within
    the year), counted from its active, not terminated projects as ``projects.selectors``
    counts the dispatch KPIs: the year plans (planned investment, planned starts and
    completions), the planned starts started by the month's end, the planned completions
    completed, the investment and funds reported for the months of the year up to this one,
    and the projects signed in the year up to the month's end.

    ``reports_owed`` is the number of projects owing this month's report; it is kept for the
    months the monthly report is asked for when the row is refreshed (the last two), and left
    as it was for the months before.
    """

    zone = models.ForeignKey("registry.Zone", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    planned_wan = models.DecimalField(**_money)
    planned_starts = models.PositiveIntegerField(default=0)
    started = models.PositiveIntegerField(default=0)
    planned_completions = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    invested_wan = models.DecimalField(**_money)
    funds_wan = models.DecimalField(**_money)
    signed = models.PositiveIntegerField(default=0)
    signed_wan = models.DecimalField(**_money)
    reports_owed = models.PositiveIntegerField(null=True, blank=True)

    org_path: ClassVar[str] = "zone__organisation"

    class Meta:
        verbose_name = _("zone month")
        verbose_name_plural = _("zone months")
        constraints = [models.UniqueConstraint(fields=["zone", "month"], name="zone_month_unique")]
        indexes = [models.Index(fields=["month", "zone"], name="zone_month_month")]

    def __str__(self) -> str:
        return f"{self.zone_id} {self.month:%Y-%m}"


from .pack.models import PackLayout  # noqa: E402,F401
