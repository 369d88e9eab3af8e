"""Incentive agreements (招商协议 / 政策兑现): what was promised to a project's investor, the
conditions the investor must meet, the payments made, each check of a condition with its
figures, and the follow-up a failed condition opens — so no subsidy is paid for an investment
that did not happen."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, Self

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.core.models import Record, RecordQuerySet
from zonetrack.projects.models import Project

from ..choices import ConditionKind, ConditionOutcome, FollowUpAction, IncentiveKind

_money: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}
_not_negative = [MinValueValidator(Decimal(0), _("An amount cannot be negative."))]


class Agreement(Record):
    """An incentive agreement signed with a project's investor, owned by the project's zone."""

    org_path = "project__zone__organisation"

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="incentive_agreements",
    )
    title = models.CharField(_("title"), max_length=200)
    signed_on = models.DateField(_("signed on"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-signed_on", "-pk"]
        verbose_name = _("incentive agreement")
        verbose_name_plural = _("incentive agreements")

    def __str__(self) -> str:
        return self.title


class Promise(models.Model):
    """One promised item: a subsidy, a tax rebate for a year, a land-price concession, rent-free
    space — its amount and when it falls due."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="promises"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IncentiveKind.choices)
    amount_wan = models.DecimalField(_("amount (万元)"), validators=_not_negative, **_money)
    due_on = models.DateField(_("due on"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("promised incentive")
        verbose_name_plural = _("promised incentives")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_wan}"


class Condition(models.Model):
    """What the investor must meet: a threshold (万元 of investment or tax, a number of jobs)
    or a date (production), due on a date."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="conditions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConditionKind.choices)
    threshold = models.DecimalField(
        _("threshold"), null=True, blank=True, validators=_not_negative, **_money
    )
    due_on = models.DateField(_("due on"))

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("incentive condition")
        verbose_name_plural = _("incentive conditions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on}"


class Payment(models.Model):
    """Money paid (or value granted) on a promised item."""

    promise = models.ForeignKey(
        Promise,
        verbose_name=_("promised incentive"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    paid_on = models.DateField(_("paid on"))
    amount_wan = models.DecimalField(_("amount (万元)"), validators=_not_negative, **_money)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("incentive payment")
        verbose_name_plural = _("incentive payments")

    def __str__(self) -> str:
        return f"{self.promise_id} {self.paid_on} {self.amount_wan}"


class ConditionCheck(models.Model):
    """One check of a condition on a day, kept with the figure it read and where from."""

    condition = models.ForeignKey(
        Condition, verbose_name=_("condition"), on_delete=models.CASCADE, related_name="checks"
    )
    checked_on = models.DateField(_("checked on"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=ConditionOutcome.choices)
    actual = models.DecimalField(_("actual"), null=True, blank=True, **_money)
    actual_on = models.DateField(_("actual date"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_on", "-pk"]
        verbose_name = _("condition check")
        verbose_name_plural = _("condition checks")

    def __str__(self) -> str:
        return f"{self.condition_id} {self.checked_on} {self.outcome}"


class FollowUpQuerySet(RecordQuerySet):
    """Follow-ups, with the open ones (neither closed nor archived) one call away."""

    def open(self) -> Self:
        """The follow-ups still open: while one is, the agreement's payments are suspended."""
        return self.active().filter(closed_on__isnull=True)


FollowUpManager = models.Manager.from_queryset(FollowUpQuerySet)


class IncentiveFollowUp(Record):
    """What a failed condition opened: claw back what was paid, or suspend what is unpaid;
    closed with what was done."""

    org_path = "agreement__project__zone__organisation"

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    check_run = models.ForeignKey(
        ConditionCheck, verbose_name=_("check"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=10, choices=FollowUpAction.choices)
    amount_wan = models.DecimalField(_("amount (万元)"), **_money)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.TextField(_("what was done"), blank=True)

    objects: ClassVar[FollowUpManager] = FollowUpManager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("incentive follow-up")
        verbose_name_plural = _("incentive follow-ups")

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
