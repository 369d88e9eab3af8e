"""Monthly counts over records that hang off projects but live in the apps above them (a
problem closed by its deadline lives in dispatch), offered by name so that a sibling app
(targets) counts them without importing the app that keeps the records.

The app that keeps the records registers a ``Counter`` in its ``AppConfig.ready`` and announces
the zones whose counts it changed with ``services.announce_changed``, as project writes do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

# (project id, month, amount, base): one record's part of a month's share.
Part = tuple[int, date, Decimal, Decimal]


@dataclass(frozen=True)
class CountedRecord:
    """One record behind a counted figure, as the drill-down lists it."""

    on: date  # the date that places it in its month
    project: Any  # the project it hangs off (with its zone loaded)
    text: str
    counted: bool  # counted in the share's numerator (e.g. closed by its deadline)
    url: str


@dataclass(frozen=True)
class Counter:
    """``parts(project_ids, today)``: each record's part, by the month it belongs to;
    ``records(user, organisation, since, before)``: the records behind the figure of an
    organisation between two dates, as the user may see them."""

    parts: Callable[[Sequence[int], date], Iterable[Part]]
    records: Callable[[Any, Any, date, date], list[CountedRecord]]


_counters: dict[str, Counter] = {}


def register(kind: str, counter: Counter) -> None:
    """Offer ``counter`` under ``kind`` (one per kind; registering again replaces it)."""
    _counters[kind] = counter


def counter(kind: str) -> Counter | None:
    """The counter offered under ``kind``, or None when no installed app offers it."""
    return _counters.get(kind)
