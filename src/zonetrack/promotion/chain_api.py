"""API routes of industry-chain maps: the chains with their state counts, a zone's map of one
chain (each link with its state and tallies), one link's panel, and the steps that keep the
map (a present firm, a target firm, a project placed on a link, taking a firm off)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from zonetrack.accounts import access
from zonetrack.core.validators import Id
from zonetrack.projects import services as project_services
from zonetrack.projects.models import Project

from . import selectors, services
from .models import ChainFirm, ChainNode, Region, TargetFirm
from .schemas import (
    ChainFirmIn,
    ChainFirmOut,
    ChainGapOut,
    ChainMapOut,
    ChainOut,
    ChainSummaryOut,
    LinkOut,
    LinkPanelOut,
    PlacementIn,
    PlacementOut,
    TargetFirmIn,
    TargetFirmOut,
)

router = Router(tags=["promotion"])


class ChainZoneQuery(Schema):
    zone: Id | None = None


def _link(link: selectors.Link) -> LinkOut:
    return LinkOut(
        id=link.node.pk,
        name=link.node.name,
        parent_id=link.node.parent_id,
        depth=link.depth,
        segment=link.node.segment,
        key_products=link.node.key_products,
        state=link.state,
        state_label=link.state_label,
        firms=link.tally.firms,
        leaders=link.tally.leaders,
        signed=link.tally.signed,
        leads=link.tally.leads,
        targets=link.tally.targets,
    )


def _chain(chain: Any) -> ChainOut:
    return ChainOut(
        id=chain.pk,
        code=chain.code,
        name=chain.name,
        cluster=chain.cluster.name if chain.cluster else None,
        strong_firms=chain.strong_firms,
        leader_makes_strong=chain.leader_makes_strong,
        signed_fills_gap=chain.signed_fills_gap,
    )


@router.get("/promotion/chains", response=list[ChainSummaryOut])
def chain_list(request: HttpRequest, filters: Query[ChainZoneQuery]) -> Any:
    """Every chain with its links counted by state over the zones in view (or one zone), and
    its gaps (zone and link)."""
    return [
        ChainSummaryOut(
            chain=_chain(s.chain),
            zones=s.zones,
            strong=s.strong,
            weak=s.weak,
            gap=s.gap,
            gaps=[
                ChainGapOut(zone_id=z.pk, zone=z.name, link_id=n.pk, link=n.name) for z, n in s.gaps
            ],
        )
        for s in selectors.chain_summaries(user=request.user, zone=filters.zone)
    ]


@router.get("/promotion/zones/{zone_id}/chains/{chain_id}", response=ChainMapOut)
def chain_map(request: HttpRequest, zone_id: Id, chain_id: Id) -> Any:
    """A zone's map of one chain: each link in reading order with its state and tallies."""
    found = selectors.chain_map(user=request.user, chain_id=chain_id, zone_id=zone_id)
    return ChainMapOut(
        chain=_chain(found.chain),
        zone_id=found.zone.pk,
        counts=found.counts,
        links=[_link(link) for link in found.links],
    )


@router.get("/promotion/zones/{zone_id}/chains/{chain_id}/links/{link_id}", response=LinkPanelOut)
def chain_link(request: HttpRequest, zone_id: Id, chain_id: Id, link_id: Id) -> Any:
    """One link of a zone's map: its firms present, projects, open leads and target firms."""
    panel = selectors.link_panel(
        user=request.user, chain_id=chain_id, zone_id=zone_id, node_id=link_id
    )
    return LinkPanelOut.model_validate(
        {
            "link": _link(panel.link),
            "firms": panel.firms,
            "producing": panel.producing,
            "signed": panel.signed,
            "leads": panel.leads,
            "leads_total": panel.leads_total,
            "targets": panel.targets,
        }
    )


def _zone_link(request: HttpRequest, zone_id: int, link_id: int) -> tuple[Any, ChainNode]:
    zone = selectors.zones_in_view(request.user).filter(pk=zone_id).first()
    if zone is None:
        raise ValidationError({"zone": _("No such zone in view.")})
    node = (
        ChainNode.objects.filter(pk=link_id, chain__is_active=True).select_related("chain").first()
    )
    if node is None:
        raise ValidationError({"link_id": _("Select a valid choice.")})
    return zone, node


def _enterprise(name: str, credit_code: str) -> Any:
    return (
        project_services.enterprise_for(name=name, credit_code=credit_code) if credit_code else None
    )


@router.post("/promotion/chain-firms", response={201: ChainFirmOut})
def chain_firm_create(request: HttpRequest, body: ChainFirmIn) -> Any:
    """List a firm as present at a link of a zone's map (a chain leader or not)."""
    zone, node = _zone_link(request, body.zone_id, body.link_id)
    firm = services.chain_firm_add(
        actor=access.request_user(request),
        zone=zone,
        node=node,
        name=body.name,
        enterprise=_enterprise(body.name, body.credit_code),
        is_leader=body.is_leader,
        products=body.products,
    )
    return Status(201, firm)


@router.post("/promotion/target-firms", response={201: TargetFirmOut})
def target_firm_create(request: HttpRequest, body: TargetFirmIn) -> Any:
    """Add a firm the zone wants on a link."""
    zone, node = _zone_link(request, body.zone_id, body.link_id)
    region = None
    if body.region_id is not None:
        region = Region.objects.filter(pk=body.region_id).first()
        if region is None:
            raise ValidationError({"region_id": _("Select a valid choice.")})
    target = services.target_firm_add(
        actor=access.request_user(request),
        zone=zone,
        node=node,
        name=body.name,
        enterprise=_enterprise(body.name, body.credit_code),
        region=region,
        reason=body.reason,
    )
    return Status(201, target)


@router.post("/promotion/chain-firms/{chain_firm_id}/archive", response=ChainFirmOut)
def chain_firm_archive(request: HttpRequest, chain_firm_id: Id) -> Any:
    """Take a present firm off the map (kept in the history)."""
    firm = access.get_visible(
        ChainFirm.objects.select_related("zone"), request.user, pk=chain_firm_id
    )
    return services.chain_record_archive(actor=access.request_user(request), record=firm)


@router.post("/promotion/target-firms/{target_firm_id}/archive", response=TargetFirmOut)
def target_firm_archive(request: HttpRequest, target_firm_id: Id) -> Any:
    """Take a target firm off the map (kept in the history)."""
    target = access.get_visible(
        TargetFirm.objects.select_related("zone"), request.user, pk=target_firm_id
    )
    return services.chain_record_archive(actor=access.request_user(request), record=target)


@router.post("/promotion/placements", response=PlacementOut)
def placement(request: HttpRequest, body: PlacementIn) -> Any:
    """Place a project on a link (or move it there)."""
    project = (
        access.visible(Project.objects.active(), request.user).filter(pk=body.project_id).first()
    )
    if project is None:
        raise ValidationError({"project_id": _("No such project in view.")})
    _zone, node = _zone_link(request, project.zone_id, body.link_id)
    placed = services.project_place(actor=access.request_user(request), project=project, node=node)
    return PlacementOut(project_id=project.pk, link_id=placed.node_id)
