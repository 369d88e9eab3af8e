"""Pages of reporting windows: the list, opening one, its page with the roster of who has
submitted (on time, late, missing, reopened), submitting, closing or reopening it (whole or for
one organisation), and importing a month's values from the statistics office's sheet."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.core import jobs, uploads
from zonetrack.core.forms import Form, run_service
from zonetrack.core.models import Job, JobStatus
from zonetrack.core.views import (
    FilteredListView,
    ObjectMixin,
    ServiceFormView,
    SheetImportView,
    htmx_redirect,
)
from zonetrack.projects.forms import _style

from .. import permissions, selectors, services
from .. import sheets as window_sheets
from ..choices import RosterState, Source
from ..forms import WindowForm, WindowStateForm
from ..models import Indicator, ReportingWindow
from .progress import last_month


class WindowOpenForm(WindowForm):
    """Open a month for reporting, optionally for some organisations and indicators only
    (none chosen: every organisation below and every reported indicator)."""

    organisations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Reporting organisations"),
        required=False,
        queryset=Organisation.objects.none(),
        help_text=gettext_lazy("None chosen: every organisation below."),
    )
    indicators = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Indicators"),
        required=False,
        queryset=Indicator.objects.filter(is_active=True, source=Source.REPORTED),
        help_text=gettext_lazy("None chosen: every reported indicator."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = (
            access.visible(Organisation.objects.active(), user)
            .exclude(parent=None)
            .order_by("path")
        )
        _style(self)


class WindowActionForm(WindowStateForm):
    """Close or reopen a window; with an organisation, reopen that organisation's part."""

    organisation = forms.IntegerField(required=False, widget=forms.HiddenInput)


class SubmitForm(Form):
    organisation = forms.IntegerField(widget=forms.HiddenInput)


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

    form_class = WindowOpenForm
    template_name = "targets/window_form.html"
    form_id = "window-form"
    submit_id = "window-submit"

    def has_permission(self, obj: Any) -> bool:
        # Only a manager opens a window, for the units below; an officer is told so (403)
        # rather than shown a form with nothing to choose.
        actor = access.request_user(self.request)
        return access.is_superuser(actor) or any(
            permissions.can_open_window(actor, m.organisation) for m in access.memberships(actor)
        )

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
            organisations=list(data["organisations"]) or None,
            indicators=list(data["indicators"]) or None,
        )

    def get_success_message(self, result: Any) -> str:
        return _("Reporting window opened.")

    def get_success_url(self, window: ReportingWindow) -> str:
        return reverse("targets:window_detail", kwargs={"window_id": window.pk})


class WindowMixin(ObjectMixin):
    def get_object(self) -> ReportingWindow:
        return selectors.window_get(user=self.request.user, window_id=self.kwargs["window_id"])


def _reporters(request: HttpRequest, window: ReportingWindow) -> list[Organisation]:
    """The organisations of the window whose values the user may write."""
    actor = access.request_user(request)
    return [
        o
        for o in selectors.window_organisations(window=window, user=request.user)
        if permissions.can_report_values(actor, o)
    ]


def window_page(
    request: HttpRequest, window: ReportingWindow, form: Any = None, *, status: int = 200
) -> HttpResponse:
    actor = access.request_user(request)
    roster = selectors.window_roster(user=request.user, window=window)
    can_change = permissions.can_change_window(actor, window)
    rows = [
        {
            "row": row,
            "can_submit": not row.is_submitted
            and (window.is_open or row.state == RosterState.REOPENED)
            and permissions.can_submit_window(actor, row.organisation),
            "can_reopen": can_change
            and row.state != RosterState.REOPENED
            and (row.is_submitted or not window.is_open),
        }
        for row in roster.rows
    ]
    return render(
        request,
        "targets/window_detail.html",
        {
            "window": window,
            "roster": roster,
            "rows": rows,
            "states": [
                (state, roster.counts[state], RosterState.badge_colours[state])  # type: ignore[attr-defined]
                for state in RosterState
            ],
            "indicators": selectors.window_indicators(window=window),
            "can_change": can_change,
            "can_import": any(
                permissions.can_report_values(actor, r.organisation) for r in roster.rows
            ),
            "form": form or WindowActionForm(initial={"version": window.version}),
            "today": timezone.localdate(),
        },
        status=status,
    )


