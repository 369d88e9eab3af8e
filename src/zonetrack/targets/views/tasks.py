"""Pages of key tasks (督办事项): the list (overdue ones too), giving a unit a task, and a task's
page with its progress notes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.core.forms import run_service
from zonetrack.core.views import FilteredListView, ObjectMixin, ServiceFormView, htmx_redirect

from .. import permissions, selectors, services
from ..forms import (
    TaskForm,
    TaskProgressForm,
)


class TaskListView(FilteredListView):
    """The key tasks in view; ``?status=overdue`` lists the late ones."""

    template_name = "targets/task_list.html"
    context_object_name = "tasks"

    def get_queryset(self, filters: Any) -> Any:
        return selectors.task_list(
            user=self.request.user, status=self.request.GET.get("status", "")[:20]
        )

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        return {"today": timezone.localdate(), "status": self.request.GET.get("status", "")}


class TaskCreateView(ServiceFormView):
    """Give a unit a key task (its managers or a level above; the service checks)."""

    form_class = TaskForm
    template_name = "targets/task_form.html"
    form_id = "task-form"
    submit_id = "task-submit"

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, form: Any, obj: Any) -> Any:
        data = form.cleaned_data
        return services.task_create(
            actor=access.request_user(self.request),
            organisation=data["organisation"],
            title=data["title"],
            due_on=data["due_on"],
            indicator=data["indicator"],
        )

    def get_success_url(self, task: Any) -> str:
        return reverse("targets:task_detail", kwargs={"task_id": task.pk})


class TaskDetailView(ObjectMixin, View):
    """A key task with its progress notes; the owner unit's officers write the next note. The
    note is read from the form before the step is checked."""

    def get_object(self) -> Any:
        return selectors.task_get(user=self.request.user, task_id=self.kwargs["task_id"])

    def _page(self, task: Any, form: Any = None, *, status: int = 200) -> HttpResponse:
        actor = access.request_user(self.request)
        return render(
            self.request,
            "targets/task_detail.html",
            {
                "task": task,
                "notes": selectors.task_notes(task=task),
                "can_report": permissions.can_report_task(actor, task),
                "form": form or TaskProgressForm(initial={"status": task.status}),
                "is_overdue": task.is_overdue_on(timezone.localdate()),
            },
            status=status,
        )

    def get(self, request: HttpRequest, task_id: int) -> HttpResponse:
        return self._page(self.load())

    def post(self, request: HttpRequest, task_id: int) -> HttpResponse:
        task = self.load()
        form = TaskProgressForm(request.POST)
        if not form.is_valid():
            return self._page(task, form, status=400)
        data = form.cleaned_data
        actor = access.request_user(request)
        _result, status = run_service(
            form,
            lambda: services.task_progress(
                actor=actor,
                task=task,
                text=data["text"],
                status=data["status"] or None,
                cancel_reason=data["cancel_reason"],
                written_on=data["written_on"],
            ),
        )
        if status != 200:
            return self._page(task, form, status=status)
        messages.success(request, _("Progress recorded."))
        return htmx_redirect(request, reverse("targets:task_detail", kwargs={"task_id": task.pk}))
