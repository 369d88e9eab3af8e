"""A project's page and the pages that create, edit and archive a project."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.audit.selectors import history_for
from zonetrack.core.forms import run_service

from .. import selectors, services
from ..choices import STAGE_ORDER, Stage
from ..forms import (
    MilestoneForm,
    ProjectForm,
    ReportForm,
    TransitionForm,
    YearPlanForm,
)
from ..models import ProgressReport, Project
from .common import _decorate, _decorate_transitions, _previous_month, _project, _stage_labels


def _stage_steps(project: Project) -> list[dict[str, Any]]:
    """The pipeline stages as steps, the reached ones with the date each was entered."""
    labels = _stage_labels()
    dates = {
        Stage.SIGNED: project.signed_on,
        Stage.STARTED: project.started_on,
        Stage.IN_PRODUCTION: project.production_on,
    }
    current = STAGE_ORDER.index(Stage(project.stage)) if project.stage in STAGE_ORDER else -1
    steps = []
    for index, stage in enumerate(STAGE_ORDER):
        when = project.stage_on if index == current else dates.get(stage)
        steps.append(
            {
                "label": labels[stage.value],
                "date": when if index <= current else None,
                "active": index == current,
                "done": index < current,
            }
        )
    return steps


def _with_cumulative(reports: list[ProgressReport]) -> list[ProgressReport]:
    """Newest first, each with the investment completed up to and including its month."""
    total = Decimal(0)
    for report in sorted(reports, key=lambda r: r.month):
        total += report.invested_wan
        report.cumulative_wan = total
    return sorted(reports, key=lambda r: r.month, reverse=True)


def _chart_data(
    reports: list[ProgressReport], plans: list[Any], year: int, today: date
) -> dict[str, Any]:
    """One year's monthly investment, its running total and the year's plan, for charts.js.
    Amounts stay decimal strings; the chart turns them into numbers only to draw them."""
    by_month = {r.month.month: r.invested_wan for r in reports if r.month.year == year}
    if year < today.year:
        last = 12
    elif year == today.year:
        last = max([today.month, *by_month])
    else:
        last = max(by_month, default=0)
    running = Decimal(0)
    cumulative: list[str | None] = []
    for month in range(1, 13):
        running += by_month.get(month, Decimal(0))
        cumulative.append(str(running) if month <= last else None)
    plan = next((p.planned_investment_wan for p in plans if p.year == year), None)
    return {
        "summary": {
            "planned": plan,
            "done": running,
            "percent": running * 100 / plan if plan else None,
        },
        "year": year,
        "months": [formats.date_format(date(year, m, 1), "M") for m in range(1, 13)],
        "invested": [str(by_month[m]) if m in by_month else None for m in range(1, 13)],
        "cumulative": cumulative,
        "plan": str(plan) if plan is not None else None,
        "labels": {
            "invested": _("Invested this month"),
            "cumulative": _("Cumulative this year"),
            "plan": _("Planned for the year"),
            "unit": _("万元"),
        },
    }


def _detail_page(
    request: HttpRequest, project: Project, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """A project's page; a failed form is shown again in place with its errors."""
    user = request.user
    today = timezone.localdate()
    can_change = access.can_change(user, project) and not project.is_archived
    transitions = _decorate_transitions(
        project.transitions.select_related("actor", "verified_by").order_by("-happened_on", "-id")
    )
    reports = _with_cumulative(list(project.reports.select_related("submitted_by")))
    plans = list(project.year_plans.order_by("-year"))
    years = sorted({today.year} | {r.month.year for r in reports} | {p.year for p in plans})
    chart_year = request.GET.get("chart_year", "")
    year = (
        int(chart_year)
        if chart_year.isdecimal() and len(chart_year) <= 4 and int(chart_year) in years
        else today.year
    )
    [project] = _decorate([project])
    milestones = list(project.milestones.all())
    chart = _chart_data(reports, plans, year, today)
    milestone_forms = {}
    if can_change:
        for milestone in milestones:
            milestone_forms[milestone.pk] = MilestoneForm(
                initial={
                    "milestone": milestone.pk,
                    "name": milestone.name,
                    "planned_on": milestone.planned_on,
                    "actual_on": today,
                },
                prefix=f"m{milestone.pk}",
            )
    context = {
        "project": project,
        "steps": _stage_steps(project),
        "transitions": transitions,
        "pending_count": sum(1 for t in transitions if t.is_pending),
        "reports": reports,
        "plans": plans,
        "milestones": [(m, milestone_forms.get(m.pk)) for m in milestones],
        "task_force": list(project.task_force.all()),
        "chart": chart,
        "chart_summary": chart.pop("summary"),
        "stage_order": [stage.value for stage in STAGE_ORDER],
        "chart_years": years,
        "chart_year": year,
        "history": history_for(project),
        "can_change": can_change,
        "can_archive": access.can_change(user, project),
        "can_verify": services.can_verify(user, project),
        "today": today,
        "transition_form": forms.get("transition_form") or TransitionForm(project=project),
        "report_form": forms.get("report_form")
        or ReportForm(initial={"month": _previous_month(today).strftime("%Y-%m")}),
        "milestone_form": forms.get("milestone_form") or MilestoneForm(),
        "plan_form": forms.get("plan_form") or YearPlanForm(),
        "verification_form": forms.get("verification_form"),
        "verification_for": forms.get("verification_for"),
        "stage_rules": selectors.stage_rules(),
    }
    return render(request, "projects/project_detail.html", context, status=status)


class ProjectDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, project_id: int) -> HttpResponse:
        return _detail_page(request, _project(request, project_id))


class ProjectCreateView(LoginRequiredMixin, View):
    template_name = "projects/project_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        zone = request.GET.get("zone", "")
        form = ProjectForm(user=request.user, initial={"zone": zone} if zone.isdecimal() else None)
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ProjectForm(request.POST, user=request.user)
        status = 400
        if form.is_valid():
            zone = form.cleaned_data["zone"]
            if not services.can_create_project(request.user, zone):
                form.add_error("zone", _("You may not add projects to this zone."))
            else:
                fields = form.changes()
                if fields.get("officer") is None:
                    # Left empty, an officer who adds a project becomes its officer.
                    fields.pop("officer", None)

                def save() -> Project:
                    with transaction.atomic():
                        investor = services.enterprise_for(
                            name=form.cleaned_data["investor_name"],
                            credit_code=form.cleaned_data["investor_credit_code"],
                        )
                        return services.project_create(
                            actor=request.user, zone=zone, investor=investor, **fields
                        )

                project, status = run_service(form, save)
                if project is not None:
                    messages.success(request, _("Saved."))
                    return redirect("projects:project_detail", project_id=project.pk)
        return render(request, self.template_name, {"form": form}, status=status)


class ProjectEditView(LoginRequiredMixin, View):
    template_name = "projects/project_form.html"

    def get(self, request: HttpRequest, project_id: int) -> HttpResponse:
        project = _project(request, project_id, change=True)
        form = ProjectForm(instance=project, user=request.user)
        return render(request, self.template_name, {"project": project, "form": form})

    def post(self, request: HttpRequest, project_id: int) -> HttpResponse:
        project = _project(request, project_id, change=True)
        # The form works on a copy, so the service compares against the stored values.
        copy = Project.objects.select_related("investor").get(pk=project.pk)
        form = ProjectForm(request.POST, instance=copy, user=request.user)
        status = 400
        if form.is_valid():

            def save() -> Project:
                with transaction.atomic():
                    investor = services.enterprise_for(
                        name=form.cleaned_data["investor_name"],
                        credit_code=form.cleaned_data["investor_credit_code"],
                    )
                    return services.project_update(
                        actor=request.user,
                        project=project,
                        changes={**form.changes(), "investor": investor},
                        expected_version=form.cleaned_data["version"],
                    )

            saved, status = run_service(form, save)
            if saved is not None:
                messages.success(request, _("Saved."))
                return redirect("projects:project_detail", project_id=project.pk)
        return render(
            request, self.template_name, {"project": project, "form": form}, status=status
        )


class ProjectArchiveView(LoginRequiredMixin, View):
    """Archive (hide) a project, or restore it with ``restore=1``. Nothing is deleted."""

    def post(self, request: HttpRequest, project_id: int) -> HttpResponse:
        project = _project(request, project_id, change=True)
        restore = bool(request.POST.get("restore"))
        services.project_archive(actor=request.user, project=project, restore=restore)
        if restore:
            messages.success(request, _("Restored."))
        else:
            messages.success(request, _("Archived. You can restore it from its page."))
        return redirect("projects:project_detail", project_id=project.pk)
