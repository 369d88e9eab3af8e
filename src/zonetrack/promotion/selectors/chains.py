"""Reads of industry-chain maps: a zone's map of one chain (each link judged strong, weak or
a gap by the chain's rule), what sits on one link, and every chain's state counts for the
promotion overview. Counted by the database in a fixed number of queries, whatever the
number of firms, leads and projects."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from zonetrack.accounts import access
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import Project
from zonetrack.registry.models import Zone

from ..choices import OPEN_STATUSES, NodeState, Segment
from ..models import Chain, ChainFirm, ChainNode, ChainPlacement, Lead, TargetFirm

# A project in production is a firm present at its link; a signed or building one is on its way.
PRESENT_STAGES = (Stage.IN_PRODUCTION, Stage.AT_CAPACITY)
SIGNED_STAGES = (Stage.SIGNED, Stage.STARTED)
SEGMENT_ORDER = {s.value: i for i, s in enumerate(Segment)}
# How many of each kind a link's panel lists; its headings count them all.
PANEL_ROWS = 50


@dataclass
class Tally:
    """What sits on a link in a zone (its own and its narrower links')."""

    firms: int = 0
    leaders: int = 0
    signed: int = 0
    leads: int = 0
    targets: int = 0

    def add(self, other: Tally) -> None:
        self.firms += other.firms
        self.leaders += other.leaders
        self.signed += other.signed
        self.leads += other.leads
        self.targets += other.targets


def judge(chain: Chain, tally: Tally) -> str:
    """The chain's rule, read from its data: strong with enough firms present (or a chain
    leader, when the chain says so), a gap with none present and (when signed projects count)
    none signed, weak in between."""
    if tally.firms >= chain.strong_firms or (chain.leader_makes_strong and tally.leaders):
        return NodeState.STRONG
    if tally.firms == 0 and (tally.signed == 0 or not chain.signed_fills_gap):
        return NodeState.GAP
    return NodeState.WEAK


@dataclass
class Link:
    """A link on a zone's map: its place in the tree, what sits on it and its state."""

    node: ChainNode
    depth: int
    tally: Tally
    state: str

    @property
    def state_label(self) -> str:
        return str(NodeState(self.state).label)


@dataclass
class ChainMap:
    chain: Chain
    zone: Zone
    links: list[Link]

    @property
    def counts(self) -> dict[str, int]:
        found = {s.value: 0 for s in NodeState}
        for link in self.links:
            found[link.state] += 1
        return found

    def graph(self, *, panel_url: str) -> dict[str, Any]:
        """The chain as a tree for ECharts: the chain, its segments, their links; each link
        carries its state and the address of its panel (``panel_url`` with ``{id}``)."""
        children: dict[int | None, list[Link]] = defaultdict(list)
        for link in self.links:
            children[link.node.parent_id].append(link)

        def branch(link: Link) -> dict[str, Any]:
            return {
                "name": link.node.name,
                "id": link.node.pk,
                "state": link.state,
                "stateLabel": link.state_label,
                "firms": link.tally.firms,
                "url": panel_url.replace("{id}", str(link.node.pk)),
                "children": [branch(c) for c in children.get(link.node.pk, [])],
            }

        segments = [
            {
                "name": str(segment.label),
                "children": [
                    branch(link)
                    for link in children.get(None, [])
                    if link.node.segment == segment.value
                ],
            }
            for segment in Segment
        ]
        return {
            "name": self.chain.name,
            "children": [s for s in segments if s["children"]],
            "states": {s.value: str(s.label) for s in NodeState},
        }


def chains() -> QuerySet[Chain]:
    return Chain.objects.filter(is_active=True).select_related("cluster")


def chain_get(chain_id: int) -> Chain:
    try:
        return chains().get(pk=chain_id)
    except Chain.DoesNotExist:
        raise Http404 from None


def zone_get(*, user: Any, zone_id: int) -> Zone:
    return access.get_visible(Zone.objects.active(), user, pk=zone_id)


def zones_in_view(user: Any) -> QuerySet[Zone]:
    return access.visible(Zone.objects.active(), user).order_by("name")


def tree(nodes: Iterable[ChainNode]) -> list[tuple[ChainNode, int]]:
    """Links in reading order: by segment (upstream first), then their order, each followed
    by its narrower links; with their depth."""
    kids: dict[int | None, list[ChainNode]] = defaultdict(list)
    for node in nodes:
        kids[node.parent_id].append(node)
    for group in kids.values():
        group.sort(key=lambda n: (SEGMENT_ORDER.get(n.segment, 9), n.sort_order, n.pk))
    out: list[tuple[ChainNode, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for node in kids.get(parent, []):
            out.append((node, depth))
            walk(node.pk, depth + 1)

    walk(None, 0)
    return out


def _tallies(zone_ids: list[int], chain_ids: list[int]) -> dict[tuple[int, int], Tally]:
    """What sits on each (zone, link) of these chains in these zones: four grouped counts."""
    tallies: dict[tuple[int, int], Tally] = defaultdict(Tally)
    firms = (
        ChainFirm.objects.active()
        .filter(zone_id__in=zone_ids, node__chain_id__in=chain_ids)
        .values_list("zone_id", "node_id")
        .annotate(n=Count("pk"), leaders=Count("pk", filter=Q(is_leader=True)))
        .order_by()
    )
    for zone_id, node_id, n, leaders in firms:
        tallies[zone_id, node_id].firms += n
        tallies[zone_id, node_id].leaders += leaders
    # A firm listed at the link and also producing there through a project counts once.
    listed = ChainFirm.objects.active().filter(
        zone_id=OuterRef("project__zone_id"),
        node_id=OuterRef("node_id"),
        enterprise_id=OuterRef("project__investor_id"),
    )
    placed = (
        ChainPlacement.objects.filter(
            project__zone_id__in=zone_ids,
            project__archived_at__isnull=True,
            node__chain_id__in=chain_ids,
            project__stage__in=(*PRESENT_STAGES, *SIGNED_STAGES),
        )
        .annotate(listed=Exists(listed))
        .values_list("project__zone_id", "node_id", "project__stage", "listed")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for zone_id, node_id, stage, is_listed, n in placed:
        if stage in PRESENT_STAGES:
            if not is_listed:
                tallies[zone_id, node_id].firms += n
        else:
            tallies[zone_id, node_id].signed += n
    leads = (
        Lead.objects.active()
        .filter(zone_id__in=zone_ids, node__chain_id__in=chain_ids, status__in=OPEN_STATUSES)
        .values_list("zone_id", "node_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for zone_id, node_id, n in leads:
        tallies[zone_id, node_id].leads += n
    targets = (
        TargetFirm.objects.active()
        .filter(zone_id__in=zone_ids, node__chain_id__in=chain_ids)
        .values_list("zone_id", "node_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for zone_id, node_id, n in targets:
        tallies[zone_id, node_id].targets += n
    return tallies


def _links(chain: Chain, ordered: list[tuple[ChainNode, int]], own: dict[int, Tally]) -> list[Link]:
    """Judge each link on its own tally and its narrower links' (a broad link holds what
    its parts hold)."""
    total: dict[int, Tally] = {}
    for node, _depth in ordered:
        total[node.pk] = Tally()
        total[node.pk].add(own.get(node.pk, Tally()))
    # A narrower link follows its parent in ``ordered``: walking backwards adds each link's
    # total (its own parts already in) to its parent.
    for node, _depth in reversed(ordered):
        if node.parent_id is not None:
            total[node.parent_id].add(total[node.pk])
    return [
        Link(node, depth, total[node.pk], judge(chain, total[node.pk])) for node, depth in ordered
    ]


def chain_map(*, user: Any, chain_id: int, zone_id: int) -> ChainMap:
    """One zone's map of one chain."""
    chain = chain_get(chain_id)
    zone = zone_get(user=user, zone_id=zone_id)
    ordered = tree(ChainNode.objects.filter(chain=chain))
    tallies = _tallies([zone.pk], [chain.pk])
    own = {node_id: tally for (_z, node_id), tally in tallies.items()}
    return ChainMap(chain, zone, _links(chain, ordered, own))


@dataclass
class ChainSummary:
    """A chain's links in the zones in view, counted by state; the gaps named (per zone)."""

    chain: Chain
    zones: int
    strong: int = 0
    weak: int = 0
    gap: int = 0
    gaps: list[tuple[Zone, ChainNode]] = field(default_factory=list)


def chain_summaries(*, user: Any, zone: int | None = None) -> list[ChainSummary]:
    """Every active chain's state counts over the zones in view (or one zone): six queries,
    whatever the number of zones, links and firms."""
    zones = list(zones_in_view(user).filter(pk=zone) if zone else zones_in_view(user))
    found = list(chains())
    nodes = ChainNode.objects.filter(chain__in=found)
    by_chain: dict[int, list[ChainNode]] = defaultdict(list)
    for node in nodes:
        by_chain[node.chain_id].append(node)
    tallies = _tallies([z.pk for z in zones], [c.pk for c in found])
    out = []
    for chain in found:
        ordered = tree(by_chain.get(chain.pk, []))
        summary = ChainSummary(chain, zones=len(zones))
        for z in zones:
            own = {n.pk: tallies[z.pk, n.pk] for n, _d in ordered if (z.pk, n.pk) in tallies}
            for link in _links(chain, ordered, own):
                setattr(summary, link.state, getattr(summary, link.state) + 1)
                if link.state == NodeState.GAP:
                    summary.gaps.append((z, link.node))
        out.append(summary)
    return out


@dataclass
class Panel:
    """What sits on one link of a zone's map: present firms, projects, open leads, targets."""

    link: Link
    chain: Chain
    zone: Zone
    firms: list[ChainFirm]
    producing: list[Project]
    signed: list[Project]
    leads: list[Lead]
    leads_total: int
    targets: list[TargetFirm]


def link_panel(*, user: Any, chain_id: int, zone_id: int, node_id: int) -> Panel:
    """One link of a zone's map, with what sits on it (its own, not its narrower links')."""
    found = chain_map(user=user, chain_id=chain_id, zone_id=zone_id)
    link = next((x for x in found.links if x.node.pk == node_id), None)
    if link is None:
        raise Http404
    zone = found.zone
    firms = list(
        ChainFirm.objects.active().filter(zone=zone, node_id=node_id).select_related("enterprise")
    )
    placed = list(
        Project.objects.active()
        .filter(zone=zone, chain_place__node_id=node_id)
        .exclude(stage=Stage.TERMINATED)
        .select_related("investor")
        .order_by("-total_investment_wan", "pk")[:PANEL_ROWS]
    )
    leads = (
        Lead.objects.active()
        .filter(zone=zone, node_id=node_id, status__in=OPEN_STATUSES)
        .select_related("owner", "investor")
    )
    return Panel(
        link=link,
        chain=found.chain,
        zone=zone,
        firms=firms,
        producing=[p for p in placed if p.stage in PRESENT_STAGES],
        signed=[p for p in placed if p.stage not in PRESENT_STAGES],
        leads=list(leads[:PANEL_ROWS]),
        leads_total=leads.count(),
        targets=list(
            TargetFirm.objects.active()
            .filter(zone=zone, node_id=node_id)
            .select_related("region", "enterprise")[:PANEL_ROWS]
        ),
    )


@dataclass
class ProjectOrigin:
    """Where a project came from in promotion: its lead, the event it was signed at, and the
    chain link it sits on."""

    lead_id: int | None
    lead_name: str | None
    event_id: int | None
    event_title: str | None
    chain_id: int | None
    chain_name: str | None
    link_id: int | None
    link_name: str | None


def project_origin(project: Project) -> ProjectOrigin:
    """One query, whatever the project (the project page's promotion block)."""
    row = (
        Project.objects.filter(pk=project.pk)
        .values_list(
            "lead__id",
            "lead__name",
            "event_signing__event_id",
            "event_signing__event__title",
            "chain_place__node__chain_id",
            "chain_place__node__chain__name",
            "chain_place__node_id",
            "chain_place__node__name",
        )
        .first()
    )
    return ProjectOrigin(*(row or (None,) * 8))


def chain_for_project(project: Project) -> int | None:
    """The chain a project not yet placed would sit on: the first active chain of its
    cluster (None when its cluster has none)."""
    if project.cluster_id is None:
        return None
    return chains().filter(cluster_id=project.cluster_id).values_list("pk", flat=True).first()
