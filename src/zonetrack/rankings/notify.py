"""The in-app notice a publication raises, through one function the integrator can repoint.

rankings does not import dispatch (the apps are siblings), so the notification model is looked
up by name; when the notices move to their own app, ``notify_users`` alone changes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps

NOTICE_KIND = "ranking_published"


def notify_users(*, user_ids: Iterable[int], text: str, url: str) -> int:
    """Raise one in-app notice per user; how many were raised (0 without a notices app)."""
    if not apps.is_installed("zonetrack.dispatch"):
        return 0
    notification = apps.get_model("dispatch", "Notification")
    rows = [
        notification(user_id=user_id, kind=NOTICE_KIND, text=text[:300], url=url)
        for user_id in sorted(set(user_ids))
    ]
    notification.objects.bulk_create(rows, batch_size=500)
    return len(rows)
