"""Who may do what with articles and their facts, built only on the ``accounts.access`` helpers.

Seeing an article or a fact is the visibility rule itself (``access.visible``/``get_visible``:
404 for what a user may not see); these functions decide the steps on a record already seen
(403 when refused).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zonetrack.accounts import access

if TYPE_CHECKING:
    from zonetrack.accounts.models import Organisation
    from zonetrack.registry.models import Zone

    from .models import Article, Fact


def can_view_article(user: Any, article: Article) -> bool:
    """Whether the user may see an article (and so its facts)."""
    return access.can_view(user, article)


def can_ingest_article(user: Any, organisation: Organisation | None) -> bool:
    """Whether the user may add articles owned by this organisation (and so own their facts)."""
    return access.can_create_in(user, organisation)


def can_ingest_articles(user: Any) -> bool:
    """Whether the user may add articles to any organisation at all (to offer the button)."""
    return access.is_superuser(user) or any(
        can_ingest_article(user, membership.organisation) for membership in access.memberships(user)
    )


def can_archive_article(user: Any, article: Article) -> bool:
    """Whether the user may archive or restore an article."""
    return access.can_change(user, article)


def can_review_article(user: Any, article: Article) -> bool:
    """Whether the user may review the facts of an article now: theirs to change, not archived."""
    return access.can_change(user, article) and not article.is_archived


def can_attach_article_facts(user: Any, article: Article) -> bool:
    """Whether the user may attach the accepted facts of an article to a zone all at once."""
    return access.can_change(user, article)


def can_review_fact(user: Any, fact: Fact) -> bool:
    """Whether the user may accept, correct, reject, attach or detach one fact."""
    return access.can_change(user, fact)


def can_attach_to_zone(user: Any, zone: Zone) -> bool:
    """Facts go onto the pages of zones the person may change."""
    return not zone.is_archived and access.can_change(user, zone)
