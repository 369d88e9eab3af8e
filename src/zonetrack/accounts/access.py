"""The access gate: the one visibility rule and the one permission rule of zonetrack.

A user sees the records owned by the organisations of their memberships and everything below
them in the tree. A viewer only reads; an officer changes records assigned to them; a manager
changes everything in the subtree and assigns people; an administrator also manages its users.
Every page, export and API route goes through these functions, and nothing else decides access.

A record is owned by the organisation its model's ownership path leads to (``org_path``, or the
first of ``org_paths``). A model may name more than one path (``org_paths``): a problem belongs
to its project's zone and is also seen by the unit it is handed to. Whoever sees the
organisation at the end of ANY path sees the record; changing it is decided by the owner (the
first path) alone. Paths follow forward foreign keys only, so a record is never listed twice.

404 or 403: a user who may not SEE a record gets 404 (``get_visible``), so its existence is not
revealed; one who may see it but may not DO the step gets 403 (``require(allowed)`` raises
PermissionDenied). Every page, form post and API route answers by this rule.

No other module filters on organisation paths: ``within(queryset, organisation)`` gives the rows
owned under a subtree, ``supervised_by(queryset, user, role)`` those strictly below where the user
holds a role, and ``people_visible(user)`` the people a user can see.

The actor ``None`` is zonetrack itself (set-up code and administrators' command-line tools): it
may do everything. Views and API routes always pass the request's user, never None.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest

from .choices import ROLE_RANK, Role
from .models import PATH_STEP, Membership, Organisation, User

M = TypeVar("M", bound=models.Model)
# A queryset keeps its own class (and its custom methods) through the gate.
QS = TypeVar("QS", bound=models.QuerySet[Any])

_CACHE_ATTR = "_zonetrack_memberships"
_IDS_ATTR = "_zonetrack_visible_ids"
# A chain's first link (a project's zone) is given to the database as the list of its visible
# ids when there are at most this many (every zone of the nation fits), else as a subquery.
VISIBLE_IDS_AT_MOST = 3000


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
    for attr in (_CACHE_ATTR, _IDS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


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


def org_paths_of(model: type[models.Model]) -> tuple[str, ...]:
    """Every lookup from a model to an Organisation that owns or shares it; the first is the
    owner ('' for Organisation itself)."""
    paths = getattr(model, "org_paths", None)
    if paths:
        return tuple(paths)
    return (getattr(model, "org_path", "organisation"),)


def org_path_of(model: type[models.Model]) -> str:
    """The lookup from a model to its owning Organisation ('' for Organisation itself)."""
    return org_paths_of(model)[0]


def _under(lookup: str, roots: Iterable[str]) -> Q:
    """Rows whose organisation at ``lookup`` lies in one of the subtrees."""
    field = f"{lookup}__path__startswith" if lookup else "path__startswith"
    return reduce(or_, (Q(**{field: root}) for root in roots))


def visible(queryset: QS, user: Any, *, ordered_scan: bool = False) -> QS:
    """Restrict a queryset to what the user may see.

    ``ordered_scan`` states the same rule as a join along the ownership paths, for one page of
    a large visible set in a sorted order: the database can then walk the sort's index and
    stop after a page, instead of collecting every visible row to sort it. Counts and totals
    are cheaper with the default form. Both forms return the same rows.
    """
    if _sees_everything(user):
        return queryset
    roots = _roots(user)
    if not roots:
        return queryset.none()
    if ordered_scan:
        paths = org_paths_of(queryset.model)
        return queryset.filter(reduce(or_, (_under(path, roots) for path in paths)))
    return queryset.filter(_visible_q(queryset.model, roots, _ids_cache(user)))


def _ids_cache(user: Any) -> dict[tuple[str, tuple[str, ...]], list[int] | None]:
    """The visible ids of first links resolved for this user object (a request's), by model
    and subtrees; dropped with the memberships."""
    cache = getattr(user, _IDS_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, _IDS_ATTR, cache)
    return cache


def _visible_q(model: type[models.Model], roots: list[str], cache: dict[Any, Any]) -> Q:
    """The filter of one model's rows under the given subtrees, along any of its paths.

    A record owned through a chain (project → zone → organisation) is matched by its first
    link's ids. When that link's model is owned by an organisation directly (zones), its visible
    ids are read first, once per user object, and given as a list: the database then knows
    exactly which zones it filters on, and a list joining many tables is planned from them
    rather than joining the zones' subquery last. Otherwise they are a subquery of that model's
    own visible rows, computed once instead of joining every record to its organisation.
    """
    return reduce(or_, (_path_q(model, path, roots, cache) for path in org_paths_of(model)))


def _path_q(model: type[models.Model], path: str, roots: list[str], cache: dict[Any, Any]) -> Q:
    if not path:
        return _under("", roots)
    first, _, rest = path.partition("__")
    if not rest:
        if path == org_paths_of(model)[0]:
            return _under(first, roots)
        # A further path straight to an organisation (a problem's responsible unit): the
        # organisations in view are a small set found once, where a join along the path would
        # test every row's organisation and slow the owner's own filter beside it.
        units = Organisation._base_manager.filter(_under("", roots)).values("pk")
        return Q(**{f"{first}__in": units})
    related = model._meta.get_field(first).related_model
    if related is None or org_paths_of(related) != (rest,):
        # The first link's model reaches its owners another way: join along the path instead.
        return _under(path, roots)
    inner = related._base_manager.filter(_visible_q(related, roots, cache)).values("pk")
    if "__" not in rest:
        ids = _first_link_ids(related, inner, roots, cache)
        if ids is not None:
            return Q(**{f"{first}__in": ids})
    return Q(**{f"{first}__in": inner})


def _first_link_ids(
    related: type[models.Model],
    inner: models.QuerySet[Any],
    roots: list[str],
    cache: dict[Any, Any],
) -> list[int] | None:
    """The visible ids of a chain's first link (one short query, then cached), or None when
    there are more than VISIBLE_IDS_AT_MOST."""
    key = (related._meta.label, tuple(roots))
    if key not in cache:
        ids = list(inner.order_by("pk").values_list("pk", flat=True)[: VISIBLE_IDS_AT_MOST + 1])
        cache[key] = ids if len(ids) <= VISIBLE_IDS_AT_MOST else None
    return cache[key]


def request_user(request: HttpRequest) -> User:
    """The signed-in user a page or route acts for — the actor it hands to services.

    Pages and routes require a signed-in user before they run; an anonymous request reaching
    a step anyway is refused (403) rather than passed on, since to the services ``None``
    would mean zonetrack itself, which may do everything.
    """
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


def is_within(organisation: Organisation, ancestor: Organisation) -> bool:
    """Whether ``organisation`` is ``ancestor`` or lies below it in the tree."""
    return organisation.path.startswith(ancestor.path)


def related_in_tree(first: Organisation, second: Organisation) -> bool:
    """Whether one of two organisations lies within the other (same branch of the tree)."""
    return is_within(first, second) or is_within(second, first)


def _path_ids(path: str) -> list[int]:
    """The primary keys along a materialised path, topmost first."""
    step = PATH_STEP + 1
    return [int(path[i : i + PATH_STEP]) for i in range(0, len(path), step) if path[i:]]


def ancestor_ids(organisation: Organisation) -> list[int]:
    """The organisations strictly above this one, topmost first (read from its path)."""
    return _path_ids(organisation.path)[:-1]


def owning_any(organisations: QS, rows: models.QuerySet[Any]) -> QS:
    """The organisations that own one of ``rows`` (by their first owner path) themselves or
    below them: one EXISTS along the path index per organisation considered, so a lookup of
    one organisation (or the first in tree order) costs one short probe."""
    owner = org_path_of(rows.model)
    below = rows.filter(**{f"{owner}__path__startswith": models.OuterRef("path")})
    return organisations.filter(models.Exists(below))


def branches(
    organisation: Organisation, organisation_ids: Iterable[int]
) -> dict[int, Organisation]:
    """For each of these organisations lying within ``organisation``: the child of
    ``organisation`` it lies under, or ``organisation`` itself for its own id (two queries).
    Those outside are left out."""
    root = organisation.path
    depth = len(root) + PATH_STEP + 1
    owners = dict(
        Organisation._base_manager.filter(pk__in=list(set(organisation_ids)))
        .filter(path__startswith=root)
        .values_list("pk", "path")
    )
    child_paths = {path[:depth] for path in owners.values() if path != root}
    children = {o.path: o for o in Organisation._base_manager.filter(path__in=child_paths)}
    return {
        pk: (organisation if path == root else children[path[:depth]])
        for pk, path in owners.items()
        if path == root or path[:depth] in children
    }


def in_tree_order(organisations: Iterable[Organisation]) -> list[Organisation]:
    """Organisations in the order of the tree (a parent before its children, siblings in the
    order they were added), as ``tree_order`` sorts rows."""
    return sorted(organisations, key=lambda o: o.path)


def tree_order(model: type[models.Model]) -> str:
    """The ordering of a model's rows by the tree of their owning organisations (a parent
    before its children), for ``order_by``."""
    owner = org_path_of(model)
    return f"{owner}__path" if owner else "path"


def within(queryset: QS, organisation: Organisation | str, *, strict: bool = False) -> QS:
    """The rows owned (first path) by the organisation or anything below it; ``strict`` leaves
    out those owned by the organisation itself. Not a visibility rule: combine with ``visible``.
    ``organisation`` may be a path (a subtree being moved, whose stored path is the old one)."""
    path = organisation if isinstance(organisation, str) else organisation.path
    owner = org_path_of(queryset.model)
    rows = queryset.filter(_under(owner, [path]))
    if strict:
        rows = rows.exclude(**{f"{owner}__path" if owner else "path": path})
    return rows


def supervised_by(queryset: QS, user: Any, role: Role = Role.MANAGER) -> QS:
    """The rows owned strictly below an organisation where the user holds at least ``role``:
    what the supervising level (not the owner itself) acts on. The queryset form of
    ``holds_role_above``."""
    if _sees_everything(user):
        return queryset
    paths = sorted(
        {
            m.organisation.path
            for m in memberships(user)
            if ROLE_RANK[Role(m.role)] >= ROLE_RANK[role]
        }
    )
    if not paths:
        return queryset.none()
    owner = org_path_of(queryset.model)
    exact = f"{owner}__path" if owner else "path"
    return queryset.filter(
        reduce(or_, (_under(owner, [path]) & ~Q(**{exact: path}) for path in paths))
    )


def people_visible(user: Any, *, roles: Iterable[Role] | None = None) -> models.QuerySet[User]:
    """The people this user can see: members of an organisation the user sees (with one of
    ``roles`` there, when given). Inactive people are included; filter them where it matters."""
    organisations = visible(Organisation.objects.all(), user)
    links = Membership.objects.filter(organisation__in=organisations)
    if roles is not None:
        links = links.filter(role__in=list(roles))
    return User.objects.filter(pk__in=links.values("user"))


def get_visible(queryset: models.QuerySet[M], user: Any, **lookup: Any) -> M:
    """One record the user may see, else 404 — never 403, so existence is not revealed."""
    try:
        return visible(queryset, user).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def _follow(obj: models.Model, path: str) -> Organisation | None:
    current: Any = obj
    for part in path.split("__"):
        current = getattr(current, part, None)
        if current is None:
            return None
    return current


def owning_organisation(obj: models.Model) -> Organisation | None:
    """Follow a record's ownership path (the first of ``org_paths``) to its owner."""
    if isinstance(obj, Organisation):
        return obj
    return _follow(obj, org_path_of(type(obj)))


