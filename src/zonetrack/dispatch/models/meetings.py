"""Dispatch meetings (调度会), their agenda and their decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts.models import Organisation
from zonetrack.core.models import Record
from zonetrack.projects.models import Milestone, Project

from ..choices import (
    AgendaReason,
    DecisionKind,
)
from .colours import ColourStatus
from .problems import Problem


class Meeting(Record):
    """A dispatch meeting (调度会) of an organisation: agenda, attendees and decisions."""

    org_path = "organisation"

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    attendees = models.TextField(_("attendees"), blank=True, help_text=_("One name per line."))
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("dispatch meeting")
        verbose_name_plural = _("dispatch meetings")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"


class AgendaItem(models.Model):
    """A project on a meeting's agenda, and why it is there."""

    org_path = "meeting__organisation"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=AgendaReason.choices)
    position = models.PositiveIntegerField(default=0)

    # Not stored: set on the items of a meeting's agenda (selectors.meeting_agenda) — the
    # project's colour, its open and overdue problem counts, and the meeting's decisions on it.
    colour_status: ColourStatus
    colour: str
    open_problems: int
    overdue_problems: int
    decisions: list[Decision]

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "project"], name="agenda_unique_project")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.project_id}"


class Decision(models.Model):
    """A decision a meeting took on a project; it may have become a problem or a milestone."""

    org_path = "meeting__organisation"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind.choices)
    text = models.TextField(_("decision"))
    due_on = models.DateField(_("due"), null=True, blank=True)
    problem = models.ForeignKey(
        Problem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]
