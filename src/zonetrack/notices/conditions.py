"""What an app hands to the notices app: one condition to announce (``Condition``).

Each app finds its own conditions (dispatch: late milestones, missing reports, overdue
problems; targets: late reporters, overdue key tasks) and builds these records; the notices
app stores each once by its key and delivers it in the app, by e-mail and to webhooks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Condition:
    """One condition to announce.

    ``key`` says what and which date (a second run finding the same condition sends nothing);
    ``kind`` is a code its app registered (``notices.kinds``); ``organisation_id`` is the
    organisation the condition concerns — its webhooks, and those above it covering what lies
    below, hear it; ``recipients`` are the user ids told in the app and by e-mail; ``title``
    is the one line shown in lists and messages, ``body`` more text for the e-mail, ``link``
    the page (a path) it opens, ``deadline`` the date that was missed, ``figures`` the key
    figures (label, value) a chat card shows.
    """

    key: str
    kind: str
    organisation_id: int | None
    title: str
    link: str = ""
    recipients: set[int] = field(default_factory=set)
    body: str = ""
    deadline: date | None = None
    figures: list[tuple[str, str]] = field(default_factory=list)

    # The names the delivery code reads (an alert's one-line text and its page).
    @property
    def text(self) -> str:
        return self.title

    @property
    def url(self) -> str:
        return self.link
