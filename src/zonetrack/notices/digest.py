"""Which webhooks hear a run's new alerts, and what each is sent: one card per alert, the
organisation's daily digest when there are many, or one list message.

The rule: an alert is heard by the active webhooks of the organisation it concerns, and by
those of any organisation above it with ``covers_below``; what none hears goes to the
installation's fallback webhook. The digest's content is each app's: an app registers a
section (``register_digest_section``) — dispatch its red projects, overdue problems and
reports owed — and the digest puts the sections together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation

from . import conf
from .choices import DeliveryStatus
from .conditions import Condition
from .kinds import kind_label
from .models import Delivery, Webhook
from .robots import Item, Message, absolute, payload_for, post_webhook


@dataclass
class DigestSection:
    """An app's part of a digest: its key figures (label, value) and its first items."""

    figures: list[tuple[str, str]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


# section(webhook, found, today=..., top=...) -> DigestSection, in the order registered.
DigestBuilder = Callable[..., DigestSection]
_SECTIONS: dict[str, DigestBuilder] = {}
# The kinds of alert some section already tells of; the others are counted and listed plainly.
_COVERED: set[str] = set()


def register_digest_section(name: str, build: DigestBuilder, *, kinds: Iterable[str] = ()) -> None:
    """Add an app's section to every webhook's daily digest. ``build(webhook, found, *,
    today, top)`` gets the conditions of the run the webhook hears and names at most ``top``
    items of each list, each with its absolute link. ``kinds`` are the alert kinds the section
    tells of; an app without a section still has its alerts in the digest, by kind."""
    _SECTIONS[name] = build
    _COVERED.update(str(kind) for kind in kinds)


def _plain_section(found: Sequence[Condition], top: int) -> DigestSection:
    """The alerts of the kinds no section tells of: a count of each, and its first few."""
    by_kind: dict[str, list[Condition]] = {}
    for f in found:
        if f.kind not in _COVERED:
            by_kind.setdefault(f.kind, []).append(f)
    section = DigestSection()
    for kind, rows in sorted(by_kind.items()):
        section.figures.append((kind_label(kind), str(len(rows))))
        section.items += [Item(f.title, absolute(f.link)) for f in rows[:top]]
    return section


def overview_url() -> str:
    """The page a message about many alerts opens: the user's notifications."""
    return absolute(reverse("notices:notification_list"))


def card(found: Condition) -> Message:
    """One alert as a card: its kind, its figures, its text, opening its page."""
    url = absolute(found.link)
    return Message(
        title=kind_label(found.kind),
        figures=list(found.figures),
        items=[Item(found.title, url)],
        url=url,
        is_card=True,
    )


def listing(found: Sequence[Condition]) -> Message:
    """Many alerts in one message: counts by kind and one linked line each."""
    counts = Counter(f.kind for f in found)
    return Message(
        title=_("zonetrack: %(n)s new alerts") % {"n": len(found)},
        figures=[(kind_label(kind), str(n)) for kind, n in sorted(counts.items())],
        items=[Item(f.title, absolute(f.link)) for f in found],
        url=overview_url(),
    )


def digest(webhook: Webhook, found: Sequence[Condition], *, today: date) -> Message:
    """The organisation's digest of the day: each app's section — counts and the first few
    items with their links."""
    top = conf.digest_top()
    figures: list[tuple[str, str]] = []
    items: list[Item] = []
    sections = [build(webhook, found, today=today, top=top) for build in _SECTIONS.values()]
    for section in [*sections, _plain_section(found, top)]:
        figures += section.figures
        items += section.items
    return Message(
        title=_("%(organisation)s: daily digest of %(date)s")
        % {"organisation": webhook.organisation.name, "date": today.isoformat()},
        figures=figures,
        items=items,
        url=overview_url(),
    )


def _owners(found: Sequence[Condition]) -> dict[int, Organisation]:
    ids = {f.organisation_id for f in found if f.organisation_id}
    return {org.pk: org for org in Organisation.objects.filter(pk__in=ids)}


def hears(webhook: Webhook, owner: Organisation | None) -> bool:
    """Whether a webhook hears the alerts concerning ``owner``."""
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
    """Send a webhook a test card opening zonetrack's notifications page; the delivery is
    recorded like any other."""
    url = overview_url()
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


def announce(
    fresh: Sequence[Condition], found: Sequence[Condition], *, today: date
) -> tuple[int, int]:
    """Send a run's new alerts (``fresh``; ``found`` is every condition of the run) to the
    webhooks that hear them; returns (messages sent, failures)."""
    webhooks = list(
        Webhook.objects.active()
        .filter(is_active=True, organisation__archived_at__isnull=True)
        .select_related("organisation")
    )
    owners = _owners(found) if webhooks else {}
    digested = set(
        Delivery.objects.filter(
            webhook__in=webhooks, digest_on=today, status=DeliveryStatus.SENT
        ).values_list("webhook_id", flat=True)
    )
    outcomes: list[bool] = []
    heard: set[int] = set()
    threshold = conf.digest_threshold()
    for webhook in webhooks:
        mine = [f for f in fresh if hears(webhook, owners.get(f.organisation_id or 0))]
        heard.update(id(f) for f in mine)
        if not mine:
            continue
        if len(mine) <= threshold:
            outcomes += [_send(card(f), webhook=webhook) for f in mine]
        elif not webhook.sends_digest:
            outcomes.append(_send(listing(mine), webhook=webhook))
        elif webhook.pk not in digested:
            # Once a day: later runs' new alerts wait for tomorrow's digest (and are in the app).
            everything = [f for f in found if hears(webhook, owners.get(f.organisation_id or 0))]
            message = digest(webhook, everything, today=today)
            outcomes.append(_send(message, webhook=webhook, digest_on=today))
    rest = [f for f in fresh if id(f) not in heard]
    if rest and conf.webhook_url():
        outcomes.append(_send(listing(rest)))
    return sum(outcomes), len(outcomes) - sum(outcomes)


__all__ = [
    "DigestSection",
    "announce",
    "card",
    "digest",
    "hears",
    "listing",
    "register_digest_section",
    "try_webhook",
]
