"""Pages of problems: the list, raising one, its page with the steps of its loop, editing it,
and my work. Built on core's base views: the selector, the form, the service, the template."""

from __future__ import annotations

import os
from pathlib import PurePath
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zonetrack.accounts import access
from zonetrack.audit.selectors import history_for
from zonetrack.core.views import FilteredListView, ObjectDetailView, ObjectMixin, ServiceFormView
from zonetrack.projects import files
from zonetrack.projects import selectors as project_selectors
from zonetrack.projects.models import SitePhoto

from .. import permissions, selectors, services
from ..attachments import InstructionAttachment
from ..forms import EventForm, ProblemFilterForm, ProblemForm, ProblemProjectForm
from ..models import Problem
from ..services.steps import DEADLINE_VERBS
from .common import PAGE_SIZE

# The types a stored site photo is served with, by the extension its checked content gave it.
PHOTO_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}

VERB_LABELS = {
    "start": gettext_lazy("Take in hand"),
    "answer": gettext_lazy("Answer"),
    "accept": gettext_lazy("Accept and close"),
    "reject": gettext_lazy("Reject the answer"),
    "assign": gettext_lazy("Hand over again"),
    "escalate": gettext_lazy("Escalate"),
    "urge": gettext_lazy("Urge"),
    "supervise": gettext_lazy("Issue a supervision order"),
    "instruct": gettext_lazy("Write an instruction"),
    "close_escalation": gettext_lazy("Close the escalation"),
    "extension_ask": gettext_lazy("Ask for more time"),
    "extension_grant": gettext_lazy("Grant the extension"),
    "extension_refuse": gettext_lazy("Refuse the extension"),
}


class ProblemListView(FilteredListView):
    template_name = "dispatch/problem_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "problems"

    def get_filters(self) -> selectors.ProblemFilters:
        params = self.request.GET.copy()
        if "status" not in params:
            params["status"] = "open"  # the list a dispatcher works from; "any" is one click
        return selectors.ProblemFilters.from_params(params)

    def get_queryset(self, filters: selectors.ProblemFilters) -> Any:
        return selectors.problem_list(user=self.request.user, filters=filters)

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        return {"filter_form": ProblemFilterForm(user=self.request.user, filters=filters)}


def _project_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("project") or request.POST.get("project") or ""
    return int(raw) if raw.isdecimal() and len(raw) <= 12 else None


class ProblemCreateView(ServiceFormView):
    """Raise a problem on a project (``?project=ID``); without one, the page asks which."""

    form_class = ProblemForm
    template_name = "dispatch/problem_form.html"
    context_object_name = "project"

    def get_success_message(self, result: Any) -> str:
        return _("Problem raised and handed over.")

    def get_object(self) -> Any:
        project_id = _project_id(self.request)
        if project_id is None:
            return None
        return project_selectors.project_get(user=self.request.user, project_id=project_id)

    def has_permission(self, project: Any) -> bool:
        return project is None or permissions.can_raise_problem(
            access.request_user(self.request), project
        )

    def get_form_kwargs(self, project: Any) -> dict[str, Any]:
        return {
            "user": self.request.user,
            "initial": {
                "raised_on": timezone.localdate(),
                "responsible_unit": project.zone.organisation_id,
            },
        }

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        project = self.load()
        if project is None:
            # Without a project, the page asks which one (by name or code, or from my projects).
            mine = project_selectors.my_projects(user=request.user)[:100]
            pick = ProblemProjectForm(user=request.user, auto_id="pick_%s")
            return render(
                request, self.template_name, {"project": None, "mine": mine, "pick_form": pick}
            )
        return self.render_form(project, self.get_form(project))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if _project_id(request) is None:
            raise Http404
        return super().post(request, **kwargs)

    def perform(self, form: Any, project: Any) -> Problem:
        data = form.cleaned_data
        return services.problem_create(
            actor=access.request_user(self.request),
            project=project,
            category=data["category"],
            description=data["description"],
            raised_on=data["raised_on"],
            deadline_on=data["deadline_on"],
            responsible_unit=data["responsible_unit"],
            responsible_person=data["responsible_person"],
            photos=data["photos"],
        )

    def get_success_url(self, problem: Problem) -> str:
        return reverse("dispatch:problem_detail", kwargs={"problem_id": problem.pk})


def problem_page_context(
    request: HttpRequest, problem: Problem, event_form: Any = None
) -> dict[str, Any]:
    """What a problem's page shows: its steps so far, the steps the user may take now with
    their form, and its history."""
    verbs = [
        (verb, VERB_LABELS[verb])
        for verb in services.allowed_verbs(access.request_user(request), problem)
    ]
    return {
        "problem": problem,
        "events": selectors.problem_events(problem),
        "verbs": verbs,
        "deadline_step": bool(set(dict(verbs)) & (DEADLINE_VERBS - {"assign"})),
        # An instruction (领导批示) takes files: the form offers them when it is a step here.
        "can_instruct": "instruct" in dict(verbs),
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
        "photos": _served_through(problem, selectors.problem_photos(problem)),
        "can_edit": problem.is_open
        and permissions.can_change_problem(access.request_user(request), problem),
    }


class ProblemDetailView(ObjectDetailView):
    template_name = "dispatch/problem_detail.html"
    context_object_name = "problem"

    def get_object(self) -> Problem:
        return selectors.problem_get(user=self.request.user, problem_id=self.kwargs["problem_id"])

    def get_extra_context(self, problem: Problem) -> dict[str, Any]:
        return problem_page_context(self.request, problem)


