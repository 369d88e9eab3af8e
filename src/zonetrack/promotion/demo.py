"""Demo data of promotion: leads in every status for each demo zone with an officer, owned by
that officer, with interactions, a next action overdue, one lost to another region and one
converted into a project of the pipeline; three enquiries (on time, late, waiting); a
signing ceremony of the zone with up to three of its projects signed there; an outbound trip,
an incentive agreement, and the first zone's map of the new-energy-vehicle chain.

Loaded after the projects and land. Written through the services, so the demo has the same
history as real data; idempotent.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import Membership
from zonetrack.core.demo import register
from zonetrack.projects import services as project_services
from zonetrack.projects.models import Project
from zonetrack.registry.models import Cluster, Zone

from . import services
from .choices import EventKind, InteractionKind, LeadStatus
from .models import Channel, Lead, Region

# (name, investor or prospect, investment 万元, channel, region, where it ends)
LEADS = (
    (
        "新能源电池材料项目",
        "",
        "某头部电池企业（待确认）",
        80000,
        "产业链招商",
        "长三角",
        LeadStatus.NEW,
    ),
    (
        "精密铸件扩产项目",
        "晋华精密铸造有限公司",
        "",
        12000,
        "以企招商",
        "京津冀",
        LeadStatus.CONTACTED,
    ),
    (
        "光伏组件制造基地",
        "江苏晨阳光伏科技有限公司",
        "",
        150000,
        "专业招商",
        "长三角",
        LeadStatus.NEGOTIATING,
    ),
    ("冷链物流园", "", "珠海一家物流企业", 30000, "以商招商", "珠三角", LeadStatus.DORMANT),
    ("碳纤维复合材料项目", "", "北京某新材料企业", 60000, "股权招商", "京津冀", LeadStatus.LOST),
    (
        "汽车零部件产业园",
        "广东瑞驰汽车部件有限公司",
        "",
        45000,
        "委托/市场化招商",
        "粤港澳大湾区",
        LeadStatus.CONVERTED,
    ),
)


@transaction.atomic
def load() -> None:
    """Six leads per demo zone with an officer; twice changes nothing."""
    if Lead.objects.exists():
        return
    today = timezone.localdate()
    channels = {c.name: c for c in Channel.objects.all()}
    regions = {r.name: r for r in Region.objects.all()}
    cluster = Cluster.objects.order_by("pk").first()
    for zone in Zone.objects.active().order_by("pk"):
        officer = (
            Membership.objects.filter(
                organisation=zone.organisation, role=Role.OFFICER, user__is_active=True
            )
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if officer is None:
            continue
        for index, (name, firm, prospect, wan, channel, region, end) in enumerate(LEADS):
            investor = project_services.enterprise_for(name=firm) if firm else None
            lead = services.lead_create(
                actor=None,
                zone=zone,
                name=name,
                investor=investor,
                prospect=prospect,
                cluster=cluster,
                investment_wan=Decimal(wan),
                channel=channels.get(channel),
                region=regions.get(region),
                owner=officer.user,
                received_on=today - timedelta(days=90 - index * 10),
                next_action="电话回访，确认考察时间",
                # The contacted lead's next action is overdue: it shows in the owner's alerts.
                next_action_on=today + timedelta(days=-3 if index == 1 else 7),
            )
            if end == LeadStatus.NEW:
                continue
            services.interaction_add(
                actor=None,
                lead=lead,
                kind=InteractionKind.CALL,
                happened_on=today - timedelta(days=60 - index * 5),
                people=officer.user.get_full_name() or officer.user.username,
                notes="首次电话沟通，介绍园区政策与要素保障",
            )
            if end in (LeadStatus.NEGOTIATING, LeadStatus.CONVERTED):
                services.interaction_add(
                    actor=None,
                    lead=lead,
                    kind=InteractionKind.SITE_TOUR,
                    happened_on=today - timedelta(days=30),
                    people="管委会主任、企业投资总监",
                    notes="实地考察标准地和配套设施",
                )
                services.lead_set_status(
                    actor=None,
                    lead=lead,
                    status=LeadStatus.NEGOTIATING,
                    changed_on=today - timedelta(days=25),
                )
            if end == LeadStatus.CONVERTED:
                lead.refresh_from_db()
                services.lead_convert(
                    actor=None, lead=lead, converted_on=today - timedelta(days=10)
                )
            elif end in (LeadStatus.DORMANT, LeadStatus.LOST):
                lead.refresh_from_db()
                services.lead_set_status(
                    actor=None,
                    lead=lead,
                    status=end,
                    changed_on=today - timedelta(days=15),
                    lost_reason="对方选择了土地价格更低的园区" if end == LeadStatus.LOST else "",
                    lost_to=regions.get("长三角") if end == LeadStatus.LOST else None,
                )
        _enquiries_and_event(zone, officer.user, today)
    _trip(today, channels, regions)
    _agreement(today)
    _chain_map(today)


# The first zone's map of the new-energy-vehicle chain: (link, firms present (name, 链主?),
# target firms (name, region, why)). Links left out are gaps.
NEV_MAP: tuple[tuple[str, list[tuple[str, bool]], list[tuple[str, str, str]]], ...] = (
    ("电池原材料", [("晋能锂电材料有限公司", True)], []),
    (
        "汽车零部件",
        [
            ("临汾华翔汽车部件有限公司", False),
            ("平阳精密锻造有限公司", False),
            ("汾河热管理系统有限公司", False),
        ],
        [],
    ),
    ("驱动电机与电控", [("尧都电机制造有限公司", False)], []),
    ("电芯", [], [("长三角某头部电芯企业", "长三角", "补齐动力电池中游，带动正负极材料配套")]),
    ("充换电设施", [], [("深圳某换电设备企业", "珠三角", "配套重卡换电站，服务本地煤炭运输")]),
    ("整车制造", [], [("北京某新能源重卡企业", "京津冀", "依托电池材料优势引进整车，延链补链")]),
)


# … and of the new-materials chain: a 链主 upstream, firms in metals, a gap in carbon fibre.
NM_MAP: tuple[tuple[str, list[tuple[str, bool]], list[tuple[str, str, str]]], ...] = (
    ("矿产与基础原料", [("晋南铝业有限公司", True)], []),
    ("先进金属材料", [("临汾镁合金材料有限公司", False), ("平阳特钢有限公司", False)], []),
    (
        "碳纤维及其复合材料",
        [],
        [("江苏某碳纤维企业", "长三角", "承接汽车轻量化需求，补齐复合材料环节")],
    ),
)


def _fill(zone: Zone, chain_code: str, rows: tuple[Any, ...]) -> dict[str, Any]:
    """Put the firms present and the targets of ``rows`` on the zone's map of a chain."""
    from .models import Chain, ChainNode

    chain = Chain.objects.filter(code=chain_code).first()
    if chain is None:
        return {}
    links = {node.name: node for node in ChainNode.objects.filter(chain=chain)}
    regions = {r.name: r for r in Region.objects.all()}
    for link_name, present, targets in rows:
        link = links.get(link_name)
        if link is None:
            continue
        for name, leader in present:
            services.chain_firm_add(actor=None, zone=zone, node=link, name=name, is_leader=leader)
        for name, region, reason in targets:
            services.target_firm_add(
                actor=None,
                zone=zone,
                node=link,
                name=name,
                region=regions.get(region),
                reason=reason,
            )
    return links


