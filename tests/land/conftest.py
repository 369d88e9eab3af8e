"""The land tests read messages in English, on pages as in services, so that an assertion on a
message means the same whatever the Chinese catalogue says (the pages' Chinese is checked by
tests/test_translations.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr("zonetrack.accounts.middleware.language_for", lambda request: "en")
    with translation.override("en"):
        yield
