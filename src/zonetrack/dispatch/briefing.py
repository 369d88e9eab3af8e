"""Word documents of a dispatch meeting: the briefing before it and the minutes after.

Each is built with a fixed number of queries whatever the agenda's length: the agenda's
projects, their plans, reports, problems and the last meeting's decisions are read in bulk.
"""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document

from zonetrack.accounts import access
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import ProgressReport, Project, YearPlan

from .choices import OPEN_STATUSES, Colour, DecisionKind, EscalationLevel, ProblemStatus
from .models import AgendaItem, ColourStatus, Decision, Meeting, Problem

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _money(value: Decimal | None) -> str:
    return f"{(value or Decimal(0)):,.2f}"


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
    previous = (
        Meeting.objects.active()
        .filter(organisation=meeting.organisation, held_on__lt=meeting.held_on)
        .order_by("-held_on", "-pk")
        .first()
    )
    decisions: dict[int, list[Decision]] = defaultdict(list)
    if previous is not None:
        for decision in Decision.objects.filter(meeting=previous, project_id__in=ids):
            decisions[decision.project_id].append(decision)
    stages = dict(Stage.choices)
    colour_labels = dict(Colour.choices)
    facts = []
    for item in items:
        project = item.project
        report = latest.get(project.pk)
        facts.append(
            {
                "project": project,
                "reason": item.get_reason_display(),
                "stage": str(stages.get(project.stage, project.stage)),
                "colour": str(colour_labels.get(colours.get(project.pk, Colour.GREEN), "")),
                "planned_wan": plans.get(project.pk),
                "done_wan": done.get(project.pk) or Decimal(0),
                "progress": report.progress if report else "",
                "percent": report.percent_complete if report else None,
                "problems": problems.get(project.pk, []),
                "last_decisions": decisions.get(project.pk, []),
            }
        )
    return facts


def _document(title: str, meeting: Meeting) -> Any:
    document = Document()
    document.add_heading(title, level=0)
    document.add_paragraph(
        f"{_('Date')}: {meeting.held_on.isoformat()}    "
        f"{_('Organisation')}: {meeting.organisation.name}"
    )
    if meeting.place:
        document.add_paragraph(f"{_('Place')}: {meeting.place}")
    attendees = [line.strip() for line in meeting.attendees.splitlines() if line.strip()]
    if attendees:
        document.add_paragraph(f"{_('Attendees')}: {'、'.join(attendees)}")
    return document


def _save(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def briefing_docx(*, meeting: Meeting, user: Any) -> bytes:
    """The briefing (调度会材料): summary counts, then one section per agenda project with its
    stage, investment plan against completed, progress, open problems and the decisions the
    last meeting took on it."""
    facts = agenda_facts(meeting, user)
    today = timezone.localdate()
    document = _document(
        _("Dispatch meeting briefing: %(title)s") % {"title": meeting.title}, meeting
    )
    document.add_heading(_("Summary"), level=1)
    open_total = sum(len(f["problems"]) for f in facts)
    overdue = sum(1 for f in facts for p in f["problems"] if p.deadline_on < today)
    red = sum(1 for f in facts if f["colour"] == str(Colour.RED.label))
    planned = sum((f["planned_wan"] or Decimal(0) for f in facts), Decimal(0))
    invested = sum((f["done_wan"] for f in facts), Decimal(0))
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in [
        (_("Projects on the agenda"), str(len(facts))),
        (_("Red projects"), str(red)),
        (_("Open problems"), str(open_total)),
        (_("Overdue problems"), str(overdue)),
        (_("Planned investment this year (万元)"), _money(planned)),
        (_("Completed this year (万元)"), _money(invested)),
    ]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    levels = dict(EscalationLevel.choices)
    statuses = dict(ProblemStatus.choices)
    for number, fact in enumerate(facts, start=1):
        project = fact["project"]
        document.add_heading(f"{number}. {project.name}", level=1)
        lines = [
            f"{_('Zone')}: {project.zone.name}    {_('Reason on the agenda')}: {fact['reason']}",
            f"{_('Stage')}: {fact['stage']}    {_('Colour')}: {fact['colour']}",
            f"{_('Total investment (万元)')}: {_money(project.total_investment_wan)}    "
            f"{_('Planned this year (万元)')}: {_money(fact['planned_wan'])}    "
            f"{_('Completed this year (万元)')}: {_money(fact['done_wan'])}",
            f"{_('Responsible leader')}: {project.leader or '—'}    "
            f"{_('Project officer')}: {project.officer or '—'}",
            f"{_('Progress')}: {fact['progress'] or '—'}"
            + (f" ({fact['percent']}%)" if fact["percent"] is not None else ""),
        ]
        for line in lines:
            document.add_paragraph(line)
        document.add_heading(_("Open problems"), level=2)
        if not fact["problems"]:
            document.add_paragraph(_("None."))
        for problem in fact["problems"]:
            document.add_paragraph(
                f"{problem.description} — {_('responsible')}: "
                f"{problem.responsible_unit.name if problem.responsible_unit else '—'}, "
                f"{_('deadline')}: {problem.deadline_on.isoformat()}, "
                f"{statuses[problem.status]}, {levels[problem.escalation_level]}"
                + (f" ({_('overdue')})" if problem.deadline_on < today else ""),
                style="List Bullet",
            )
        document.add_heading(_("Decisions of the last meeting"), level=2)
        if not fact["last_decisions"]:
            document.add_paragraph(_("None."))
        for decision in fact["last_decisions"]:
            due = f" ({decision.due_on.isoformat()})" if decision.due_on else ""
            document.add_paragraph(f"{decision.text}{due}", style="List Bullet")
    return _save(document)


def minutes_docx(*, meeting: Meeting, user: Any) -> bytes:
    """The minutes (会议纪要): attendees, the minutes text, and the decisions per project."""
    document = _document(_("Minutes: %(title)s") % {"title": meeting.title}, meeting)
    if meeting.minutes:
        document.add_heading(_("Minutes"), level=1)
        for paragraph in meeting.minutes.split("\n\n"):
            document.add_paragraph(paragraph.strip())
    document.add_heading(_("Decisions"), level=1)
    visible = access.visible(Project.objects.all(), user).values("pk")
    decisions = list(
        Decision.objects.filter(meeting=meeting, project_id__in=visible)
        .select_related("project")
        .order_by("project__name", "pk")
    )
    if not decisions:
        document.add_paragraph(_("None."))
    kinds = dict(DecisionKind.choices)
    for decision in decisions:
        due = f", {_('due')} {decision.due_on.isoformat()}" if decision.due_on else ""
        document.add_paragraph(
            f"{decision.project.name}: {decision.text} ({kinds[decision.kind]}{due})",
            style="List Bullet",
        )
    return _save(document)
