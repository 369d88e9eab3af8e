"""Reads of the accounts app, always through the visibility rule."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from . import access
from .models import Membership, Organisation


def membership_list(*, user: Any) -> list[Membership]:
    """The user's own memberships."""
    return access.memberships(user)


def organisation_list(*, user: Any) -> QuerySet[Organisation]:
    """Organisations the user can see, in tree order, with their people counted."""
    return (
        access.visible(Organisation.objects.active(), user)
        .annotate(people_count=Count("memberships", filter=Q(memberships__user__is_active=True)))
        .select_related("parent")
    )


def organisation_get(*, user: Any, organisation_id: int) -> Organisation:
    """One visible organisation or 404."""
    return access.get_visible(Organisation.objects.all(), user, pk=organisation_id)


def organisation_children(*, user: Any, organisation: Organisation) -> QuerySet[Organisation]:
    return access.visible(organisation.children.active(), user)


def organisation_people(*, user: Any, organisation: Organisation) -> QuerySet[Membership]:
    """Memberships of one visible organisation, with their users."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__username")
    )
