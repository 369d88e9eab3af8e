"""The indicator catalogue (指标): unit, direction, period and where an actual comes from."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.projects.choices import Stage

from ..choices import STAGE_KINDS, Computation, Direction, Period, Source
from .fields import ratio


class Indicator(models.Model):
    """A measurable quantity (指标): unit, direction, period and where its actual comes from.

    Catalogue data, edited by administrators and seeded by a migration; every signed-in user
    reads it. ``accumulates``: the year's figure is the sum of the months (an amount, a count);
    otherwise the latest month's value stands for the year so far (a growth rate, a share).
    ``is_additive``: the figures of organisations add up to their parent's.
    """

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[RegexValidator(r"^[a-z][a-z0-9_]*$", _("Lower-case letters, digits, _."))],
    )
    name = models.CharField(_("name"), max_length=60, unique=True)
    unit = models.CharField(_("unit"), max_length=20)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    period = models.CharField(
        _("reporting period"), max_length=10, choices=Period.choices, default=Period.MONTH
    )
    is_additive = models.BooleanField(_("adds up across organisations"), default=True)
    accumulates = models.BooleanField(_("the year is the sum of the months"), default=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.REPORTED
    )
    computation = models.CharField(
        _("computation"), max_length=20, choices=Computation.choices, default="", blank=True
    )
    derived_from = models.ForeignKey(
        "self",
        verbose_name=_("derived from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived",
        help_text=_("The indicator whose stored values a derived one is worked from."),
    )
    stage = models.CharField(_("stage counted"), max_length=20, choices=Stage.choices, blank=True)
    min_investment_wan = models.DecimalField(
        _("only projects of at least (万元)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    min_value = models.DecimalField(
        _("lowest possible value"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Values below it are refused (0 for amounts and counts)."),
    )
    max_value = models.DecimalField(
        _("highest possible value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    decimal_places = models.PositiveSmallIntegerField(
        _("decimal places"), default=2, validators=[MaxValueValidator(2)]
    )
    green_at = models.DecimalField(_("green from ratio"), default=Decimal("1.00"), **ratio)
    amber_at = models.DecimalField(_("amber from ratio"), default=Decimal("0.90"), **ratio)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.source == Source.DERIVED:
            base = self.derived_from
            if self.computation != Computation.GROWTH:
                errors["computation"] = _("A derived indicator is a growth rate.")
            if base is None:
                errors["derived_from"] = _("Name the indicator it is derived from.")
            elif base.pk == self.pk or base.source == Source.DERIVED or not base.accumulates:
                errors["derived_from"] = _(
                    "A growth rate is derived from an amount or count whose year is the sum of "
                    "its months."
                )
        elif self.source == Source.COMPUTED:
            if not self.computation or self.computation == Computation.GROWTH:
                errors["computation"] = _("A computed indicator needs a computation.")
            elif self.computation in STAGE_KINDS and not self.stage:
                errors["stage"] = _("Name the stage whose projects are counted.")
            elif self.computation == Computation.DOUBLE_HALF and (
                self.derived_from is None
                or self.derived_from.computation != Computation.INVESTMENT_RATE
            ):
                errors["derived_from"] = _(
                    "Double half is worked from the investment completion rate: name it here "
                    "(the start rate is found by its computation)."
                )
        elif self.computation:
            errors["computation"] = _("A reported indicator is not computed.")
        if (
            self.amber_at is not None
            and self.green_at is not None
            and self.amber_at > self.green_at
        ):
            errors["amber_at"] = _("Amber cannot start above green.")
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value >= self.max_value
        ):
            errors["max_value"] = _("The highest value must be above the lowest.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_computed(self) -> bool:
        """Whether zonetrack works the figure out itself (from projects or from another
        indicator's values): such a figure is never typed."""
        return self.source != Source.REPORTED

    @property
    def is_derived(self) -> bool:
        return self.source == Source.DERIVED

    @property
    def is_lower_better(self) -> bool:
        return self.direction == Direction.LOWER
