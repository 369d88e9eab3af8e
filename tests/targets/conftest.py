"""The targets tests read messages in English, so that an assertion on a message means the
same whatever the Chinese catalogue says (the pages' Chinese is checked by
tests/test_translations.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation

from zonetrack.accounts.models import User

from ..conftest import client_for


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def english_client(user: User) -> Client:
    """A signed-in client whose pages are in English (the user's own language setting)."""
    User.objects.filter(pk=user.pk).update(language="en")
    user.refresh_from_db()
    return client_for(user)
