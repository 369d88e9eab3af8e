"""Entry thresholds (准入) of standard land: per region or zone × industry × indicator, with a
comparison, a unit and the document that set them; and a project's checks against them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.core.models import Record
from zonetrack.projects.models import Project
from zonetrack.registry.models import Cluster, Zone

from ..choices import Comparison, ControlIndicator

# The units each indicator may be stated in, and the factor to its first (canonical) unit:
# national tables give investment intensity in 万元/公顷, local ones in 万元/亩 (1 公顷 = 15 亩).
UNITS: dict[str, dict[str, Decimal]] = {
    ControlIndicator.INVESTMENT_INTENSITY: {"万元/亩": Decimal(1), "万元/公顷": Decimal(1) / 15},
    ControlIndicator.PLOT_RATIO: {"": Decimal(1)},
    ControlIndicator.BUILDING_COEFFICIENT: {"%": Decimal(1)},
    ControlIndicator.TAX_PER_MU: {"万元/亩": Decimal(1), "万元/公顷": Decimal(1) / 15},
    ControlIndicator.ENERGY_PER_VA: {"吨标煤/万元": Decimal(1)},
    ControlIndicator.ENVIRONMENT: {"": Decimal(1)},
    ControlIndicator.OUTPUT_PER_MU: {"万元/亩": Decimal(1), "万元/公顷": Decimal(1) / 15},
    ControlIndicator.RND_SHARE: {"%": Decimal(1)},
}


def canonical_unit(indicator: str) -> str:
    return next(iter(UNITS[indicator]))


class Threshold(Record):
    """One entry threshold: an indicator's limit for an authority's zones (or one zone), for
    one industry cluster or all."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("set by"), on_delete=models.PROTECT, related_name="+"
    )
    zone = models.ForeignKey(
        Zone,
        verbose_name=_("zone"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: every zone of the authority."),
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("industry cluster"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: every industry."),
    )
    indicator = models.CharField(_("indicator"), max_length=30, choices=ControlIndicator.choices)
    comparison = models.CharField(_("comparison"), max_length=3, choices=Comparison.choices)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    source = models.CharField(_("source document"), max_length=200)

    class Meta:
        ordering = ["indicator", "id"]
        verbose_name = _("entry threshold")
        verbose_name_plural = _("entry thresholds")

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.get_comparison_display()} {self.value}"

    @property
    def canonical_value(self) -> Decimal:
        """The limit in the indicator's first unit (万元/公顷 → 万元/亩)."""
        return self.value * UNITS[self.indicator].get(self.unit, Decimal(1))

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        units = UNITS.get(self.indicator)
        if units is not None and self.unit not in units:
            errors["unit"] = _("Unknown unit for this indicator; use one of: %(units)s.") % {
                "units": "、".join(u or "—" for u in units)
            }
        zone = self.zone if self.zone_id else None
        if (
            zone is not None
            and self.organisation_id
            and not access.is_within(zone.organisation, self.organisation)
        ):
            errors["zone"] = _("This zone is not under the organisation.")
        if errors:
            raise ValidationError(errors)


class ThresholdCheck(models.Model):
    """A project's check against the thresholds that apply to it, with every figure."""

    org_path = "project__zone__organisation"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # [{indicator, comparison, limit, unit, actual, outcome, source}]
    results = models.JSONField(_("results"), default=list)
    passed = models.PositiveSmallIntegerField(default=0)
    failed = models.PositiveSmallIntegerField(default=0)
    not_stated = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = _("threshold check")
        verbose_name_plural = _("threshold checks")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.passed}/{self.failed}/{self.not_stated}"
