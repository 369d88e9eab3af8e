"""Writes of promotion's spreadsheets: the leads of an uploaded list added to one zone at
once, all or none, each as ``lead_create`` adds one (validated, owned, in the history); the
firms of an uploaded chain map added to one zone's map the same way, each as
``chain_firm_add`` or ``target_firm_add`` adds one."""

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
from ..models import ChainFirm, ChainNode, Channel, Lead, Region, TargetFirm
from .chains import chain_firm_add, target_firm_add
from .leads import lead_create

# The two kinds of firm a chain map lists at a link: present there, or wanted there.
PRESENT, TARGET = "present", "target"


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


@dataclass(frozen=True)
class ChainFirmDraft:
    """One firm of an uploaded chain map, as its check found it: present at a link (a chain
    leader or not, its products) or a target for it (where from, why), by the link's id. With
    a credit code the firm is an enterprise on record."""

    kind: str
    node_id: int
    name: str
    credit_code: str = ""
    is_leader: bool = False
    products: str = ""
    region_id: int | None = None
    reason: str = ""


@transaction.atomic
def chain_map_import(
    *,
    actor: User | None,
    zone: Zone,
    drafts: Sequence[ChainFirmDraft],
    progress: Callable[[int], None] | None = None,
) -> list[ChainFirm | TargetFirm]:
    """Add every draft to ``zone``'s chain map, or none of them: one refusal (a firm listed on
    its link since the preview, a link or region gone) undoes them all."""
    if actor is not None and not permissions.can_map_chain(actor, zone):
        raise PermissionDenied
    nodes = _by_id(ChainNode, {d.node_id for d in drafts})
    regions = _by_id(Region, {d.region_id for d in drafts})
    added: list[ChainFirm | TargetFirm] = []
    for done, draft in enumerate(drafts, start=1):
        enterprise = (
            project_services.enterprise_for(name=draft.name, credit_code=draft.credit_code)
            if draft.credit_code
            else None
        )
        node = nodes[draft.node_id]
        if draft.kind == PRESENT:
            added.append(
                chain_firm_add(
                    actor=actor,
                    zone=zone,
                    node=node,
                    name=draft.name,
                    enterprise=enterprise,
                    is_leader=draft.is_leader,
                    products=draft.products,
                )
            )
        else:
            added.append(
                target_firm_add(
                    actor=actor,
                    zone=zone,
                    node=node,
                    name=draft.name,
                    enterprise=enterprise,
                    region=regions.get(draft.region_id or 0),
                    reason=draft.reason,
                )
            )
        if progress and done % 100 == 0:
            progress(done)
    return added
