"""Problems (问题清单) and the steps of their loop."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zonetrack.accounts.models import Organisation
from zonetrack.core.models import Record
from zonetrack.projects.models import Project
from zonetrack.registry.models import Zone

from ..choices import (
    EscalationLevel,
    EventKind,
    ProblemCategory,
    ProblemStatus,
)


class Problem(Record):
    """A problem blocking a project (问题清单), worked through 交办 → 办理 → 反馈 → 销号.

    ``zone`` repeats the project's zone so lists over a province filter on one indexed column.
    It belongs to its project's zone (the owner, who changes it) and is also seen by the unit
    it is handed to: two ownership paths, one visibility rule.
    """

    org_path = "zone__organisation"
    org_paths = ("zone__organisation", "responsible_unit")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="problems"
    )
    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    category = models.CharField(_("category"), max_length=20, choices=ProblemCategory.choices)
    description = models.TextField(pgettext_lazy("problem", "description"))
    raised_on = models.DateField(_("raised on"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline_on = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProblemStatus.choices,
        default=ProblemStatus.ASSIGNED,
        editable=False,
    )
    resolution = models.TextField(_("resolution"), blank=True, editable=False)
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation level"),
        choices=EscalationLevel.choices,
        default=EscalationLevel.ZONE,
        editable=False,
    )
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["deadline_on", "id"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        indexes = [
            models.Index(fields=["zone", "status", "deadline_on"], name="problem_zone_open"),
            models.Index(fields=["status", "deadline_on"], name="problem_open_deadline"),
            models.Index(fields=["responsible_unit", "status"], name="problem_unit"),
            models.Index(fields=["project", "status"], name="problem_project"),
            # Open problems by deadline: the overdue list of a province reads along it and
            # stops after a page, instead of sorting every open problem; with the zone and the
            # responsible unit in it (the two ways a problem is seen), the list's total is
            # counted from the index alone.
            models.Index(
                fields=["deadline_on", "zone", "responsible_unit"],
                condition=Q(
                    status__in=["assigned", "in_hand", "answered"], archived_at__isnull=True
                ),
                name="problem_open_by_deadline_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.description[:40]}"

    @property
    def is_open(self) -> bool:
        return self.status != ProblemStatus.CLOSED

    @property
    def is_overdue(self) -> bool:
        """Open past its deadline."""
        return self.is_open and self.deadline_on < timezone.localdate()

    def is_assigned_to(self, user: Any) -> bool:
        """Officers work the problems they raised or answer for."""
        pk = getattr(user, "pk", None)
        return bool(pk) and pk in (self.raised_by_id, self.responsible_person_id)

    def clean(self) -> None:
        if self.deadline_on and self.raised_on and self.deadline_on < self.raised_on:
            raise ValidationError(
                {"deadline_on": _("The deadline cannot be before the date the problem was raised.")}
            )


class ProblemEvent(models.Model):
    """One step of a problem's loop, kept as domain data (who, what, when, the note)."""

    org_path = "problem__zone__organisation"

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status after"), max_length=20, choices=ProblemStatus.choices)
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation level after"), choices=EscalationLevel.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The deadline a supervision order sets, an extension asks for or a grant gives.
    deadline_on = models.DateField(_("deadline"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("problem event")
        verbose_name_plural = _("problem events")

    def __str__(self) -> str:
        return f"{self.problem_id} {self.kind}"
