"""Word documents of a dispatch meeting: the briefing before it and the minutes after, both in
the official form (GB/T 9704, see ``official``) and in Chinese whatever the reader's language.

Each is built with a fixed number of queries whatever the agenda's length: the agenda's
projects, their plans, reports, problems and the decisions earlier meetings took on them are
read in bulk.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.db.models import Max, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zonetrack.accounts import access
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import ProgressReport, Project, YearPlan

from .choices import OPEN_STATUSES, Colour, DecisionKind, EscalationLevel, ProblemStatus
from .models import AgendaItem, ColourStatus, Decision, Meeting, Problem
from .official import DOCX, OfficialDocument, official_date

__all__ = ["DOCX", "LANGUAGE", "agenda_facts", "briefing_docx", "minutes_docx"]

# The documents go to leaders and into the files: always in Chinese.
LANGUAGE = "zh-hans"
EMPTY = "—"


def _money(value: Decimal | None) -> str:
    return f"{(value or Decimal(0)):,.2f}"


def _percent(part: Decimal, whole: Decimal | None) -> str:
    if not whole:
        return EMPTY
    return f"{(part * 100 / whole):.1f}%"


def agenda_facts(meeting: Meeting, user: Any) -> list[dict[str, Any]]:
    """What the briefing says about each agenda project the user can see, in agenda order."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("project", "project__zone", "project__leader", "project__officer")
        .order_by("position", "pk")
    )
    visible = set(
        access.visible(Project.objects.all(), user)
        .filter(pk__in=[i.project_id for i in items])
        .values_list("pk", flat=True)
    )
    items = [i for i in items if i.project_id in visible]
    ids = [i.project_id for i in items]
    year = meeting.held_on.year
    plans = dict(
        YearPlan.objects.filter(project_id__in=ids, year=year).values_list(
            "project_id", "planned_investment_wan"
        )
    )
    done: dict[int, Decimal | None] = {
        row["project_id"]: row["total"]
        for row in ProgressReport.objects.filter(project_id__in=ids, month__year=year)
        .order_by()
        .values("project_id")
        .annotate(total=Sum("invested_wan"), last=Max("month"))
    }
    latest: dict[int, ProgressReport] = {}
    for progress_report in ProgressReport.objects.filter(project_id__in=ids).order_by(
        "project_id", "-month"
    ):
        latest.setdefault(progress_report.project_id, progress_report)
    problems: dict[int, list[Problem]] = defaultdict(list)
    for problem in (
        Problem.objects.filter(
            project_id__in=ids, status__in=OPEN_STATUSES, archived_at__isnull=True
        )
        .select_related("responsible_unit")
        .order_by("deadline_on", "pk")
    ):
        problems[problem.project_id].append(problem)
    colours = dict(
        ColourStatus.objects.filter(project_id__in=ids, milestone__isnull=True).values_list(
            "project_id", "colour"
        )
    )
    # Every decision an earlier meeting the reader may see took on these projects, oldest
    # first: a decision of three meetings ago that is still open matters as much as last
    # month's, and a city's meeting on a zone's project as much as the zone's own.
    earlier = access.visible(Meeting.objects.active(), user).filter(
        Q(held_on__lt=meeting.held_on) | Q(held_on=meeting.held_on, pk__lt=meeting.pk)
    )
    decisions: dict[int, list[Decision]] = defaultdict(list)
    for decision in (
        Decision.objects.filter(meeting__in=earlier, project_id__in=ids)
        .select_related("meeting")
        .order_by("meeting__held_on", "meeting_id", "pk")
    ):
        decisions[decision.project_id].append(decision)
    stages = dict(Stage.choices)
    colour_labels = dict(Colour.choices)
    facts = []
    for item in items:
        project = item.project
        report = latest.get(project.pk)
        colour = colours.get(project.pk, Colour.GREEN)
        facts.append(
            {
                "project": project,
                "reason": item.get_reason_display(),
                "stage": str(stages.get(project.stage, project.stage)),
                "colour_value": colour,
                "colour": str(colour_labels.get(colour, "")),
                "planned_wan": plans.get(project.pk),
                "done_wan": done.get(project.pk) or Decimal(0),
                "progress": report.progress if report else "",
                "percent": report.percent_complete if report else None,
                "problems": problems.get(project.pk, []),
                "last_decisions": decisions.get(project.pk, []),
            }
        )
    return facts


def _opening(document: OfficialDocument, title: str, meeting: Meeting) -> None:
    """Title, then when, where and who."""
    document.title(title)
    document.centred(f"{meeting.organisation.name}　{official_date(meeting.held_on)}")
    document.body(_("Time: %(date)s") % {"date": official_date(meeting.held_on)})
    if meeting.place:
        document.body(_("Place: %(place)s") % {"place": meeting.place})
    attendees = [line.strip() for line in meeting.attendees.splitlines() if line.strip()]
    if attendees:
        document.body(_("Attendees: %(names)s") % {"names": "、".join(attendees)})


