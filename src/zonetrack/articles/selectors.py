"""Reads of the articles app, always through the visibility rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from zonetrack.accounts import access
from zonetrack.core.validators import query_text
from zonetrack.registry.models import Zone

from .models import ACCEPTED_STATES, Article, ArticleStatus, Fact, Review
from .services import can_attach_to


@dataclass(frozen=True)
class ArticleFilters:
    """What the article list may be filtered by (page and API alike)."""

    q: str = ""
    status: str = ""
    include_archived: bool = False

    @classmethod
    def from_params(cls, params: Any) -> ArticleFilters:
        status = query_text(params.get("status"))
        return cls(
            q=query_text(params.get("q")),
            status=status if status in ArticleStatus.values else "",
            include_archived=params.get("archived") in {"1", "true", "on", True},
        )


def article_list(*, user: Any, filters: ArticleFilters | None = None) -> QuerySet[Article]:
    """Articles the user can see, newest first, with their fact counts, in one query."""
    f = filters or ArticleFilters()
    articles = Article.objects.all() if f.include_archived else Article.objects.active()
    articles = access.visible(articles, user)
    if f.q:
        articles = articles.filter(Q(title__icontains=f.q) | Q(source_url__icontains=f.q))
    if f.status:
        articles = articles.filter(status=f.status)
    live = Q(facts__archived_at__isnull=True)
    return (
        articles.select_related("organisation", "created_by")
        .defer("raw_text", "clean_text", "damaged_spans", "repairs", "warnings")
        .annotate(
            fact_count=Count("facts", filter=live),
            proposed_count=Count("facts", filter=live & Q(facts__review=Review.PROPOSED)),
            accepted_count=Count("facts", filter=live & Q(facts__review__in=ACCEPTED_STATES)),
            rejected_count=Count("facts", filter=live & Q(facts__review=Review.REJECTED)),
            attached_count=Count("facts", filter=live & Q(facts__zone__isnull=False)),
        )
        .order_by("-created_at", "-id")
    )


def article_get(*, user: Any, article_id: int) -> Article:
    """One article the user can see (archived ones too), else 404."""
    return access.get_visible(
        Article.objects.select_related("organisation", "created_by"), user, pk=article_id
    )


def fact_list(*, article: Article) -> list[Fact]:
    """The facts of an article in reading order, with reviewer and zone loaded."""
    return list(
        Fact.objects.active()
        .filter(article=article)
        .select_related("reviewed_by", "zone")
        .order_by("start", "id")
    )


def review_counts(*, article: Article) -> dict[str, int]:
    """How many facts of an article wait for review, were accepted, were rejected."""
    found = (
        Fact.objects.active()
        .filter(article=article)
        .aggregate(
            proposed=Count("pk", filter=Q(review=Review.PROPOSED)),
            accepted=Count("pk", filter=Q(review__in=ACCEPTED_STATES)),
            rejected=Count("pk", filter=Q(review=Review.REJECTED)),
        )
    )
    return {name: value or 0 for name, value in found.items()}


def fact_get(*, user: Any, fact_id: int) -> Fact:
    """One fact the user can see (through its article), else 404."""
    return access.get_visible(
        Fact.objects.active().select_related(
            "article__organisation", "article__created_by", "reviewed_by", "zone"
        ),
        user,
        pk=fact_id,
    )


def attachable_zones(*, user: Any) -> list[Zone]:
    """Zones the user may attach facts to: visible, active, and theirs to change."""
    zones = access.visible(Zone.objects.active(), user).select_related("organisation", "region")
    return [zone for zone in zones.order_by("name") if can_attach_to(user, zone)]


def suggested_zone(fact: Fact, zones: list[Zone]) -> Zone | None:
    """The zone a fact is most likely about: the one named by a zone fact, or by the fact's
    ``zone`` field; exact names first, then short names."""
    values = fact.values or {}
    name = values.get("name") if fact.kind == "zone" else values.get("zone")
    if not name or not isinstance(name, str):
        return None
    for zone in zones:
        if zone.name == name:
            return zone
    for zone in zones:
        if zone.short_name and zone.short_name == name:
            return zone
    return None


def facts_for_zone(zone: Zone, user: Any, *, limit: int = 100) -> list[Fact]:
    """Accepted facts attached to a zone that the user can see, newest article first, each
    with its article (the source) loaded; for the zone's page."""
    facts = (
        Fact.objects.active()
        .filter(
            zone=zone,
            review__in=ACCEPTED_STATES,
            article__archived_at__isnull=True,
        )
        .select_related("article")
        .defer(
            "article__raw_text",
            "article__clean_text",
            "article__damaged_spans",
            "article__repairs",
            "article__warnings",
        )
        .order_by("-article__published_on", "-article__created_at", "start")
    )
    return list(access.visible(facts, user)[:limit])