def _chain_map(today: date) -> None:
    """The first zone's maps of the new-energy-vehicle chain (firms present, a 链主 among
    them, target firms at its gaps, two of its projects placed — one signed, one producing —
    and a lead at the 电芯 gap) and of the new-materials chain; the others start empty."""
    from .models import Chain

    zone = Zone.objects.active().order_by("pk").first()
    chain = Chain.objects.filter(code="new-energy-vehicles").first()
    if zone is None or chain is None:
        return
    links = _fill(zone, "new-energy-vehicles", NEV_MAP)
    _fill(zone, "new-materials", NM_MAP)
    regions = {r.name: r for r in Region.objects.all()}
    placed = Project.objects.active().filter(
        zone=zone,
        chain_place__isnull=True,
        cluster__code__in=("automotive", "new-energy-vehicles", "new-energy", "new-materials"),
    )
    # One project signed or building (the battery-pack link: weak, on its way) and one in
    # production (one more firm present among the parts makers).
    for stages, link_name in (
        (("signed", "started"), "电池包与电池管理系统"),
        (("in_production", "at_capacity"), "汽车零部件"),
    ):
        project = placed.filter(stage__in=stages).order_by("pk").first()
        if project is not None and link_name in links:
            services.project_place(actor=None, project=project, node=links[link_name])
    if "电芯" in links:
        owner = (
            Membership.objects.filter(organisation=zone.organisation, role=Role.OFFICER)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        services.lead_create(
            actor=None,
            zone=zone,
            name="动力电池电芯生产线项目",
            prospect="长三角某头部电芯企业",
            node=links["电芯"],
            investment_wan=Decimal("200000"),
            region=regions.get("长三角"),
            owner=owner.user if owner else None,
            received_on=today - timedelta(days=12),
            next_action="邀请企业来区考察电池材料配套",
            next_action_on=today + timedelta(days=10),
        )


def _agreement(today: date) -> None:
    """An incentive agreement of the first zone's first project with investment reported: a
    subsidy half paid, production on time, but its investment promise not kept — checked, the
    follow-up open and further payments suspended."""
    project = (
        Project.objects.active()
        .filter(reports__isnull=False)
        .order_by("zone_id", "pk")
        .distinct()
        .first()
    )
    if project is None:
        return
    signed = today - timedelta(days=540)
    agreement = services.agreement_create(
        actor=None,
        project=project,
        title=f"{project.name}投资协议（政策兑现）",
        signed_on=signed,
        promises=[
            services.PromiseDraft("subsidy", Decimal(800), signed + timedelta(days=180)),
            services.PromiseDraft("tax_rebate", Decimal(300), today + timedelta(days=200)),
        ],
        conditions=[
            # Twice the total investment by last month: a promise the reports do not bear out.
            services.ConditionDraft(
                "investment_by",
                today - timedelta(days=35),
                (project.total_investment_wan or Decimal(10000)) * 2,
            ),
            services.ConditionDraft("tax_year", today + timedelta(days=300), Decimal(500)),
        ],
    )
    services.payment_record(
        actor=None,
        promise=agreement.promises.get(kind="subsidy"),
        paid_on=signed + timedelta(days=200),
        amount_wan=Decimal(400),
        note="首期设备补贴",
    )
    services.condition_check(
        actor=None, condition=agreement.conditions.get(kind="investment_by"), day=today
    )


def _trip(today: date, channels: dict[str, Channel], regions: dict[str, Region]) -> None:
    """The first zone's outbound trip to the Yangtze delta 40 days ago, led by its manager:
    two firms visited (visits on its leads) and one new lead from it."""
    zone = Zone.objects.active().order_by("pk").first()
    leader = (
        Membership.objects.filter(organisation=zone.organisation, role=Role.MANAGER)
        .select_related("user")
        .order_by("pk")
        .first()
        if zone
        else None
    )
    if zone is None or leader is None:
        return
    start = today - timedelta(days=40)
    trip = services.trip_create(
        actor=None,
        organisation=zone.organisation,
        leader=leader.user,
        starts_on=start,
        ends_on=start + timedelta(days=3),
        destinations="上海、苏州、无锡",
        members="招商局局长、产业发展部两人",
        purpose="拜访新能源汽车零部件和新材料企业，推介标准地和标准厂房",
    )
    visited = Lead.objects.filter(zone=zone).exclude(status=LeadStatus.NEW).order_by("pk")[:2]
    for day, lead in enumerate(visited):
        services.trip_visit(
            actor=None,
            trip=trip,
            lead=lead,
            happened_on=start + timedelta(days=day + 1),
            people="企业董事长、投资总监",
            notes="介绍园区产业链配套，邀请来区实地考察",
        )
    services.lead_create(
        actor=None,
        zone=zone,
        name="新材料涂层生产基地项目",
        prospect="苏州某新材料企业",
        investment_wan=Decimal("30000"),
        channel=channels.get("产业链招商"),
        region=regions.get("长三角"),
        owner=leader.user,
        received_on=start + timedelta(days=2),
        trip=trip,
    )


def _enquiries_and_event(zone: Zone, owner: object, today: date) -> None:
    """Three enquiries of the zone (answered in time, answered late, waiting) and last month's
    signing ceremony of its committee with its converted project signed there."""
    now = timezone.now()
    for hours_ago, answered_after, subject in (
        (72, 2, "标准地价格及供地周期咨询"),
        (120, 40, "新能源汽车零部件产业扶持政策咨询"),
        (6, None, "厂房租赁及免租期咨询"),
    ):
        enquiry = services.enquiry_create(
            actor=None,
            zone=zone,
            subject=subject,
            enquirer="意向投资企业",
            received_at=now - timedelta(hours=hours_ago),
            owner=owner,  # type: ignore[arg-type]
        )
        if answered_after is not None:
            services.enquiry_respond(
                actor=None,
                enquiry=enquiry,
                at=enquiry.received_at + timedelta(hours=answered_after),
            )
    event = services.event_create(
        actor=None,
        organisation=zone.organisation,
        title=f"{zone.name}重点项目集中签约仪式",
        kind=EventKind.SIGNING,
        held_on=today - timedelta(days=30),
        place=f"{zone.name}管委会会议中心",
        co_organisers="市商务局",
    )
    projects = Project.objects.active().filter(zone=zone, event_signing__isnull=True)
    for project in projects.filter(stage_on__lte=event.held_on).order_by("pk")[:3]:
        services.event_sign(actor=None, event=event, project=project)


register(46, load)
