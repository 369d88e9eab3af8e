"""Which webhooks hear a run's new alerts, and what each is sent: one card per alert, the
organisation's daily digest when there are many, or one list message.

The rule (see ``dispatch.alerts``): an alert is heard by the active webhooks of the
organisation owning its project's zone, and by those of any organisation above it with
``covers_below``; what none hears goes to the installation's fallback webhook.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.registry.models import Zone

from . import conf
from .choices import OPEN_STATUSES, AlertKind, Colour, DeliveryStatus
from .models import ColourStatus, Delivery, Problem, Webhook
from .robots import Item, Message, absolute, payload_for, post_webhook


class Found(Protocol):
    """A condition of the run (``alerts.Candidate``), as this module reads it."""

    kind: str
    zone_id: int
    project_id: int
    text: str
    url: str
    figures: list[tuple[str, str]]


def _kind_label(kind: str) -> str:
    return str(dict(AlertKind.choices).get(kind, kind))


def card(found: Found) -> Message:
    """One alert as a card: its kind, its figures, its text, opening its page."""
    url = absolute(found.url)
    return Message(
        title=_kind_label(found.kind),
        figures=list(found.figures),
        items=[Item(found.text, url)],
        url=url,
        is_card=True,
    )


def listing(found: Sequence[Found]) -> Message:
    """Many alerts in one message: counts by kind and one linked line each."""
    counts = Counter(f.kind for f in found)
    return Message(
        title=_("zonetrack: %(n)s new alerts") % {"n": len(found)},
        figures=[(_kind_label(kind), str(n)) for kind, n in sorted(counts.items())],
        items=[Item(f.text, absolute(f.url)) for f in found],
        url=absolute(reverse("dispatch:home")),
    )


def _scope(queryset: QuerySet[Any], webhook: Webhook) -> QuerySet[Any]:
    """The rows a webhook hears of: its organisation's own, or its whole subtree."""
    if webhook.covers_below:
        return access.within(queryset, webhook.organisation)
    return queryset.filter(zone__organisation=webhook.organisation_id)


def digest(webhook: Webhook, found: Sequence[Found], *, today: date) -> Message:
    """The organisation's digest of the day: red projects, overdue problems and reports owed —
    each a count and the first few with their links."""
    top = conf.digest_top()
    red = _scope(
        ColourStatus.objects.filter(
            milestone__isnull=True, colour=Colour.RED, project__archived_at__isnull=True
        ),
        webhook,
    )
    problems = _scope(
        Problem.objects.filter(
            archived_at__isnull=True, status__in=OPEN_STATUSES, deadline_on__lt=today
        ),
        webhook,
    )
    owed = [f for f in found if f.kind == AlertKind.REPORT_MISSING]
    red_count, problem_count = red.count(), problems.count()
    items = [
        Item(
            _("Red: %(project)s (%(days)s days late)") % {"project": name, "days": days},
            absolute(reverse("projects:project_detail", kwargs={"project_id": pk})),
        )
        for pk, name, days in red.order_by("-days_late", "project_id").values_list(
            "project_id", "project__name", "days_late"
        )[:top]
    ]
    items += [
        Item(
            _("Overdue since %(date)s: %(project)s — %(text)s")
            % {"date": deadline.isoformat(), "project": name, "text": text[:60]},
            absolute(reverse("dispatch:problem_detail", kwargs={"problem_id": pk})),
        )
        for pk, deadline, name, text in problems.order_by("deadline_on", "pk").values_list(
            "pk", "deadline_on", "project__name", "description"
        )[:top]
    ]
    items += [Item(f.text, absolute(f.url)) for f in owed[:top]]
    return Message(
        title=_("%(organisation)s: daily digest of %(date)s")
        % {"organisation": webhook.organisation.name, "date": today.isoformat()},
        figures=[
            (_("Red projects"), str(red_count)),
            (_("Overdue problems"), str(problem_count)),
            (_("Reports owed"), str(len(owed))),
        ],
        items=items,
        url=absolute(reverse("dispatch:home")),
    )


def _zone_owners(found: Sequence[Found]) -> dict[int, Organisation]:
    zones = Zone.objects.filter(pk__in={f.zone_id for f in found}).select_related("organisation")
    return {zone.pk: zone.organisation for zone in zones}


def hears(webhook: Webhook, owner: Organisation | None) -> bool:
    """Whether a webhook hears the alerts of a zone owned by ``owner``."""
    if owner is None:
        return False
    if webhook.organisation_id == owner.pk:
        return True
    return webhook.covers_below and access.is_within(owner, webhook.organisation)


def _send(message: Message, *, webhook: Webhook | None = None, **extra: Any) -> bool:
    if webhook is None:
        fmt, secret, url = conf.webhook_format(), conf.webhook_secret(), conf.webhook_url()
    else:
        fmt, secret, url = webhook.format, webhook.secret, webhook.url
    delivery = post_webhook(
        url, payload_for(fmt, message), fmt=fmt, secret=secret, webhook=webhook, **extra
    )
    return delivery.status == DeliveryStatus.SENT


def try_webhook(webhook: Webhook) -> Delivery:
    """Send a webhook a test card opening zonetrack's dispatch page; the delivery is
    recorded like any other."""
    url = absolute(reverse("dispatch:home"))
    message = Message(
        title=_("zonetrack test message"),
        figures=[(_("Organisation"), webhook.organisation.name), (_("Name"), webhook.name)],
        items=[Item(_("Alerts of this organisation will arrive here."), url)],
        url=url,
        is_card=True,
    )
    fmt = webhook.format
    return post_webhook(
        webhook.url, payload_for(fmt, message), fmt=fmt, secret=webhook.secret, webhook=webhook
    )


def announce(fresh: Sequence[Found], found: Sequence[Found], *, today: date) -> tuple[int, int]:
    """Send a run's new alerts (``fresh``; ``found`` is every condition of the run) to the
    webhooks that hear them; returns (messages sent, failures)."""
    webhooks = list(
        Webhook.objects.active()
        .filter(is_active=True, organisation__archived_at__isnull=True)
        .select_related("organisation")
    )
    owners = _zone_owners(found) if webhooks else {}
    digested = set(
        Delivery.objects.filter(
            webhook__in=webhooks, digest_on=today, status=DeliveryStatus.SENT
        ).values_list("webhook_id", flat=True)
    )
    outcomes: list[bool] = []
    heard: set[int] = set()
    threshold = conf.digest_threshold()
    for webhook in webhooks:
        mine = [f for f in fresh if hears(webhook, owners.get(f.zone_id))]
        heard.update(id(f) for f in mine)
        if not mine:
            continue
        if len(mine) <= threshold:
            outcomes += [_send(card(f), webhook=webhook) for f in mine]
        elif not webhook.sends_digest:
            outcomes.append(_send(listing(mine), webhook=webhook))
        elif webhook.pk not in digested:
            # Once a day: later runs' new alerts wait for tomorrow's digest (and are in the app).
            everything = [f for f in found if hears(webhook, owners.get(f.zone_id))]
            message = digest(webhook, everything, today=today)
            outcomes.append(_send(message, webhook=webhook, digest_on=today))
    rest = [f for f in fresh if id(f) not in heard]
    if rest and conf.webhook_url():
        outcomes.append(_send(listing(rest)))
    return sum(outcomes), len(outcomes) - sum(outcomes)


__all__ = ["announce", "card", "digest", "hears", "listing", "try_webhook"]
