"""Pre-computed monthly figures (rollups) the progress pages read, and the split of a target over
the quarters of its year."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts.models import Organisation

from .fields import figure
from .indicators import Indicator
from .targets import Target

# Sums of a month over a whole province: wider than one figure, and four places so that a
# share's numerator and denominator add without rounding.
_total: dict[str, Any] = {"max_digits": 24, "decimal_places": 4}


class Rollup(models.Model):
    """One organisation's figure of one indicator for one month, kept by
    ``targets.services.rollups`` in the transaction that changes its inputs; derived data,
    never edited.

    ``own_*`` is what belongs to the organisation itself: its reported value, or what its own
    zones' projects count. ``amount``/``base`` is the figure of the month for the organisation
    with everything below it: for an additive indicator its own value when it reported one,
    else the sum of its children's; a share or an average is ``amount / base``.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period = models.DateField(_("month"))
    own_amount = models.DecimalField(null=True, blank=True, **_total)
    own_base = models.DecimalField(null=True, blank=True, **_total)
    amount = models.DecimalField(**_total)
    base = models.DecimalField(null=True, blank=True, **_total)
    # "reported" (the organisation's own value), "summed" (from the organisations below) or
    # "computed" (from projects).
    basis = models.CharField(max_length=10)

    class Meta:
        verbose_name = _("rollup")
        verbose_name_plural = _("rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator", "period"], name="rollup_unique_month"
            )
        ]
        indexes = [models.Index(fields=["indicator", "period"], name="rollup_indicator_month")]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.indicator_id} {self.period:%Y-%m}: {self.amount}"


class TargetQuarter(models.Model):
    """A target's share expected by the end of one quarter (季度分解); when a target has them,
    progress is judged against them instead of against the linear share of the year."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="quarters")
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    value = models.DecimalField(_("target of the quarter"), **figure)

    class Meta:
        ordering = ["target", "quarter"]
        verbose_name = _("quarterly target")
        verbose_name_plural = _("quarterly targets")
        constraints = [
            models.UniqueConstraint(fields=["target", "quarter"], name="target_quarter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.target} Q{self.quarter}: {self.value}"
