"""Writes of promotion's spreadsheets: the leads of an uploaded list added to one zone at
once, all or none, each as ``lead_create`` adds one (validated, owned, in the history)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from zonetrack.accounts.models import User
from zonetrack.projects import services as project_services
from zonetrack.registry.models import Cluster, Zone

from .. import permissions
from ..models import Channel, Lead, Region
from .leads import lead_create


@dataclass(frozen=True)
class LeadDraft:
    """One lead of an uploaded list, as its check found it: the text as written and the listed
    values (cluster, channel, region, owner) by id. With a credit code the investor is an
    enterprise on record; without, the name describes the prospect."""

    name: str
    investor_name: str = ""
    credit_code: str = ""
    cluster_id: int | None = None
    investment_wan: Decimal | None = None
    channel_id: int | None = None
    region_id: int | None = None
    owner_id: int | None = None
    next_action: str = ""
    next_action_on: date | None = None
    notes: str = ""


def _by_id(model: type[models.Model], ids: set[int | None]) -> dict[int, Any]:
    wanted = {pk for pk in ids if pk is not None}
    found = model._default_manager.in_bulk(wanted) if wanted else {}
    if len(found) != len(wanted):
        # A listed value was deleted between the preview and its confirmation.
        raise ValidationError(_("The lists have changed since the preview; upload the file again."))
    return found


@transaction.atomic
def leads_import(
    *,
    actor: User | None,
    zone: Zone,
    drafts: Sequence[LeadDraft],
    progress: Callable[[int], None] | None = None,
) -> list[Lead]:
    """Add every draft to ``zone`` as a new lead, or none of them: one refusal undoes them all."""
    if actor is not None and not permissions.can_add_lead(actor, zone):
        raise PermissionDenied
    clusters = _by_id(Cluster, {d.cluster_id for d in drafts})
    channels = _by_id(Channel, {d.channel_id for d in drafts})
    regions = _by_id(Region, {d.region_id for d in drafts})
    owners = _by_id(User, {d.owner_id for d in drafts})
    leads = []
    for done, draft in enumerate(drafts, start=1):
        investor = (
            project_services.enterprise_for(name=draft.investor_name, credit_code=draft.credit_code)
            if draft.credit_code
            else None
        )
        leads.append(
            lead_create(
                actor=actor,
                zone=zone,
                name=draft.name,
                investor=investor,
                prospect="" if investor else draft.investor_name,
                cluster=clusters.get(draft.cluster_id or 0),
                investment_wan=draft.investment_wan,
                channel=channels.get(draft.channel_id or 0),
                region=regions.get(draft.region_id or 0),
                owner=owners.get(draft.owner_id or 0),
                next_action=draft.next_action,
                next_action_on=draft.next_action_on,
                notes=draft.notes,
            )
        )
        if progress and done % 100 == 0:
            progress(done)
    return leads