def _summary_table(document: OfficialDocument, facts: list[dict[str, Any]]) -> None:
    """The leaders' page: one row per agenda project and a total."""
    today = timezone.localdate()
    document.centred(_("Summary of the projects on the agenda"))
    rows = []
    for number, fact in enumerate(facts, start=1):
        project = fact["project"]
        overdue = sum(1 for p in fact["problems"] if p.deadline_on < today)
        rows.append(
            [
                str(number),
                project.name,
                fact["stage"],
                fact["colour"],
                _money(fact["planned_wan"]),
                _money(fact["done_wan"]),
                _percent(fact["done_wan"], fact["planned_wan"]),
                str(len(fact["problems"])),
                str(overdue),
                str(project.leader) if project.leader else EMPTY,
            ]
        )
    planned = sum((f["planned_wan"] or Decimal(0) for f in facts), Decimal(0))
    invested = sum((f["done_wan"] for f in facts), Decimal(0))
    rows.append(
        [
            _("Total"),
            _("%(count)d projects") % {"count": len(facts)},
            EMPTY,
            EMPTY,
            _money(planned),
            _money(invested),
            _percent(invested, planned),
            str(sum(len(f["problems"]) for f in facts)),
            str(sum(1 for f in facts for p in f["problems"] if p.deadline_on < today)),
            EMPTY,
        ]
    )
    document.table(
        [
            _("No."),
            _("Project"),
            _("Stage"),
            _("Colour"),
            _("Planned investment this year (万元)"),
            _("Completed this year (万元)"),
            _("Completion rate"),
            _("Open problems"),
            _("Overdue problems"),
            _("Responsible leader"),
        ],
        rows,
    )


def briefing_docx(*, meeting: Meeting, user: Any) -> bytes:
    """The briefing (调度会材料): a summary table for leaders on the first page, then the
    overview and one section per agenda project with its facts, open problems and the
    decisions earlier meetings took on it, signed by the meeting's organisation."""
    with translation.override(LANGUAGE):
        return _briefing(meeting, user)


def _briefing(meeting: Meeting, user: Any) -> bytes:
    facts = agenda_facts(meeting, user)
    today = timezone.localdate()
    document = OfficialDocument()
    _opening(
        document, _("Dispatch meeting briefing: %(title)s") % {"title": meeting.title}, meeting
    )
    _summary_table(document, facts)
    document.page_break()
    document.heading(1, _("Summary"))
    document.body(
        _(
            "%(projects)d projects are on the agenda, %(red)d of them red; they have "
            "%(open)d open problems, %(overdue)d of them overdue. Planned investment this "
            "year: %(planned)s 万元; completed this year: %(done)s 万元."
        )
        % {
            "projects": len(facts),
            "red": sum(1 for f in facts if f["colour_value"] == Colour.RED),
            "open": sum(len(f["problems"]) for f in facts),
            "overdue": sum(1 for f in facts for p in f["problems"] if p.deadline_on < today),
            "planned": _money(sum((f["planned_wan"] or Decimal(0) for f in facts), Decimal(0))),
            "done": _money(sum((f["done_wan"] for f in facts), Decimal(0))),
        }
    )
    document.heading(1, _("Projects on the agenda"))
    if not facts:
        document.body(_("None."))
    levels = dict(EscalationLevel.choices)
    statuses = dict(ProblemStatus.choices)
    for fact in facts:
        project = fact["project"]
        document.heading(2, project.name)
        document.heading(3, _("Basic facts"))
        document.body(
            _("Zone: %(zone)s; stage: %(stage)s; colour: %(colour)s; on the agenda: %(reason)s.")
            % {
                "zone": project.zone.name,
                "stage": fact["stage"],
                "colour": fact["colour"],
                "reason": fact["reason"],
            }
        )
        document.body(
            _(
                "Total investment %(total)s 万元; planned this year %(planned)s 万元; "
                "completed this year %(done)s 万元."
            )
            % {
                "total": _money(project.total_investment_wan),
                "planned": _money(fact["planned_wan"]),
                "done": _money(fact["done_wan"]),
            }
        )
        document.body(
            _("Responsible leader: %(leader)s; project officer: %(officer)s.")
            % {"leader": project.leader or EMPTY, "officer": project.officer or EMPTY}
        )
        if fact["percent"] is not None:
            progress = _("Progress: %(progress)s (%(percent)s%% complete).") % {
                "progress": fact["progress"] or EMPTY,
                "percent": fact["percent"],
            }
        else:
            progress = _("Progress: %(progress)s.") % {"progress": fact["progress"] or EMPTY}
        document.body(progress)
        document.heading(3, _("Open problems"))
        if not fact["problems"]:
            document.body(_("None."))
        for problem in fact["problems"]:
            values = {
                "description": problem.description,
                "unit": problem.responsible_unit.name if problem.responsible_unit else EMPTY,
                "deadline": official_date(problem.deadline_on),
                "status": statuses[problem.status],
                "level": levels[problem.escalation_level],
            }
            if problem.deadline_on < today:
                line = _(
                    "%(description)s (responsible unit: %(unit)s; deadline: %(deadline)s, "
                    "overdue; %(status)s; %(level)s)"
                )
            else:
                line = _(
                    "%(description)s (responsible unit: %(unit)s; deadline: %(deadline)s; "
                    "%(status)s; %(level)s)"
                )
            document.item(line % values)
        document.heading(3, _("Decisions of the last meeting"))
        if not fact["last_decisions"]:
            document.body(_("None."))
        for decision in fact["last_decisions"]:
            document.item(_decision_line(decision, with_meeting=True))
    document.signature(meeting.organisation.name, meeting.held_on)
    return bytes(document)


