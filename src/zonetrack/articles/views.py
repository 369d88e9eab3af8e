"""Pages of the articles app: the list, adding an article, and an article's page where its
facts are reviewed (htmx, one fact card at a time) and attached to zones."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.audit.selectors import history_for
from zonetrack.core.errors import StaleVersion

from . import permissions, selectors, services
from .forms import ArticleForm, AttachForm, FactEditForm, ReviewForm
from .models import Article, ArticleStatus, Fact, FactType, Review

PAGE_SIZE = 50
# Facts below this confidence are flagged for a careful look (their quote touches damage).
LOW_CONFIDENCE = 0.6
STATUS_CSS = {
    ArticleStatus.PROCESSING: "bg-blue-lt",
    ArticleStatus.READY: "bg-yellow-lt",
    ArticleStatus.FAILED: "bg-red-lt",
    ArticleStatus.REVIEWED: "bg-green-lt",
}
REVIEW_CSS = {
    Review.PROPOSED: "bg-secondary-lt",
    Review.ACCEPTED: "bg-green-lt",
    Review.EDITED: "bg-teal-lt",
    Review.REJECTED: "bg-red-lt",
}


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _labels(choices: Any) -> dict[str, str]:
    """Choice labels translated once per page, not once per row."""
    return {value: str(label) for value, label in choices}


def _decorate_articles(articles: Any) -> list[Article]:
    labels = _labels(ArticleStatus.choices)
    rows = list(articles)
    for article in rows:
        article.status_label = labels.get(article.status, article.status)
        article.status_css = STATUS_CSS.get(article.status, "bg-secondary-lt")
    return rows


def _decorate_facts(facts: list[Fact]) -> list[Fact]:
    types = _labels(FactType.choices)
    reviews = _labels(Review.choices)
    for fact in facts:
        fact.type_label = types.get(fact.kind, fact.kind)
        fact.review_label = reviews.get(fact.review, fact.review)
        fact.review_css = REVIEW_CSS.get(fact.review, "bg-secondary-lt")
        fact.is_low = fact.confidence < LOW_CONFIDENCE
        fact.rows = fact.labelled_values
    return facts


class ArticleListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        filters = selectors.ArticleFilters.from_params(request.GET)
        articles = selectors.article_list(user=request.user, filters=filters)
        page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "articles/article_list.html",
            {
                "page_obj": page,
                "articles": _decorate_articles(page.object_list),
                "filters": filters,
                "statuses": ArticleStatus.choices,
                "can_create": permissions.can_ingest_articles(request.user),
            },
        )


class ArticleCreateView(LoginRequiredMixin, View):
    template_name = "articles/article_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        organisations = selectors.creatable_organisations(request.user)
        form = ArticleForm(
            organisations=organisations, default=selectors.default_organisation(request.user)
        )
        return render(request, self.template_name, {"form": form, "may_add": bool(organisations)})

    def post(self, request: HttpRequest) -> HttpResponse:
        organisations = selectors.creatable_organisations(request.user)
        form = ArticleForm(request.POST, request.FILES, organisations=organisations)
        if form.is_valid():
            data = form.cleaned_data
            upload = data.get("file")
            try:
                article = services.article_create(
                    actor=request.user,
                    organisation=data["organisation"],
                    title=data["title"],
                    text=data.get("text") or "",
                    data=upload.read() if upload else None,
                    filename=upload.name if upload else "",
                    source_url=data["source_url"],
                    published_on=data["published_on"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except PermissionDenied:
                form.add_error("organisation", _("You may not add articles to this organisation."))
            else:
                if article.status == ArticleStatus.FAILED:
                    messages.error(request, article.failure)
                else:
                    messages.success(request, _("Article added."))
                return redirect("articles:article_detail", article_id=article.pk)
        return render(
            request,
            self.template_name,
            {"form": form, "may_add": bool(organisations)},
            status=400,
        )


def _detail_context(request: HttpRequest, article: Article) -> dict[str, Any]:
    review = selectors.article_review(user=request.user, article=article)
    if review.can_review:
        for fact in review.facts:
            fact.edit_form = FactEditForm(fact=fact)
    _decorate_facts(review.facts)
    return {
        "article": article,
        "status_label": dict(_labels(ArticleStatus.choices)).get(article.status, ""),
        "status_css": STATUS_CSS.get(article.status, ""),
        "facts": review.facts,
        "zones": review.zones,
        "can_change": review.can_review,
        "can_archive": permissions.can_archive_article(request.user, article),
        "counts": review.counts,
        "accepted_loose": review.accepted_loose,
        "bulk_suggestion": review.bulk_suggestion,
        "history": history_for(article),
        "low_confidence": LOW_CONFIDENCE,
    }


class ArticleDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, article_id: int) -> HttpResponse:
        article = selectors.article_get(user=request.user, article_id=article_id)
        return render(request, "articles/article_detail.html", _detail_context(request, article))


class ArticleStatusView(LoginRequiredMixin, View):
    """Polled by the article page while the article is read; reloads the page when done."""

    def get(self, request: HttpRequest, article_id: int) -> HttpResponse:
        article = selectors.article_get(user=request.user, article_id=article_id)
        response = render(
            request,
            "articles/includes/status.html",
            {
                "article": article,
                "status_label": _labels(ArticleStatus.choices).get(article.status, ""),
                "status_css": STATUS_CSS.get(article.status, ""),
            },
        )
        if article.status != ArticleStatus.PROCESSING:
            response["HX-Refresh"] = "true"
        return response


class ArticleArchiveView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, article_id: int) -> HttpResponse:
        article = selectors.article_get(user=request.user, article_id=article_id)
        if request.POST.get("restore"):
            services.article_restore(actor=request.user, article=article)
            messages.success(request, _("Restored."))
        else:
            services.article_archive(actor=request.user, article=article)
            messages.success(request, _("Archived. You can restore it from its page."))
        return redirect("articles:article_detail", article_id=article.pk)


class ArticleAttachView(LoginRequiredMixin, View):
    """Attach every accepted fact not yet attached to one zone."""

    def post(self, request: HttpRequest, article_id: int) -> HttpResponse:
        article = selectors.article_get(user=request.user, article_id=article_id)
        if not permissions.can_attach_article_facts(request.user, article):
            raise PermissionDenied
        zones = selectors.attachable_zones(user=request.user)
        form = AttachForm(request.POST, zones=zones)
        if form.is_valid() and form.cleaned_data["zone"] is not None:
            try:
                count = services.facts_attach(
                    actor=request.user, article=article, zone=form.cleaned_data["zone"]
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("%(count)d facts attached to %(zone)s.")
                    % {"count": count, "zone": form.cleaned_data["zone"].name},
                )
        else:
            messages.error(request, " ".join(form.errors.get("zone", [])) or _("Choose a zone."))
        return redirect("articles:article_detail", article_id=article.pk)


class _FactView(LoginRequiredMixin, View):
    """A write on one fact: the card comes back for htmx, the page otherwise."""

    def _fact(self, request: HttpRequest, fact_id: int) -> Fact:
        fact = selectors.fact_get(user=request.user, fact_id=fact_id)
        if not permissions.can_review_fact(request.user, fact):
            raise PermissionDenied
        return fact

    def _respond(
        self,
        request: HttpRequest,
        fact: Fact,
        *,
        status: int = 200,
        error: str = "",
        edit_form: FactEditForm | None = None,
        attach_error: str = "",
    ) -> HttpResponse:
        if status == 200 and not _is_htmx(request):
            url = reverse("articles:article_detail", kwargs={"article_id": fact.article_id})
            return redirect(f"{url}#fact-{fact.pk}")
        if status != 200 and not _is_htmx(request):
            context = _detail_context(request, fact.article)
            for shown in context["facts"]:
                if shown.pk == fact.pk:
                    shown.error, shown.attach_error = error, attach_error
                    shown.edit_form = edit_form or shown.edit_form
            return render(request, "articles/article_detail.html", context, status=status)
        fresh = selectors.fact_card(user=request.user, fact_id=fact.pk)
        _decorate_facts([fresh])
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
                "status_label": _labels(ArticleStatus.choices).get(article.status, ""),
                "status_css": STATUS_CSS.get(article.status, ""),
            },
            status=status,
        )


class FactReviewView(_FactView):
    """Accept or reject a fact as read."""

    def post(self, request: HttpRequest, fact_id: int) -> HttpResponse:
        fact = self._fact(request, fact_id)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            return self._respond(request, fact, status=400, error=_("Reload the page."))
        try:
            services.fact_review(
                actor=request.user,
                fact=fact,
                action=form.cleaned_data["action"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as exc:
            return self._respond(request, fact, status=409, error=exc.message)
        except ValidationError as exc:
            return self._respond(request, fact, status=400, error=" ".join(exc.messages))
        return self._respond(request, fact)


class FactEditView(_FactView):
    """Accept a fact with corrected fields."""

    def post(self, request: HttpRequest, fact_id: int) -> HttpResponse:
        fact = self._fact(request, fact_id)
        form = FactEditForm(request.POST, fact=fact)
        if not form.is_valid():
            return self._respond(request, fact, status=400, edit_form=form)
        try:
            services.fact_review(
                actor=request.user,
                fact=fact,
                action="edit",
                fields=form.values(),
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as exc:
            return self._respond(request, fact, status=409, error=exc.message)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                form.add_field_errors(exc.message_dict)
            else:
                form.add_error(None, exc.messages)
            return self._respond(request, fact, status=400, edit_form=form)
        return self._respond(request, fact)


class FactAttachView(_FactView):
    """Attach an accepted fact to a zone, or detach it (``detach=1``)."""

    def post(self, request: HttpRequest, fact_id: int) -> HttpResponse:
        fact = self._fact(request, fact_id)
        zones = selectors.attachable_zones(user=request.user)
        form = AttachForm(request.POST, zones=zones)
        detach = bool(request.POST.get("detach"))
        if not form.is_valid():
            return self._respond(
                request, fact, status=400, attach_error=" ".join(form.errors.get("zone", []))
            )
        zone = None if detach else form.cleaned_data["zone"]
        if zone is None and not detach:
            return self._respond(request, fact, status=400, attach_error=_("Choose a zone."))
        try:
            services.fact_attach(
                actor=request.user,
                fact=fact,
                zone=zone,
                expected_version=form.cleaned_data.get("version"),
            )
        except StaleVersion as exc:
            return self._respond(request, fact, status=409, error=exc.message)
        except ValidationError as exc:
            return self._respond(request, fact, status=400, attach_error=" ".join(exc.messages))
        return self._respond(request, fact)
