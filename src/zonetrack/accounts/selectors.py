"""Reads of the accounts app, always through the visibility rule."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from . import access
from .models import Membership, Organisation, User


def membership_list(*, user: Any) -> list[Membership]:
    """The user's own memberships."""
    return access.memberships(user)


def organisation_list(*, user: Any) -> QuerySet[Organisation]:
    """Organisations the user can see, in tree order, with their people counted."""
    return (
        access.visible(Organisation.objects.active(), user)
        .annotate(people_count=Count("memberships", filter=Q(memberships__user__is_active=True)))
        .select_related("parent")
        .order_by("path")  # Meta.ordering is not applied to a query with GROUP BY
    )


def organisation_get(*, user: Any, organisation_id: int) -> Organisation:
    """One visible organisation or 404."""
    return access.get_visible(Organisation.objects.all(), user, pk=organisation_id)


def organisation_children(*, user: Any, organisation: Organisation) -> QuerySet[Organisation]:
    return access.visible(organisation.children.active(), user)


def organisation_people(*, user: Any, organisation: Organisation) -> list[Membership]:
    """Memberships of one visible organisation, with their users and whether each is locked
    out after failed sign-ins (shown to administrators)."""
    people = list(
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__username")
    )
    locked = locked_usernames([m.user.username for m in people])
    for membership in people:
        membership.user.is_locked = membership.user.username in locked
    return people


def locked_usernames(usernames: list[str]) -> set[str]:
    """Which of these users are locked now by repeated failed sign-ins."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.utils import timezone

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            username__in=usernames,
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).values_list("username", flat=True)
    )


def user_get(*, user: Any, user_id: int) -> User:
    """A person the user can see (a member of a visible organisation), or 404."""
    visible = access.visible(Organisation.objects.all(), user)
    found = (
        User.objects.filter(pk=user_id, memberships__organisation__in=visible).distinct().first()
    )
    if found is None:
        raise Http404
    return found
