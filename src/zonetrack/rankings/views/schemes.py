"""Pages of schemes: the list, the editor, a scheme with its preview, computing a ranking."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.core import jobs
from zonetrack.core.forms import run_service
from zonetrack.core.views import FilteredListView, ObjectMixin

from .. import jobs as ranking_jobs
from .. import permissions, selectors, services
from ..choices import RuleKind
from ..forms import (
    ItemFormSet,
    PeriodForm,
    SchemeForm,
    TemplateForm,
    draft_from,
)
from ..periods import latest_complete

# What each rule's parameters look like, for the editor's help.
PARAMETER_EXAMPLES = [
    (RuleKind.LINEAR.label, '{"bounds": "fixed", "low": 0, "high": 100}'),
    (RuleKind.RANK_POINTS.label, '{"first": 10, "step": 1}'),
    (RuleKind.TARGET_RATIO.label, '{"cap": 1.2}'),
    (RuleKind.BANDS.label, '{"bands": [[100, 1], [80, 0.6]]}'),
    (RuleKind.GROWTH_VS_AVERAGE.label, '{"span": 10}'),
    (RuleKind.MANUAL.label, '{"max": 100}'),
    (RuleKind.DEDUCTION.label, '{"per_event": 0.3, "cap": 3}'),
]


class SchemeListView(FilteredListView):
    """The schemes in view, with their latest rankings; a manager loads a template here."""

    template_name = "rankings/scheme_list.html"
    context_object_name = "schemes"

    def get_queryset(self, filters: Any) -> Any:
        return selectors.scheme_list(user=self.request.user)

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        template_form = TemplateForm(user=self.request.user)
        owners: Any = getattr(template_form.fields["owner"], "queryset", None)
        can_create = owners is not None and owners.exists()
        return {
            "template_form": template_form if can_create else None,
            "can_create": can_create,
            "rankings": selectors.ranking_list(user=self.request.user)[:20],
        }


class SchemeTemplateView(LoginRequiredMixin, View):
    """POST: load a built-in template as a new scheme of an organisation the user manages."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TemplateForm(request.POST, user=request.user)
        if form.is_valid():
            scheme, _code = run_service(
                form,
                lambda: services.template_load(
                    actor=access.request_user(request),
                    key=form.cleaned_data["template"],
                    owner=form.cleaned_data["owner"],
                ),
            )
            if scheme is not None:
                messages.success(request, _("Template loaded: edit it before computing."))
                return redirect("rankings:scheme_detail", scheme_id=scheme.pk)
        for error in form.errors.values():
            messages.error(request, " ".join(str(e) for e in error))
        return redirect("rankings:scheme_list")


