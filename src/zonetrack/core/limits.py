"""Caps on the work one upload may cause: a refusal with a translatable reason, and a time budget.

Pure Python (no Django), so that the spreadsheet and article readers can both use it; a refusal
keeps its English template and values, and each caller shows it in the user's language.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

# The largest spreadsheet an import accepts: a 200,000-row ledger of 23 columns is about 26 MB.
MAX_SHEET_BYTES = 64 * 1024 * 1024


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogue; callers translate ``template``."""
    return message


class LimitExceeded(Exception):
    """Reading an input was refused because it would take more memory or time than any real
    file of its kind needs. ``str()`` is English; ``template % values`` after translation is the
    message in the user's language."""

    # Not a ValueError: parsers such as openpyxl turn ValueError into their own "invalid file"
    # error, which would hide the reason.

    def __init__(self, template: str, **values: Any) -> None:
        self.template = template
        self.values = values
        super().__init__(template % values if values else template)


class Budget:
    """A wall-clock allowance for one parse. Loops call ``check()``; once the allowance is spent
    it raises LimitExceeded. Only time spent inside ``run()`` or ``iterate()`` counts when they
    are used, so a consumer's own work between rows is not charged to the parse."""

    def __init__(self, seconds: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._spent = 0.0
        self._since: float | None = clock()

    def spent(self) -> float:
        """Seconds charged so far."""
        running = self._clock() - self._since if self._since is not None else 0.0
        return self._spent + running

    def check(self) -> None:
        """Refuse once the allowance is spent."""
        if self.spent() > self.seconds:
            raise LimitExceeded(
                gettext_noop(
                    "Reading this file took more than %(seconds)s seconds and was stopped. "
                    "Split it into smaller files and upload them one by one."
                ),
                seconds=f"{self.seconds:g}",
            )

    def pause(self) -> None:
        """Stop charging time (until ``resume()``)."""
        if self._since is not None:
            self._spent += self._clock() - self._since
            self._since = None

    def resume(self) -> None:
        """Charge time again."""
        if self._since is None:
            self._since = self._clock()

    def iterate(self, items: Iterable[T]) -> Iterator[T]:
        """Yield ``items``, charging only the time spent producing them and checking after each."""
        iterator = iter(items)
        self.pause()
        while True:
            self.resume()
            try:
                item = next(iterator)
            except StopIteration:
                self.pause()
                return
            except BaseException:
                self.pause()
                raise
            self.check()
            self.pause()
            yield item
