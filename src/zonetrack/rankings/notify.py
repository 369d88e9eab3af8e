"""The notice a publication raises: one condition per ranked organisation, delivered once by
the notices app (in the app, by e-mail and to the organisation's webhooks)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonetrack.notices import Condition, deliver
from zonetrack.notices.kinds import register_kind

NOTICE_KIND = "ranking_published"
register_kind(NOTICE_KIND, _("Ranking published"))


def notify_ranked(*, ranking_id: int, recipients: dict[int, set[int]], text: str, url: str) -> int:
    """Tell the people of each ranked organisation (``recipients``: organisation id → user
    ids) that the ranking is published; how many conditions were new."""
    conditions: Iterable[Condition] = [
        Condition(
            key=f"{NOTICE_KIND}:{ranking_id}:{organisation_id}",
            kind=NOTICE_KIND,
            organisation_id=organisation_id,
            title=text[:300],
            link=url,
            recipients=users,
        )
        for organisation_id, users in sorted(recipients.items())
    ]
    result = deliver(list(conditions), day=timezone.localdate())
    return result.alerts