class SchemeEditView(ObjectMixin, View):
    """The scheme editor: settings, the item grid with a live weight sum. Saving a frozen
    scheme makes its next edition."""

    pk_url_kwarg = "scheme_id"

    def get_object(self) -> Any:
        if "scheme_id" not in self.kwargs:
            return None
        return selectors.scheme_get(user=self.request.user, scheme_id=self.kwargs["scheme_id"])

    def has_permission(self, obj: Any) -> bool:
        return obj is None or permissions.can_change_scheme(self.request.user, obj)

    def forms(self, scheme: Any, data: Any = None) -> tuple[SchemeForm, Any]:
        if data is not None:
            return SchemeForm(data, user=self.request.user), ItemFormSet(data, prefix="items")
        if scheme is None:
            return SchemeForm(
                user=self.request.user, initial={"peer_kind": "zone_committee"}
            ), ItemFormSet(prefix="items")
        draft = services.draft_of(scheme)
        initial = {
            "name": draft.name,
            "owner": draft.owner.pk,
            "period_kind": draft.period_kind,
            "peer_rule": draft.peer_rule,
            "peer_kind": draft.peer_kind,
            "peer_zone_level": draft.peer_zone_level,
            "peers": [p.pk for p in draft.peers],
            "missing_rule": draft.missing_rule,
            "tie_rule": draft.tie_rule,
            "description": draft.description,
        }
        import json

        rows = [
            {
                "id": None if scheme.is_frozen else item.id,
                "category": category.name,
                "name": item.name,
                "indicator": item.indicator.pk if item.indicator else None,
                "rule": item.rule,
                "params": json.dumps(item.params, ensure_ascii=False) if item.params else "",
                "weight": item.weight,
                "weights_by_kind": json.dumps(item.weights_by_kind) if item.weights_by_kind else "",
            }
            for category in draft.categories
            for item in category.items
        ]
        return SchemeForm(user=self.request.user, initial=initial), ItemFormSet(
            prefix="items", initial=rows
        )

    def show(self, scheme: Any, form: SchemeForm, rows: Any, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "rankings/scheme_form.html",
            {"scheme": scheme, "form": form, "rows": rows, "examples": PARAMETER_EXAMPLES},
            status=status,
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        scheme = self.load()
        form, rows = self.forms(scheme)
        return self.show(scheme, form, rows)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        scheme = self.load()
        form, rows = self.forms(scheme, request.POST)
        if form.is_valid() and rows.is_valid():
            draft = draft_from(form, rows, template=scheme.template if scheme else "")
            saved, status = run_service(
                form,
                lambda: services.scheme_save(
                    actor=access.request_user(request), draft=draft, scheme=scheme
                ),
            )
            if saved is not None:
                if scheme is not None and saved.pk != scheme.pk:
                    messages.success(
                        request,
                        _("The scheme was frozen: saved as edition %(n)s.") % {"n": saved.edition},
                    )
                else:
                    messages.success(request, _("Saved."))
                return redirect("rankings:scheme_detail", scheme_id=saved.pk)
            return self.show(scheme, form, rows, status=status)
        return self.show(scheme, form, rows, status=400)


class SchemeDetailView(ObjectMixin, View):
    """A scheme: its items and weights, its rankings, computing one, a preview on today's data."""

    def get_object(self) -> Any:
        return selectors.scheme_get(user=self.request.user, scheme_id=self.kwargs["scheme_id"])

    def context(self, scheme: Any, form: PeriodForm, preview: Any = None) -> dict[str, Any]:
        return {
            "scheme": scheme,
            "categories": selectors.scheme_categories(scheme),
            "rankings": selectors.ranking_list(user=self.request.user, scheme=scheme),
            "can_change": permissions.can_change_scheme(self.request.user, scheme),
            "latest": selectors.latest_edition(scheme),
            "peers": selectors.peer_group(scheme),
            "form": form,
            "preview": preview,
        }

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        scheme = self.load()
        period = latest_complete(scheme.period_kind, timezone.localdate()).label
        form = PeriodForm(initial={"period": period})
        preview = None
        if "preview" in request.GET and permissions.can_change_scheme(request.user, scheme):
            form = PeriodForm({"period": request.GET.get("preview", "")})
            if form.is_valid():
                found, _status = run_service(
                    form,
                    lambda: services.preview(
                        actor=access.request_user(request),
                        scheme=scheme,
                        period=form.cleaned_data["period"],
                    ),
                )
                if found is not None:
                    preview = selectors.Table.from_parts(found["inputs"], found["result"])
        return render(request, "rankings/scheme_detail.html", self.context(scheme, form, preview))


class RankingComputeView(ObjectMixin, View):
    """POST: compute a draft ranking (a large group in the background, with progress)."""

    def get_object(self) -> Any:
        return selectors.scheme_get(user=self.request.user, scheme_id=self.kwargs["scheme_id"])

    def has_permission(self, obj: Any) -> bool:
        return permissions.can_change_scheme(self.request.user, obj)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        scheme = self.load()
        form = PeriodForm(request.POST)
        if form.is_valid():
            period = form.cleaned_data["period"]
            if len(selectors.peer_group(scheme)) > ranking_jobs.JOB_ORGANISATIONS:
                job = jobs.start(
                    kind=ranking_jobs.COMPUTE,
                    owner=request.user,
                    title=_("Ranking %(scheme)s %(period)s")
                    % {"scheme": scheme.name, "period": period},
                    params={"scheme": scheme.pk, "period": period},
                )
                return redirect("core:job_detail", job_id=job.pk)
            ranking, status = run_service(
                form,
                lambda: services.ranking_compute(
                    actor=access.request_user(request), scheme=scheme, period=period
                ),
            )
            if ranking is not None:
                messages.success(request, _("Computed as a draft: check it, then publish."))
                return redirect("rankings:ranking_detail", ranking_id=ranking.pk)
        else:
            status = 400
        context = SchemeDetailView(request=request, kwargs=kwargs).context(scheme, form)
        return render(request, "rankings/scheme_detail.html", context, status=status)
