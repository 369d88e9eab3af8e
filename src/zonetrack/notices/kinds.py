"""The kinds of alert, open to every app: each app registers its own (a short code stored
with the alert and a label shown to people), so no app lists another's kinds."""

from __future__ import annotations

from typing import Any

_KINDS: dict[str, Any] = {}


def register_kind(code: str, label: Any) -> None:
    """Name a kind of alert (``label`` may be a lazy translation). Codes are stored, so a code
    once used keeps its meaning; registering the same code twice with another label is a bug."""
    if len(code) > 30:
        raise ValueError(f"alert kind code too long (30 at most): {code!r}")
    known = _KINDS.get(code)
    if known is not None and str(known) != str(label):
        raise ValueError(f"alert kind {code!r} is already registered as {known!r}")
    _KINDS[code] = label


def register_kinds(choices: Any) -> None:
    """Register every member of a ``TextChoices`` class as a kind."""
    for code, label in choices.choices:
        register_kind(code, label)


def kind_label(code: str) -> str:
    """The label of a kind; an unknown code (an app no longer installed) reads as itself."""
    return str(_KINDS.get(code, code))


def kinds() -> dict[str, str]:
    """Every registered kind, code to label."""
    return {code: str(label) for code, label in _KINDS.items()}
