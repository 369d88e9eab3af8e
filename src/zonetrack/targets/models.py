"""Indicators (the catalogue), annual targets per organisation, reporting windows and the
reported monthly values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts.models import Organisation
from zonetrack.core.models import Record
from zonetrack.projects.choices import Stage

from .choices import (
    OPEN_TASK_STATUSES,
    Computation,
    Direction,
    Period,
    Source,
    TaskStatus,
    WindowState,
)

# Figures of targets and values: 10^12 in any unit is a typing error, not a statistic.
figure: dict[str, Any] = {
    "max_digits": 16,
    "decimal_places": 2,
    "validators": [
        MaxValueValidator(Decimal("1000000000000"), _("A figure this large is not plausible.")),
        MinValueValidator(Decimal("-1000000000000"), _("A figure this large is not plausible.")),
    ],
}
# The ratio thresholds of the three colours: a ratio of completion to time elapsed.
ratio: dict[str, Any] = {
    "max_digits": 4,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("9.99"))],
}


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
        if self.source == Source.COMPUTED:
            if not self.computation:
                errors["computation"] = _("A computed indicator needs a computation.")
            elif self.computation == Computation.STAGE_REACHED and not self.stage:
                errors["stage"] = _("Name the stage whose projects are counted.")
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
        return self.source == Source.COMPUTED

    @property
    def is_lower_better(self) -> bool:
        return self.direction == Direction.LOWER


class Target(Record):
    """An indicator's value for one organisation and year (年度目标), set by the level above
    it; the targets of an organisation's children decompose its own."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="targets",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    value = models.DecimalField(_("target"), **figure)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["year", "indicator__sort_order", "organisation"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator", "year"], name="target_unique_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year} {self.indicator}: {self.value}"


class ReportingWindow(Record):
    """A month opened for reporting (填报) by an organisation for the organisations below it;
    values are entered only while it is open. Closing it locks them; a correction after that
    needs the window reopened by the same level, with a reason kept in history."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="reporting_windows",
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month reported."))
    state = models.CharField(
        _("state"), max_length=10, choices=WindowState.choices, default=WindowState.OPEN
    )
    due_on = models.DateField(_("deadline"))
    reason = models.CharField(_("reason for reopening"), max_length=200, blank=True)

    class Meta:
        ordering = ["-period", "organisation"]
        verbose_name = _("reporting window")
        verbose_name_plural = _("reporting windows")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period"], name="reporting_window_unique_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.period:%Y-%m}"

    @property
    def is_open(self) -> bool:
        return self.state == WindowState.OPEN


class ReportedValue(Record):
    """A reported statistic: one organisation's value of one indicator for one month."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="reported_values",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="values",
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month reported."))
    value = models.DecimalField(_("value"), **figure)
    window = models.ForeignKey(
        ReportingWindow,
        verbose_name=_("reporting window"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="values",
        editable=False,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["period", "indicator__sort_order"]
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator", "period"], name="reported_value_unique_month"
            )
        ]
        indexes = [models.Index(fields=["indicator", "period"])]

    def __str__(self) -> str:
        return f"{self.organisation} {self.period:%Y-%m} {self.indicator}: {self.value}"


class Task(Record):
    """A key task (督办事项, 年度工作任务细化分解): a piece of the year's work with an owner unit,
    a person, a deadline and dated progress notes."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        related_name="key_tasks",
    )
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person in charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("key task")
        verbose_name_plural = _("key tasks")

    def __str__(self) -> str:
        return self.title

    def is_overdue_on(self, day: date) -> bool:
        return self.status in OPEN_TASK_STATUSES and self.due_on < day


class TaskNote(models.Model):
    """A dated progress note on a key task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    org_path = "task__organisation"

    class Meta:
        ordering = ["-written_on", "-pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return f"{self.task}: {self.written_on}"
