"""The Word briefing and minutes: each agenda project with its problems and last decisions."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zonetrack.accounts.choices import Role
from zonetrack.dispatch import services
from zonetrack.dispatch.briefing import agenda_facts, briefing_docx, minutes_docx
from zonetrack.dispatch.official import TITLE_FACE, heading_number
from zonetrack.projects.models import ProgressReport
from zonetrack.projects.services import project_create, project_update, year_plan_set

from ..conftest import World, make_user
from .factories import make_problem

TODAY = timezone.localdate()


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


def _document_text(document: Any) -> str:
    """Every visible text of a document: paragraphs, table cells, footers."""
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        for footer in (section.footer, section.even_page_footer):
            parts += [p.text for p in footer.paragraphs]
    return "\n".join(parts)


def _english_words(text: str, data: list[str]) -> list[str]:
    """ASCII words left once the names and codes the data carries are taken out."""
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, "")
    return re.findall(r"[A-Za-z]{2,}", text)


def _east_asian_font(run: Any) -> str | None:
    fonts = run._element.rPr.rFonts
    return fonts.get(qn("w:eastAsia"))


def _assert_official_form(document: Any) -> None:
    """A4, the standard margins, 仿宋 三号 body, a PAGE field in both footers, fallbacks named."""
    section = document.sections[0]
    for measured, expected in [
        (section.page_width, Mm(210)),
        (section.page_height, Mm(297)),
        (section.top_margin, Mm(37)),
        (section.bottom_margin, Mm(35)),
        (section.left_margin, Mm(28)),
        (section.right_margin, Mm(26)),
    ]:
        assert abs(measured - expected) < Mm(0.1), (measured, expected)
    assert document.settings.odd_and_even_pages_header_footer
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and "fldChar" in xml and "— " in footer.paragraphs[0].text
    title = document.paragraphs[0].runs[0]
    assert _east_asian_font(title) == TITLE_FACE.name == "方正小标宋简体"
    assert title.font.size == Pt(22)
    body = next(p for p in document.paragraphs if p.text.startswith("时间：")).runs[0]
    assert _east_asian_font(body) == "仿宋_GB2312" and body.font.size == Pt(16)
    normal = document.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    heading = next(p for p in document.paragraphs if p.text.startswith("一、")).runs[0]
    assert _east_asian_font(heading) == "黑体"
    fonts = next(
        part.blob.decode()
        for part in document.part.package.iter_parts()
        if str(part.partname) == "/word/fontTable.xml"
    )
    assert 'w:name="方正小标宋简体"><w:altName w:val="华文中宋"' in fonts
    assert 'w:name="仿宋_GB2312"><w:altName w:val="仿宋"' in fonts
    # The summary table's header row repeats on every page.
    assert "tblHeader" in document.tables[0].rows[0]._tr.xml


def test_briefing_and_minutes_are_official_documents_in_chinese(world: World) -> None:
    """A realistic meeting: the briefing and minutes carry no English word, are laid out as
    GB/T 9704 asks, and the briefing lists the decisions of every earlier meeting."""
    leader = make_user("zhang", (world.org_a, Role.MANAGER), display_name="张建国")
    officer = make_user("li", (world.org_a, Role.OFFICER), display_name="李明")
    project_update(
        actor=None, project=world.project_a, changes={"leader": leader, "officer": officer}
    )
    second = project_create(actor=None, zone=world.zone_a, name="甲区ABC智能制造产业园")
    make_problem(
        world.a_officer,
        world.project_a,
        description="土地征收未完成",
        raised_on=TODAY - timedelta(days=10),
        days=7,
    )
    make_problem(world.a_officer, second, description="融资未到位", category="funding")
    year_plan_set(
        actor=None,
        project=world.project_a,
        year=TODAY.year,
        planned_investment_wan=Decimal("12000"),
    )
    ProgressReport.objects.create(
        project=world.project_a,
        month=TODAY.replace(day=1),
        invested_wan=Decimal("3000"),
        progress="主体结构封顶",
        percent_complete=45,
    )
    decided = []
    for days, text in [(60, "加快征地进度"), (30, "协调供电线路迁改")]:
        earlier = services.meeting_create(
            actor=world.a_manager,
            organisation=world.org_a,
            title=f"第{days}天前调度会",
            held_on=TODAY - timedelta(days=days),
            project_ids=[world.project_a.pk],
        )
        services.decision_add(
            actor=world.a_manager,
            meeting=earlier,
            project=world.project_a,
            kind="note",
            text=text,
            due_on=TODAY + timedelta(days=7),
        )
        decided.append(text)
    meeting = services.meeting_create(
        actor=world.a_manager,
        organisation=world.org_a,
        title="十二月重点项目调度会",
        held_on=TODAY,
        include_blocked=True,
        place="管委会三楼会议室",
        attendees="张建国\n李明",
        project_ids=[world.project_a.pk],
    )
    services.meeting_update(
        actor=world.a_manager,
        meeting=meeting,
        changes={"minutes": "会议听取了重点项目推进情况汇报。\n\n会议研究了存在的困难和问题。"},
    )
    services.decision_add(
        actor=world.a_manager,
        meeting=meeting,
        project=second,
        kind="problem",
        text="协调银行贷款",
        due_on=TODAY + timedelta(days=14),
    )
    data = [world.project_a.name, second.name, world.zone_a.name, world.org_a.name]

    briefing = Document(io.BytesIO(briefing_docx(meeting=meeting, user=world.a_manager)))
    text = _document_text(briefing)
    assert not _english_words(text, data), _english_words(text, data)
    for expected in [*decided, "上次会议议定事项", "一、", "（一）", "1.", "（1）", "张建国"]:
        assert expected in text, expected
    assert "已逾期" in text and "主体结构封顶" in text
    # The leaders' page comes first: the summary table before the first heading.
    body = briefing.element.body
    assert body.index(briefing.tables[0]._tbl) < body.index(
        next(p for p in briefing.paragraphs if p.text.startswith("一、"))._p
    )
    # Signed by the organisation and dated in Arabic numerals, as GB/T 9704-2012 writes.
    assert briefing.paragraphs[-2].text == world.org_a.name
    assert briefing.paragraphs[-1].text == f"{TODAY.year}年{TODAY.month}月{TODAY.day}日"
    _assert_official_form(briefing)

    minutes = Document(io.BytesIO(minutes_docx(meeting=meeting, user=world.a_manager)))
    text = _document_text(minutes)
    assert not _english_words(text, data), _english_words(text, data)
    for expected in ["会议纪要", "议定事项", "协调银行贷款", "会议研究了存在的困难和问题。"]:
        assert expected in text, expected
    _assert_official_form(minutes)


def test_a_reader_in_english_still_gets_the_chinese_briefing(world: World) -> None:
    """The document's language is the documents', not the request's."""
    meeting = services.meeting_create(
        actor=world.a_manager,
        organisation=world.org_a,
        title="调度会",
        held_on=TODAY,
        project_ids=[world.project_a.pk],
    )
    with translation.override("en"):
        data = briefing_docx(meeting=meeting, user=world.a_manager)
    text = _document_text(Document(io.BytesIO(data)))
    assert not _english_words(text, [world.project_a.name, world.zone_a.name])


