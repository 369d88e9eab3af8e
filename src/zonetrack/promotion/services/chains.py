"""Writes of industry-chain maps: the firms present at a zone's links (链主 among them), the
target firms that could fill them, and projects placed on links. Each validates, saves and
records the change in ``audit``; nothing is deleted, a firm is archived."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zonetrack.audit.services import (
    actor_user,
    tracked_archive,
    tracked_create,
    tracked_restore,
    tracked_update,
)
from zonetrack.projects.models import Enterprise, Project
from zonetrack.registry.models import Zone

from .. import permissions
from ..models import ChainFirm, ChainNode, ChainPlacement, Region, TargetFirm

if TYPE_CHECKING:
    from zonetrack.accounts.models import User


def _may_map(actor: User | None, zone: Zone) -> bool:
    return actor is None or permissions.can_map_chain(actor, zone)


def _check_zone(actor: User | None, zone: Zone) -> None:
    if zone.is_archived:
        raise ValidationError({"zone": _("This zone is archived; its chain map cannot change.")})
    if not _may_map(actor, zone):
        raise PermissionDenied


def _firm_named(model: Any, zone: Zone, node: ChainNode, name: str) -> None:
    taken = model.objects.active().filter(zone=zone, node=node, name=name.strip())
    if taken.exists():
        raise ValidationError({"name": _("This firm is already listed on this link.")})


@transaction.atomic
def chain_firm_add(
    *,
    actor: User | None,
    zone: Zone,
    node: ChainNode,
    name: str,
    enterprise: Enterprise | None = None,
    is_leader: bool = False,
    products: str = "",
) -> ChainFirm:
    """List a firm as present at a link of the zone's chain map (a chain leader or not)."""
    _check_zone(actor, zone)
    name = (name or (enterprise.name if enterprise else "")).strip()
    if not name:
        raise ValidationError({"name": _("Name the firm.")})
    _firm_named(ChainFirm, zone, node, name)
    firm = ChainFirm(
        zone=zone,
        node=node,
        name=name,
        enterprise=enterprise,
        is_leader=is_leader,
        products=products.strip(),
    )
    return tracked_create(actor=actor, obj=firm, check=partial(_still_mappable, actor))


def _still_mappable(actor: User | None, record: ChainFirm | TargetFirm) -> bool:
    return _may_map(actor, record.zone)


@transaction.atomic
def chain_firm_set_leader(*, actor: User | None, firm: ChainFirm, is_leader: bool) -> ChainFirm:
    """Mark (or unmark) a present firm as the link's chain leader (链主)."""
    _check_zone(actor, firm.zone)
    return tracked_update(actor=actor, obj=firm, changes={"is_leader": is_leader})


@transaction.atomic
def target_firm_add(
    *,
    actor: User | None,
    zone: Zone,
    node: ChainNode,
    name: str,
    enterprise: Enterprise | None = None,
    region: Region | None = None,
    reason: str = "",
) -> TargetFirm:
    """Add a firm the zone wants to bring to a link (a target of 补链 / 强链)."""
    _check_zone(actor, zone)
    name = (name or (enterprise.name if enterprise else "")).strip()
    if not name:
        raise ValidationError({"name": _("Name the firm.")})
    _firm_named(TargetFirm, zone, node, name)
    target = TargetFirm(
        zone=zone, node=node, name=name, enterprise=enterprise, region=region, reason=reason
    )
    return tracked_create(actor=actor, obj=target, check=partial(_still_mappable, actor))


@transaction.atomic
def chain_record_archive(*, actor: User | None, record: ChainFirm | TargetFirm) -> Any:
    """Take a present or target firm off the map (archived, kept in the history)."""
    _check_zone(actor, record.zone)
    return tracked_archive(actor=actor, obj=record)


@transaction.atomic
def chain_record_restore(*, actor: User | None, record: ChainFirm | TargetFirm) -> Any:
    _check_zone(actor, record.zone)
    return tracked_restore(actor=actor, obj=record)


@transaction.atomic
def project_place(*, actor: User | None, project: Project, node: ChainNode) -> ChainPlacement:
    """Place a project on a chain link, or move it to another: a project sits on one link
    (the move is kept in its history). A chain crosses clusters (a battery-materials project
    sits on the new-energy-vehicle chain), so any project of the zone may sit on any link."""
    if not _may_map(actor, project.zone):
        raise PermissionDenied
    current = ChainPlacement.objects.select_for_update().filter(project=project).first()
    if current is None:
        return tracked_create(
            actor=actor,
            obj=ChainPlacement(project=project, node=node, placed_by=actor_user(actor)),
        )
    if current.node_id == node.pk:
        return current
    return tracked_update(actor=actor, obj=current, changes={"node": node})
