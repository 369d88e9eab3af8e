"""Reporting windows (填报) and the reported monthly values."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts.models import Organisation
from zonetrack.core.models import Record

from ..choices import WindowState
from .fields import figure
from .indicators import Indicator


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
