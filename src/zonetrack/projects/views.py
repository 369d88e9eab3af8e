"""Pages of the projects app: the list, the pipeline board, a project's page with its workflow
forms (stage moves, verification, monthly reports, plans, milestones) and the work queues."""

from __future__ import annotations

import html
import os
import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role
from zonetrack.audit.selectors import history_for
from zonetrack.core import jobs
from zonetrack.core.forms import run_service
from zonetrack.core.models import Job
from zonetrack.core.views import SheetImportView
from zonetrack.registry import selectors as registry_selectors
from zonetrack.registry.models import Park

from . import files, selectors, services
from . import jobs as ledger_jobs
from .choices import FIVE_BATCHES, STAGE_ORDER, Stage, Verification
from .forms import (
    LedgerImportForm,
    MilestoneForm,
    ProjectForm,
    ReportForm,
    TransitionForm,
    VerificationForm,
    YearPlanForm,
)
from .ledger import (
    export_ledger,
    ledger_title,
)
from .models import ProgressReport, Project, StageTransition

PAGE_SIZE = 50
# Cards per board column; the rest are a link to the filtered list.
BOARD_CARDS = 50
# Rows of the grouped board (groups × stages) shown at most.
BOARD_GROUPS = 200
STAGE_CSS = {
    Stage.PURSUED: "bg-secondary-lt",
    Stage.PACKAGED: "bg-purple-lt",
    Stage.SIGNED: "bg-blue-lt",
    Stage.STARTED: "bg-orange-lt",
    Stage.IN_PRODUCTION: "bg-green-lt",
    Stage.AT_CAPACITY: "bg-teal-lt",
    Stage.TERMINATED: "bg-red-lt",
}
VERIFICATION_CSS = {
    Verification.PENDING: "bg-yellow-lt",
    Verification.VERIFIED: "bg-green-lt",
    Verification.REJECTED: "bg-red-lt",
    Verification.NOT_REQUIRED: "bg-secondary-lt",
}
BOARD_GROUPINGS = ("stage", "cluster", "park", "leader")


def _stage_labels() -> dict[str, str]:
    """Stage names translated once per page, not once per row."""
    return {value: str(label) for value, label in Stage.choices}


def _decorate(projects: Any) -> list[Project]:
    """Give each project its stage label and badge class, and whether its claimed stage still
    waits for verification (the stage statistics count differs from the claim)."""
    labels = _stage_labels()
    rows = list(projects)
    for project in rows:
        project.stage_label = labels.get(project.stage, project.stage)
        project.stage_css = STAGE_CSS.get(project.stage, "bg-secondary-lt")
        project.is_pending = project.verified_stage != project.stage
    return rows


def _decorate_transitions(transitions: Any) -> list[StageTransition]:
    labels = _stage_labels()
    checks = {value: str(label) for value, label in Verification.choices}
    rows = list(transitions)
    for item in rows:
        item.from_label = labels.get(item.from_stage, "")
        item.to_label = labels.get(item.to_stage, item.to_stage)
        item.to_css = STAGE_CSS.get(item.to_stage, "bg-secondary-lt")
        item.verification_label = checks.get(item.verification, item.verification)
        item.verification_css = VERIFICATION_CSS.get(item.verification, "bg-secondary-lt")
        item.is_pending = item.verification == Verification.PENDING
    return rows


def _may_create(user: Any) -> bool:
    """Cheap test for the "New project" button: officer or more anywhere. The create page
    offers the zones and the service decides for the zone chosen."""
    return access.is_administrator(user) or any(
        m.role != Role.VIEWER for m in access.memberships(user)
    )


