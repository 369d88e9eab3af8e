"""Who may see and do what in rankings: one function per step, built only on the
``accounts.access`` helpers — plus the one explicit rule this app adds to the gate: a published
ranking is visible to the organisations it ranks.

Schemes and rankings are owned by the scheme's owner organisation: its subtree sees them (the
gate's rule). A published ranking is also seen, whole, by every organisation it ranks and those
above them; each of them opens its own item explanations, while other organisations' item
inputs stay with the owner's side (whoever sees the owner organisation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import Organisation

from .choices import RankingStatus

if TYPE_CHECKING:
    from .models import Ranking, Scheme


def rankings_visible(queryset: QuerySet[Ranking], user: Any) -> QuerySet[Ranking]:
    """The gate's rule, plus: a published ranking is visible to the organisations it ranks."""
    if access.is_superuser(user):
        return queryset
    own = access.visible(queryset, user).values("pk")
    seen = access.visible(Organisation.objects.all(), user).values("pk")
    ranked = queryset.filter(status=RankingStatus.PUBLISHED, entries__organisation__in=seen).values(
        "pk"
    )
    return queryset.filter(Q(pk__in=own) | Q(pk__in=ranked))


def can_manage_scheme(user: Any, owner: Organisation) -> bool:
    """Create and edit the schemes of an organisation, compute and publish their rankings: its
    managers (and those above)."""
    return access.has_role(user, owner, Role.MANAGER)


def can_change_scheme(user: Any, scheme: Scheme) -> bool:
    return can_manage_scheme(user, scheme.owner)


def can_publish_ranking(user: Any, ranking: Ranking) -> bool:
    return can_manage_scheme(user, ranking.scheme.owner)


def sees_all_inputs(user: Any, ranking: Ranking) -> bool:
    """Whether the user sees every organisation's item inputs: the owner's side."""
    return access.can_view(user, ranking.scheme.owner)


def can_see_inputs(user: Any, ranking: Ranking, organisation: Organisation) -> bool:
    """One organisation's item explanations: the owner's side, or whoever sees that
    organisation (a ranked zone its own)."""
    return sees_all_inputs(user, ranking) or access.can_view(user, organisation)


def inputs_seen(user: Any, ranking: Ranking, organisation_ids: list[int]) -> set[int] | None:
    """Of these ranked organisations, those whose item explanations the user sees
    (``can_see_inputs`` asked once for a whole table); None: every one (the owner's side)."""
    if sees_all_inputs(user, ranking):
        return None
    found = access.visible(Organisation.objects.filter(pk__in=organisation_ids), user)
    return set(found.values_list("pk", flat=True))


def can_score_panel(user: Any, scheme: Scheme) -> bool:
    """Enter panel scores and record events: officers and above of the scheme's owner."""
    return access.has_role(user, scheme.owner, Role.OFFICER)