class WindowDetailView(WindowMixin, View):
    """A window's page: every organisation's state (submitted on time or late, not yet,
    missing, reopened), how many values it entered, who submitted when; the steps each
    persona may take on it."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, window_id: int) -> HttpResponse:
        return window_page(request, self.load())


def _back(request: HttpRequest, window: ReportingWindow) -> HttpResponse:
    return htmx_redirect(request, reverse("targets:window_detail", kwargs={"window_id": window.pk}))


class WindowStateView(WindowMixin, View):
    """POST: close a window, or reopen it (whole, or for one organisation) with a reason (a
    manager of its level)."""

    http_method_names = ["post"]

    def has_permission(self, window: ReportingWindow) -> bool:
        return permissions.can_change_window(access.request_user(self.request), window)

    def post(self, request: HttpRequest, window_id: int) -> HttpResponse:
        window = self.load()
        form = WindowActionForm(request.POST)
        if not form.is_valid():
            return window_page(request, window, form, status=400)
        data = form.cleaned_data
        actor = access.request_user(request)
        organisation = None
        if data["organisation"]:
            organisation = next(
                (
                    o
                    for o in selectors.window_organisations(window=window, user=request.user)
                    if o.pk == data["organisation"]
                ),
                None,
            )
            if organisation is None:
                form.add_error(None, _("This organisation does not report in this window."))
                return window_page(request, window, form, status=400)

        def step() -> Any:
            if data["action"] == "close":
                return services.window_close(
                    actor=actor, window=window, expected_version=data["version"]
                )
            if organisation is not None:
                return services.submission_reopen(
                    actor=actor, window=window, organisation=organisation, reason=data["reason"]
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
        if data["action"] == "close":
            messages.success(request, _("Reporting window closed."))
        elif organisation is not None:
            messages.success(
                request,
                _("Reopened for %(name)s: its values may be corrected.")
                % {"name": organisation.name},
            )
        else:
            messages.success(request, _("Reporting window reopened."))
        return _back(request, window)


class WindowSubmitView(WindowMixin, View):
    """POST: an organisation submits its values of the window (its reporters' step); they
    lock until the window's level reopens it."""

    http_method_names = ["post"]

    def has_permission(self, window: ReportingWindow) -> bool:
        actor = access.request_user(self.request)
        return any(
            permissions.can_submit_window(actor, o)
            for o in selectors.window_organisations(window=window, user=self.request.user)
        )

    def post(self, request: HttpRequest, window_id: int) -> HttpResponse:
        window = self.load()
        form = SubmitForm(request.POST)
        organisation = None
        if form.is_valid():
            organisation = next(
                (
                    o
                    for o in selectors.window_organisations(window=window, user=request.user)
                    if o.pk == form.cleaned_data["organisation"]
                ),
                None,
            )
            if organisation is None:
                form.add_error(None, _("This organisation does not report in this window."))
        if organisation is None:
            return window_page(request, window, form, status=400)
        actor = access.request_user(request)
        _result, status = run_service(
            form,
            lambda: services.window_submit(actor=actor, window=window, organisation=organisation),
        )
        if status != 200:
            return window_page(request, window, form, status=status)
        messages.success(request, _("%(name)s submitted its values.") % {"name": organisation.name})
        return _back(request, window)


class ImportForm(Form):
    """The statistics office's sheet of the window's month."""

    file = forms.FileField(label=gettext_lazy("Spreadsheet (.xlsx)"))

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class WindowImportView(WindowMixin, SheetImportView):
    """Upload the statistics office's sheet of the window's month (organisations as rows,
    indicators as columns): a preview names every bad cell and unmatched name; confirming
    writes all values or none. Reading the page is open to whoever sees the window; uploading
    is for those who report for one of its organisations."""

    template_name = "targets/window_import.html"
    form_class = ImportForm
    preview_kind, import_kind = window_sheets.PREVIEW, window_sheets.IMPORT

    @property
    def url_name(self) -> str:  # type: ignore[override]
        return reverse("targets:window_import", kwargs={"window_id": self.kwargs["window_id"]})

    def has_permission(self, window: ReportingWindow) -> bool:
        return self.request.method in ("GET", "HEAD") or bool(_reporters(self.request, window))

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        window = self.load()
        return render(
            request,
            self.template_name,
            {
                "form": self.blank_form(request),
                "window": window,
                "can_import": bool(_reporters(request, window)),
                "organisations": selectors.window_organisations(window=window, user=request.user),
                "indicators": selectors.window_indicators(window=window),
            },
        )

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        window = self.load()
        if "confirm" in request.POST:
            return self.confirm(request)
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if refusal := uploads.sheet_refusal(upload, upload.name):
                form.add_error("file", refusal)
            else:
                pending = uploads.stash(upload, upload.name, **self.stash_params(form))
                job = jobs.start(
                    kind=self.preview_kind,
                    owner=request.user,
                    title=self.preview_title(upload.name),
                    params=pending,
                    at_once=pending["size"] <= jobs.JOB_BYTES,
                )
                if not (job.status == JobStatus.FAILED and job.result.get("refused")):
                    return redirect("core:job_detail", job_id=job.pk)
                form.add_error("file", job.message)
        context = {"form": form, "window": window, "can_import": True}
        return render(request, self.template_name, context, status=400)

    def blank_form(self, request: HttpRequest) -> forms.Form:
        return ImportForm()

    def stash_params(self, form: forms.Form) -> dict[str, Any]:
        return {"window": self.kwargs["window_id"]}

    def preview_title(self, name: str) -> str:
        return _("Statistics check: %(name)s") % {"name": name}

    def import_title(self, name: str) -> str:
        return _("Statistics import: %(name)s") % {"name": name}

    def imported_url(self, preview: Job) -> str:
        return reverse("targets:window_detail", kwargs={"window_id": preview.params["window"]})
