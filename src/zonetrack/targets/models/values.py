"""Reporting windows (填报), each organisation's submission in one, and the reported monthly
values with their source."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts.models import Organisation
from zonetrack.core.models import Record

from ..choices import SubmissionState, ValueSource, WindowState
from .fields import figure
from .indicators import Indicator


class ReportingWindow(Record):
    """A month opened for reporting (填报) by an organisation for a set of organisations below
    it and a set of indicators; values are entered only while it is open. Each organisation
    submits its own (``Submission``), which locks its values; closing the window locks them
    all. A correction after that needs the window reopened by the same level, for the whole
    window or for one organisation, with a reason kept in history.

    Empty sets (windows opened before they were recorded) mean every organisation below the
    opener and every reported indicator."""

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
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("indicators"), blank=True, related_name="+"
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("reporting organisations"), blank=True, related_name="+"
    )

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
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The window, author and source are content, not bookkeeping: the history records them
    # with every change of the value.
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=ValueSource.choices,
        default=ValueSource.ENTERED,
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


class Submission(Record):
    """One organisation's part of a reporting window: submitted (its values lock), or reopened
    by the window's level for a correction with a reason. Every change is in the history."""

    window = models.ForeignKey(
        ReportingWindow,
        verbose_name=_("reporting window"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="window_submissions",
    )
    state = models.CharField(_("state"), max_length=10, choices=SubmissionState.choices)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The first submission decides whether the organisation was on time; a correction later
    # does not make it late.
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason for reopening"), max_length=200, blank=True)

    class Meta:
        ordering = ["window", "organisation"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["window", "organisation"], name="submission_unique_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.window} {self.organisation}"

    @property
    def is_submitted(self) -> bool:
        return self.state == SubmissionState.SUBMITTED
