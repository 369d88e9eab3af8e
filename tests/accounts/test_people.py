"""Administrators manage the people of their subtree: add, change role, deactivate, unlock."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from zonetrack.accounts.models import Membership, User

from ..conftest import PASSWORD, World, client_for


def signs_in(username: str, password: str) -> bool:
    response = Client().post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    return response.status_code == 302


def test_admin_adds_a_new_person_with_a_role(world: World) -> None:
    client = client_for(world.city_admin)
    url = reverse("accounts:member_add", kwargs={"organisation_id": world.org_a.pk})
    response = client.post(
        url,
        {
            "username": "newbie",
            "display_name": "新同事",
            "password": "a sufficiently long password",
            "role": "officer",
            "title": "项目专员",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="newbie")
    assert (membership.organisation, membership.role) == (world.org_a, "officer")
    assert signs_in("newbie", "a sufficiently long password")


def test_new_person_without_password_is_a_field_error(world: World) -> None:
    client = client_for(world.city_admin)
    url = reverse("accounts:member_add", kwargs={"organisation_id": world.org_a.pk})
    response = client.post(url, {"username": "nopass", "role": "viewer"})
    assert response.status_code == 400
    assert "password" in response.context["member_form"].errors
    assert not User.objects.filter(username="nopass").exists()


def test_managers_are_not_administrators(world: World) -> None:
    client = client_for(world.city_manager)
    url = reverse("accounts:member_add", kwargs={"organisation_id": world.org_a.pk})
    assert (
        client.post(url, {"username": "x", "role": "admin", "password": PASSWORD}).status_code
        == 403
    )
    state = reverse("accounts:user_state", kwargs={"user_id": world.a_officer.pk})
    assert client.post(state, {"action": "deactivate"}).status_code == 403
    world.a_officer.refresh_from_db()
    assert world.a_officer.is_active


def test_admin_sees_a_locked_user_and_unlocks_them(world: World) -> None:
    for _ in range(5):
        Client().post(reverse("accounts:login"), {"username": "ao", "password": "wrong password!"})
    assert AccessAttempt.objects.filter(username="ao").exists()
    client = client_for(world.city_admin)
    page = client.get(
        reverse("accounts:organisation_detail", kwargs={"organisation_id": world.org_a.pk})
    )
    assert 'data-locked="ao"' in page.content.decode()
    state = reverse("accounts:user_state", kwargs={"user_id": world.a_officer.pk})
    assert client.post(state, {"action": "unlock"}).status_code == 302
    response = Client().post(reverse("accounts:login"), {"username": "ao", "password": PASSWORD})
    assert response.status_code == 302


def test_admin_deactivates_and_reactivates(world: World) -> None:
    client = client_for(world.city_admin)
    state = reverse("accounts:user_state", kwargs={"user_id": world.a_officer.pk})
    client.post(state, {"action": "deactivate"})
    world.a_officer.refresh_from_db()
    assert not world.a_officer.is_active
    assert not signs_in("ao", PASSWORD)
    client.post(state, {"action": "activate"})
    world.a_officer.refresh_from_db()
    assert world.a_officer.is_active


def test_home_and_profile_list_my_memberships(world: World) -> None:
    client = client_for(world.a_manager)
    for url in (reverse("dashboards:home"), reverse("accounts:profile")):
        page = client.get(url).content.decode()
        assert 'id="membership-table"' in page
        assert "甲区管委会" in page


def test_an_admin_cannot_take_in_or_lock_someone_elses_account(world: World) -> None:
    from zonetrack.accounts.choices import Role
    from zonetrack.accounts.services import membership_set, user_create

    zone_admin = user_create(actor=None, username="aa", password=PASSWORD)
    membership_set(actor=None, user=zone_admin, organisation=world.org_a, role=Role.ADMIN)
    client = client_for(zone_admin)
    url = reverse("accounts:member_add", kwargs={"organisation_id": world.org_a.pk})
    for other in (world.b_manager, world.city_admin, world.superuser):
        response = client.post(url, {"username": other.username, "role": "viewer"})
        assert response.status_code == 400
        assert "username" in response.context["member_form"].errors
        assert not Membership.objects.filter(user=other, organisation=world.org_a).exists()
        state = reverse("accounts:user_state", kwargs={"user_id": other.pk})
        assert client.post(state, {"action": "deactivate"}).status_code in {403, 404}
        other.refresh_from_db()
        assert other.is_active
    # The admin's own people can be added to another of its units and locked.
    department = reverse("accounts:member_add", kwargs={"organisation_id": world.dept_a.pk})
    response = client.post(department, {"username": world.a_officer.username, "role": "viewer"})
    assert response.status_code == 302
    state = reverse("accounts:user_state", kwargs={"user_id": world.a_officer.pk})
    assert client.post(state, {"action": "deactivate"}).status_code == 302


def test_the_parent_organisation_is_a_link_only_for_who_may_open_it(world: World) -> None:
    url = reverse("accounts:organisation_detail", kwargs={"organisation_id": world.org_a.pk})
    parent_url = reverse("accounts:organisation_detail", kwargs={"organisation_id": world.city.pk})
    # The zone's manager sees the city bureau's name, but may not open its page.
    own = client_for(world.a_manager)
    assert own.get(parent_url).status_code == 404
    page = own.get(url).content.decode()
    assert world.city.name in page
    assert f'href="{parent_url}"' not in page
    # The city's manager may open it: a link.
    page = client_for(world.city_manager).get(url).content.decode()
    assert f'href="{parent_url}"' in page
