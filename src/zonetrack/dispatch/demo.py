"""Demo data of the dispatch app: problems, colours, alerts and dispatch meetings.

Loaded after the demo projects: open and closed problems (some overdue and escalated), colours
with history including an override, and a past dispatch meeting with its decisions."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from zonetrack.accounts import access
from zonetrack.accounts.choices import OrganisationKind
from zonetrack.accounts.models import Organisation, User
from zonetrack.core.demo import register
from zonetrack.projects.choices import MilestoneStatus, Stage
from zonetrack.projects.models import Milestone, Project
from zonetrack.projects.services import milestone_save

from . import permissions, services
from .alerts import run_alerts
from .choices import Colour, EscalationLevel, ProblemCategory
from .models import ColourStatus, Meeting, Problem

PROBLEMS = [
    (ProblemCategory.LAND, "用地指标尚未下达，影响土地摘牌"),
    (ProblemCategory.APPROVAL, "施工许可证办理滞后，消防审查未通过"),
    (ProblemCategory.POWER, "35千伏专线接入方案未批复"),
    (ProblemCategory.FUNDING, "项目贷款审批未完成，资金到位不足"),
    (ProblemCategory.INFRASTRUCTURE, "园区道路及雨污管网未接通"),
    (ProblemCategory.ENVIRONMENT, "环评批复等待省厅审查"),
    (ProblemCategory.LABOUR, "熟练技术工人招聘困难"),
    (ProblemCategory.OTHER, "周边村民协调问题未解决"),
]


def _zone_users(committee: Organisation) -> tuple[User | None, User | None]:
    members = {m.role: m.user for m in committee.memberships.select_related("user")}
    return members.get("manager"), members.get("officer")


def _worker(unit: Organisation, raiser: User) -> User | None:
    """Someone of the unit who may work its problems (not their raiser: the loop is not
    closed alone)."""
    for membership in unit.memberships.select_related("user").order_by("pk"):
        if membership.role in permissions.ACTING_ROLES and membership.user_id != raiser.pk:
            return membership.user
    return None


@transaction.atomic
def load() -> None:
    """Load problems, colours and meetings for the demo projects; twice changes nothing."""
    if Problem.objects.exists() or not Project.objects.exists():
        return
    today = timezone.localdate()
    rng = random.Random("zonetrack-demo-dispatch")  # noqa: S311 (demo data, not secrets)
    committees = Organisation.objects.filter(
        kind=OrganisationKind.ZONE_COMMITTEE, memberships__role="officer"
    ).distinct()
    for committee in committees.order_by("pk"):
        manager, officer = _zone_users(committee)
        if manager is None or officer is None:
            continue
        units = [committee, *committee.children.filter(kind=OrganisationKind.DEPARTMENT)]
        projects = list(
            Project.objects.active()
            .filter(zone__organisation=committee, stage__in=[Stage.SIGNED, Stage.STARTED])
            .select_related("zone__organisation")
            .order_by("pk")[:14]
        )
        for number, project in enumerate(projects):
            category, text = PROBLEMS[number % len(PROBLEMS)]
            step = number % 5
            unit = units[number % len(units)]
            worker = _worker(unit, officer)
            if step >= 1 and worker is None:
                # A unit without anyone to work it gets only new problems; the committee
                # (its manager) works the rest.
                unit, worker = committee, manager
            raised = today - timedelta(days=rng.randint(10, 70))
            deadline = raised + timedelta(days=rng.choice([7, 15, 30, 45, 90]))
            problem = services.problem_create(
                actor=officer,
                project=project,
                category=category,
                description=text,
                raised_on=raised,
                deadline_on=deadline,
                responsible_unit=unit,
            )
            if step >= 1:
                services.problem_event(actor=worker, problem=problem, verb="start")
            if step >= 2:
                services.problem_event(
                    actor=worker,
                    problem=problem,
                    verb="answer",
                    note="已召开专题协调会，明确办理时限",
                )
            if step == 3:
                services.problem_event(
                    actor=officer, problem=problem, verb="reject", note="尚未实际解决，请继续跟进"
                )
            if step == 4:
                services.problem_event(actor=officer, problem=problem, verb="accept")
            if number == 5:
                services.problem_event(
                    actor=manager, problem=problem, verb="escalate", note="涉及市级审批权限"
                )
    services.problems_escalate_overdue(today=today)
    _urge_one()
    _colours(today)
    _meeting(today)
    run_alerts(today=today)


def _urge_one() -> None:
    """The city bureau over the first escalated problem urges it (催办), as its manager
    would from their to-do."""
    problem = (
        Problem.objects.filter(escalation_level__gte=EscalationLevel.CITY, closed_on__isnull=True)
        .select_related("zone__organisation", "responsible_unit")
        .order_by("pk")
        .first()
    )
    if problem is None:
        return
    zone = problem.zone.organisation
    city = next(
        (
            bureau
            for bureau in Organisation.objects.filter(kind=OrganisationKind.CITY_BUREAU)
            if access.is_within(zone, bureau)
        ),
        None,
    )
    if city is None:
        return
    manager = city.memberships.filter(role="manager").select_related("user").first()
    if manager is not None:
        services.problem_urge(actor=manager.user, problem=problem, note="请抓紧办理，本周内反馈")


def _colours(today: date) -> None:
    """Colours with history: one milestone caught up (red → yellow), one manager override."""
    late = (
        Milestone.objects.filter(
            actual_on__isnull=True,
            status=MilestoneStatus.PLANNED,
            planned_on__lt=today - timedelta(days=5),
        )
        .select_related("project")
        .order_by("pk")
    )
    services.colours_refresh(today=today)
    caught_up = late.first()
    if caught_up is not None:
        milestone_save(
            actor=None,
            project=caught_up.project,
            name=caught_up.name,
            planned_on=caught_up.planned_on,
            actual_on=today - timedelta(days=1),
            milestone=caught_up,
        )
        services.colours_refresh(project_ids=[caught_up.project_id], today=today)
    red = (
        ColourStatus.objects.filter(milestone__isnull=True, colour=Colour.RED)
        .select_related("zone__organisation")
        .order_by("pk")
        .first()
    )
    if red is not None:
        manager, _officer = _zone_users(red.zone.organisation)
        services.colour_override(
            actor=manager,
            status=red,
            colour=Colour.YELLOW,
            reason="施工许可已于上周取得，主体施工正在追赶进度，暂按黄色管理",
        )


def _meeting(today: date) -> None:
    """A dispatch meeting a month ago with its decisions, and the next one planned."""
    zone_committee = (
        Organisation.objects.filter(
            kind=OrganisationKind.ZONE_COMMITTEE, memberships__role="manager"
        )
        .order_by("pk")
        .first()
    )
    if zone_committee is None or Meeting.objects.exists():
        return
    manager, _officer = _zone_users(zone_committee)
    past = services.meeting_create(
        actor=manager,
        organisation=zone_committee,
        title=f"{today.year}年重点项目调度会",
        held_on=today - timedelta(days=30),
        place="管委会三楼会议室",
        attendees="管委会主任\n分管副主任\n招商服务局\n经济发展局\n规划建设局",
        include_overdue=True,
        include_blocked=True,
    )
    agenda = list(past.agenda.select_related("project")[:3])
    for number, item in enumerate(agenda):
        services.decision_add(
            actor=manager,
            meeting=past,
            project=item.project,
            kind=["problem", "milestone", "note"][number % 3],
            text=["协调供电公司两周内完成接入方案", "本月底前完成主体结构封顶", "专班每周报送进展"][
                number % 3
            ],
            due_on=today + timedelta(days=14 + 10 * number),
        )
    services.meeting_update(
        actor=manager,
        meeting=past,
        changes={"minutes": "会议听取了重点项目推进情况汇报，研究解决了项目建设中的困难和问题。"},
    )
    services.meeting_create(
        actor=manager,
        organisation=zone_committee,
        title=f"{today.year}年{today.month}月项目调度会",
        held_on=today + timedelta(days=3),
        include_overdue=True,
        include_blocked=True,
    )


register(40, load)