def test_chinese_numerals_of_headings() -> None:
    assert [heading_number(1, n) for n in (1, 10, 11, 20, 23)] == [
        "一、",
        "十、",
        "十一、",
        "二十、",
        "二十三、",
    ]
    assert heading_number(2, 2) == "（二）" and heading_number(3, 3) == "3."


def test_earlier_decisions_come_from_every_earlier_meeting_the_reader_may_see(
    world: World,
) -> None:
    """The zone's and the city's earlier meetings both count, as far as the reader may see
    them; a later one does not."""
    for organisation, actor, days, text in [
        (world.org_a, world.a_manager, 90, "三个月前的议定事项"),
        (world.city, world.city_manager, 45, "市局调度会议定事项"),
        (world.org_a, world.a_manager, -10, "之后会议的议定事项"),
    ]:
        other = services.meeting_create(
            actor=actor,
            organisation=organisation,
            title="其他调度会",
            held_on=TODAY - timedelta(days=days),
            project_ids=[world.project_a.pk],
        )
        services.decision_add(
            actor=actor, meeting=other, project=world.project_a, kind="note", text=text
        )
    meeting = services.meeting_create(
        actor=world.a_manager,
        organisation=world.org_a,
        title="本次调度会",
        held_on=TODAY,
        project_ids=[world.project_a.pk],
    )
    city = agenda_facts(meeting, world.city_manager)
    assert [d.text for d in city[0]["last_decisions"]] == [
        "三个月前的议定事项",
        "市局调度会议定事项",
    ]
    # The zone's manager does not see the city's meetings, nor their decisions.
    zone = agenda_facts(meeting, world.a_manager)
    assert [d.text for d in zone[0]["last_decisions"]] == ["三个月前的议定事项"]
