"""Pages of the articles app: the list, adding an article, and an article's page where its
facts are reviewed (htmx, one fact card at a time) and attached to zones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.audit.selectors import history_for
from zonetrack.core.errors import StaleVersion
from zonetrack.core.views import (
    ArchiveView,
    FilteredListView,
    ObjectDetailView,
    ObjectMixin,
    ServiceFormView,
    is_htmx,
)

from . import claims, permissions, selectors, services
from .forms import ArticleForm, AttachForm, ClaimFilterForm, FactEditForm, ReviewForm
from .models import Article, ArticleStatus, Fact

# Facts below this confidence are flagged for a careful look (their quote touches damage).
LOW_CONFIDENCE = 0.6


def _detail_url(article_id: int) -> str:
    return reverse("articles:article_detail", kwargs={"article_id": article_id})


class _ArticleMixin(ObjectMixin):
    """Loads the article of the URL through its selector (404 when not visible)."""

    pk_url_kwarg = "article_id"
    context_object_name = "article"

    def get_object(self) -> Article:
        return selectors.article_get(user=self.request.user, article_id=self.kwargs["article_id"])


class ArticleListView(FilteredListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_filters(self) -> selectors.ArticleFilters:
        return selectors.ArticleFilters.from_params(self.request.GET)

    def get_queryset(self, filters: selectors.ArticleFilters) -> Any:
        return selectors.article_list(user=self.request.user, filters=filters)

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        return {
            "statuses": ArticleStatus.choices,
            "can_create": permissions.can_ingest_articles(self.request.user),
        }


class ArticleCreateView(ServiceFormView):
    form_class = ArticleForm
    template_name = "articles/article_form.html"

    def get_form_kwargs(self, obj: None) -> dict[str, Any]:
        self.organisations = selectors.creatable_organisations(self.request.user)
        return {
            "organisations": self.organisations,
            "default": selectors.default_organisation(self.request.user),
        }

    def get_extra_context(self, obj: None) -> dict[str, Any]:
        return {"may_add": bool(self.organisations)}

    def perform(self, form: Any, obj: None) -> Article:
        data = form.cleaned_data
        upload = data.get("file")
        try:
            return services.article_create(
                actor=access.request_user(self.request),
                organisation=data["organisation"],
                title=data["title"],
                text=data.get("text") or "",
                data=upload.read() if upload else None,
                filename=upload.name if upload else "",
                source_url=data["source_url"],
                published_on=data["published_on"],
            )
        except PermissionDenied as exc:
            # the organisation was offered, but the right to it went meanwhile
            raise ValidationError(
                {"organisation": _("You may not add articles to this organisation.")}
            ) from exc

    def get_success_message(self, result: Article) -> str:
        return _("Article added.")

    def get_success_url(self, result: Article) -> str:
        return _detail_url(result.pk)


class ArticleDetailView(_ArticleMixin, ObjectDetailView):
    template_name = "articles/article_detail.html"

    def get_extra_context(self, obj: Article) -> dict[str, Any]:
        return _review_context(self.request, obj)


def _review_context(request: HttpRequest, article: Article) -> dict[str, Any]:
    """What the article page shows beside the article: its facts, their forms and counts."""
    review = selectors.article_review(user=request.user, article=article)
    if review.can_review:
        for fact in review.facts:
            fact.edit_form = FactEditForm(fact=fact)
    return {
        "article": article,
        "facts": review.facts,
        "zones": review.zones,
        "can_change": review.can_review,
        "can_archive": permissions.can_archive_article(request.user, article),
        "counts": review.counts,
        "accepted_loose": review.accepted_loose,
        "bulk_suggestion": review.bulk_suggestion,
        "history": history_for(article),
        "low_confidence": LOW_CONFIDENCE,
        "claims": claims.article_claims(user=request.user, article=article),
    }


class ClaimListView(FilteredListView):
    """The published claims of the zones the user sees that differ from zonetrack's records
    by more than a tolerance: how a supervisor catches inflated figures."""

    template_name = "articles/claim_list.html"
    context_object_name = "claims"

    def get_filters(self) -> ClaimFilterForm:
        form = ClaimFilterForm(
            self.request.GET or None, zones=claims.zone_choices(user=self.request.user)
        )
        form.is_valid()
        return form

    def get_queryset(self, filters: ClaimFilterForm) -> Any:
        data = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
        percent = data.get("tolerance")
        return claims.differing_claims(
            user=self.request.user,
            tolerance=None if percent is None else percent / 100,
            zone_id=data.get("zone"),
        )

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        return {"default_percent": claims.tolerance_default() * 100}


class ArticleStatusView(_ArticleMixin, View):
    """Polled by the article page while the article is read; reloads the page when done."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        article = self.load()
        response = render(request, "articles/includes/status.html", {"article": article})
        if article.status != ArticleStatus.PROCESSING:
            response["HX-Refresh"] = "true"
        return response


class ArticleArchiveView(_ArticleMixin, ArchiveView):
    """Archive an article, or restore it (``restore=1``)."""

    def has_permission(self, obj: Article) -> bool:
        return permissions.can_archive_article(self.request.user, obj)

    def perform(self, obj: Article, *, restore: bool) -> Article:
        if restore:
            return services.article_restore(actor=access.request_user(self.request), article=obj)
        return services.article_archive(actor=access.request_user(self.request), article=obj)

    def get_success_url(self, obj: Article) -> str:
        return _detail_url(obj.pk)


