"""Notices: alerts shared by every app — each condition announced once (by its key), in the
app, by e-mail and to chat webhooks (WeCom, DingTalk, generic JSON), with a daily digest —
and the pages of a user's notifications and of an organisation's alert webhooks.

Public API: ``notices.conditions.Condition`` (what an app hands over), ``notices.deliver``,
``notices.quietly`` / ``is_quiet`` (a backfill of past months tells nobody),
``notices.kinds.register_kind`` and, in an app's ``alerts`` module (imported at start-up),
``notices.delivery.register_source`` / ``register_step`` for the daily job and
``notices.digest.register_digest_section`` for the digest.

May import: core, sheets, audit and accounts. Imports no domain app; projects, dispatch,
targets, land and promotion import it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import TYPE_CHECKING

from .conditions import Condition

if TYPE_CHECKING:
    from .delivery import RunResult


def deliver(conditions: Sequence[Condition], *, day: date) -> RunResult:
    """Announce each new condition once (see ``notices.delivery.deliver``)."""
    from .delivery import deliver as _deliver

    return _deliver(conditions, day=day)


_quiet: ContextVar[bool] = ContextVar("notices_quiet", default=False)


@contextmanager
def quietly() -> Iterator[None]:
    """Write without telling anyone what happens inside: months long past entered at once
    (demo data, old ledgers taken over) are history, not news. The apps' notifiers ask
    ``is_quiet`` before they hand anything over."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def is_quiet() -> bool:
    return _quiet.get()


__all__ = ["Condition", "deliver", "is_quiet", "quietly"]
