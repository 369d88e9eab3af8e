"""Writes of promotion: leads (create, next action, status steps, conversion into a project)
and their interactions. Each validates, saves and records the change in ``audit``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.audit.services import actor_user, tracked_create, tracked_update
from zonetrack.projects import permissions as project_permissions
from zonetrack.projects import services as project_services
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import Enterprise, Project
from zonetrack.registry.models import Cluster, Zone

from .. import permissions
from ..choices import CONVERTIBLE_STATUSES, NEXT_STATUSES, LeadStatus
from ..models import (
    ChainNode,
    ChainPlacement,
    Channel,
    Enquiry,
    Event,
    EventSigning,
    Interaction,
    Lead,
    Region,
    Trip,
)

if TYPE_CHECKING:
    from zonetrack.accounts.models import User


def _allowed(actor: User | None, lead: Lead) -> bool:
    # The demo and jobs write as the system (no actor); people need the zone's officers' right.
    return actor is None or permissions.can_change_lead(actor, lead)


@transaction.atomic
def lead_create(
    *,
    actor: User | None,
    zone: Zone,
    name: str,
    investor: Enterprise | None = None,
    prospect: str = "",
    cluster: Cluster | None = None,
    node: ChainNode | None = None,
    investment_wan: Decimal | None = None,
    channel: Channel | None = None,
    region: Region | None = None,
    owner: User | None = None,
    next_action: str = "",
    next_action_on: date | None = None,
    notes: str = "",
    received_on: date | None = None,
    trip: Trip | None = None,
) -> Lead:
    """Add a lead to a zone, new, owned by ``owner`` (or whoever adds it); ``trip``: the
    outbound trip that produced it; ``node``: the chain link it would fill (its chain's
    cluster is the lead's when none is given)."""
    if zone.is_archived:
        raise ValidationError({"zone": _("This zone is archived; leads cannot be added.")})
    if actor is not None and not permissions.can_add_lead(actor, zone):
        raise PermissionDenied
    if investor is None and not prospect.strip():
        raise ValidationError({"prospect": _("Name the investor or describe the prospect.")})
    if node is not None and cluster is None:
        cluster = node.chain.cluster
    lead = Lead(
        zone=zone,
        name=name,
        investor=investor,
        prospect=prospect,
        cluster=cluster,
        node=node,
        investment_wan=investment_wan,
        channel=channel,
        region=region,
        owner=owner or actor_user(actor),
        status=LeadStatus.NEW,
        status_on=received_on or timezone.localdate(),
        next_action=next_action,
        next_action_on=next_action_on,
        notes=notes,
        trip=trip,
    )
    return tracked_create(actor=actor, obj=lead, check=partial(_allowed, actor))


@transaction.atomic
def lead_set_next_action(
    *, actor: User | None, lead: Lead, next_action: str, next_action_on: date | None
) -> Lead:
    """Set (or clear) what is to be done next on the lead, and by when."""
    if not _allowed(actor, lead):
        raise PermissionDenied
    return tracked_update(
        actor=actor,
        obj=lead,
        changes={"next_action": next_action, "next_action_on": next_action_on},
    )


@transaction.atomic
def lead_set_status(
    *,
    actor: User | None,
    lead: Lead,
    status: str,
    changed_on: date | None = None,
    lost_reason: str = "",
    lost_to: Region | None = None,
) -> Lead:
    """Move a lead one step (contacted, negotiating, dormant, lost with a reason and the
    region that won it). Converting is ``lead_convert``."""
    if not _allowed(actor, lead):
        raise PermissionDenied
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if status not in NEXT_STATUSES.get(lead.status, ()):
        raise ValidationError(
            {
                "status": _("A lead that is %(current)s cannot become %(status)s.")
                % {
                    "current": lead.get_status_display(),
                    "status": LeadStatus(status).label if status in LeadStatus.values else status,
                }
            }
        )
    changes: dict[str, object] = {
        "status": status,
        "status_on": changed_on or timezone.localdate(),
        "lost_reason": lost_reason.strip() if status == LeadStatus.LOST else "",
        "lost_to": lost_to if status == LeadStatus.LOST else None,
    }
    if status == LeadStatus.LOST:
        # A lost lead waits for nothing: its next action would alert forever.
        changes.update(next_action="", next_action_on=None)
    return tracked_update(actor=actor, obj=lead, changes=changes)


@transaction.atomic
def lead_convert(
    *, actor: User | None, lead: Lead, name: str = "", converted_on: date | None = None
) -> Project:
    """Turn a lead in contact or negotiation into a project of its zone's pipeline (pursued),
    carrying its investor, cluster, chain link, investment, channel and region; the lead
    links to it and keeps its history. A lead converts once."""
    if not _allowed(actor, lead):
        raise PermissionDenied
    lead = (
        Lead.objects.select_for_update(of=("self",))
        .select_related("zone", "channel", "region", "node__chain")
        .get(pk=lead.pk)
    )
    if lead.project_id is not None or lead.status == LeadStatus.CONVERTED:
        raise ValidationError({"status": _("This lead has already been converted.")})
    if lead.status not in CONVERTIBLE_STATUSES:
        raise ValidationError(
            {
                "status": _(
                    "Only a lead in contact or negotiation can be converted; "
                    "this one is %(status)s."
                )
                % {"status": lead.get_status_display()}
            }
        )
    day = converted_on or timezone.localdate()
    investor = lead.investor
    if investor is None:
        # The prospect becomes a named investor now: a project names one.
        investor = project_services.enterprise_for(name=lead.prospect)
    project = project_services.project_create(
        actor=actor,
        zone=lead.zone,
        pursued_on=lead.created_at.date() if lead.created_at else day,
        name=name.strip() or lead.name,
        investor=investor,
        cluster=lead.cluster,
        total_investment_wan=lead.investment_wan,
        origin_region=lead.region.name if lead.region else "",
        source_channel=lead.channel.project_channel if lead.channel else "",
        description=lead.notes,
    )
    if lead.node is not None:
        tracked_create(
            actor=actor,
            obj=ChainPlacement(project=project, node=lead.node, placed_by=actor_user(actor)),
        )
    tracked_update(
        actor=actor,
        obj=lead,
        changes={
            "status": LeadStatus.CONVERTED,
            "status_on": day,
            "project": project,
            "investor": investor,
            "next_action": "",
            "next_action_on": None,
        },
    )
    return project


@transaction.atomic
def interaction_add(
    *,
    actor: User | None,
    lead: Lead,
    kind: str,
    happened_on: date,
    people: str,
    notes: str = "",
    trip: Trip | None = None,
) -> Interaction:
    """Record a visit, call, meeting or site tour with the lead's investor (a visit may be
    one of an outbound trip's). Not in the future: it has happened."""
    if not _allowed(actor, lead):
        raise PermissionDenied
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("An interaction cannot be in the future.")})
    interaction = Interaction(
        lead=lead,
        kind=kind,
        happened_on=happened_on,
        people=people,
        notes=notes,
        recorded_by=actor_user(actor),
        trip=trip,
    )
    tracked_create(actor=actor, obj=interaction)
    # The stored status, not the caller's copy: it may have moved since that was read.
    if Lead.objects.filter(pk=lead.pk, status=LeadStatus.NEW).exists():
        # The first contact moves a new lead on by itself.
        lead_set_status(actor=actor, lead=lead, status=LeadStatus.CONTACTED, changed_on=happened_on)
    return interaction


