"""Pages of key tasks (督办事项): the list with its filters, the board by status, a leader's
"my tasks", giving a unit a task, and a task's page — its notes and evidence, its links and
history — where the owner unit writes progress and the assigning level changes or cancels it.

Who may do what is ``targets.permissions``; every step is one service.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.core.forms import run_service
from zonetrack.core.views import FilteredListView, ObjectMixin, ServiceFormView, htmx_redirect
from zonetrack.projects import files

from .. import permissions, selectors, services
from ..models import Task, TaskEvidence
from ..task_forms import (
    TaskCancelForm,
    TaskEditForm,
    TaskFilterForm,
    TaskForm,
    TaskProgressForm,
    task_initial,
)


def _detail_url(task: Task) -> str:
    return reverse("targets:task_detail", kwargs={"task_id": task.pk})


class TaskListView(FilteredListView):
    """The key tasks in view, filtered by status, owner unit, year and lateness
    (``?status=overdue`` is still the overdue list)."""

    template_name = "targets/task_list.html"
    context_object_name = "tasks"

    def get_filters(self) -> selectors.TaskFilters:
        return selectors.TaskFilters.from_params(self.request.GET)

    def get_queryset(self, filters: selectors.TaskFilters) -> Any:
        return selectors.task_list(user=self.request.user, filters=filters)

    def get_extra_context(self, filters: selectors.TaskFilters) -> dict[str, Any]:
        return {
            "today": timezone.localdate(),
            "filter_form": TaskFilterForm(user=self.request.user, filters=filters),
        }


class TaskBoardView(LoginRequiredMixin, View):
    """The tasks as five columns by status: not started, in progress, overdue, done,
    cancelled — the soonest deadlines of each first."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = selectors.TaskFilters.from_params(request.GET)
        filters = selectors.TaskFilters(unit=filters.unit, year=filters.year, q=filters.q)
        return render(
            request,
            "targets/task_board.html",
            {
                "columns": selectors.board_columns(user=request.user, filters=filters),
                "filter_form": TaskFilterForm(user=request.user, filters=filters, board=True),
                "filters": filters,
                "today": timezone.localdate(),
                "board_cards": selectors.BOARD_CARDS,
            },
        )


class MyTasksView(LoginRequiredMixin, View):
    """A leader's open tasks: their own unit's and those in their charge, those their unit
    helps with, and those of the units below — late ones first."""

    def get(self, request: HttpRequest) -> HttpResponse:
        mine = selectors.my_tasks(user=request.user)
        sections = [
            ("owned", _("My unit's and mine"), mine.owned, _("Nothing open for your unit.")),
            (
                "cooperating",
                _("Helping with"),
                mine.cooperating,
                _("Your unit helps with no open task."),
            ),
            ("supervised", _("Units below"), mine.supervised, _("Nothing open below you.")),
        ]
        return render(
            request,
            "targets/task_mine.html",
            {"mine": mine, "sections": sections, "today": timezone.localdate()},
        )


class TaskCreateView(ServiceFormView):
    """Give a unit a key task, or a part of one (``?parent=ID``): a level above the unit; the
    service checks."""

    form_class = TaskForm
    template_name = "targets/task_form.html"
    form_id = "task-form"
    submit_id = "task-submit"
    wide_fields = ("title", "cooperating_units", "projects")

    def _parent(self) -> Task | None:
        """The task a part is given of (``?parent=ID`` or the posted field), if the user sees it."""
        raw = self.request.GET.get("parent", "") or self.request.POST.get("parent", "")
        if not (raw.isdecimal() and len(raw) <= 12):
            return None
        return selectors.tasks_visible(self.request.user).filter(pk=raw).first()

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"user": self.request.user}
        parent = self._parent()
        if parent is not None:
            # A part starts as its task: its unit and deadline, which the user narrows.
            kwargs["initial"] = {
                "parent": parent.pk,
                "organisation": parent.organisation_id,
                "due_on": parent.due_on,
            }
        return kwargs

    def get_extra_context(self, obj: Any) -> dict[str, Any]:
        return {"parent": self._parent()}

    def perform(self, form: Any, obj: Any) -> Any:
        data = form.cleaned_data
        return services.task_create(
            actor=access.request_user(self.request),
            organisation=data["organisation"],
            title=data["title"],
            due_on=data["due_on"],
            owner=data["owner"],
            indicator=data["indicator"],
            cooperating_units=data["cooperating_units"],
            projects=data["projects"],
            parent=data["parent"],
        )

    def get_success_message(self, task: Any) -> str:
        return _("Task given.")

    def get_success_url(self, task: Any) -> str:
        return _detail_url(task)


