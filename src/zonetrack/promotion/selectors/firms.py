"""Reads of firms (one ``Enterprise`` across zones): which firms a user may see — those of a
lead or a project the user sees — their leads, projects and contacts, and who keeps them.

A firm belongs to no organisation: every zone that deals with it shares it. So it is seen
through its leads and projects, which the gate scopes, and kept by the officers of their zones.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role
from zonetrack.projects.models import Enterprise, EnterpriseContact, Project
from zonetrack.registry.models import Zone

from ..models import Lead


def sees_firm(user: Any, enterprise_id: int) -> bool:
    """Whether the user sees a lead or a project of the firm, archived ones too (their history
    still names the firm); a superuser sees every firm."""
    if access.is_superuser(user):
        return True
    return (
        access.visible(Lead.objects.filter(investor_id=enterprise_id), user).exists()
        or access.visible(Project.objects.filter(investor_id=enterprise_id), user).exists()
    )


def firm_get(*, user: Any, enterprise_id: int) -> Enterprise:
    """One firm the user sees, else 404 (never 403: whether the firm is known is not told)."""
    firm = Enterprise.objects.select_related("cluster").filter(pk=enterprise_id).first()
    if firm is None or not sees_firm(user, firm.pk):
        raise Http404
    return firm


def firm_leads(*, user: Any, enterprise: Enterprise) -> QuerySet[Lead]:
    """The firm's leads the user sees, newest first."""
    return (
        access.visible(Lead.objects.filter(investor=enterprise), user)
        .select_related("zone", "owner")
        .order_by("-created_at", "-pk")
    )


def firm_projects(*, user: Any, enterprise: Enterprise) -> QuerySet[Project]:
    """The firm's projects the user sees, newest first."""
    return (
        access.visible(Project.objects.filter(investor=enterprise), user)
        .select_related("zone")
        .order_by("-created_at", "-pk")
    )


def firm_contacts(*, enterprise: Enterprise, archived: bool = False) -> QuerySet[EnterpriseContact]:
    """The firm's contacts (or those archived). Call only with a firm from ``firm_get``: the
    contacts are shown to whoever sees the firm."""
    contacts = EnterpriseContact.objects.filter(enterprise=enterprise)
    return contacts.archived() if archived else contacts.active()


def contact_get(*, user: Any, contact_id: int) -> EnterpriseContact:
    """One contact of a firm the user sees, else 404."""
    contact = EnterpriseContact.objects.select_related("enterprise").filter(pk=contact_id).first()
    if contact is None or not sees_firm(user, contact.enterprise_id):
        raise Http404
    return contact


def firm_zones(enterprise: Enterprise) -> QuerySet[Zone]:
    """Every zone with a lead or a project of the firm, seen or not: their officers keep it."""
    return Zone.objects.filter(
        Q(pk__in=Lead.objects.filter(investor=enterprise).values("zone"))
        | Q(pk__in=Project.objects.filter(investor=enterprise).values("zone"))
    ).select_related("organisation")


def can_change_firm(user: Any, enterprise: Enterprise) -> bool:
    """Edit the firm's profile and flags, add and archive its contacts: officers (or more) of a
    zone that has a lead or a project of the firm, at the zone or a level above."""
    if access.is_superuser(user):
        return True
    if not access.memberships(user):
        return False
    return any(
        access.has_role(user, zone.organisation, Role.OFFICER) for zone in firm_zones(enterprise)
    )