def _next_url(request: HttpRequest, candidate: str | None) -> str | None:
    """A local address to go back to after a form, or None."""
    if (
        candidate
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return None


def _filter_options(user: Any, filters: selectors.ProjectFilters) -> dict[str, Any]:
    """Choices of the list and board filters, each one query, only what the user can see."""
    zones = (
        registry_selectors.zone_list(user=user)
        .select_related(None)
        .prefetch_related(None)
        .only("pk", "name")
    )
    # A province has hundreds of zones: their options are built in one pass, not a template loop.
    # Names are escaped here with the standard library's escape, which is several times
    # cheaper than format_html per option.
    zone_options = mark_safe(  # noqa: S308  (every name is escaped)
        "".join(
            f'<option value="{pk}"{" selected" if pk == filters.zone else ""}>'
            f"{html.escape(name)}</option>"
            for pk, name in zones.values_list("pk", "name")
        )
    )
    leaders = selectors.leader_choices(user=user)
    # Read only where a page shows the park filter.
    parks = access.visible(Park.objects.active(), user).select_related("zone")
    if filters.zone:
        parks = parks.filter(zone_id=filters.zone)
    return {
        "zones": zones,
        "zone_options": zone_options,
        "parks": parks.order_by("zone__name", "name"),
        "clusters": registry_selectors.cluster_list(),
        "leaders": leaders,
        "stages": Stage.choices,
        "keys": [("provincial", _("Provincial key project")), ("city", _("City key project"))],
    }


def _project(request: HttpRequest, project_id: int, *, change: bool = False) -> Project:
    """The project if the user can see it (else 404), and may change it when asked (else 403)."""
    project = selectors.project_get(user=request.user, project_id=project_id)
    if change and not access.can_change(request.user, project):
        raise PermissionDenied
    return project


class ProjectListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        filters = selectors.ProjectFilters.from_params(request.GET)
        verified_only = request.GET.get("verified_only") == "1"
        projects = selectors.project_list(user=request.user, filters=filters, for_page=True)
        claimed = selectors.stage_totals(user=request.user, filters=filters)
        shown = (
            selectors.stage_totals(user=request.user, filters=filters, verified_only=True)
            if verified_only
            else claimed
        )
        paginator = Paginator(projects, PAGE_SIZE)
        paginator.count = selectors.list_count(claimed, filters)  # no second COUNT query
        page = paginator.get_page(request.GET.get("page"))
        return render(
            request,
            "projects/project_list.html",
            {
                "page_obj": page,
                "projects": _decorate(page.object_list),
                "filters": filters,
                "verified_only": verified_only,
                "pipeline": selectors.five_batches(shown),
                "columns": [
                    ("", _("Code"), ""),
                    ("name", _("Name"), ""),
                    ("zone", _("Zone"), ""),
                    ("", _("Investor"), ""),
                    ("stage", _("Stage"), ""),
                    ("investment", _("Total investment (万元)"), "text-end"),
                    ("", _("Responsible leader"), ""),
                    ("", _("Project officer"), ""),
                ],
                "can_create": _may_create(request.user),
                **_filter_options(request.user, filters),
            },
        )


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


def _previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


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


class _ProjectFormView(LoginRequiredMixin, View):
    """A form of the project page, posted on its own: when the service takes it, back to the
    page (at ``anchor``) with a message; otherwise the page again with the form's errors."""

    form_class: type[Any]
    context_name: str
    anchor = ""

    def form(self, request: HttpRequest, project: Project) -> Any:
        return self.form_class(request.POST, request.FILES)

    def write(self, request: HttpRequest, project: Project, form: Any) -> Any:
        """The service call; ``form`` is valid."""
        raise NotImplementedError

    def message(self, project: Project, data: dict[str, Any]) -> str:
        return _("Saved.")

    def next_url(self, request: HttpRequest, project: Project, data: dict[str, Any]) -> str:
        return reverse("projects:project_detail", kwargs={"project_id": project.pk}) + self.anchor

    def post(self, request: HttpRequest, project_id: int) -> HttpResponse:
        project = _project(request, project_id, change=True)
        form = self.form(request, project)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            result, status = run_service(form, lambda: self.write(request, project, form))
            if result is not None:
                messages.success(request, self.message(project, data))
                return redirect(self.next_url(request, project, data))
        return _detail_page(request, project, status=status, **{self.context_name: form})


class ProjectTransitionView(_ProjectFormView):
    """Move a project to another stage (from its page or a board card)."""

    context_name = "transition_form"

    def form(self, request: HttpRequest, project: Project) -> Any:
        return TransitionForm(request.POST, request.FILES, project=project)

    def write(self, request: HttpRequest, project: Project, form: Any) -> Any:
        data = form.cleaned_data
        return services.project_transition(
            actor=request.user,
            project=project,
            to_stage=data["stage"],
            happened_on=data["date"],
            note=data["note"],
            evidence=data["evidence"],
            skipped=form.skipped_dates(),
            expected_version=data["version"],
            end_reason=data["end_reason"],
            lost_to=data["lost_to"],
        )

    def message(self, project: Project, data: dict[str, Any]) -> str:
        return _("%(project)s moved to %(stage)s.") % {
            "project": project.name,
            "stage": Stage(data["stage"]).label,
        }

    def next_url(self, request: HttpRequest, project: Project, data: dict[str, Any]) -> str:
        return _next_url(request, data["next"]) or super().next_url(request, project, data)


class ReportCreateView(_ProjectFormView):
    """File a monthly report (月报)."""

    form_class = ReportForm
    context_name = "report_form"
    anchor = "#reports"

    def write(self, request: HttpRequest, project: Project, form: Any) -> Any:
        data = form.cleaned_data
        return services.report_submit(
            actor=request.user,
            project=project,
            month=data["month"],
            invested_wan=data["invested_wan"],
            funds_in_place_wan=data["funds_in_place_wan"],
            progress=data["progress"],
            percent_complete=data["percent_complete"],
            photo=data["photo"],
        )

    def message(self, project: Project, data: dict[str, Any]) -> str:
        return _("Monthly report filed.")


class MilestoneCreateView(_ProjectFormView):
    """Add a milestone, or record the date an existing one was reached (``milestone``)."""

    context_name = "milestone_form"
    anchor = "#milestones"

    def form(self, request: HttpRequest, project: Project) -> Any:
        prefix = request.POST.get("prefix", "")
        # Only the per-milestone forms of the page carry a prefix ("m<id>").
        prefix = prefix if re.fullmatch(r"m\d{1,12}", prefix) else None
        return MilestoneForm(request.POST, prefix=prefix)

    def write(self, request: HttpRequest, project: Project, form: Any) -> Any:
        data = form.cleaned_data
        milestone = (
            get_object_or_404(project.milestones, pk=data["milestone"])
            if data["milestone"]
            else None
        )
        return services.milestone_save(
            actor=request.user,
            project=project,
            name=data["name"],
            planned_on=data["planned_on"],
            actual_on=data["actual_on"],
            milestone=milestone,
        )


class YearPlanSetView(_ProjectFormView):
    """Set the investment planned for a year (年度计划投资)."""

    form_class = YearPlanForm
    context_name = "plan_form"

    def write(self, request: HttpRequest, project: Project, form: Any) -> Any:
        data = form.cleaned_data
        return services.year_plan_set(
            actor=request.user,
            project=project,
            year=data["year"],
            planned_investment_wan=data["planned_investment_wan"],
            planned_start=data["planned_start"],
            planned_completion=data["planned_completion"],
        )

    def next_url(self, request: HttpRequest, project: Project, data: dict[str, Any]) -> str:
        detail = reverse("projects:project_detail", kwargs={"project_id": project.pk})
        return f"{detail}?chart_year={data['year']}#plan"


def _transition(request: HttpRequest, project_id: int, transition_id: int) -> StageTransition:
    """A stage change of a project the user can see, else 404."""
    project = _project(request, project_id)
    transition = get_object_or_404(
        project.transitions.select_related("actor", "verified_by"), pk=transition_id
    )
    transition.project = project
    return transition


def _attachment(stored: Any) -> FileResponse:
    """An uploaded file, always as a download with the type its checked content gave it: the
    browser neither shows it in the page's origin nor guesses another type from its bytes."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = os.path.basename(stored.name)
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=files.content_type_of(name)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ReportPhotoView(LoginRequiredMixin, View):
    """A monthly report's site photo, served through the visibility rule like evidence."""

    def get(self, request: HttpRequest, project_id: int, report_id: int) -> HttpResponse:
        report = get_object_or_404(
            access.visible(ProgressReport.objects.all(), request.user),
            pk=report_id,
            project_id=project_id,
        )
        if not report.photo:
            raise Http404
        return _attachment(report.photo)


class TransitionDetailView(LoginRequiredMixin, View):
    """One stage change: its claim, evidence and verification; ``?file=1`` downloads the
    evidence (only through this page, so the visibility rule applies to files too)."""

    def get(self, request: HttpRequest, project_id: int, transition_id: int) -> HttpResponse:
        transition = _transition(request, project_id, transition_id)
        project = transition.project
        if request.GET.get("file"):
            if not transition.evidence:
                raise Http404
            return _attachment(transition.evidence)
        [transition] = _decorate_transitions([transition])
        [project] = _decorate([project])
        return render(
            request,
            "projects/transition_detail.html",
            {
                "project": project,
                "transition": transition,
                "can_verify": services.can_verify(request.user, project),
            },
        )


class VerificationDecideView(LoginRequiredMixin, View):
    """The supervising level accepts or rejects a claimed stage (项目认定)."""

    def post(self, request: HttpRequest, project_id: int, transition_id: int) -> HttpResponse:
        transition = _transition(request, project_id, transition_id)
        project = transition.project
        if not services.can_verify(request.user, project):
            raise PermissionDenied
        form = VerificationForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            decided, status = run_service(
                form,
                lambda: services.verification_decide(
                    actor=request.user,
                    transition=transition,
                    approve=data["approve"],
                    note=data["note"],
                ),
            )
            if decided is not None:
                done = (
                    _("Verified: %(project)s, %(stage)s.")
                    if data["approve"]
                    else _("Rejected: %(project)s, %(stage)s.")
                )
                stage = Stage(transition.to_stage).label
                messages.success(request, done % {"project": project.name, "stage": stage})
                return redirect(
                    _next_url(request, data["next"])
                    or reverse("projects:project_detail", kwargs={"project_id": project.pk})
                )
        return _detail_page(
            request,
            project,
            status=status,
            verification_form=form,
            verification_for=transition.pk,
        )


def _board_columns(
    user: Any, filters: selectors.ProjectFilters, counts: list[selectors.StageCount]
) -> list[dict[str, Any]]:
    """The five batches, each with its count and at most BOARD_CARDS cards, largest first:
    one query per column, whatever the number of projects."""
    base = selectors.project_list(user=user, filters=replace(filters, stage="")).order_by(
        F("total_investment_wan").desc(nulls_last=True), "name", "pk"
    )
    columns = []
    for count in counts:
        stages = [count.stage]
        if count.stage == Stage.IN_PRODUCTION:
            stages.append(Stage.AT_CAPACITY.value)
        cards = _decorate(base.filter(stage__in=stages)[:BOARD_CARDS])
        columns.append(
            {
                "stage": count.stage,
                "label": count.label,
                "css": STAGE_CSS[Stage(count.stage)],
                "count": count.count,
                "investment_wan": count.investment_wan,
                "cards": cards,
                "more": max(count.count - len(cards), 0),
            }
        )
    return columns


def _person_name(row: dict[str, Any]) -> str:
    """A person's name from selected values, as ``User.__str__`` writes it."""
    full = f"{row['leader__first_name']} {row['leader__last_name']}".strip()
    return row["leader__display_name"] or full or row["leader__username"]


def _board_groups(
    user: Any, filters: selectors.ProjectFilters, group: str
) -> tuple[list[dict[str, Any]], bool]:
    """Groups (cluster, park or leader) × the five batches, counted in one query. Returns the
    rows, largest first, and whether some were left off."""
    fields = {
        "cluster": ["cluster_id", "cluster__code", "cluster__name"],
        "park": ["park_id", "park__name", "park__zone__name"],
        "leader": [
            "leader_id",
            "leader__username",
            "leader__display_name",
            "leader__first_name",
            "leader__last_name",
        ],
    }[group]
    projects: QuerySet[Project] = selectors.project_list(
        user=user, filters=replace(filters, stage="")
    )
    rows = (
        projects.order_by()
        .values(*fields, "stage")
        .annotate(n=Count("pk"), total=Sum("total_investment_wan"))
    )
    batches = [stage.value for stage in FIVE_BATCHES]
    groups: dict[Any, dict[str, Any]] = {}
    for row in rows:
        key = row[fields[0]]
        if key not in groups:
            if key is None:
                label, param = _("(none)"), ""
            elif group == "cluster":
                label, param = row["cluster__name"], row["cluster__code"]
            elif group == "park":
                label, param = f"{row['park__zone__name']} · {row['park__name']}", str(key)
            else:
                label, param = _person_name(row), str(key)
            groups[key] = {
                "label": label,
                "param": param,
                "counts": dict.fromkeys(batches, 0),
                "total": 0,
                "investment_wan": Decimal(0),
            }
        stage = Stage.IN_PRODUCTION.value if row["stage"] == Stage.AT_CAPACITY else row["stage"]
        entry = groups[key]
        if stage in entry["counts"]:
            entry["counts"][stage] += row["n"]
            entry["total"] += row["n"]
            entry["investment_wan"] += row["total"] or Decimal(0)
    ordered = sorted(
        (g for g in groups.values() if g["total"]),
        key=lambda g: (not g["param"], -g["total"], str(g["label"])),
    )
    for entry in ordered:
        entry["cells"] = [(stage, entry["counts"][stage]) for stage in batches]
    return ordered[:BOARD_GROUPS], len(ordered) > BOARD_GROUPS


class PipelineBoardView(LoginRequiredMixin, View):
    """The five batches (五个一批) as columns of cards, or as a table of groups × stages."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        filters = replace(selectors.ProjectFilters.from_params(request.GET), stage="")
        group = request.GET.get("group") or "stage"
        if group not in BOARD_GROUPINGS:
            group = "stage"
        counts = selectors.pipeline_counts(user=user, filters=filters)
        context: dict[str, Any] = {
            "filters": filters,
            "group": group,
            "groupings": [
                ("stage", _("Stage")),
                ("cluster", _("Industry cluster")),
                ("park", _("Park")),
                ("leader", _("Responsible leader")),
            ],
            "pipeline": counts,
            "pipeline_total": sum(c.count for c in counts),
            "pipeline_investment_wan": sum((c.investment_wan for c in counts), Decimal(0)),
            "stage_choices": Stage.choices,
            "batches": [(c.stage, c.label) for c in counts],
            "today": timezone.localdate(),
            "board_cards": BOARD_CARDS,
            "group_param": {"cluster": "cluster", "park": "park", "leader": "leader"}.get(group),
            **_filter_options(user, filters),
        }
        if group == "stage":
            context["columns"] = _board_columns(user, filters, counts)
        else:
            context["groups"], context["groups_cut"] = _board_groups(user, filters, group)
            context["groups_max"] = BOARD_GROUPS
        return render(request, "projects/pipeline_board.html", context)


class VerificationQueueView(LoginRequiredMixin, View):
    """Claims of signing, start and production waiting for the user's verification."""

    def get(self, request: HttpRequest) -> HttpResponse:
        queue = selectors.verification_queue(user=request.user)
        page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
        claims = _decorate_transitions(page.object_list)
        rules = {rule.stage: rule for rule in selectors.stage_rules()}
        for claim in claims:
            # What the stage calls for, beside what was sent, to judge the claim by.
            claim.rule = rules.get(claim.to_stage)
        return render(
            request, "projects/verification_queue.html", {"page_obj": page, "claims": claims}
        )


class MyProjectsView(LoginRequiredMixin, View):
    """The projects the user answers for, with the monthly report each one owes."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        today = timezone.localdate()
        previous = _previous_month(today)
        due_on = services.report_due(previous)
        reports = ProgressReport.objects.filter(project=OuterRef("pk"))
        projects = selectors.my_projects(user=user).annotate(
            has_previous=Exists(reports.filter(month=previous)),
            last_report=Subquery(reports.order_by("-month").values("month")[:1]),
        )
        page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = _decorate(page.object_list)
        for project in rows:
            if project.officer_id == user.pk:
                project.role_label = _("Project officer")
            elif project.leader_id == user.pk:
                project.role_label = _("Responsible leader")
            else:
                project.role_label = _("Task force")
        return render(
            request,
            "projects/my_projects.html",
            {
                "page_obj": page,
                "projects": rows,
                "due_month": previous,
                "due_on": due_on,
                "is_overdue": today > due_on,
                "owing": projects.filter(has_previous=False).count(),
            },
        )


class LedgerExportView(LoginRequiredMixin, View):
    """The project list as filtered, as the ledger spreadsheet; a long list becomes a job."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = selectors.ProjectFilters.from_params(request.GET)
        year = filters.year or timezone.localdate().year
        projects = selectors.project_list(user=request.user, filters=filters)
        count = selectors.list_count(
            selectors.stage_totals(user=request.user, filters=filters), filters
        )
        if count > jobs.JOB_ROWS:
            query = request.GET.copy()
            query.pop("page", None)
            job = jobs.start(
                kind=ledger_jobs.EXPORT,
                owner=request.user,
                title=_("Project ledger %(year)d, %(count)d projects")
                % {"year": year, "count": count},
                params={"query": query.urlencode(), "year": year},
            )
            return redirect("core:job_detail", job_id=job.pk)
        zone = registry_selectors.zone_list(user=request.user).filter(pk=filters.zone).first()
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = ledger_jobs.export_file_name(year)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        as_of = ledger_jobs.ledger_as_of(year)
        export_ledger(
            projects,
            response,
            year=year,
            as_of=as_of,
            title=ledger_title(zone.name if zone else "", year, as_of),
        )
        return response


class LedgerImportView(SheetImportView):
    """Upload a zone's ledger; a preview job reports row by row what would happen; confirming
    queues the import of that plan, all rows or none. A small file's jobs run within the
    request."""

    template_name = "projects/ledger_import.html"
    form_class = LedgerImportForm
    preview_kind, import_kind = ledger_jobs.PREVIEW, ledger_jobs.IMPORT
    url_name = "projects:ledger_import"

    def blank_form(self, request: HttpRequest) -> LedgerImportForm:
        return LedgerImportForm(user=request.user, initial={"zone": request.GET.get("zone")})

    def stash_params(self, form: forms.Form) -> dict[str, Any]:
        zone = form.cleaned_data["zone"]
        return {"zone": zone.pk, "zone_name": zone.name, "year": form.cleaned_data["year"]}

    def preview_title(self, name: str) -> str:
        return _("Ledger check: %(name)s") % {"name": name}

    def import_params(self, request: HttpRequest, preview: Job) -> dict[str, Any]:
        zone = access.get_visible(
            registry_selectors.zone_list(user=request.user), request.user, pk=preview.params["zone"]
        )
        return {"zone_name": zone.name}

    def import_title(self, name: str) -> str:
        return _("Ledger import: %(name)s") % {"name": name}

    def imported_url(self, preview: Job) -> str:
        return f"{reverse('projects:project_list')}?zone={preview.params['zone']}"


class LeaderWorkloadView(LoginRequiredMixin, View):
    """Each responsible leader's (包联领导) projects by batch, investment and reports owed."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = selectors.ProjectFilters.from_params(request.GET)
        month = _previous_month(timezone.localdate())
        loads = selectors.leader_workload(user=request.user, filters=filters, month=month)
        return render(
            request,
            "projects/leader_workload.html",
            {
                "loads": loads,
                "filters": filters,
                "month": month,
                "batches": [str(stage.label) for stage in FIVE_BATCHES],
                **_filter_options(request.user, filters),
            },
        )
