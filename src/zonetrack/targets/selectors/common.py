"""Reads shared by the targets pages: the indicator catalogue and the organisations a user
may see with their children."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation

from ..models import Indicator


def indicator_list(*, user: Any = None, source: str | None = None) -> QuerySet[Indicator]:
    """The indicators in use, in the catalogue's order (every signed-in user reads them)."""
    rows = Indicator.objects.filter(is_active=True)
    return rows.filter(source=source) if source else rows


def indicator_get(*, indicator_id: int) -> Indicator:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Indicator, pk=indicator_id, is_active=True)


def organisation_get(*, user: Any, organisation_id: int) -> Organisation:
    """One organisation the user sees, else 404."""
    return access.get_visible(Organisation.objects.active(), user, pk=organisation_id)


def default_organisation(*, user: Any) -> Organisation | None:
    """The topmost organisation the user sees: where their targets page opens."""
    return access.visible(Organisation.objects.active(), user).order_by("path").first()


def children_of(*, user: Any, organisation: Organisation) -> list[Organisation]:
    return list(access.visible(organisation.children.active(), user).order_by("path"))


def _ancestor_ids(organisation: Organisation) -> list[int]:
    """Primary keys of the organisations strictly above, nearest first (one short query per
    level of the tree, which is a handful deep)."""
    found: list[int] = []
    parent_id = organisation.parent_id
    while parent_id is not None and parent_id not in found:
        found.append(parent_id)
        parent_id = (
            Organisation.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
        )
    return found
