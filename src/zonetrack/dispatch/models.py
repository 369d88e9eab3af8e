"""Problems and their events, three-colour warnings, alerts and notifications, meetings."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zonetrack.accounts.models import Organisation
from zonetrack.core.badges import colour_for
from zonetrack.core.models import Record
from zonetrack.projects.models import Milestone, Project
from zonetrack.registry.models import Zone

from .attachments import InstructionAttachment  # noqa: F401  (re-exported; kept in its own module)
from .choices import (
    AgendaReason,
    AlertKind,
    Channel,
    Colour,
    ColourRuleKind,
    DecisionKind,
    DeliveryStatus,
    EscalationLevel,
    EventKind,
    ProblemCategory,
    ProblemStatus,
    WebhookFormat,
)
from .reasons import reason_text


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
            # stops after a page, instead of sorting every open problem; with the zone in it,
            # the list's total is counted from the index alone.
            models.Index(
                fields=["deadline_on", "zone"],
                condition=Q(
                    status__in=["assigned", "in_hand", "answered"], archived_at__isnull=True
                ),
                name="problem_open_by_deadline",
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
        indexes = [models.Index(fields=["zone", "milestone", "colour"], name="colour_zone")]

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


class Alert(models.Model):
    """A condition found by the daily job; its key makes each condition alert only once."""

    org_path = "zone__organisation"

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=AlertKind.choices)
    zone = models.ForeignKey(Zone, null=True, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(Project, null=True, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self) -> str:
        return self.text


class Notification(models.Model):
    """An in-app message to one user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    alert = models.ForeignKey(Alert, null=True, blank=True, on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=30, choices=AlertKind.choices)
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text


class Webhook(Record):
    """A chat robot (or any endpoint) an organisation's alerts are posted to, in its format.

    It hears the alerts of the projects in its organisation's own zones, and with
    ``covers_below`` those of every organisation below (a city hearing its zones). The secret
    signs DingTalk messages; it is written, never shown back, and kept out of the history.
    """

    org_path = "organisation"
    history_exclude: ClassVar[frozenset[str]] = Record.history_exclude | {"secret"}

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    url = models.CharField(_("webhook address"), max_length=500)
    format = models.CharField(
        _("message format"),
        max_length=10,
        choices=WebhookFormat.choices,
        default=WebhookFormat.GENERIC,
    )
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    is_active = models.BooleanField(_("switched on"), default=True)
    sends_digest = models.BooleanField(_("daily digest when there are many alerts"), default=True)
    covers_below = models.BooleanField(
        _("also the alerts of the organisations below"), default=False
    )

    class Meta:
        ordering = ["organisation_id", "name", "id"]
        verbose_name = _("alert webhook")
        verbose_name_plural = _("alert webhooks")

    def __str__(self) -> str:
        return self.name

    @property
    def has_secret(self) -> bool:
        return bool(self.secret)


class Delivery(models.Model):
    """One e-mail or webhook delivery of a job run's alerts, kept so failures are visible.

    A webhook's daily digest carries ``digest_on``: a sent one is never sent again that day.
    """

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    target = models.CharField(_("target"), max_length=300)
    webhook = models.ForeignKey(
        Webhook, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    digest_on = models.DateField(_("digest of"), null=True, blank=True)
    payload = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")
        indexes = [models.Index(fields=["webhook", "digest_on"], name="delivery_digest")]

    def __str__(self) -> str:
        return f"{self.channel} {self.target} {self.status}"


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
