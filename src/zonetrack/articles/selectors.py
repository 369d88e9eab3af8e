"""Reads of the articles app, always through the visibility rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.core.validators import query_text
from zonetrack.registry.models import Zone

from . import permissions
from .models import ACCEPTED_STATES, Article, ArticleStatus, Fact, Review


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
    return [zone for zone in zones.order_by("name") if permissions.can_attach_to_zone(user, zone)]


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


def attach_zone_get(*, user: Any, zone_id: int | None) -> Zone | None:
    """An active zone the user can see, by id, to attach facts to; None when there is none."""
    if zone_id is None:
        return None
    return access.visible(Zone.objects.active(), user).filter(pk=zone_id).first()


def zone_gazetteer() -> list[str]:
    """Names of the registry's zones, which the reader recognises besides its own list."""
    return list(Zone.objects.active().values_list("name", flat=True).distinct())


# ---- Where an article goes --------------------------------------------------------------------


def creatable_organisations(user: Any) -> list[Organisation]:
    """The organisations the user may add articles to (and so own their facts)."""
    candidates = access.visible(Organisation.objects.active(), user).order_by("path")
    return [
        organisation
        for organisation in candidates
        if permissions.can_ingest_article(user, organisation)
    ]


def default_organisation(user: Any) -> Organisation | None:
    """The organisation an article of this user belongs to unless they choose: the first one
    of their own that they may add articles to."""
    for membership in sorted(access.memberships(user), key=lambda m: m.organisation.path):
        if permissions.can_ingest_article(user, membership.organisation):
            return membership.organisation
    return None


def ingest_organisation_get(*, user: Any, organisation_id: int) -> Organisation | None:
    """An active organisation the user can see and may add articles to, by id; else None."""
    organisation = (
        access.visible(Organisation.objects.active(), user).filter(pk=organisation_id).first()
    )
    if organisation is None or not permissions.can_ingest_article(user, organisation):
        return None
    return organisation


# ---- The article page --------------------------------------------------------------------------


@dataclass
class ArticleReview:
    """The facts of an article as its page shows them, with the zones they may go to."""

    article: Article
    facts: list[Fact]
    zones: list[Zone]
    """Zones the user may attach facts to; none when they may not review the article."""
    can_review: bool
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def accepted_loose(self) -> list[Fact]:
        """Accepted facts not yet attached to a zone."""
        return [f for f in self.facts if f.review in ACCEPTED_STATES and f.zone_id is None]

    @property
    def bulk_suggestion(self) -> Zone | None:
        """The zone suggested for attaching every loose accepted fact at once."""
        return next((f.suggested for f in self.accepted_loose if f.suggested), None)


def with_suggestions(facts: list[Fact], zones: list[Zone]) -> list[Fact]:
    """Each fact with ``suggested``: for an accepted fact not yet attached, the zone it is most
    likely about (see suggested_zone); else None."""
    for fact in facts:
        fact.suggested = (
            suggested_zone(fact, zones)
            if fact.review in ACCEPTED_STATES and fact.zone_id is None
            else None
        )
    return facts


def article_review(*, user: Any, article: Article) -> ArticleReview:
    """The facts of an article (its own copy of the article on each, not a query each), their
    counts and suggested zones, and the zones the user may attach them to."""
    can_review = permissions.can_review_article(user, article)
    facts = fact_list(article=article)
    zones = attachable_zones(user=user) if can_review else []
    for fact in facts:
        fact.article = article
    with_suggestions(facts, zones)
    counts = {
        "proposed": sum(f.review == Review.PROPOSED for f in facts),
        "accepted": sum(f.review in ACCEPTED_STATES for f in facts),
        "rejected": sum(f.review == Review.REJECTED for f in facts),
    }
    return ArticleReview(article, facts, zones, can_review, counts)


def fact_card(*, user: Any, fact_id: int) -> Fact:
    """One fact as its card shows it after a change: with the zone suggested among those the
    user may attach facts to."""
    fact = fact_get(user=user, fact_id=fact_id)
    with_suggestions([fact], attachable_zones(user=user))
    return fact
