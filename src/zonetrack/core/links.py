"""Cross-app links: an app registers the links it offers on another app's page, so no
template names another app's URL (the dependency runs from the linking app to the page).

A page marks a slot, ``{% links "zone_actions" zone %}``; an app adds to it from its
``AppConfig.ready``: ``register_link("zone_actions", label=..., url_for=lambda zone: ...,
permission=lambda user, zone: ...)``. A link is shown when its permission allows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Link:
    """One link of a slot: its label, its address for the page's record, who sees it."""

    slot: str
    label: Any  # a (lazy) translated string
    url_for: Callable[[Any], str]
    permission: Callable[[Any, Any], bool] | None = None
    css: str = "btn"
    element_id: str = ""

    def allows(self, user: Any, obj: Any) -> bool:
        return self.permission is None or bool(self.permission(user, obj))


_SLOTS: dict[str, dict[str, Link]] = {}


def register_link(
    slot: str,
    label: Any,
    url_for: Callable[[Any], str],
    permission: Callable[[Any, Any], bool] | None = None,
    *,
    css: str = "btn",
    element_id: str = "",
    key: str = "",
) -> Link:
    """Offer a link in ``slot``; registering the same key again replaces it (ready() may run
    more than once in tests). The key defaults to the element id, else the label."""
    link = Link(slot, label, url_for, permission, css, element_id)
    _SLOTS.setdefault(slot, {})[key or element_id or str(label)] = link
    return link


def unregister_link(slot: str, key: str) -> None:
    """Take a link out of a slot (tests)."""
    _SLOTS.get(slot, {}).pop(key, None)


def links_for(slot: str, user: Any, obj: Any) -> list[tuple[Link, str]]:
    """The links of ``slot`` the user may follow for ``obj``, with their addresses, in the
    order they were registered."""
    return [
        (link, link.url_for(obj))
        for link in _SLOTS.get(slot, {}).values()
        if link.allows(user, obj)
    ]


# Panels: a block another app renders on a page (the articles' facts on a zone's page). The
# app registers a function that renders the block's HTML for the page's request and record.
PanelRender = Callable[[Any, Any], str]
_PANELS: dict[str, dict[str, PanelRender]] = {}


def register_panel(slot: str, key: str, render: PanelRender) -> None:
    """Offer a block in ``slot``: ``render(request, obj)`` returns its HTML ("" for none).
    Registering the same key again replaces it."""
    _PANELS.setdefault(slot, {})[key] = render


def unregister_panel(slot: str, key: str) -> None:
    """Take a block out of a slot (tests)."""
    _PANELS.get(slot, {}).pop(key, None)


def panels_for(slot: str, request: Any, obj: Any) -> list[str]:
    """The HTML of the blocks of ``slot`` for ``obj``, in the order they were registered."""
    return [html for render in _PANELS.get(slot, {}).values() if (html := render(request, obj))]


# Row decorators: what another app adds to the rows of a list (a project's colour on the
# project lists). The app registers a function that sets attributes on one page's rows, in a
# fixed number of queries whatever the rows.
RowsDecorator = Callable[[list[Any]], None]
_ROWS: dict[str, dict[str, RowsDecorator]] = {}


def register_rows(slot: str, key: str, decorate: RowsDecorator) -> None:
    """Offer ``decorate(rows)`` to the lists of ``slot``; the same key again replaces it."""
    _ROWS.setdefault(slot, {})[key] = decorate


def decorate_rows(slot: str, rows: list[Any]) -> None:
    """Let every app that decorates the rows of ``slot`` add what it shows beside them."""
    if rows:
        for decorate in _ROWS.get(slot, {}).values():
            decorate(rows)
