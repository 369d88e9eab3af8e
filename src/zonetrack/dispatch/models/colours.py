"""Three-colour warnings: the rules, each project's and milestone's colour, its history."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonetrack.core.badges import colour_for
from zonetrack.projects.models import Milestone, Project
from zonetrack.registry.models import Zone

from ..choices import (
    Colour,
    ColourRuleKind,
)
from ..reasons import reason_text


class ColourRule(models.Model):
    """One rule of the three colours, as data an administrator edits: its thresholds, whether
    it is on, and the zones it is off for. A project's colour is the worst of its rules.

    The measure of each rule: days late for a planned node and for a missing monthly report,
    points behind the time elapsed (序时进度) for investment, and for overdue problems the
    escalation level reached (0 zone, 1 city, 2 province). Days and points turn a colour when
    they are *above* its threshold; a problem's level when it is *at or above* it.
    """

    kind = models.CharField(
        _("colour rule"), max_length=30, choices=ColourRuleKind.choices, unique=True
    )
    is_active = models.BooleanField(_("switched on"), default=True)
    yellow_at = models.PositiveIntegerField(_("yellow threshold"), default=0)
    red_at = models.PositiveIntegerField(_("red threshold"), default=0)
    disabled_zones = models.ManyToManyField(
        Zone, verbose_name=_("off in these zones"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("colour rule")
        verbose_name_plural = _("colour rules")

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def colour_of(self, measure: int) -> str:
        """The colour this rule gives a measure (green when neither threshold is reached)."""
        if self.kind == ColourRuleKind.PROBLEM_OVERDUE:
            if measure >= self.red_at:
                return Colour.RED
            return Colour.YELLOW if measure >= self.yellow_at else Colour.GREEN
        if measure > self.red_at:
            return Colour.RED
        return Colour.YELLOW if measure > self.yellow_at else Colour.GREEN


class ColourStatus(models.Model):
    """The current three-colour status (三色预警) of a project, or of one of its milestones.

    ``computed`` follows the schedule rule; ``colour`` is what is shown: the manager's override
    while there is one, else the computed colour. A refresh service keeps them current so
    reads are one indexed query.
    """

    org_path = "zone__organisation"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    milestone = models.OneToOneField(
        Milestone, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+")
    computed = models.CharField(_("computed colour"), max_length=10, choices=Colour.choices)
    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices)
    override_colour = models.CharField(
        _("override"), max_length=10, choices=Colour.choices, blank=True
    )
    override_reason = models.TextField(_("justification"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    override_at = models.DateTimeField(null=True, blank=True)
    override_until = models.DateField(_("override until"), null=True, blank=True)
    # Which rules fired and by how much ({"rule", "colour", and the rule's figures}), worst
    # first; ``days_late`` is the most days late among them, for sorting lists by urgency.
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    days_late = models.PositiveIntegerField(_("days late"), default=0)
    since = models.DateTimeField(_("colour since"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("colour status")
        verbose_name_plural = _("colour statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(milestone__isnull=True),
                name="colour_one_per_project",
            )
        ]
        indexes = [
            models.Index(fields=["zone", "milestone", "colour"], name="colour_zone"),
            # The reddest projects of a province: walked latest first, stopping after a page.
            models.Index(
                fields=["colour", "-days_late", "project"],
                condition=Q(milestone__isnull=True),
                name="colour_latest",
            ),
            # The few overrides with a last day: those that ran out are found without a scan.
            models.Index(
                fields=["override_until"],
                condition=Q(milestone__isnull=True) & ~Q(override_colour=""),
                name="colour_override_until",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}/{self.milestone_id}: {self.colour}"

    def override_expired(self, today: Any = None) -> bool:
        """Whether the override ran out (its last day has passed): the computed colour shows."""
        today = today or timezone.localdate()
        return bool(self.override_colour and self.override_until and self.override_until < today)

    @property
    def current_colour(self) -> str:
        """The colour to show today: an expired override no longer counts, even before the
        daily job clears it."""
        return self.computed if self.override_expired() else self.colour

    @property
    def current_colour_label(self) -> str:
        return str(dict(Colour.choices).get(self.current_colour, self.current_colour))

    @property
    def current_colour_css(self) -> str:
        return colour_for(Colour.choices, self.current_colour)

    @property
    def reason_texts(self) -> list[str]:
        return [text for reason in self.reasons or [] if (text := reason_text(reason))]


class ColourChange(models.Model):
    """One change of a colour: by the schedule rule, or a manager's override with its reason."""

    org_path = "status__zone__organisation"

    status = models.ForeignKey(ColourStatus, on_delete=models.CASCADE, related_name="changes")
    from_colour = models.CharField(max_length=10, choices=Colour.choices, blank=True)
    to_colour = models.CharField(max_length=10, choices=Colour.choices)
    is_override = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_colour} → {self.to_colour}"
