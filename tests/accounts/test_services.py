"""Writes of the accounts app: the organisation tree, people, memberships and tokens."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError

from zonetrack.accounts import services
from zonetrack.accounts.choices import OrganisationKind, Role
from zonetrack.accounts.models import ApiToken, Membership, Organisation, User
from zonetrack.audit.services import history_of

from ..conftest import World
from .factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_roots_are_made_by_superusers_and_set_up_code_only() -> None:
    root = services.organisation_create(actor=None, name="省厅", kind="province_dept", parent=None)
    assert (root.path, root.depth) == (f"{root.pk:08d}.", 0)
    boss = UserFactory(memberships=[(root, Role.ADMIN)])
    with pytest.raises(PermissionDenied):
        services.organisation_create(actor=boss, name="另一省厅", kind="province_dept", parent=None)
    superuser = UserFactory(is_superuser=True)
    assert (
        services.organisation_create(
            actor=superuser, name="另一省厅", kind="province_dept", parent=None
        ).parent
        is None
    )


def test_managers_add_organisations_below_them_not_viewers(world: World) -> None:
    child = services.organisation_create(
        actor=world.city_manager, name="丙区管委会", kind="zone_committee", parent=world.city
    )
    assert child.path == f"{world.city.path}{child.pk:08d}."
    assert history_of(child).get().actor == world.city_manager
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            actor=world.province_viewer, name="丁区管委会", kind="zone_committee", parent=world.city
        )


def test_moving_an_organisation_re_roots_its_subtree(world: World) -> None:
    other_city = OrganisationFactory(parent=world.province, name="邻市局")
    services.organisation_update(
        actor=None, organisation=world.org_a, changes={"parent": other_city}
    )
    org_a = Organisation.objects.get(pk=world.org_a.pk)
    dept_a = Organisation.objects.get(pk=world.dept_a.pk)
    assert org_a.path == f"{other_city.path}{org_a.pk:08d}."
    assert dept_a.path == f"{org_a.path}{dept_a.pk:08d}."
    assert (org_a.depth, dept_a.depth) == (2, 3)
    # Visibility follows the move: the first city's manager no longer sees zone A.
    from zonetrack.accounts import access
    from zonetrack.registry.models import Zone

    assert set(access.visible(Zone.objects.all(), world.city_manager)) == {world.zone_b}


def test_an_organisation_cannot_move_under_itself(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.organisation_update(
            actor=None, organisation=world.org_a, changes={"parent": world.dept_a}
        )
    assert "parent" in caught.value.message_dict
    assert Organisation.objects.get(pk=world.org_a.pk).parent == world.city


def test_organisations_are_changed_and_archived_by_the_parents_managers(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            actor=world.a_manager, organisation=world.org_a, changes={"short_name": "甲"}
        )
    services.organisation_update(
        actor=world.city_manager, organisation=world.org_a, changes={"short_name": "甲"}
    )
    assert Organisation.objects.get(pk=world.org_a.pk).short_name == "甲"
    with pytest.raises(PermissionDenied):
        services.organisation_archive(actor=world.b_manager, organisation=world.org_a)
    services.organisation_archive(actor=world.city_manager, organisation=world.org_a)
    assert Organisation.objects.get(pk=world.org_a.pk).is_archived


def test_user_create_checks_the_password_and_keeps_it_out_of_history() -> None:
    with pytest.raises(ValidationError) as caught:
        services.user_create(actor=None, username="weak", password="123")
    assert "password" in caught.value.message_dict
    user = services.user_create(actor=None, username="strong", password=PASSWORD)
    assert user.check_password(PASSWORD)
    assert "password" not in history_of(user).get().after
    assert not services.user_create(
        actor=None, username="nopw", password=None
    ).has_usable_password()
    # A password hashed once for several people (the demo's logins) signs each of them in.
    hashed = make_password(PASSWORD)
    twins = [
        services.user_create(actor=None, username=name, password=None, password_hash=hashed)
        for name in ("twin1", "twin2")
    ]
    assert all(twin.check_password(PASSWORD) for twin in twins)
    assert "password" not in history_of(twins[0]).get().after


def test_memberships_are_set_by_administrators_and_recorded(world: World) -> None:
    person = UserFactory()
    with pytest.raises(PermissionDenied):
        services.membership_set(
            actor=world.city_manager, user=person, organisation=world.org_a, role=Role.VIEWER
        )
    membership = services.membership_set(
        actor=world.city_admin, user=person, organisation=world.org_a, role=Role.VIEWER
    )
    services.membership_set(
        actor=world.city_admin, user=person, organisation=world.org_a, role=Role.OFFICER
    )
    assert Membership.objects.get(pk=membership.pk).role == Role.OFFICER
    assert [(c.action, c.after.get("role")) for c in history_of(membership)] == [
        ("update", "officer"),
        ("create", "viewer"),
    ]


def test_accounts_are_deactivated_by_who_administers_all_their_places(world: World) -> None:
    in_two = UserFactory(memberships=[(world.org_a, Role.VIEWER), (world.org_b, Role.VIEWER)])
    a_admin = UserFactory(memberships=[(world.org_a, Role.ADMIN)])
    with pytest.raises(PermissionDenied):
        services.user_set_active(actor=a_admin, user=in_two, is_active=False)
    services.user_set_active(actor=world.city_admin, user=in_two, is_active=False)
    assert not User.objects.get(pk=in_two.pk).is_active
    # Still administered through the memberships a deactivated account keeps.
    services.user_set_active(actor=world.city_admin, user=in_two, is_active=True)
    assert User.objects.get(pk=in_two.pk).is_active
    with pytest.raises(PermissionDenied):
        services.user_set_active(actor=world.city_admin, user=world.superuser, is_active=False)
    with pytest.raises(PermissionDenied):
        services.user_set_active(actor=world.city_admin, user=world.nobody, is_active=False)


def test_member_add_takes_in_new_people_only_with_a_password(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.member_add(
            actor=world.city_admin, organisation=world.org_a, username="newbie", role=Role.VIEWER
        )
    assert "password" in caught.value.message_dict
    membership = services.member_add(
        actor=world.city_admin,
        organisation=world.org_a,
        username="newbie",
        role=Role.OFFICER,
        password=PASSWORD,
        display_name="新人",
    )
    assert (membership.user.display_name, membership.role) == ("新人", Role.OFFICER)
    outsider_admin = UserFactory(memberships=[(world.org_b, Role.ADMIN)])
    with pytest.raises(ValidationError) as caught:
        services.member_add(
            actor=outsider_admin, organisation=world.org_b, username="newbie", role=Role.VIEWER
        )
    assert "username" in caught.value.message_dict


def test_language_and_tokens(world: World) -> None:
    with pytest.raises(ValidationError):
        services.user_set_language(user=world.a_viewer, language="fr")
    assert services.user_set_language(user=world.a_viewer, language="en").language == "en"
    raw = services.token_create(user=world.a_viewer, name="script")
    assert services.token_authenticate(raw) == world.a_viewer
    assert services.token_authenticate(raw + "x") is None
    token = ApiToken.objects.get(user=world.a_viewer)
    assert token.digest != raw and raw.startswith(token.prefix)
    services.token_revoke(token=token)
    assert services.token_authenticate(raw) is None


def test_factories_make_rows_through_the_services() -> None:
    membership = MembershipFactory(role=Role.MANAGER)
    assert membership.organisation.kind == OrganisationKind.CITY_BUREAU
    assert history_of(membership).get().action == "create"
    assert history_of(membership.user).get().action == "create"
