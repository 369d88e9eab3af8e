"""The Word briefing and minutes: each agenda project with its problems and last decisions."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from docx import Document

from zonetrack.dispatch import services
from zonetrack.dispatch.briefing import briefing_docx, minutes_docx
from zonetrack.projects.models import ProgressReport
from zonetrack.projects.services import project_create, year_plan_set

from ..conftest import World
from .factories import make_problem

TODAY = date.today()


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_briefing_has_every_agenda_project_with_its_problems(world: World) -> None:
    second = project_create(actor=None, zone=world.zone_a, name="甲区物流园项目")
    make_problem(world.a_officer, world.project_a, description="土地征收未完成")
    make_problem(world.a_officer, second, description="融资未到位", category="funding")
    year_plan_set(
        actor=None,
        project=world.project_a,
        year=TODAY.year,
        planned_investment_wan=Decimal("12000"),
    )
    last_month = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
    ProgressReport.objects.create(
        project=world.project_a,
        month=last_month,
        invested_wan=Decimal("3000"),
        progress="主体结构封顶",
    )
    earlier = services.meeting_create(
        actor=world.a_manager,
        organisation=world.org_a,
        title="上次调度会",
        held_on=TODAY - timedelta(days=30),
        project_ids=[world.project_a.pk],
    )
    services.decision_add(
        actor=world.a_manager,
        meeting=earlier,
        project=world.project_a,
        kind="note",
        text="加快征地进度",
    )
    meeting = services.meeting_create(
        actor=world.a_manager,
        organisation=world.org_a,
        title="本次调度会",
        held_on=TODAY,
        include_blocked=True,
        attendees="张三\n李四",
    )
    text = _text(briefing_docx(meeting=meeting, user=world.a_manager))
    for expected in [
        "本次调度会",
        world.project_a.name,
        "土地征收未完成",
        second.name,
        "融资未到位",
        "12,000.00",
        "主体结构封顶",
        "加快征地进度",
        "张三",
    ]:
        assert expected in text, expected
    services.decision_add(
        actor=world.a_manager,
        meeting=meeting,
        project=second,
        kind="problem",
        text="协调银行贷款",
        due_on=TODAY + timedelta(days=14),
    )
    minutes = _text(minutes_docx(meeting=meeting, user=world.a_manager))
    assert "协调银行贷款" in minutes and second.name in minutes
