"""Reviewing the facts of an article (accept, correct, reject) and attaching accepted ones to
zones. Every write is tracked; nothing is deleted."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.audit.services import actor_user, tracked_update
from zonetrack.registry.models import Zone

from .. import permissions
from ..models import ACCEPTED_STATES, Article, ArticleStatus, Fact, Review
from .fields import clean_fields

if TYPE_CHECKING:
    from zonetrack.accounts.models import User

ACTIONS = ("accept", "edit", "reject")


def _check_fact(actor: User | None, fact: Fact) -> None:
    if not permissions.can_review_fact(actor, fact):
        raise PermissionDenied
    if fact.article.is_archived or fact.is_archived:
        raise ValidationError(_("This article is archived; restore it to review its facts."))


@transaction.atomic
def fact_review(
    *,
    actor: User | None,
    fact: Fact,
    action: str,
    fields: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
) -> Fact:
    """Accept a fact as read, accept it with corrected fields ("edit"), or reject it.

    A rejected fact leaves any zone it was attached to. When no proposed fact is left, the
    article counts as reviewed."""
    _check_fact(actor, fact)
    changes: dict[str, Any] = {
        "reviewed_by": actor_user(actor),
        "reviewed_at": timezone.now(),
    }
    if action == "accept":
        changes.update(review=Review.ACCEPTED, edited_fields=None)
    elif action == "reject":
        changes.update(review=Review.REJECTED, zone=None)
    elif action == "edit":
        cleaned = clean_fields(fact.kind, fields or {})
        if cleaned == fact.fields:
            changes.update(review=Review.ACCEPTED, edited_fields=None)
        else:
            changes.update(review=Review.EDITED, edited_fields=cleaned)
    else:
        raise ValidationError(
            {"action": _("Choose one of: %(choices)s.") % {"choices": ", ".join(ACTIONS)}}
        )
    fact = tracked_update(
        actor=actor,
        obj=fact,
        changes=changes,
        expected_version=expected_version,
        check=lambda fresh: permissions.can_review_fact(actor, fresh),
    )
    _settle(actor, fact.article)
    return fact


def _settle(actor: User | None, article: Article) -> None:
    """Mark an article reviewed once none of its facts waits for a decision."""
    if article.status != ArticleStatus.READY:
        return
    waiting = Fact.objects.active().filter(article=article, review=Review.PROPOSED).exists()
    if not waiting:
        fresh = Article.objects.get(pk=article.pk)
        tracked_update(actor=actor, obj=fresh, changes={"status": ArticleStatus.REVIEWED})
        article.status, article.version = fresh.status, fresh.version


@transaction.atomic
def fact_attach(
    *, actor: User | None, fact: Fact, zone: Zone | None, expected_version: int | None = None
) -> Fact:
    """Attach an accepted fact to a zone (or detach it with ``zone=None``), the article being
    its source. Only accepted facts, and only zones the person may change."""
    _check_fact(actor, fact)
    if zone is not None:
        if fact.review not in ACCEPTED_STATES:
            raise ValidationError({"zone": _("Accept the fact before attaching it to a zone.")})
        if not permissions.can_attach_to_zone(actor, zone):
            raise ValidationError({"zone": _("You may not attach facts to this zone.")})
    return tracked_update(
        actor=actor,
        obj=fact,
        changes={"zone": zone},
        expected_version=expected_version,
        check=lambda fresh: permissions.can_review_fact(actor, fresh),
    )


def facts_attach(*, actor: User | None, article: Article, zone: Zone) -> int:
    """Attach every accepted, not yet attached fact of an article to one zone; how many."""
    facts = Fact.objects.active().filter(
        article=article, review__in=ACCEPTED_STATES, zone__isnull=True
    )
    count = 0
    with transaction.atomic():
        for fact in facts.select_related("article"):
            fact_attach(actor=actor, fact=fact, zone=zone)
            count += 1
    return count
