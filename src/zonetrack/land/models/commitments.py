"""The standard-land commitment ledger: what an investor promised when it received a parcel,
each check of the promise (with its figures) and the follow-up a failed promise opens."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.core.models import Record
from zonetrack.projects.models import Project

from ..choices import CommitmentCheckKind, FollowUpStatus
from .parcels import Parcel

_figure: dict[str, Any] = {"max_digits": 14, "decimal_places": 4, "null": True, "blank": True}
_positive = [MinValueValidator(Decimal(0), _("A promised figure cannot be negative."))]


class Commitment(Record):
    """What a project promised when it received standard land (标准地承诺): the "5+X" figures
    and the start, production and capacity deadlines."""

    org_path = "parcel__zone__organisation"

    parcel = models.ForeignKey(
        Parcel, verbose_name=_("parcel"), on_delete=models.PROTECT, related_name="commitments"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="+"
    )
    granted_on = models.DateField(_("granted on"))
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        help_text=_("The firm's code in the per-mu evaluation, to read its tax and energy."),
    )
    investment_intensity_wan_per_mu = models.DecimalField(
        _("investment intensity (万元/亩)"), validators=_positive, **_figure
    )
    plot_ratio = models.DecimalField(_("plot ratio"), validators=_positive, **_figure)
    tax_wan_per_mu = models.DecimalField(_("tax per 亩 (万元/亩)"), validators=_positive, **_figure)
    energy_tce_per_wan = models.DecimalField(
        _("energy per unit of value added (吨标煤/万元)"), validators=_positive, **_figure
    )
    start_by_on = models.DateField(_("start construction by"), null=True, blank=True)
    production_by_on = models.DateField(_("in production by"), null=True, blank=True)
    capacity_by_on = models.DateField(_("at full capacity by"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-granted_on", "-id"]
        verbose_name = _("land commitment")
        verbose_name_plural = _("land commitments")
        indexes = [models.Index(fields=["granted_on"], name="commitment_granted")]

    def __str__(self) -> str:
        return f"{self.parcel} · {self.project}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        order = [
            ("granted_on", self.granted_on),
            ("start_by_on", self.start_by_on),
            ("production_by_on", self.production_by_on),
            ("capacity_by_on", self.capacity_by_on),
        ]
        previous: Any = None
        for name, day in order:
            if day is None:
                continue
            if previous is not None and day < previous:
                errors[name] = _("This deadline cannot come before the one above it.")
            previous = day
        if self.parcel_id and self.project_id and self.parcel.zone_id != self.project.zone_id:
            errors["project"] = _("This project is not in the parcel's zone.")
        if errors:
            raise ValidationError(errors)


class CommitmentCheck(models.Model):
    """One check of a commitment: promise against actual for each item, kept with its figures."""

    org_path = "commitment__parcel__zone__organisation"

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="checks", verbose_name=_("commitment")
    )
    kind = models.CharField(_("check"), max_length=12, choices=CommitmentCheckKind.choices)
    checked_on = models.DateField(_("checked on"))
    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # [{item, promised, actual, unit, outcome, source}]
    results = models.JSONField(_("results"), default=list)
    is_met = models.BooleanField(_("met"))

    class Meta:
        ordering = ["-checked_on", "-id"]
        verbose_name = _("commitment check")
        verbose_name_plural = _("commitment checks")

    def __str__(self) -> str:
        return f"{self.commitment_id} {self.kind} {self.checked_on}"


class FollowUp(Record):
    """What a failed promise opens: a follow-up of the commitment, closed with a note; its
    history is the audit trail."""

    org_path = "commitment__parcel__zone__organisation"

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("commitment"),
    )
    check_run = models.OneToOneField(
        CommitmentCheck, on_delete=models.CASCADE, related_name="follow_up", verbose_name=_("check")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.commitment} · {self.opened_on}"
