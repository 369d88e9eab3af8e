"""A project's page and the pages that create, edit and archive a project."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.core.forms import run_service

from .. import permissions, selectors, services
from ..choices import STAGE_ORDER
from ..forms import (
    MilestoneForm,
    ProjectForm,
    ReportForm,
    TransitionForm,
    YearPlanForm,
)
from ..models import Project
from .common import _decorate, _decorate_transitions, _previous_month, _project


def _detail_page(
    request: HttpRequest, project: Project, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """A project's page; a failed form is shown again in place with its errors."""
    user = request.user
    today = timezone.localdate()
    can_change = permissions.can_work_on_project(user, project)
    page = selectors.project_page(
        project=project, today=today, chart_year=request.GET.get("chart_year", "")
    )
    transitions = _decorate_transitions(page.transitions)
    [project] = _decorate([project])
    milestone_forms = {}
    if can_change:
        for milestone in page.milestones:
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
        "steps": page.steps,
        "transitions": transitions,
        "pending_count": sum(1 for t in transitions if t.is_pending),
        "reports": page.reports,
        "plans": page.plans,
        "milestones": [(m, milestone_forms.get(m.pk)) for m in page.milestones],
        "task_force": page.task_force,
        "chart": page.chart,
        "chart_summary": page.chart_summary,
        "stage_order": [stage.value for stage in STAGE_ORDER],
        "chart_years": page.chart_years,
        "chart_year": page.chart_year,
        "history": page.history,
        "can_change": can_change,
        "can_archive": permissions.can_archive_project(user, project),
        "can_verify": permissions.can_verify_stage(user, project),
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
            if not permissions.can_create_project(request.user, zone):
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
