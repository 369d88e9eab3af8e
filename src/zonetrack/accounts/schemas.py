"""API schemas of the accounts app."""

from __future__ import annotations

from ninja import Schema


class OrganisationRef(Schema):
    id: int
    name: str


class MembershipOut(Schema):
    organisation: OrganisationRef
    role: str
    title: str


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    language: str
    is_superuser: bool
    memberships: list[MembershipOut]


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    depth: int
    region_code: str
    version: int