def organisations_of(obj: models.Model) -> list[Organisation]:
    """Every organisation a record's paths lead to, the owner first (empty ends left out)."""
    if isinstance(obj, Organisation):
        return [obj]
    found = (_follow(obj, path) for path in org_paths_of(type(obj)))
    return [organisation for organisation in found if organisation is not None]


def role_in(user: Any, target: Organisation | models.Model | None) -> Role | None:
    """The strongest role the user holds over an organisation (through it or an ancestor), or
    over a record (through any of its ownership paths)."""
    if _sees_everything(user):
        return Role.ADMIN
    if target is None:
        return None
    organisations = organisations_of(target)
    best: Role | None = None
    for membership in memberships(user):
        for organisation in organisations:
            if organisation.path.startswith(membership.organisation.path):
                role = Role(membership.role)
                if best is None or ROLE_RANK[role] > ROLE_RANK[best]:
                    best = role
    return best


def has_role(user: Any, organisation: Organisation | None, role: Role) -> bool:
    """Whether the user holds at least ``role`` over the organisation."""
    held = role_in(user, organisation)
    return held is not None and ROLE_RANK[held] >= ROLE_RANK[role]


def holds_role_above(user: Any, organisation: Organisation | None, role: Role) -> bool:
    """Whether the user holds at least ``role`` in an organisation STRICTLY above this one (the
    supervising level: verification belongs there, never to the owner itself)."""
    if _sees_everything(user):
        return True
    if organisation is None:
        return False
    return any(
        organisation.path.startswith(m.organisation.path)
        and organisation.path != m.organisation.path
        and ROLE_RANK[Role(m.role)] >= ROLE_RANK[role]
        for m in memberships(user)
    )


def can_view(user: Any, obj: models.Model) -> bool:
    """Whether the user may see one record already in memory (along any of its paths)."""
    return role_in(user, obj) is not None


def require(allowed: bool) -> None:
    """Refuse a step the user may not take on a record they can see: 403 (PermissionDenied)."""
    if not allowed:
        raise PermissionDenied


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


def can_administer_person(user: Any, person: User) -> bool:
    """Whether the user administers every organisation the person belongs to: an account is
    one person's everywhere, so only someone over all of their places may lock, unlock or take
    it in. Read from the memberships directly: a deactivated person's memberships still count
    here. Only a superuser acts on a superuser."""
    if _sees_everything(user):
        return True
    if person.is_superuser:
        return False
    places = list(Membership.objects.filter(user=person).select_related("organisation"))
    return bool(places) and all(can_administer(user, m.organisation) for m in places)


def is_administrator(user: Any) -> bool:
    """Whether the user administers anything at all (used to show the admin menu)."""
    return _sees_everything(user) or any(m.role == Role.ADMIN for m in memberships(user))
