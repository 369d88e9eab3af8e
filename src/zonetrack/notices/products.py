"""What a subscription can deliver, registered by the app that makes it.

The notices app names no app above it: the dashboards register the monthly pack and the
cockpit extract here (in their ``subscriptions`` module, imported at start-up), each with
whose cockpit a user may subscribe to, how the file is made for a subscriber, and — for one
made by a background job — what the finished job offers. A product that nobody registered
cannot be subscribed to, and a due subscription of it fails with a message saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

if TYPE_CHECKING:
    from zonetrack.accounts.models import Organisation, User
    from zonetrack.core.models import Job


@dataclass(frozen=True)
class Attachment:
    """A file an e-mail carries."""

    name: str
    content: bytes
    mimetype: str


@dataclass(frozen=True)
class Link:
    """A page or download of zonetrack a delivery links to (a site path; made absolute when
    sent)."""

    text: str
    path: str


@dataclass
class Artefact:
    """What one delivery carries: a title, the period it covers, files for the e-mail and
    links (the only thing a webhook can carry)."""

    title: str
    period: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


@dataclass(frozen=True)
class ProductMaker:
    """How one product is made.

    ``organisations(user)``: the organisations whose product the user may receive (the
    subscriber's access, asked again before every delivery). ``make(user, organisation,
    day)``: the artefact at once, or the background job making it. ``collect(job,
    organisation)``: the artefact of a finished job (its download links).
    """

    organisations: Callable[[User], QuerySet[Organisation]]
    make: Callable[[User, Organisation, date], Artefact | Job]
    collect: Callable[[Job, Organisation], Artefact] | None = None


_PRODUCTS: dict[str, ProductMaker] = {}


def register_product(product: str, maker: ProductMaker) -> None:
    """Offer ``product`` (a ``notices.choices.Product`` value) to subscriptions."""
    _PRODUCTS[str(product)] = maker


def maker_of(product: str) -> ProductMaker | None:
    """The registered maker of ``product``, or None."""
    return _PRODUCTS.get(str(product))


def registered() -> list[str]:
    """The products that can be subscribed to."""
    return list(_PRODUCTS)


def may_receive(user: Any, organisation: Organisation, product: str) -> bool:
    """Whether ``user`` may receive ``product`` of ``organisation`` now: an active user who
    may open that organisation's cockpit (as its maker says)."""
    maker = maker_of(product)
    if maker is None or not getattr(user, "is_active", False):
        return False
    return maker.organisations(user).filter(pk=organisation.pk).exists()