def _decision_line(decision: Decision, *, with_meeting: bool) -> str:
    values = {
        "text": decision.text,
        "kind": dict(DecisionKind.choices)[decision.kind],
        "due": official_date(decision.due_on) if decision.due_on else "",
        "meeting": decision.meeting.title if with_meeting else "",
        "date": official_date(decision.meeting.held_on) if with_meeting else "",
    }
    if with_meeting and decision.due_on:
        return _("%(text)s (%(date)s, %(meeting)s; due %(due)s)") % values
    if with_meeting:
        return _("%(text)s (%(date)s, %(meeting)s)") % values
    if decision.due_on:
        return _("%(text)s (%(kind)s; due %(due)s)") % values
    return _("%(text)s (%(kind)s)") % values


def minutes_docx(*, meeting: Meeting, user: Any) -> bytes:
    """The minutes (会议纪要): a table of the decisions for leaders first, then the minutes
    text and the decisions per project, signed by the meeting's organisation."""
    with translation.override(LANGUAGE):
        return _minutes(meeting, user)


def _minutes(meeting: Meeting, user: Any) -> bytes:
    document = OfficialDocument()
    _opening(document, _("Minutes: %(title)s") % {"title": meeting.title}, meeting)
    visible = access.visible(Project.objects.all(), user).values("pk")
    decisions = list(
        Decision.objects.filter(meeting=meeting, project_id__in=visible)
        .select_related("project", "meeting")
        .order_by("project__name", "pk")
    )
    kinds = dict(DecisionKind.choices)
    document.centred(_("Summary of the decisions"))
    document.table(
        [_("No."), _("Project"), pgettext("meeting", "Decision"), _("Kind"), _("due")],
        [
            [
                str(number),
                decision.project.name,
                decision.text,
                str(kinds[decision.kind]),
                official_date(decision.due_on) if decision.due_on else EMPTY,
            ]
            for number, decision in enumerate(decisions, start=1)
        ]
        or [[EMPTY, _("None."), EMPTY, EMPTY, EMPTY]],
    )
    document.page_break()
    document.heading(1, _("Minutes"))
    paragraphs = [p.strip() for p in meeting.minutes.split("\n\n") if p.strip()]
    for paragraph in paragraphs or [_("None.")]:
        document.body(paragraph)
    document.heading(1, _("Decisions"))
    if not decisions:
        document.body(_("None."))
    project_id = None
    for decision in decisions:
        if decision.project_id != project_id:
            project_id = decision.project_id
            document.heading(2, decision.project.name)
        document.item(_decision_line(decision, with_meeting=False))
    document.signature(meeting.organisation.name, meeting.held_on)
    return bytes(document)


# The documents are official Chinese documents whatever the reader's language (LANGUAGE), so
# their file names are Chinese too, as the ledger's are ("甲区项目台账-2026-12-06.xlsx").
DOCUMENT_KINDS = {"briefing": "简报", "minutes": "纪要"}
# Characters no file name may carry on the systems the files are opened on.
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def document_file_name(meeting: Meeting, kind: str) -> tuple[str, str]:
    """The file name of a meeting's document, after the meeting ("2026年12月项目调度会-简报
    .docx": its month leads unless the title names the year already), and an ASCII one for
    clients that cannot read the first ("meeting-7-briefing.docx")."""
    held = meeting.held_on
    title = _NOT_IN_NAMES.sub("_", meeting.title).strip(" ._")[:80]
    if str(held.year) not in title:
        title = f"{held.year}年{held.month}月{title}"
    return f"{title}-{DOCUMENT_KINDS[kind]}.docx", f"meeting-{meeting.pk}-{kind}.docx"


def attachment_header(name: str, fallback: str) -> str:
    """Content-Disposition of a download: the ASCII ``filename`` for old clients and the real
    name as RFC 5987 ``filename*`` (UTF-8, percent-encoded), which browsers prefer."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
