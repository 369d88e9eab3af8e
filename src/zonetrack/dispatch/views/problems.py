"""Pages of problems: the list, raising one, its page with the steps of its loop, editing it,
and my work."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zonetrack.audit.selectors import history_for
from zonetrack.core.forms import run_service
from zonetrack.projects import selectors as project_selectors

from .. import permissions, selectors, services
from ..choices import EscalationLevel, EventKind, ProblemCategory, ProblemStatus
from ..forms import EventForm, ProblemForm
from ..models import Problem
from .common import PAGE_SIZE, decorate

VERB_LABELS = {
    "start": gettext_lazy("Take in hand"),
    "answer": gettext_lazy("Answer"),
    "accept": gettext_lazy("Accept and close"),
    "reject": gettext_lazy("Reject the answer"),
    "assign": gettext_lazy("Hand over again"),
    "escalate": gettext_lazy("Escalate"),
}


class ProblemListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        params = request.GET.copy()
        if "status" not in params:
            params["status"] = "open"  # the list a dispatcher works from; "any" is one click
        filters = selectors.ProblemFilters.from_params(params)
        problems = selectors.problem_list(user=request.user, filters=filters)
        page = Paginator(problems, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "dispatch/problem_list.html",
            {
                "page_obj": page,
                "problems": decorate(page.object_list),
                "filters": filters,
                "statuses": [("open", _("Open")), *ProblemStatus.choices],
                "categories": ProblemCategory.choices,
                "levels": EscalationLevel.choices,
                "units": selectors.unit_choices(user=request.user).only("pk", "name")[:500],
            },
        )


class ProblemCreateView(LoginRequiredMixin, View):
    """Raise a problem on a project (``?project=ID``)."""

    template_name = "dispatch/problem_form.html"

    def _project(self, request: HttpRequest) -> Any:
        raw = request.GET.get("project") or request.POST.get("project") or ""
        if not raw.isdecimal() or len(raw) > 12:
            return None
        project = project_selectors.project_get(user=request.user, project_id=int(raw))
        if not permissions.can_raise_problem(request.user, project):
            raise PermissionDenied
        return project

    def get(self, request: HttpRequest) -> HttpResponse:
        project = self._project(request)
        if project is None:
            # Without a project, the page asks which one (by its number, or from my projects).
            mine = project_selectors.my_projects(user=request.user)[:100]
            return render(request, self.template_name, {"project": None, "mine": mine})
        today = timezone.localdate()
        form = ProblemForm(
            user=request.user,
            initial={"raised_on": today, "responsible_unit": project.zone.organisation_id},
        )
        return render(request, self.template_name, {"form": form, "project": project})

    def post(self, request: HttpRequest) -> HttpResponse:
        project = self._project(request)
        if project is None:
            raise Http404
        form = ProblemForm(request.POST, user=request.user)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            problem, status = run_service(
                form,
                lambda: services.problem_create(
                    actor=request.user,
                    project=project,
                    category=data["category"],
                    description=data["description"],
                    raised_on=data["raised_on"],
                    deadline_on=data["deadline_on"],
                    responsible_unit=data["responsible_unit"],
                    responsible_person=data["responsible_person"],
                ),
            )
            if problem is not None:
                messages.success(request, _("Problem raised and handed over."))
                return redirect("dispatch:problem_detail", problem_id=problem.pk)
        return render(
            request, self.template_name, {"form": form, "project": project}, status=status
        )


def _problem_page(
    request: HttpRequest, problem: Problem, *, status: int = 200, event_form: Any = None
) -> HttpResponse:
    [problem] = decorate([problem])
    kinds = dict(EventKind.choices)
    events = selectors.problem_events(problem)
    for event in events:
        event.label = kinds.get(event.kind, event.kind)
    verbs = services.allowed_verbs(request.user, problem)
    return render(
        request,
        "dispatch/problem_detail.html",
        {
            "problem": problem,
            "events": events,
            "verbs": [(verb, VERB_LABELS[verb]) for verb in verbs],
            "event_form": event_form
            or EventForm(
                user=request.user,
                initial={
                    "version": problem.version,
                    "responsible_unit": problem.responsible_unit_id,
                    "responsible_person": problem.responsible_person_id,
                    "deadline_on": problem.deadline_on,
                },
            ),
            "history": history_for(problem),
            "can_edit": problem.is_open and permissions.can_change_problem(request.user, problem),
        },
        status=status,
    )


class ProblemDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, problem_id: int) -> HttpResponse:
        return _problem_page(
            request, selectors.problem_get(user=request.user, problem_id=problem_id)
        )


class ProblemEventView(LoginRequiredMixin, View):
    """Take one step of the loop from the problem's page."""

    def post(self, request: HttpRequest, problem_id: int) -> HttpResponse:
        problem = selectors.problem_get(user=request.user, problem_id=problem_id)
        form = EventForm(request.POST, user=request.user)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            handover = (
                {
                    "responsible_unit": data["responsible_unit"],
                    "responsible_person": data["responsible_person"],
                    "deadline_on": data["deadline_on"],
                }
                if data["kind"] == "assign"
                else {}
            )
            event, status = run_service(
                form,
                lambda: services.problem_event(
                    actor=request.user,
                    problem=problem,
                    verb=data["kind"],
                    note=data["note"],
                    expected_version=data["version"],
                    **handover,
                ),
            )
            if event is not None:
                messages.success(request, _("Saved."))
                return redirect("dispatch:problem_detail", problem_id=problem.pk)
        if status == 200:
            status = 400
        return _problem_page(request, problem, status=status, event_form=form)


class ProblemEditView(LoginRequiredMixin, View):
    template_name = "dispatch/problem_form.html"

    def _problem(self, request: HttpRequest, problem_id: int) -> Problem:
        problem = selectors.problem_get(user=request.user, problem_id=problem_id)
        # Seen (else 404 above) but not to be changed by this user, or closed: refused.
        if not permissions.can_change_problem(request.user, problem) or not problem.is_open:
            raise PermissionDenied
        return problem

    def get(self, request: HttpRequest, problem_id: int) -> HttpResponse:
        problem = self._problem(request, problem_id)
        form = ProblemForm(
            user=request.user,
            editing=True,
            initial={
                "category": problem.category,
                "description": problem.description,
                "deadline_on": problem.deadline_on,
                "responsible_unit": problem.responsible_unit_id,
                "responsible_person": problem.responsible_person_id,
                "version": problem.version,
            },
        )
        return render(
            request,
            self.template_name,
            {"form": form, "project": problem.project, "problem": problem},
        )

    def post(self, request: HttpRequest, problem_id: int) -> HttpResponse:
        problem = self._problem(request, problem_id)
        form = ProblemForm(request.POST, user=request.user, editing=True)
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            saved, status = run_service(
                form,
                lambda: services.problem_update(
                    actor=request.user, problem=problem, changes=data, expected_version=version
                ),
            )
            if saved is not None:
                messages.success(request, _("Saved."))
                return redirect("dispatch:problem_detail", problem_id=problem.pk)
        return render(
            request,
            self.template_name,
            {"form": form, "project": problem.project, "problem": problem},
            status=status,
        )


class MyWorkView(LoginRequiredMixin, View):
    """Problems waiting for me (or my unit) and answers waiting for my acceptance."""

    def get(self, request: HttpRequest) -> HttpResponse:
        work = selectors.my_work(user=request.user)
        return render(
            request,
            "dispatch/my_work.html",
            {
                "to_work": decorate(work["to_work"][:200]),
                "to_accept": decorate(work["to_accept"][:200]),
            },
        )