class _TaskPage(ObjectMixin):
    """Loads the task through the selector and renders its page with whichever form failed."""

    def get_object(self) -> Task:
        return selectors.task_get(user=self.request.user, task_id=self.kwargs["task_id"])

    def page(self, task: Task, *, status: int = 200, **forms: Any) -> HttpResponse:
        actor = access.request_user(self.request)
        units = list(task.cooperating_units.all())
        can_report = task.is_open and permissions.can_report_task(actor, task)
        can_change = task.is_open and permissions.can_change_task(actor, task)
        can_note = permissions.can_note_task(actor, task, units)
        progress = forms.get("progress_form") or TaskProgressForm(
            initial={"status": task.status}, can_move=can_report
        )
        context = {
            "task": task,
            "units": units,
            "projects": list(task.projects.all()),
            "subtasks": list(task.subtasks.all()),
            "notes": selectors.task_notes(task=task),
            "history": selectors.task_history(task=task),
            "can_note": can_note,
            "can_report": can_report,
            "can_change": can_change,
            "can_break_down": task.is_open
            and any(
                permissions.can_create_task(actor, unit)
                for unit in [task.organisation, *task.organisation.children.all()]
            ),
            "form": progress,
            "edit_form": forms.get("edit_form")
            or (
                TaskEditForm(initial=task_initial(task), user=self.request.user)
                if can_change
                else None
            ),
            "cancel_form": forms.get("cancel_form")
            or (TaskCancelForm(initial={"version": task.version}) if can_change else None),
            "is_overdue": task.is_overdue_on(timezone.localdate()),
            "open_form": forms.get("open_form", ""),
        }
        return render(self.request, "targets/task_detail.html", context, status=status)


class TaskDetailView(_TaskPage, View):
    """A key task with its notes, evidence, links and history; whoever may write a note
    writes the next one (the owner unit also moves the status). The note is read from the
    form before the step is checked."""

    def get(self, request: HttpRequest, task_id: int) -> HttpResponse:
        return self.page(self.load())

    def post(self, request: HttpRequest, task_id: int) -> HttpResponse:
        task = self.load()
        actor = access.request_user(request)
        can_move = task.is_open and permissions.can_report_task(actor, task)
        form = TaskProgressForm(request.POST, request.FILES, can_move=can_move)
        if not form.is_valid():
            return self.page(task, progress_form=form, status=400)
        data = form.cleaned_data
        _result, status = run_service(
            form,
            lambda: services.task_progress(
                actor=actor,
                task=task,
                text=data["text"],
                status=data.get("status") or None,
                written_on=data["written_on"],
                evidence=data["evidence"],
            ),
        )
        if status != 200:
            return self.page(task, progress_form=form, status=status)
        messages.success(request, _("Progress recorded."))
        return htmx_redirect(request, _detail_url(task))


class TaskEditView(_TaskPage, View):
    """POST: change an open task (the assigning level; 403 for anyone else who sees it). A
    refused change shows the task's page with the form open and its errors."""

    http_method_names = ["post"]

    def has_permission(self, task: Task) -> bool:
        return permissions.can_change_task(access.request_user(self.request), task)

    def post(self, request: HttpRequest, task_id: int) -> HttpResponse:
        task = self.load()
        form = TaskEditForm(request.POST, user=request.user)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            _result, status = run_service(
                form,
                lambda: services.task_update(
                    actor=access.request_user(request),
                    task=task,
                    title=data["title"],
                    due_on=data["due_on"],
                    owner=data["owner"],
                    indicator=data["indicator"],
                    cooperating_units=data["cooperating_units"],
                    projects=data["projects"],
                    expected_version=data["version"],
                ),
            )
            if status == 200:
                messages.success(request, _("Saved."))
                return htmx_redirect(request, _detail_url(task))
        task = self.get_object()  # as stored: a refused change leaves it as it was
        return self.page(task, edit_form=form, open_form="edit", status=status)


class TaskCancelView(_TaskPage, View):
    """POST: cancel an open task with a reason (the assigning level)."""

    http_method_names = ["post"]

    def has_permission(self, task: Task) -> bool:
        return permissions.can_change_task(access.request_user(self.request), task)

    def post(self, request: HttpRequest, task_id: int) -> HttpResponse:
        task = self.load()
        form = TaskCancelForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            _result, status = run_service(
                form,
                lambda: services.task_cancel(
                    actor=access.request_user(request),
                    task=task,
                    reason=data["reason"],
                    expected_version=data["version"],
                ),
            )
            if status == 200:
                messages.success(request, _("Task cancelled."))
                return htmx_redirect(request, _detail_url(task))
        task = self.get_object()
        return self.page(task, cancel_form=form, open_form="cancel", status=status)


class TaskEvidenceView(ObjectMixin, View):
    """One evidence file, downloaded through its task: 404 unless the user sees the task, and
    always as a download of the type its checked content gave."""

    def get_object(self) -> TaskEvidence:
        task = selectors.task_get(user=self.request.user, task_id=self.kwargs["task_id"])
        return get_object_or_404(TaskEvidence, pk=self.kwargs["evidence_id"], note__task_id=task.pk)

    def get(self, request: HttpRequest, **kwargs: Any) -> FileResponse:
        evidence = self.load()
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        stored = PurePath(evidence.file.name)
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"{PurePath(evidence.name).stem or stored.stem}{stored.suffix}",
            content_type=files.content_type_of(stored.name),
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
