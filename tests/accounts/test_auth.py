"""Signing in and out, lockout, session limits, passwords and the interface language."""

from __future__ import annotations

import time

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from zonetrack.accounts.services import user_create, user_set_active

from ..conftest import PASSWORD, World, client_for

LOGIN = reverse("accounts:login")


def login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_starts_a_new_session_and_lands_on_home(world: World) -> None:
    client = Client()
    client.get(LOGIN)
    client.cookies["sessionid"] = "attacker-chosen-session-key"
    response = login(client, "am", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:home")
    assert client.cookies["sessionid"].value != "attacker-chosen-session-key"
    assert client.get(reverse("dashboards:home")).status_code == 200


def test_wrong_password_and_unknown_user_get_the_same_message(world: World) -> None:
    wrong = login(Client(), "am", "not the password at all")
    unknown = login(Client(), "nosuchuser", "not the password at all")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_five_failures_lock_the_user_even_with_the_right_password(world: World) -> None:
    for _ in range(5):
        login(Client(), "am", "wrong password number")
    response = login(Client(), "am", PASSWORD)
    assert response.status_code == 403
    assert "lockout" in response.context
    assert "_auth_user_id" not in response.wsgi_request.session
    # Administrators see the lock (django-axes' attempts, shown in the admin site).
    attempt = AccessAttempt.objects.get(username="am")
    assert attempt.failures_since_start >= 5
    # Another user is not affected.
    assert login(Client(), "bm", PASSWORD).status_code == 302


def test_a_success_resets_the_failure_count(world: World) -> None:
    for _ in range(4):
        login(Client(), "am", "wrong password number")
    assert login(Client(), "am", PASSWORD).status_code == 302
    for _ in range(4):
        login(Client(), "am", "wrong password number")
    assert login(Client(), "am", PASSWORD).status_code == 302


def _age_session(client: Client, key: str, seconds: float) -> None:
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def test_idle_session_ends(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    login(client, "am", PASSWORD)
    home = reverse("dashboards:home")
    assert client.get(home).status_code == 200
    _age_session(client, "zonetrack_seen_at", settings.SESSION_IDLE_TIMEOUT.total_seconds() + 5)
    response = client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_session_ends_after_absolute_lifetime_even_when_active(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    login(client, "am", PASSWORD)
    home = reverse("dashboards:home")
    client.get(home)
    lifetime = settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()
    _age_session(client, "zonetrack_started_at", lifetime + 5)
    session = client.session
    session["zonetrack_seen_at"] = time.time()
    session.save()
    assert client.get(home).status_code == 302


def test_deactivating_a_user_ends_their_sessions(world: World) -> None:
    client = Client()
    login(client, "ao", PASSWORD)
    home = reverse("dashboards:home")
    assert client.get(home).status_code == 200
    user_set_active(actor=world.city_admin, user=world.a_officer, is_active=False)
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(world.a_officer.pk)
        for s in Session.objects.all()
    )
    assert client.get(home).status_code == 302


def test_only_administrators_of_the_subtree_deactivate_users(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        user_set_active(actor=world.city_manager, user=world.a_officer, is_active=False)
    with pytest.raises(PermissionDenied):
        user_set_active(actor=world.b_manager, user=world.a_officer, is_active=False)


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("short pass", False),  # under 12 characters
        ("password1234", False),  # on the common-password list
        ("correcthorsebatterystaple", True),  # no composition rules
        ("长城内外大河上下顿失滔滔山舞银蛇", True),
        ("x" * 20 + "long passphrase with spaces " * 4, True),  # 64+ characters
    ],
)
def test_password_rules(db: None, password: str, ok: bool) -> None:
    if ok:
        assert user_create(actor=None, username="p", password=password).check_password(password)
    else:
        with pytest.raises(ValidationError) as caught:
            user_create(actor=None, username="p", password=password)
        assert "password" in caught.value.message_dict


def test_password_change_page(world: World) -> None:
    client = client_for(world.a_manager)
    url = reverse("accounts:password_change")
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    new = "a much longer passphrase 2026"
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    world.a_manager.refresh_from_db()
    assert world.a_manager.check_password(new)


def test_pages_are_chinese_by_default_and_english_on_request(world: World) -> None:
    client = client_for(world.a_manager)
    home = reverse("dashboards:home")
    response = client.get(home, headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response["Content-Language"] == "zh-hans"
    assert 'lang="zh-hans"' in response.content.decode()
    client.post(reverse("accounts:language"), {"language": "en", "next": home})
    world.a_manager.refresh_from_db()
    assert world.a_manager.language == "en"
    assert client.get(home)["Content-Language"] == "en"
    # The choice belongs to the user: it follows them to a new browser.
    assert client_for(world.a_manager).get(home)["Content-Language"] == "en"


def test_language_switch_refuses_foreign_redirects(world: World) -> None:
    response = client_for(world.a_manager).post(
        reverse("accounts:language"), {"language": "en", "next": "https://example.org/"}
    )
    assert response["Location"] == reverse("dashboards:home")
