"""Domain errors raised by services and translated by views and the API."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _


class StaleVersion(Exception):
    """A save was based on a version of the record that someone else has since changed."""

    def __init__(self, *, current_version: int, changed_by: str, changed_at: datetime | None):
        self.current_version = current_version
        self.changed_by = changed_by
        self.changed_at = changed_at
        super().__init__(self.message)

    @property
    def message(self) -> str:
        # In the configured time zone: the time people saw on their clocks, not UTC.
        when = f"{timezone.localtime(self.changed_at):%Y-%m-%d %H:%M}" if self.changed_at else "?"
        return _(
            "This record was changed by %(who)s at %(when)s. Reload it and apply your change again."
        ) % {"who": self.changed_by or "?", "when": when}
