"""Decisions on idle land (腾笼换鸟): what a zone decided for a parcel the idle-land rule lists."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.core.models import Record

from ..choices import IdleDecisionKind
from .parcels import Parcel


class IdleDecision(Record):
    """One decision on a listed parcel — reclaim, re-plan, support — with the reasons it was
    listed for when decided; a later decision supersedes it, and every one is kept."""

    org_path = "parcel__zone__organisation"

    parcel = models.ForeignKey(
        Parcel, verbose_name=_("parcel"), on_delete=models.PROTECT, related_name="idle_decisions"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=IdleDecisionKind.choices)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reasons = models.JSONField(_("listed for"), default=list, blank=True, editable=False)
    note = models.TextField(_("reasons and next steps"))

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("idle land decision")
        verbose_name_plural = _("idle land decisions")
        indexes = [models.Index(fields=["parcel", "decided_on"], name="idle_decision_parcel")]

    def __str__(self) -> str:
        return f"{self.parcel_id} {self.decision} {self.decided_on}"
