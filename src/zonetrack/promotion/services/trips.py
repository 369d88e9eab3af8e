"""Writes of outbound promotion trips (外出招商): a trip of an organisation led by one of its
people, and each firm visited on it — an interaction on a lead of a zone below the
organisation, so the visit counts in the lead's history too."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.services import tracked_create

from .. import permissions
from ..choices import InteractionKind
from ..models import Interaction, Lead, Trip
from .leads import interaction_add


@transaction.atomic
def trip_create(
    *,
    actor: User | None,
    organisation: Organisation,
    leader: User,
    starts_on: date,
    ends_on: date,
    destinations: str,
    members: str = "",
    purpose: str = "",
) -> Trip:
    """Record an outbound trip of an organisation, led by one of its people (or of a level
    above it)."""
    if actor is not None and not permissions.can_hold_event(actor, organisation):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not access.has_role(leader, organisation, Role.VIEWER):
        errors["leader"] = _("The leader must be one of the organisation's people.")
    if not destinations.strip():
        errors["destinations"] = _("Say where the trip went.")
    if starts_on > timezone.localdate() + timedelta(days=366):
        errors["starts_on"] = _("A trip is recorded at most a year ahead.")
    if errors:
        raise ValidationError(errors)
    trip = Trip(
        organisation=organisation,
        leader=leader,
        members=members.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        destinations=destinations.strip(),
        purpose=purpose.strip(),
    )
    return tracked_create(actor=actor, obj=trip)


@transaction.atomic
def trip_visit(
    *,
    actor: User | None,
    trip: Trip,
    lead: Lead,
    happened_on: date,
    people: str,
    notes: str = "",
) -> Interaction:
    """A firm visited on the trip: a visit on the lead (a lead of a zone below the trip's
    organisation), dated within the trip."""
    if not access.within(Lead.objects.filter(pk=lead.pk), trip.organisation).exists():
        raise ValidationError({"lead": _("This lead is not of a zone of the trip's organisation.")})
    if not trip.starts_on <= happened_on <= trip.ends_on:
        raise ValidationError(
            {
                "happened_on": _("The visit must fall within the trip, %(start)s to %(end)s.")
                % {"start": trip.starts_on.isoformat(), "end": trip.ends_on.isoformat()}
            }
        )
    return interaction_add(
        actor=actor,
        lead=lead,
        kind=InteractionKind.VISIT,
        happened_on=happened_on,
        people=people,
        notes=notes,
        trip=trip,
    )