class ArticleAttachView(_ArticleMixin, View):
    """Attach every accepted fact not yet attached to one zone; the outcome is a message on
    the article's page."""

    def has_permission(self, obj: Article) -> bool:
        return permissions.can_attach_article_facts(self.request.user, obj)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        article = self.load()
        form = AttachForm(request.POST, zones=selectors.attachable_zones(user=request.user))
        if form.is_valid() and form.cleaned_data["zone"] is not None:
            zone = form.cleaned_data["zone"]
            try:
                count = services.facts_attach(
                    actor=access.request_user(request), article=article, zone=zone
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("%(count)d facts attached to %(zone)s.")
                    % {"count": count, "zone": zone.name},
                )
        else:
            zone_errors = " ".join(str(error) for error in form.errors.get("zone", []))
            messages.error(request, zone_errors or _("Choose a zone."))
        return redirect(_detail_url(article.pk))


class _FactView(ObjectMixin, View):
    """A write on one fact: for htmx its card comes back (with the article's counts and status
    beside it); otherwise the article's page, or back to it after a success."""

    pk_url_kwarg = "fact_id"

    def get_object(self) -> Fact:
        return selectors.fact_get(user=self.request.user, fact_id=self.kwargs["fact_id"])

    def has_permission(self, obj: Fact) -> bool:
        return permissions.can_review_fact(self.request.user, obj)

    def respond(
        self,
        fact: Fact,
        *,
        status: int = 200,
        error: str = "",
        edit_form: FactEditForm | None = None,
        attach_error: str = "",
    ) -> HttpResponse:
        request = self.request
        if not is_htmx(request):
            if status == 200:
                return redirect(f"{_detail_url(fact.article_id)}#fact-{fact.pk}")
            context = _review_context(request, fact.article)
            for shown in context["facts"]:
                if shown.pk == fact.pk:
                    shown.error, shown.attach_error = error, attach_error
                    shown.edit_form = edit_form or shown.edit_form
            return render(request, "articles/article_detail.html", context, status=status)
        fresh = selectors.fact_card(user=request.user, fact_id=fact.pk)
        fresh.error, fresh.attach_error = error, attach_error
        fresh.edit_form = edit_form or FactEditForm(fact=fresh)
        article = fresh.article
        return render(
            request,
            "articles/includes/fact_card.html",
            {
                "fact": fresh,
                "can_change": True,
                "low_confidence": LOW_CONFIDENCE,
                # The counts and the article's status beside the card change with it.
                "oob": True,
                "article": article,
                "counts": selectors.review_counts(article=article),
            },
            status=status,
        )

    def run(
        self,
        fact: Fact,
        call: Callable[[], object],
        on_error: Callable[[ValidationError], dict[str, Any]],
    ) -> HttpResponse:
        """Call one service; a stale version answers 409 with who changed the fact, a refusal
        400 with its messages (as ``on_error`` says where they go)."""
        try:
            call()
        except StaleVersion as exc:
            return self.respond(fact, status=409, error=exc.message)
        except ValidationError as exc:
            return self.respond(fact, status=400, **on_error(exc))
        return self.respond(fact)


class FactReviewView(_FactView):
    """Accept or reject a fact as read."""

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        fact = self.load()
        form = ReviewForm(request.POST)
        if not form.is_valid():
            return self.respond(fact, status=400, error=_("Reload the page."))
        return self.run(
            fact,
            lambda: services.fact_review(
                actor=access.request_user(request),
                fact=fact,
                action=form.cleaned_data["action"],
                expected_version=form.cleaned_data["version"],
            ),
            on_error=lambda exc: {"error": " ".join(exc.messages)},
        )


class FactEditView(_FactView):
    """Accept a fact with corrected fields."""

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        fact = self.load()
        form = FactEditForm(request.POST, fact=fact)
        if not form.is_valid():
            return self.respond(fact, status=400, edit_form=form)

        def refused(exc: ValidationError) -> dict[str, Any]:
            if hasattr(exc, "error_dict"):
                form.add_field_errors(exc.message_dict)
            else:
                form.add_error(None, exc.messages)
            return {"edit_form": form}

        return self.run(
            fact,
            lambda: services.fact_review(
                actor=access.request_user(request),
                fact=fact,
                action="edit",
                fields=form.values(),
                expected_version=form.cleaned_data["version"],
            ),
            on_error=refused,
        )


class FactAttachView(_FactView):
    """Attach an accepted fact to a zone, or detach it (``detach=1``)."""

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        fact = self.load()
        form = AttachForm(request.POST, zones=selectors.attachable_zones(user=request.user))
        detach = bool(request.POST.get("detach"))
        if not form.is_valid():
            errors = " ".join(str(error) for error in form.errors.get("zone", []))
            return self.respond(fact, status=400, attach_error=errors)
        zone = None if detach else form.cleaned_data["zone"]
        if zone is None and not detach:
            return self.respond(fact, status=400, attach_error=_("Choose a zone."))
        return self.run(
            fact,
            lambda: services.fact_attach(
                actor=access.request_user(request),
                fact=fact,
                zone=zone,
                expected_version=form.cleaned_data.get("version"),
            ),
            on_error=lambda exc: {"attach_error": " ".join(exc.messages)},
        )
