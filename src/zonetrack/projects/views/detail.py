"""A project's page and the pages that create, edit and archive a project."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.core.views import ArchiveView, ObjectDetailView, ServiceFormView

from .. import permissions, selectors, services
from ..choices import STAGE_ORDER
from ..forms import ProjectForm
from ..models import Project
from .common import ProjectMixin, detail_url


def transition_context() -> dict[str, Any]:
    """What the stage-move form shows besides itself: the evidence each stage calls for and
    the stage order its script reads."""
    return {
        "stage_rules": selectors.stage_rules(),
        "stage_order": " ".join(stage.value for stage in STAGE_ORDER),
    }


def project_page_context(request: HttpRequest, project: Project, **forms: Any) -> dict[str, Any]:
    """What a project's page shows. Its workflow forms are fetched when a fold is opened
    (``workflow``); only a failed one (``forms``) is in the page, open, with its errors."""
    user = request.user
    today = timezone.localdate()
    page = selectors.project_page(
        project=project, today=today, chart_year=request.GET.get("chart_year", "")
    )
    context = {
        "project": project,
        "steps": page.steps,
        "transitions": page.transitions,
        "pending_count": sum(1 for t in page.transitions if t.is_pending),
        "reports": page.reports,
        "plans": page.plans,
        "milestones": page.milestones,
        "task_force": page.task_force,
        "chart": page.chart,
        "chart_summary": page.chart_summary,
        "chart_years": page.chart_years,
        "chart_year": page.chart_year,
        "history": page.history,
        "can_change": permissions.can_work_on_project(user, project),
        "can_archive": permissions.can_archive_project(user, project),
        "can_verify": permissions.can_verify_stage(user, project),
        "today": today,
        "transition_form": forms.get("transition_form"),
        "report_form": forms.get("report_form"),
        "milestone_form": forms.get("milestone_form"),
        "plan_form": forms.get("plan_form"),
        "verification_form": forms.get("verification_form"),
        "verification_for": forms.get("verification_for"),
    }
    if context["transition_form"] is not None:
        context |= transition_context()
    return context


def render_project_page(
    request: HttpRequest, project: Project, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """The project's page, with a failed form shown in place with its errors."""
    context = project_page_context(request, project, **forms)
    return render(request, "projects/project_detail.html", context, status=status)


class ProjectDetailView(ProjectMixin, ObjectDetailView):
    template_name = "projects/project_detail.html"

    def get_extra_context(self, obj: Project) -> dict[str, Any]:
        return project_page_context(self.request, obj)


class ProjectCreateView(ServiceFormView):
    """A new project of a zone the user may add projects to (``?zone=`` preselects it)."""

    form_class = ProjectForm
    template_name = "projects/project_form.html"
    context_object_name = "project"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> ProjectForm:
        if data is None:
            zone = self.request.GET.get("zone", "")
            initial = {"zone": zone} if zone.isdecimal() else None
            return ProjectForm(user=self.request.user, initial=initial)
        return ProjectForm(data, user=self.request.user)

    def perform(self, form: Any, obj: Any) -> Project:
        zone = form.cleaned_data["zone"]
        if not permissions.can_create_project(self.request.user, zone):
            raise ValidationError({"zone": _("You may not add projects to this zone.")})
        fields = form.changes()
        if fields.get("officer") is None:
            # Left empty, an officer who adds a project becomes its officer.
            fields.pop("officer", None)
        return services.project_create_with_investor(
            actor=access.request_user(self.request),
            zone=zone,
            investor_name=form.cleaned_data["investor_name"],
            investor_credit_code=form.cleaned_data["investor_credit_code"],
            **fields,
        )

    def get_success_url(self, result: Project) -> str:
        return detail_url(result)


class ProjectEditView(ProjectMixin, ServiceFormView):
    form_class = ProjectForm
    template_name = "projects/project_form.html"

    def has_permission(self, obj: Project) -> bool:
        return permissions.can_change_project(self.request.user, obj)

    def get_form(self, obj: Project, data: Any = None, files: Any = None) -> ProjectForm:
        if data is None:
            return ProjectForm(instance=obj, user=self.request.user)
        # The form works on a copy, so the service compares against the stored values.
        copy = Project.objects.select_related("investor").get(pk=obj.pk)
        return ProjectForm(data, instance=copy, user=self.request.user)

    def perform(self, form: Any, obj: Project) -> Project:
        return services.project_update_with_investor(
            actor=access.request_user(self.request),
            project=obj,
            changes=form.changes(),
            investor_name=form.cleaned_data["investor_name"],
            investor_credit_code=form.cleaned_data["investor_credit_code"],
            expected_version=form.cleaned_data["version"],
        )

    def get_success_url(self, result: Project) -> str:
        return detail_url(result)


class ProjectArchiveView(ProjectMixin, ArchiveView):
    """Archive (hide) a project, or restore it with ``restore=1``. Nothing is deleted."""

    def has_permission(self, obj: Project) -> bool:
        return permissions.can_archive_project(self.request.user, obj)

    def perform(self, obj: Project, *, restore: bool) -> Project:
        return services.project_archive(
            actor=access.request_user(self.request), project=obj, restore=restore
        )

    def get_success_url(self, obj: Project) -> str:
        return detail_url(obj)
