"""The access gate: the one visibility rule and the one permission rule of zonetrack.

A user sees the records owned by the organisations of their memberships and everything below
them in the tree. A viewer only reads; an officer changes records assigned to them; a manager
changes everything in the subtree and assigns people; an administrator also manages its users.
Every page, export and API route goes through these functions, and nothing else decides access.

The actor ``None`` is zonetrack itself (set-up code and administrators' command-line tools): it
may do everything. Views and API routes always pass the request's user, never None.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q
from django.http import Http404

from .choices import ROLE_RANK, Role
from .models import Membership, Organisation

M = TypeVar("M", bound=models.Model)

_CACHE_ATTR = "_zonetrack_memberships"


def memberships(user: Any) -> list[Membership]:
    """The user's memberships with their organisations, loaded once per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organisation"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: Any) -> None:
    """Drop the cached memberships after they change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _sees_everything(user: Any) -> bool:
    if user is None:
        return True
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def is_superuser(user: Any) -> bool:
    """Whether the actor may do everything: zonetrack itself or an active superuser."""
    return _sees_everything(user)


def _roots(user: Any) -> list[str]:
    """Paths of the topmost organisations the user belongs to (nested ones add nothing)."""
    paths = sorted({m.organisation.path for m in memberships(user)})
    roots: list[str] = []
    for path in paths:
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def org_path_of(model: type[models.Model]) -> str:
    """The lookup from a model to its owning Organisation ('' for Organisation itself)."""
    return getattr(model, "org_path", "organisation")


def visible(
    queryset: models.QuerySet[M], user: Any, *, ordered_scan: bool = False
) -> models.QuerySet[M]:
    """Restrict a queryset to what the user may see.

    ``ordered_scan`` states the same rule as a join along the ownership path, for one page of
    a large visible set in a sorted order: the database can then walk the sort's index and
    stop after a page, instead of collecting every visible row to sort it. Counts and totals
    are cheaper with the default form.
    """
    if _sees_everything(user):
        return queryset
    roots = _roots(user)
    if not roots:
        return queryset.none()
    if ordered_scan:
        prefix = org_path_of(queryset.model)
        lookup = f"{prefix}__path__startswith" if prefix else "path__startswith"
        return queryset.filter(reduce(or_, (Q(**{lookup: root}) for root in roots)))
    return queryset.filter(_visible_q(queryset.model, roots))


def _visible_q(model: type[models.Model], roots: list[str]) -> Q:
    """The filter of one model's rows under the given subtrees.

    A record owned through a chain (project → zone → organisation) is matched by its first
    link's ids in a subquery of that model's own visible rows. The database computes the small
    set of visible zones once instead of joining every project to its organisation, which keeps
    counts and sorts over a province's projects cheap.
    """
    prefix = org_path_of(model)
    if not prefix:
        return reduce(or_, (Q(path__startswith=root) for root in roots))
    first, _, rest = prefix.partition("__")
    if not rest:
        return reduce(or_, (Q(**{f"{first}__path__startswith": root}) for root in roots))
    related = model._meta.get_field(first).related_model
    if org_path_of(related) != rest:
        # The first link's model reaches its owner another way: join along the path instead.
        return reduce(or_, (Q(**{f"{prefix}__path__startswith": root}) for root in roots))
    inner = related._base_manager.filter(_visible_q(related, roots)).values("pk")
    return Q(**{f"{first}__in": inner})


def get_visible(queryset: models.QuerySet[M], user: Any, **lookup: Any) -> M:
    """One record the user may see, else 404 — never 403, so existence is not revealed."""
    try:
        return visible(queryset, user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def owning_organisation(obj: models.Model) -> Organisation | None:
    """Follow a record's ``org_path`` to the organisation that owns it."""
    if isinstance(obj, Organisation):
        return obj
    current: Any = obj
    for part in org_path_of(type(obj)).split("__"):
        current = getattr(current, part, None)
        if current is None:
            return None
    return current


def role_in(user: Any, organisation: Organisation | None) -> Role | None:
    """The strongest role the user holds over an organisation (through it or an ancestor)."""
    if _sees_everything(user):
        return Role.ADMIN
    if organisation is None:
        return None
    best: Role | None = None
    for membership in memberships(user):
        if organisation.path.startswith(membership.organisation.path):
            role = Role(membership.role)
            if best is None or ROLE_RANK[role] > ROLE_RANK[best]:
                best = role
    return best


def has_role(user: Any, organisation: Organisation | None, role: Role) -> bool:
    """Whether the user holds at least ``role`` over the organisation."""
    held = role_in(user, organisation)
    return held is not None and ROLE_RANK[held] >= ROLE_RANK[role]


def can_view(user: Any, obj: models.Model) -> bool:
    """Whether the user may see one record already in memory."""
    return role_in(user, owning_organisation(obj)) is not None


def can_change(user: Any, obj: models.Model) -> bool:
    """Whether the user may change a record: managers in its subtree, or its assigned officer."""
    organisation = owning_organisation(obj)
    if isinstance(obj, Organisation):
        # An organisation is changed by whoever manages its parent (or, for a root, itself).
        return has_role(user, obj.parent or obj, Role.MANAGER) and (
            obj.parent is not None or _sees_everything(user)
        )
    if has_role(user, organisation, Role.MANAGER):
        return True
    is_assigned = getattr(obj, "is_assigned_to", None)
    return bool(
        has_role(user, organisation, Role.OFFICER) and is_assigned is not None and is_assigned(user)
    )


def can_create_in(user: Any, organisation: Organisation | None) -> bool:
    """Whether the user may create records owned by this organisation."""
    return has_role(user, organisation, Role.MANAGER)


def can_administer(user: Any, organisation: Organisation | None) -> bool:
    """Whether the user may manage people (memberships, accounts) of this organisation."""
    return has_role(user, organisation, Role.ADMIN)


def is_administrator(user: Any) -> bool:
    """Whether the user administers anything at all (used to show the admin menu)."""
    return _sees_everything(user) or any(m.role == Role.ADMIN for m in memberships(user))