@transaction.atomic
def enquiry_create(
    *,
    actor: User | None,
    zone: Zone,
    subject: str,
    enquirer: str,
    received_at: datetime,
    contact: str = "",
    channel: Channel | None = None,
    owner: User | None = None,
    notes: str = "",
) -> Enquiry:
    """Record an investor's enquiry to a zone, owned by ``owner`` (or whoever records it)."""
    if actor is not None and not permissions.can_add_lead(actor, zone):
        raise PermissionDenied
    if received_at > timezone.now():
        raise ValidationError({"received_at": _("An enquiry cannot be received in the future.")})
    enquiry = Enquiry(
        zone=zone,
        subject=subject,
        enquirer=enquirer,
        contact=contact,
        channel=channel,
        owner=owner or actor_user(actor),
        received_at=received_at,
        notes=notes,
    )
    return tracked_create(actor=actor, obj=enquiry)


def _enquiry_step(actor: User | None, enquiry: Enquiry) -> Enquiry:
    if actor is not None and not permissions.can_add_lead(actor, enquiry.zone):
        raise PermissionDenied
    return Enquiry.objects.select_for_update().get(pk=enquiry.pk)


@transaction.atomic
def enquiry_respond(*, actor: User | None, enquiry: Enquiry, at: datetime) -> Enquiry:
    """Record the first response to an enquiry (once: a later answer is not the first)."""
    enquiry = _enquiry_step(actor, enquiry)
    if enquiry.first_response_at is not None:
        raise ValidationError({"at": _("This enquiry has already been answered.")})
    if at > timezone.now():
        raise ValidationError({"at": _("A response cannot be in the future.")})
    if at < enquiry.received_at:
        raise ValidationError({"at": _("An enquiry cannot be answered before it was received.")})
    return tracked_update(actor=actor, obj=enquiry, changes={"first_response_at": at})