class ProblemPhotoView(LoginRequiredMixin, View):
    """A photo a problem was raised with, served to whoever may see the problem (its zone and
    the unit it is handed to): the problem's visibility decides."""

    def get(self, request: HttpRequest, **kwargs: Any) -> FileResponse:
        problem = selectors.problem_get(user=request.user, problem_id=kwargs["problem_id"])
        photo = next(
            (p for p in selectors.problem_photos(problem) if p.pk == kwargs["photo_id"]), None
        )
        if photo is None:
            raise Http404
        try:
            handle = photo.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        name = os.path.basename(photo.file.name or "")
        # Inline: what is stored is the copy checked_photo re-encoded, an image of its type.
        response = FileResponse(
            handle,
            filename=name,
            content_type=PHOTO_TYPES.get(
                os.path.splitext(name)[1].lower(), "application/octet-stream"
            ),
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class ProblemEventView(ServiceFormView):
    """Take one step of the loop from the problem's page; a refused step shows the page again
    with the form's errors."""

    http_method_names = ["post"]
    form_class = EventForm
    template_name = "dispatch/problem_detail.html"

    def get_object(self) -> Problem:
        return selectors.problem_get(user=self.request.user, problem_id=self.kwargs["problem_id"])

    def get_form_kwargs(self, problem: Problem) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, form: Any, problem: Problem) -> Any:
        data = form.cleaned_data
        handover = (
            {
                "responsible_unit": data["responsible_unit"],
                "responsible_person": data["responsible_person"],
                "deadline_on": data["deadline_on"],
            }
            if data["kind"] == "assign"
            else {"deadline_on": data["deadline_on"]}
        )
        return services.problem_event(
            actor=access.request_user(self.request),
            problem=problem,
            verb=data["kind"],
            note=data["note"],
            expected_version=data["version"],
            attachments=data["attachments"],
            **handover,
        )

    def get_success_url(self, event: Any) -> str:
        return reverse("dispatch:problem_detail", kwargs={"problem_id": event.problem_id})

    def render_form(self, problem: Any, form: Any, *, status: int = 200) -> HttpResponse:
        context = problem_page_context(self.request, problem, event_form=form)
        return render(self.request, self.template_name, context, status=status)


class InstructionAttachmentView(ObjectMixin, View):
    """One file of an instruction, downloaded through its problem: 404 unless the user sees
    the problem (the gate), and always as a download of the type its checked content gave."""

    def get_object(self) -> InstructionAttachment:
        problem = selectors.problem_get(
            user=self.request.user, problem_id=self.kwargs["problem_id"]
        )
        return get_object_or_404(
            InstructionAttachment, pk=self.kwargs["attachment_id"], event__problem=problem
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> FileResponse:
        attachment = self.load()
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        stored = PurePath(attachment.file.name)
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"{PurePath(attachment.name).stem or stored.stem}{stored.suffix}",
            content_type=files.content_type_of(stored.name),
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class ProblemEditView(ServiceFormView):
    """Change an open problem; who may see it but not change it is refused (403)."""

    form_class = ProblemForm
    template_name = "dispatch/problem_form.html"
    context_object_name = "problem"

    def get_object(self) -> Problem:
        return selectors.problem_get(user=self.request.user, problem_id=self.kwargs["problem_id"])

    def has_permission(self, problem: Problem) -> bool:
        return problem.is_open and permissions.can_change_problem(
            access.request_user(self.request), problem
        )

    def get_form_kwargs(self, problem: Problem) -> dict[str, Any]:
        return {
            "user": self.request.user,
            "editing": True,
            "initial": {
                "category": problem.category,
                "description": problem.description,
                "deadline_on": problem.deadline_on,
                "responsible_unit": problem.responsible_unit_id,
                "responsible_person": problem.responsible_person_id,
                "version": problem.version,
            },
        }

    def get_extra_context(self, problem: Problem) -> dict[str, Any]:
        return {"project": problem.project}

    def perform(self, form: Any, problem: Problem) -> Problem:
        data = dict(form.cleaned_data)
        version = data.pop("version")
        return services.problem_update(
            actor=access.request_user(self.request),
            problem=problem,
            changes=data,
            expected_version=version,
        )

    def get_success_url(self, problem: Problem) -> str:
        return reverse("dispatch:problem_detail", kwargs={"problem_id": problem.pk})


class MyWorkView(LoginRequiredMixin, View):
    """Problems waiting for me (or my unit) and answers waiting for my acceptance."""

    def get(self, request: HttpRequest) -> HttpResponse:
        work = selectors.my_work(user=request.user)
        return render(
            request,
            "dispatch/my_work.html",
            {
                "to_work": work["to_work"][:200],
                "to_accept": work["to_accept"][:200],
                "escalated": list(work["escalated"][:200]),
            },
        )


def _served_through(problem: Problem, photos: list[SitePhoto]) -> list[SitePhoto]:
    """The problem's photos, each served through the problem's page (``url``), so that the
    unit it is handed to opens them without seeing the whole project."""
    for photo in photos:
        photo.url = reverse(
            "dispatch:problem_photo", kwargs={"problem_id": problem.pk, "photo_id": photo.pk}
        )
    return photos
