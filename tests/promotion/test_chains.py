"""Industry-chain maps: each link of a zone's map is judged strong, weak or a gap by its
chain's rule (data), from the firms present, projects placed and signed; a converted lead
carries its link; the map page draws the chain, opens a link's panel, offers a lead for a
gap, and is kept only by the zone's officers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zonetrack.projects import services as project_services
from zonetrack.projects.choices import Stage
from zonetrack.promotion import selectors, services
from zonetrack.promotion.choices import NodeState
from zonetrack.promotion.models import Chain, ChainNode, ChainPlacement
from zonetrack.registry.models import Cluster

from ..conftest import World, client_for
from .factories import make_lead


@pytest.fixture
def chain(db: None) -> Chain:
    """A small chain of our own: a broad link with two narrower ones, and one more."""
    found = Chain.objects.create(
        code="test-batteries",
        name="测试电池产业链",
        cluster=Cluster.objects.get(code="new-energy-vehicles"),
        strong_firms=2,
    )
    cells = ChainNode.objects.create(chain=found, segment="midstream", name="电池", sort_order=10)
    ChainNode.objects.create(
        chain=found, parent=cells, segment="midstream", name="电芯", sort_order=20
    )
    ChainNode.objects.create(
        chain=found, parent=cells, segment="midstream", name="电池包", sort_order=30
    )
    ChainNode.objects.create(chain=found, segment="upstream", name="正极材料", sort_order=5)
    return found


def _node(chain: Chain, name: str) -> ChainNode:
    return ChainNode.objects.get(chain=chain, name=name)


def _states(world: World, chain: Chain) -> dict[str, str]:
    found = selectors.chain_map(user=world.a_officer, chain_id=chain.pk, zone_id=world.zone_a.pk)
    return {link.node.name: link.state for link in found.links}


def test_links_are_read_upstream_first_each_followed_by_its_parts(
    world: World, chain: Chain
) -> None:
    found = selectors.chain_map(user=world.a_officer, chain_id=chain.pk, zone_id=world.zone_a.pk)
    assert [(link.node.name, link.depth) for link in found.links] == [
        ("正极材料", 0),
        ("电池", 0),
        ("电芯", 1),
        ("电池包", 1),
    ]
    assert set(_states(world, chain).values()) == {NodeState.GAP}


def test_a_link_moves_from_gap_to_weak_to_strong(world: World, chain: Chain) -> None:
    cell = _node(chain, "电芯")
    project = world.project_a
    services.project_place(actor=world.a_manager, project=project, node=cell)
    # Placed but only pursued: nothing signed, nothing present.
    assert _states(world, chain)["电芯"] == NodeState.GAP
    project_services.project_transition(
        actor=world.a_manager,
        project=project,
        to_stage=Stage.SIGNED,
        happened_on=date(2026, 3, 2),
        skipped={"packaged": date(2026, 3, 1)},
    )
    states = _states(world, chain)
    assert states["电芯"] == NodeState.WEAK
    # A broad link holds what its parts hold; the sibling part stays a gap.
    assert states["电池"] == NodeState.WEAK and states["电池包"] == NodeState.GAP
    services.chain_firm_add(actor=world.a_officer, zone=world.zone_a, node=cell, name="晋阳电芯")
    assert _states(world, chain)["电芯"] == NodeState.WEAK  # one firm present, two make strong
    services.chain_firm_add(actor=world.a_officer, zone=world.zone_a, node=cell, name="汾河储能")
    assert _states(world, chain)["电芯"] == NodeState.STRONG
    # Another zone's map is its own.
    other = selectors.chain_map(user=world.city_manager, chain_id=chain.pk, zone_id=world.zone_b.pk)
    assert {link.state for link in other.links} == {NodeState.GAP}


def test_the_rule_is_the_chains_data(world: World, chain: Chain) -> None:
    pack = _node(chain, "电池包")
    leader = services.chain_firm_add(
        actor=world.a_officer, zone=world.zone_a, node=pack, name="龙城电池", is_leader=True
    )
    assert _states(world, chain)["电池包"] == NodeState.STRONG  # a chain leader makes it strong
    chain.leader_makes_strong = False
    chain.save()
    assert _states(world, chain)["电池包"] == NodeState.WEAK
    services.chain_record_archive(actor=world.a_officer, record=leader)
    assert _states(world, chain)["电池包"] == NodeState.GAP  # taken off the map, not deleted
    assert leader.__class__.objects.filter(pk=leader.pk).exists()
    # A signed project keeps a link from being a gap only where the chain says so.
    services.project_place(actor=world.a_manager, project=world.project_a, node=pack)
    project_services.project_transition(
        actor=world.a_manager,
        project=world.project_a,
        to_stage=Stage.SIGNED,
        happened_on=date(2026, 3, 2),
        skipped={"packaged": date(2026, 3, 1)},
    )
    assert _states(world, chain)["电池包"] == NodeState.WEAK
    chain.signed_fills_gap = False
    chain.save()
    assert _states(world, chain)["电池包"] == NodeState.GAP


def test_a_project_in_production_is_a_firm_present_once(world: World, chain: Chain) -> None:
    cathode = _node(chain, "正极材料")
    project = world.project_a
    project.investor = project_services.enterprise_for(name="晋材正极材料有限公司")
    project.save()
    services.project_place(actor=world.a_manager, project=project, node=cathode)
    project_services.project_transition(
        actor=world.a_manager,
        project=project,
        to_stage=Stage.IN_PRODUCTION,
        happened_on=date(2026, 5, 2),
        skipped={
            "packaged": date(2026, 3, 1),
            "signed": date(2026, 3, 2),
            "started": date(2026, 4, 1),
        },
    )
    found = selectors.chain_map(user=world.a_officer, chain_id=chain.pk, zone_id=world.zone_a.pk)
    link = next(x for x in found.links if x.node == cathode)
    assert (link.tally.firms, link.state) == (1, NodeState.WEAK)
    # Listing the same investor as present does not count it twice.
    services.chain_firm_add(
        actor=world.a_officer,
        zone=world.zone_a,
        node=cathode,
        name=project.investor.name,
        enterprise=project.investor,
    )
    found = selectors.chain_map(user=world.a_officer, chain_id=chain.pk, zone_id=world.zone_a.pk)
    assert next(x for x in found.links if x.node == cathode).tally.firms == 1


def test_a_converted_lead_carries_its_link_to_the_project(world: World, chain: Chain) -> None:
    cell = _node(chain, "电芯")
    lead = make_lead(world.zone_a, node=cell, owner=world.a_officer)
    assert lead.cluster == chain.cluster  # the link's chain gives the lead its cluster
    assert _states(world, chain)["电芯"] == NodeState.GAP
    found = selectors.chain_map(user=world.a_officer, chain_id=chain.pk, zone_id=world.zone_a.pk)
    assert next(x for x in found.links if x.node == cell).tally.leads == 1
    services.lead_set_status(actor=world.a_officer, lead=lead, status="contacted")
    project = services.lead_convert(actor=world.a_officer, lead=lead)
    assert ChainPlacement.objects.get(project=project).node == cell


def test_chain_map_refusals_are_field_errors(world: World, chain: Chain) -> None:
    cell = _node(chain, "电芯")
    services.target_firm_add(actor=world.a_officer, zone=world.zone_a, node=cell, name="宁川新能源")
    with pytest.raises(ValidationError) as exc:
        services.target_firm_add(
            actor=world.a_officer, zone=world.zone_a, node=cell, name=" 宁川新能源 "
        )
    assert "name" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.chain_firm_add(actor=world.b_manager, zone=world.zone_a, node=cell, name="某企业")
    with pytest.raises(PermissionDenied):
        services.chain_firm_add(actor=world.a_viewer, zone=world.zone_a, node=cell, name="某企业")
    # A chain crosses clusters: a project of another cluster may sit on its links.
    project = world.project_a
    project.cluster = Cluster.objects.get(code="new-materials")
    project.save()
    assert services.project_place(actor=world.a_manager, project=project, node=cell).node == cell


def test_map_page_panel_and_a_lead_for_a_gap(world: World, chain: Chain) -> None:
    cell = _node(chain, "电芯")
    target = services.target_firm_add(
        actor=world.a_officer, zone=world.zone_a, node=cell, name="宁川新能源", reason="电芯龙头"
    )
    client = client_for(world.a_officer)
    url = reverse("promotion:chain_map", kwargs={"zone_id": world.zone_a.pk, "chain_id": chain.pk})
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-zt-chart="chain-tree"' in html and "测试电池产业链" in html
    panel = client.get(url, {"node": cell.pk}, HTTP_HX_REQUEST="true")
    assert panel.status_code == 200
    body = panel.content.decode()
    assert "宁川新能源" in body and 'id="start-lead"' in body
    # "Start a lead" from the target fills the form from what the map knows.
    form = client.get(
        reverse("promotion:lead_create"),
        {"zone": world.zone_a.pk, "node": cell.pk, "target": target.pk},
    ).context["form"]
    assert form.initial["node"] == cell.pk and form.initial["prospect"] == "宁川新能源"
    # A viewer sees the map but is offered no step; a zone out of view is not found.
    viewer = client_for(world.a_viewer)
    seen = viewer.get(url, {"node": cell.pk}).content.decode()
    assert "宁川新能源" in seen and 'id="start-lead"' not in seen
    assert client_for(world.b_manager).get(url).status_code == 404
    add = reverse(
        "promotion:chain_firm_create", kwargs={"zone_id": world.zone_a.pk, "chain_id": chain.pk}
    )
    assert viewer.get(add).status_code == 403


def test_firm_form_saves_and_shows_field_errors(world: World, chain: Chain) -> None:
    cell = _node(chain, "电芯")
    client = client_for(world.a_officer)
    add = reverse(
        "promotion:chain_firm_create", kwargs={"zone_id": world.zone_a.pk, "chain_id": chain.pk}
    )
    bad = client.post(add, {"node": cell.pk, "name": "晋阳电芯", "credit_code": "123"})
    assert bad.status_code == 400 and "credit_code" in bad.context["form"].errors
    good = client.post(add, {"node": cell.pk, "name": "晋阳电芯", "is_leader": "on"})
    assert good.status_code == 302 and f"node={cell.pk}" in good["Location"]
    assert _states(world, chain)["电芯"] == NodeState.STRONG
    # A link of another chain is not one of this map's.
    foreign = ChainNode.objects.exclude(chain=chain).first()
    other = client.post(add, {"node": foreign.pk, "name": "某企业"})
    assert other.status_code == 400 and "node" in other.context["form"].errors


def test_chain_pages_read_a_fixed_number_of_queries(
    world: World, chain: Chain, django_assert_max_num_queries
) -> None:
    client = client_for(world.a_officer)
    url = reverse("promotion:chain_map", kwargs={"zone_id": world.zone_a.pk, "chain_id": chain.pk})
    index = reverse("promotion:chain_index")
    cell = _node(chain, "电芯")
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url, {"node": cell.pk})
        client.get(index)
    for n in range(6):
        services.chain_firm_add(
            actor=world.a_officer, zone=world.zone_a, node=cell, name=f"企业{n}"
        )
        make_lead(world.zone_a, name=f"线索{n}", node=cell)
        services.target_firm_add(
            actor=world.a_officer, zone=world.zone_a, node=cell, name=f"目标{n}"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url, {"node": cell.pk})
        client.get(index)
    summary = next(s for s in selectors.chain_summaries(user=world.a_officer) if s.chain == chain)
    assert (summary.strong, summary.zones) == (2, 1)  # 电芯 and the broad 电池 above it
    assert Decimal(summary.gap) == 2


def test_chain_api_reads_the_map_and_keeps_it(world: World, chain: Chain) -> None:
    from ..conftest import api_client_for

    cell = _node(chain, "电芯")
    client, headers = api_client_for(world.a_officer)
    added = client.post(
        "/api/promotion/chain-firms",
        {"zone_id": world.zone_a.pk, "link_id": cell.pk, "name": "晋阳电芯", "is_leader": True},
        content_type="application/json",
        headers=headers,
    )
    assert added.status_code == 201, added.content
    assert added.json()["link_id"] == cell.pk
    again = client.post(
        "/api/promotion/chain-firms",
        {"zone_id": world.zone_a.pk, "link_id": cell.pk, "name": "晋阳电芯"},
        content_type="application/json",
        headers=headers,
    )
    assert again.status_code == 400 and "name" in again.content.decode()
    base = f"/api/promotion/zones/{world.zone_a.pk}/chains/{chain.pk}"
    found = client.get(base, headers=headers).json()
    states = {link["name"]: link["state"] for link in found["links"]}
    assert states["电芯"] == "strong" and states["电池包"] == "gap"
    lead = client.post(
        "/api/promotion/leads",
        {"zone": world.zone_a.pk, "name": "电池包项目", "prospect": "某电池企业", "link": cell.pk},
        content_type="application/json",
        headers=headers,
    )
    assert lead.status_code == 201 and lead.json()["link_id"] == cell.pk
    panel = client.get(f"{base}/links/{cell.pk}", headers=headers).json()
    assert [f["name"] for f in panel["firms"]] == ["晋阳电芯"] and panel["leads_total"] == 1
    # Another zone's manager cannot read or keep zone A's map.
    other, other_headers = api_client_for(world.b_manager)
    assert other.get(base, headers=other_headers).status_code == 404
    refused = other.post(
        "/api/promotion/target-firms",
        {"zone_id": world.zone_a.pk, "link_id": cell.pk, "name": "某企业"},
        content_type="application/json",
        headers=other_headers,
    )
    assert refused.status_code == 400 and "zone" in refused.json()["error"]["fields"]


def test_the_overview_counts_each_chains_links_by_state(world: World, chain: Chain) -> None:
    from ..conftest import api_client_for

    services.chain_firm_add(
        actor=world.a_officer, zone=world.zone_a, node=_node(chain, "正极材料"), name="晋材正极"
    )
    client, headers = api_client_for(world.city_manager)
    found = client.get("/api/promotion/overview", headers=headers).json()
    mine = next(c for c in found["chains"] if c["chain_id"] == chain.pk)
    # Two zones in the city's view, four links each: one weak link in zone A, the rest gaps.
    assert (mine["strong"], mine["weak"], mine["gap"]) == (0, 1, 7)
    one = client.get("/api/promotion/overview", {"zone": world.zone_b.pk}, headers=headers).json()
    assert next(c for c in one["chains"] if c["chain_id"] == chain.pk)["gap"] == 4


def test_the_project_page_names_its_link_lead_and_event(world: World, chain: Chain) -> None:
    cell = _node(chain, "电芯")
    lead = make_lead(world.zone_a, node=cell, owner=world.a_officer)
    services.lead_set_status(actor=world.a_officer, lead=lead, status="contacted")
    project = services.lead_convert(actor=world.a_officer, lead=lead)
    page = client_for(world.a_manager).get(
        reverse("projects:project_detail", kwargs={"project_id": project.pk})
    )
    block = page.content.decode()
    assert 'id="project-promotion"' in block and "测试电池产业链 · 电芯" in block
    assert lead.name in block and 'id="place-on-chain"' in block
    firm = reverse("promotion:firm_detail", kwargs={"enterprise_id": project.investor_id})
    assert f'href="{firm}"' in block  # the investor's page, from the project's promotion block
    viewer = client_for(world.a_viewer).get(
        reverse("projects:project_detail", kwargs={"project_id": project.pk})
    )
    assert 'id="place-on-chain"' not in viewer.content.decode()
