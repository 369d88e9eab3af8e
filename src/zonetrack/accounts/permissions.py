"""Who may do what in the accounts app, named: built only on the ``accounts.access`` helpers."""

from __future__ import annotations

from typing import Any

from . import access
from .models import Organisation, User


def can_view_organisation(user: Any, organisation: Organisation) -> bool:
    return access.can_view(user, organisation)


def can_create_organisation(user: Any, parent: Organisation | None) -> bool:
    """Under a parent the user manages; roots of the tree only by superusers (or set-up code)."""
    return access.can_create_in(user, parent) if parent else access.is_superuser(user)


def can_change_organisation(user: Any, organisation: Organisation) -> bool:
    return access.can_change(user, organisation)


def can_archive_organisation(user: Any, organisation: Organisation) -> bool:
    return access.can_change(user, organisation)


def can_administer_organisation(user: Any, organisation: Organisation | None) -> bool:
    """Give people roles in it (and below)."""
    return access.can_administer(user, organisation)


def can_administer_user(user: Any, person: User) -> bool:
    """Deactivate, reactivate, unlock or take in an existing account."""
    return access.can_administer_person(user, person)
