"""factory_boy factories of the accounts app; each row is made by its service, as in use."""

from __future__ import annotations

from typing import Any

import factory

from zonetrack.accounts.choices import OrganisationKind, Role
from zonetrack.accounts.models import Membership, Organisation, User
from zonetrack.accounts.services import membership_set, organisation_create, user_create

PASSWORD = "correct horse battery staple"


class OrganisationFactory(factory.Factory):
    """An organisation; a root of its own tree unless ``parent`` is given."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"机构{n}")
    kind = OrganisationKind.CITY_BUREAU
    parent = None
    short_name = ""
    region_code = ""

    @classmethod
    def _create(cls, model_class: type[Organisation], **kwargs: Any) -> Organisation:
        return organisation_create(actor=None, **kwargs)


class ZoneCommitteeFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"开发区{n}管委会")
    kind = OrganisationKind.ZONE_COMMITTEE
    parent = factory.SubFactory(OrganisationFactory)


class UserFactory(factory.Factory):
    """A person; ``memberships=[(organisation, role), ...]`` gives them their places."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"person{n}")
    password = PASSWORD
    display_name = ""

    @classmethod
    def _create(cls, model_class: type[User], **kwargs: Any) -> User:
        memberships = kwargs.pop("memberships", ())
        user = user_create(actor=None, **kwargs)
        for organisation, role in memberships:
            membership_set(actor=None, user=user, organisation=organisation, role=role)
        return user


class MembershipFactory(factory.Factory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.VIEWER
    title = ""

    @classmethod
    def _create(cls, model_class: type[Membership], **kwargs: Any) -> Membership:
        return membership_set(actor=None, **kwargs)
