"""Who may do what with notices: manage an organisation's alert webhooks, see delivery
failures, look after a subscription. Asked of the one gate (``accounts.access``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role

if TYPE_CHECKING:
    from zonetrack.accounts.models import Organisation, User

    from .models import Subscription, Webhook


def can_see_deliveries(user: User | None) -> bool:
    """Delivery failures concern the whole installation: its superusers see them."""
    return access.is_superuser(user)


def can_manage_webhooks(user: User | None, organisation: Organisation) -> bool:
    """Add alert webhooks to an organisation: its managers (and those above them)."""
    return access.can_create_in(user, organisation)


def may_manage_webhooks(user: User | None) -> bool:
    """Whether the user manages some organisation, so has webhooks to look after."""
    return access.is_superuser(user) or any(
        access.has_role(user, m.organisation, Role.MANAGER) for m in access.memberships(user)
    )


def can_change_webhook(user: User | None, webhook: Webhook) -> bool:
    """Change, archive or restore a webhook: the managers of its organisation (or above).
    Officers and viewers neither change nor open one: its address is the robot's key."""
    return access.can_change(user, webhook)


def can_change_subscription(user: User | None, subscription: Subscription) -> bool:
    """See, change, switch off or archive a subscription: its subscriber, and superusers.
    A subscription is a person's own, not their organisation's: their managers do not see it."""
    if user is None:
        return True
    return access.is_superuser(user) or (
        getattr(user, "is_authenticated", False) and subscription.user_id == user.pk
    )
