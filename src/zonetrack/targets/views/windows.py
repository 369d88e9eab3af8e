"""Pages of reporting windows: the list, opening one, its page with who has reported, and
closing or reopening it."""

from __future__ import annotations

from typing import Any

from django import forms
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
from ..forms import WindowForm, WindowStateForm
from ..models import ReportingWindow
from .progress import last_month


class WindowListView(FilteredListView):
    template_name = "targets/window_list.html"
    context_object_name = "windows"

    def get_queryset(self, filters: Any) -> Any:
        return selectors.window_list(user=self.request.user)

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        field = WindowForm(user=self.request.user).fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        return {"can_open": field.queryset is not None and field.queryset.exists()}


class WindowCreateView(ServiceFormView):
    """Open a month for reporting (a manager's step; the service checks the organisation)."""

    form_class = WindowForm
    template_name = "targets/window_form.html"
    form_id = "window-form"
    submit_id = "window-submit"

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        last = last_month()
        return {"user": self.request.user, "initial": {"period": f"{last:%Y-%m}"}}

    def perform(self, form: Any, obj: Any) -> ReportingWindow:
        data = form.cleaned_data
        return services.window_open(
            actor=access.request_user(self.request),
            organisation=data["organisation"],
            period=data["period"],
            due_on=data["due_on"],
        )

    def get_success_message(self, result: Any) -> str:
        return _("Reporting window opened.")

    def get_success_url(self, window: ReportingWindow) -> str:
        return reverse("targets:window_detail", kwargs={"window_id": window.pk})


class WindowMixin(ObjectMixin):
    def get_object(self) -> ReportingWindow:
        return selectors.window_get(user=self.request.user, window_id=self.kwargs["window_id"])


def window_page(
    request: HttpRequest, window: ReportingWindow, form: Any = None, *, status: int = 200
) -> HttpResponse:
    actor = access.request_user(request)
    return render(
        request,
        "targets/window_detail.html",
        {
            "window": window,
            "submitters": selectors.window_submitters(user=request.user, window=window),
            "can_change": permissions.can_change_window(actor, window),
            "form": form or WindowStateForm(initial={"version": window.version}),
            "today": timezone.localdate(),
        },
        status=status,
    )


class WindowDetailView(WindowMixin, View):
    """A window's page: who has entered values for the month and who has not."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, window_id: int) -> HttpResponse:
        return window_page(request, self.load())


class WindowStateView(WindowMixin, View):
    """POST: close a window, or reopen it with a reason (a manager of its level)."""

    http_method_names = ["post"]

    def has_permission(self, window: ReportingWindow) -> bool:
        return permissions.can_change_window(access.request_user(self.request), window)

    def post(self, request: HttpRequest, window_id: int) -> HttpResponse:
        window = self.load()
        form = WindowStateForm(request.POST)
        if not form.is_valid():
            return window_page(request, window, form, status=400)
        data = form.cleaned_data
        actor = access.request_user(request)

        def step() -> ReportingWindow:
            if data["action"] == "close":
                return services.window_close(
                    actor=actor, window=window, expected_version=data["version"]
                )
            return services.window_reopen(
                actor=actor,
                window=window,
                reason=data["reason"],
                due_on=data["due_on"],
                expected_version=data["version"],
            )

        _result, status = run_service(form, step)
        if status != 200:
            return window_page(request, window, form, status=status)
        messages.success(
            request,
            _("Reporting window closed.")
            if data["action"] == "close"
            else _("Reporting window reopened."),
        )
        return htmx_redirect(
            request, reverse("targets:window_detail", kwargs={"window_id": window.pk})
        )
