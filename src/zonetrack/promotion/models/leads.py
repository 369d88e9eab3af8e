"""Models of promotion: the managed lists of source channels and origin regions, leads and
their interactions."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.core.models import Record
from zonetrack.projects.choices import SourceChannel
from zonetrack.projects.models import Enterprise, Project
from zonetrack.registry.models import Cluster, Zone

from ..choices import EventKind, InteractionKind, LeadStatus


class Channel(models.Model):
    """A source channel of leads (专业招商, 以企招商 …): a managed list, so leads can be
    counted by channel; ``project_channel`` is the channel a converted project records."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    project_channel = models.CharField(
        _("project source channel"), max_length=20, choices=SourceChannel.choices, blank=True
    )
    sort_order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("source channel")
        verbose_name_plural = _("source channels")

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """An origin region of investors (京津冀, 长三角 …): a managed list."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("origin region")
        verbose_name_plural = _("origin regions")

    def __str__(self) -> str:
        return self.name


class Lead(Record):
    """A lead (招商线索) of a zone: an investor (or an unnamed prospect) and what it intends,
    worked from first contact until it becomes a project, goes dormant or is lost."""

    org_path = "zone__organisation"

    zone = models.ForeignKey(
        Zone,
        verbose_name=_("zone"),
        on_delete=models.PROTECT,
        related_name="leads",
        # Indexed with the status below: live leads by zone and status, from the index alone.
        db_index=False,
    )
    name = models.CharField(_("name"), max_length=200)
    investor = models.ForeignKey(
        Enterprise,
        verbose_name=_("investor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    prospect = models.CharField(
        _("prospect"),
        max_length=200,
        blank=True,
        help_text=_("Who the investor may be, while it has no name on record."),
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("industry cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    node = models.ForeignKey(
        "promotion.ChainNode",
        verbose_name=_("chain link"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    investment_wan = models.DecimalField(
        _("intended investment (万元)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    channel = models.ForeignKey(
        Channel,
        verbose_name=_("source channel"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("origin region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=LeadStatus.choices, default=LeadStatus.NEW
    )
    status_on = models.DateField(_("in this status since"), null=True, blank=True)
    lost_reason = models.CharField(_("reason lost"), max_length=200, blank=True)
    lost_to = models.ForeignKey(
        Region,
        verbose_name=_("region that won it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    next_action = models.CharField(_("next action"), max_length=200, blank=True)
    next_action_on = models.DateField(_("next action due"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    project = models.OneToOneField(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead",
    )
    trip = models.ForeignKey(
        "Trip",
        verbose_name=_("from the outbound trip"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        indexes = [
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["next_action_on"]),
            # The live leads, for the pages: counted by zone and status from the index alone,
            # and read newest first (the list) or latest in a status (the board) along it,
            # stopping after a page.
            models.Index(
                fields=["zone", "status", "status_on"],
                condition=models.Q(archived_at__isnull=True),
                name="lead_live_zone_status",
            ),
            models.Index(
                fields=["-created_at", "-id"],
                condition=models.Q(archived_at__isnull=True),
                name="lead_live_newest",
            ),
            models.Index(
                fields=["status", "-status_on", "-id"],
                condition=models.Q(archived_at__isnull=True),
                name="lead_live_status_latest",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def investor_name(self) -> str:
        return self.investor.name if self.investor_id and self.investor else self.prospect

    def clean(self) -> None:
        if self.status == LeadStatus.LOST and not self.lost_reason.strip():
            raise ValidationError({"lost_reason": _("Say why the lead was lost.")})
        if self.next_action_on and not self.next_action.strip():
            raise ValidationError({"next_action": _("Say what the next action is.")})


class Interaction(models.Model):
    """A contact with a lead's investor: a visit, call, meeting or site tour."""

    lead = models.ForeignKey(
        Lead, verbose_name=_("lead"), on_delete=models.CASCADE, related_name="interactions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InteractionKind.choices)
    happened_on = models.DateField(_("date"))
    people = models.CharField(_("who"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    trip = models.ForeignKey(
        "Trip",
        verbose_name=_("outbound trip"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on}"


class Enquiry(Record):
    """An investor's enquiry to a zone (by telephone, on line, by letter): when it came, when it
    was first answered and when closed; answered within the response-time target or late."""

    org_path = "zone__organisation"

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="enquiries"
    )
    subject = models.CharField(_("subject"), max_length=200)
    enquirer = models.CharField(_("enquirer"), max_length=200)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    channel = models.ForeignKey(
        Channel,
        verbose_name=_("source channel"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enquiries",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enquiries",
    )
    received_at = models.DateTimeField(_("received at"))
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        indexes = [models.Index(fields=["zone", "received_at"])]

    def __str__(self) -> str:
        return self.subject

    def clean(self) -> None:
        errors = {}
        if (
            self.received_at
            and self.first_response_at
            and self.first_response_at < self.received_at
        ):
            errors["first_response_at"] = _("An enquiry cannot be answered before it was received.")
        if self.received_at and self.closed_at and self.closed_at < self.received_at:
            errors["closed_at"] = _("An enquiry cannot be closed before it was received.")
        if errors:
            raise ValidationError(errors)


class Event(Record):
    """A promotion event or signing ceremony held by an organisation (a zone's committee, a
    city or the province), with the projects signed there."""

    org_path = "organisation"

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="promotion_events",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    co_organisers = models.CharField(_("co-organisers"), max_length=300, blank=True)
    attending = models.TextField(_("firms attending"), blank=True, help_text=_("One firm a line."))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    @property
    def firms_attending(self) -> list[str]:
        return [line.strip() for line in self.attending.splitlines() if line.strip()]


class EventSigning(models.Model):
    """A project signed at an event: each project is counted at one event only, however many
    organisers claim the event."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="signings"
    )
    project = models.OneToOneField(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="event_signing"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("project signed at an event")
        verbose_name_plural = _("projects signed at events")

    def __str__(self) -> str:
        return f"{self.event} · {self.project}"


class Trip(Record):
    """An outbound promotion trip (外出招商) of an organisation: who led it, who went, when and
    where; its visits are interactions on leads, and the leads it produced name it."""

    org_path = "organisation"

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="promotion_trips",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="promotion_trips",
    )
    members = models.CharField(_("members"), max_length=300, blank=True)
    starts_on = models.DateField(_("leaves on"))
    ends_on = models.DateField(_("back on"))
    destinations = models.CharField(_("destinations"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("outbound trip")
        verbose_name_plural = _("outbound trips")
        indexes = [models.Index(fields=["leader", "starts_on"], name="trip_leader_start")]

    def __str__(self) -> str:
        return f"{self.destinations} {self.starts_on:%Y-%m-%d}"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A trip cannot end before it starts.")})