@transaction.atomic
def enquiry_close(*, actor: User | None, enquiry: Enquiry, at: datetime) -> Enquiry:
    """Close an enquiry; closing counts as its first response if it had none."""
    enquiry = _enquiry_step(actor, enquiry)
    if enquiry.closed_at is not None:
        raise ValidationError({"at": _("This enquiry is already closed.")})
    if at > timezone.now():
        raise ValidationError({"at": _("An enquiry cannot be closed in the future.")})
    if at < enquiry.received_at:
        raise ValidationError({"at": _("An enquiry cannot be closed before it was received.")})
    changes = {"closed_at": at}
    if enquiry.first_response_at is None:
        changes["first_response_at"] = at
    return tracked_update(actor=actor, obj=enquiry, changes=changes)


@transaction.atomic
def event_create(
    *,
    actor: User | None,
    organisation: Organisation,
    title: str,
    kind: str,
    held_on: date,
    place: str,
    co_organisers: str = "",
    attending: str = "",
    notes: str = "",
) -> Event:
    """Record a promotion event or signing ceremony held by ``organisation``."""
    if not permissions.can_hold_event(actor, organisation):
        raise PermissionDenied
    event = Event(
        organisation=organisation,
        title=title,
        kind=kind,
        held_on=held_on,
        place=place,
        co_organisers=co_organisers,
        attending=attending,
        notes=notes,
    )
    return tracked_create(actor=actor, obj=event)


@transaction.atomic
def event_sign(*, actor: User | None, event: Event, project: Project) -> EventSigning:
    """Count a project as signed at the event: a project of the organiser's zones (its zone
    group), and at one event only."""
    if not permissions.can_hold_event(actor, event.organisation):
        raise PermissionDenied
    if not access.is_within(project.zone.organisation, event.organisation):
        raise ValidationError(
            {"project": _("This project is not of a zone under the event's organiser.")}
        )
    existing = EventSigning.objects.filter(project=project).select_related("event").first()
    if existing is not None:
        raise ValidationError(
            {
                "project": _("This project is already counted as signed at %(event)s.")
                % {"event": existing.event.title}
            }
        )
    signing = tracked_create(actor=actor, obj=EventSigning(event=event, project=project))
    _signed_on(actor, project, event)
    return signing


# The stages before signing, in order: a project signed at an event moves on from them.
_BEFORE_SIGNING = (Stage.PURSUED, Stage.PACKAGED)


def _signed_on(actor: User | None, project: Project, event: Event) -> None:
    """A project signed at the event is signed on the event's day: one still pursued or
    packaged moves to the signed stage (the stages it skips dated that day), awaiting
    verification like any claim of signing. Whoever may record the event's signings may
    record this move; when they could not change the project otherwise, the move is written
    by zonetrack and its note names them."""
    if project.stage not in _BEFORE_SIGNING:
        return
    if project.stage_on and event.held_on < project.stage_on:
        raise ValidationError(
            {
                "project": _(
                    "The event was held on %(held)s, before this project was %(stage)s "
                    "(%(since)s): it cannot have been signed there."
                )
                % {
                    "held": event.held_on.isoformat(),
                    "stage": project.get_stage_display(),
                    "since": project.stage_on.isoformat(),
                }
            }
        )
    skipped = {
        stage.value: event.held_on
        for stage in _BEFORE_SIGNING[_BEFORE_SIGNING.index(Stage(project.stage)) + 1 :]
    }
    note = _("Signed at %(event)s") % {"event": event.title}
    mover = actor
    if actor is not None and not project_permissions.can_change_project(actor, project):
        mover = None
        note = _("Signed at %(event)s (recorded by %(who)s)") % {
            "event": event.title,
            "who": str(actor),
        }
    try:
        project_services.project_transition(
            actor=mover,
            project=project,
            to_stage=Stage.SIGNED,
            happened_on=event.held_on,
            note=note,
            skipped=skipped,
        )
    except ValidationError as exc:
        raise ValidationError({"project": exc.messages}) from None
