"""Writes of firms: a firm's profile and flags, its contacts added and archived (never
deleted). Each checks that the writer keeps the firm, validates, saves and records the change
in ``audit``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zonetrack.audit.services import (
    tracked_archive,
    tracked_create,
    tracked_restore,
    tracked_update,
)
from zonetrack.projects.models import Enterprise, EnterpriseContact

from ..selectors.firms import can_change_firm

if TYPE_CHECKING:
    from zonetrack.accounts.models import User

# What a firm's page and the API may change; the rest is the firm's bookkeeping.
PROFILE_FIELDS = (
    "name",
    "credit_code",
    "industry",
    "cluster",
    "scale",
    "headquarters",
    "is_listed",
    "is_fortune500",
    "is_china500",
    "is_chain_leader_candidate",
)
_TEXT_FIELDS = ("name", "industry", "headquarters")


def _allowed(actor: User | None, enterprise: Enterprise) -> None:
    # The demo and jobs write as the system (no actor); people must keep the firm.
    if actor is not None and not can_change_firm(actor, enterprise):
        raise PermissionDenied


def _profile(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes as stored: known fields only, text trimmed, the credit code in capitals
    (none when empty, so firms without one never collide)."""
    unknown = sorted(set(changes) - set(PROFILE_FIELDS))
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    cleaned = dict(changes)
    for name in _TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "scale" in cleaned:
        cleaned["scale"] = cleaned["scale"] or ""
    if "credit_code" in cleaned:
        cleaned["credit_code"] = (cleaned["credit_code"] or "").strip().upper() or None
    return cleaned


@transaction.atomic
def firm_update(
    *, actor: User | None, enterprise: Enterprise, changes: Mapping[str, Any]
) -> Enterprise:
    """Change a firm's profile and flags (name, credit code, industry, cluster, scale,
    headquarters, 上市, 世界500强, 中国500强, 链主 candidate). Only what really changes is
    saved and kept in the history."""
    _allowed(actor, enterprise)
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    return tracked_update(actor=actor, obj=enterprise, changes=_profile(changes))


@transaction.atomic
def contact_add(
    *,
    actor: User | None,
    enterprise: Enterprise,
    name: str,
    role: str = "",
    phone: str = "",
    email: str = "",
) -> EnterpriseContact:
    """Add a person to speak to at the firm, with a telephone number or an e-mail address."""
    _allowed(actor, enterprise)
    contact = EnterpriseContact(
        enterprise=enterprise,
        name=name.strip(),
        role=role.strip(),
        phone=phone.strip(),
        email=email.strip(),
    )
    return tracked_create(actor=actor, obj=contact)


@transaction.atomic
def contact_archive(
    *, actor: User | None, contact: EnterpriseContact, expected_version: int | None = None
) -> EnterpriseContact:
    """Set a contact aside (they left, the number is dead); the row and its history stay."""
    _allowed(actor, contact.enterprise)
    return tracked_archive(actor=actor, obj=contact, expected_version=expected_version)


@transaction.atomic
def contact_restore(
    *, actor: User | None, contact: EnterpriseContact, expected_version: int | None = None
) -> EnterpriseContact:
    """Bring an archived contact back."""
    _allowed(actor, contact.enterprise)
    return tracked_restore(actor=actor, obj=contact, expected_version=expected_version)
