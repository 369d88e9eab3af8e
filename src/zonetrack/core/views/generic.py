"""Base views: a page of a new app is a few declarative lines — the selector, the form, the
service, the template (after NetBox's ``ObjectView``/``ObjectEditView``, kept small).

Every base loads its record through a selector that answers 404 for what the user may not
see, then asks ``has_permission`` and answers 403 when the user may see but may not act
(the rule of ``accounts.access``). Forms call exactly one service; its ``StaleVersion`` and
``ValidationError`` become form errors (409 and 400), never a 500.

htmx: a request sent by htmx (``HX-Request: true``) gets, on success, an empty answer whose
``HX-Redirect`` header sends the browser on; otherwise ``partial_template_name`` (or the
page) with the same status as without htmx. The return address ``?return=`` (or a posted
``return`` field) is followed only when it is a path on this site.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from .. import gate, links
from ..errors import StaleVersion
from ..forms import FilterBarForm, run_service


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request (it then wants a fragment or a redirect header)."""
    return request.headers.get("HX-Request") == "true"


def safe_return_url(request: HttpRequest, candidate: str | None) -> str | None:
    """A local address to go back to after a form, or None (no open redirects)."""
    if (
        candidate
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return None


def htmx_redirect(request: HttpRequest, url: str) -> HttpResponse:
    """Send the browser to ``url``: a redirect, or for htmx an ``HX-Redirect`` header."""
    if is_htmx(request):
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


class ObjectMixin(LoginRequiredMixin):
    """Loads the view's record through the gate: 404 for what the user may not see, 403 for
    what they may see but may not act on."""

    request: HttpRequest
    kwargs: dict[str, Any]
    # The records to look in (the gate narrows them) and the URL argument naming one; or
    # override ``get_object`` to call the app's selector.
    queryset: ClassVar[models.QuerySet[Any] | None] = None
    pk_url_kwarg: ClassVar[str] = "pk"
    context_object_name: ClassVar[str] = "object"

    def get_object(self) -> Any:
        if self.queryset is None:
            raise NotImplementedError(f"{type(self).__name__} needs a queryset or get_object")
        return gate.get_visible(
            self.queryset.all(), self.request.user, pk=self.kwargs[self.pk_url_kwarg]
        )

    def has_permission(self, obj: Any) -> bool:
        """Whether the user may take this view's step on ``obj`` (seeing it is settled)."""
        return True

    def load(self) -> Any:
        obj = self.get_object()
        gate.require(self.has_permission(obj))
        return obj


class ObjectDetailView(ObjectMixin, View):
    """One record's page: ``template_name`` with the record and ``get_extra_context``."""

    template_name: ClassVar[str]

    def get_extra_context(self, obj: Any) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.load()
        context = {"object": obj, self.context_object_name: obj, **self.get_extra_context(obj)}
        return render(request, self.template_name, context)


class ServiceFormView(ObjectMixin, View):
    """A form that calls one service: GET shows it, POST runs the service when the form is
    valid, then a message and a redirect (or the htmx answer); else the form again with its
    errors (400, or 409 when the record changed meanwhile).

    A create view leaves ``get_object`` returning None (and checks its right in
    ``has_permission`` or the service); an edit view returns the record.
    """

    form_class: ClassVar[type[forms.BaseForm]]
    template_name: ClassVar[str] = "core/object_form.html"
    partial_template_name: ClassVar[str | None] = None
    success_message: ClassVar[str | None] = None  # default: "Saved."
    # The form's name in the template besides "form" (a page holding several forms).
    form_context_name: ClassVar[str] = "form"
    # For core/object_form.html: element ids, and the fields that take a whole row.
    form_id: ClassVar[str] = ""
    submit_id: ClassVar[str] = ""
    wide_fields: ClassVar[tuple[str, ...]] = ()

    def get_object(self) -> Any:
        return super().get_object() if self.queryset is not None else None

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        """Arguments of the form besides data and files (``instance``, ``user`` ...)."""
        return {}

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.BaseForm:
        kwargs = self.get_form_kwargs(obj)
        if data is None:
            return self.form_class(**kwargs)
        return self.form_class(data, files, **kwargs)

    def perform(self, form: Any, obj: Any) -> Any:
        """Call the service with the valid form's data; return what it made or changed."""
        raise NotImplementedError

    def get_success_message(self, result: Any) -> str:
        return self.success_message or _("Saved.")

    def get_success_url(self, result: Any) -> str:
        raise NotImplementedError

    def get_cancel_url(self, obj: Any) -> str:
        return ""

    def get_return_url(self) -> str | None:
        candidate = self.request.POST.get("return") or self.request.GET.get("return")
        return safe_return_url(self.request, candidate)

    def get_extra_context(self, obj: Any) -> dict[str, Any]:
        return {}

    def render_form(self, obj: Any, form: forms.BaseForm, *, status: int = 200) -> HttpResponse:
        return_url = self.get_return_url()
        context = {
            "form": form,
            self.form_context_name: form,
            "object": obj,
            self.context_object_name: obj,
            "return_url": return_url or "",
            "cancel_url": return_url or self.get_cancel_url(obj),
            "form_id": self.form_id,
            "submit_id": self.submit_id,
            "wide_fields": self.wide_fields,
            **self.get_extra_context(obj),
        }
        template = self.template_name
        if self.partial_template_name and is_htmx(self.request):
            template = self.partial_template_name
        return render(self.request, template, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.load()
        return self.render_form(obj, self.get_form(obj))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.load()
        form = self.get_form(obj, request.POST, request.FILES)
        status = 400
        if form.is_valid():
            result, status = run_service(form, lambda: self.perform(form, obj))
            if status == 200:
                messages.success(request, self.get_success_message(result))
                return htmx_redirect(request, self.get_return_url() or self.get_success_url(result))
        return self.render_form(obj, form, status=status)


class ArchiveView(ObjectMixin, View):
    """POST: archive the record (or restore it — ``RestoreView``, or a posted ``restore=1``
    when one address does both), then back to its page with a message. A refusal by the
    service (stale version, invalid state) is shown as an error message on that page."""

    restore: ClassVar[bool] = False
    archived_message: ClassVar[str | Promise | None] = None
    restored_message: ClassVar[str | Promise | None] = None

    def is_restore(self) -> bool:
        return self.restore or bool(self.request.POST.get("restore"))

    def perform(self, obj: Any, *, restore: bool) -> Any:
        """Call the archive (or restore) service."""
        raise NotImplementedError

    def get_success_url(self, obj: Any) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.load()
        restore = self.is_restore()
        try:
            self.perform(obj, restore=restore)
        except StaleVersion as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if restore:
                messages.success(request, str(self.restored_message or _("Restored.")))
            else:
                messages.success(
                    request,
                    str(self.archived_message or _("Archived. You can restore it from its page.")),
                )
        return htmx_redirect(request, self.get_success_url(obj))


class RestoreView(ArchiveView):
    """POST: bring an archived record back."""

    restore = True


class FilteredListView(LoginRequiredMixin, View):
    """A list with a filter bar and pages: ``get_filters`` reads the query string (a bound
    ``filter_form_class`` by default), ``get_queryset`` calls the selector with them, and
    ``decorate`` may add per-page values (counts, labels) to the rows shown."""

    template_name: ClassVar[str]
    filter_form_class: ClassVar[type[FilterBarForm] | None] = None
    paginate_by: ClassVar[int] = 50
    context_object_name: ClassVar[str] = "objects"

    def get_filters(self) -> Any:
        """The filters of this request: the bound filter form (valid or not), or None."""
        if self.filter_form_class is None:
            return None
        form = self.filter_form_class(self.request.GET or None)
        form.is_valid()
        return form

    def get_queryset(self, filters: Any) -> Any:
        raise NotImplementedError

    # The rows slot of ``core.links`` whose decorators add other apps' figures to the rows.
    rows_slot: ClassVar[str] = ""

    def decorate(self, rows: list[Any]) -> None:
        """Add to the rows of one page what the template shows beside them."""

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        return {}

    def paginate(self, rows: Any) -> Page[Any]:
        return Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        filters = self.get_filters()
        page = self.paginate(self.get_queryset(filters))
        rows = list(page.object_list)
        self.decorate(rows)
        if self.rows_slot:
            links.decorate_rows(self.rows_slot, rows)
        page.object_list = rows
        context = {
            "page_obj": page,
            self.context_object_name: rows,
            "filters": filters,
            "filter_form": filters if isinstance(filters, forms.BaseForm) else None,
            **self.get_extra_context(filters),
        }
        return render(request, self.template_name, context)


__all__ = [
    "ArchiveView",
    "FilteredListView",
    "ObjectDetailView",
    "ObjectMixin",
    "RestoreView",
    "ServiceFormView",
    "htmx_redirect",
    "is_htmx",
    "safe_return_url",
]
