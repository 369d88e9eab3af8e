"""Writes of the accounts app: organisations, people, memberships and API tokens."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.audit.choices import Action
from zonetrack.audit.services import (
    record_change,
    snapshot,
    tracked_archive,
    tracked_create,
    tracked_update,
)

from . import access, permissions
from .choices import OrganisationKind, Role
from .models import PATH_STEP, ApiToken, Membership, Organisation, User, hash_token


def _path_for(organisation: Organisation) -> str:
    parent = organisation.parent
    parent_path = parent.path if parent is not None else ""
    return f"{parent_path}{organisation.pk:0{PATH_STEP}d}."


@transaction.atomic
def organisation_create(
    *,
    actor: User | None,
    name: str,
    kind: OrganisationKind | str,
    parent: Organisation | None,
    short_name: str = "",
    region_code: str = "",
) -> Organisation:
    """Add an organisation under a parent the actor manages (roots: superusers only)."""
    # Roots of the tree are made by superusers or by set-up code (actor None).
    access.require(permissions.can_create_organisation(actor, parent))
    organisation = Organisation(
        name=name, short_name=short_name, kind=kind, parent=parent, region_code=region_code
    )
    tracked_create(actor=actor, obj=organisation)
    organisation.path = _path_for(organisation)
    organisation.depth = organisation.path.count(".") - 1
    organisation.save(update_fields=["path", "depth"])
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: User | None,
    organisation: Organisation,
    changes: dict[str, Any],
    expected_version: int | None = None,
) -> Organisation:
    """Change an organisation; moving it re-roots its whole subtree."""
    access.require(permissions.can_change_organisation(actor, organisation))
    old_path = organisation.path
    new_parent = changes.get("parent", organisation.parent)
    if new_parent is not None and access.is_within(new_parent, organisation):
        raise ValidationError({"parent": _("An organisation cannot be moved under itself.")})
    tracked_update(
        actor=actor,
        obj=organisation,
        changes=changes,
        expected_version=expected_version,
        check=lambda fresh: permissions.can_change_organisation(actor, fresh),
    )
    if "parent" in changes:
        new_path = _path_for(organisation)
        if new_path != old_path:
            access.within(Organisation.objects.all(), old_path).update(
                path=Concat(Value(new_path), Substr(F("path"), len(old_path) + 1))
            )
            for node in access.within(Organisation.objects.all(), new_path):
                Organisation.objects.filter(pk=node.pk).update(depth=node.path.count(".") - 1)
            organisation.refresh_from_db(fields=["path", "depth"])
    return organisation


def organisation_archive(
    *, actor: User | None, organisation: Organisation, expected_version: int | None = None
) -> Organisation:
    """Archive an organisation the actor manages (it stays in history and can be restored)."""
    access.require(permissions.can_archive_organisation(actor, organisation))
    return tracked_archive(actor=actor, obj=organisation, expected_version=expected_version)


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    display_name: str = "",
    email: str = "",
    is_superuser: bool = False,
    language: str = "zh-hans",
    password_hash: str = "",
) -> User:
    """Create a person's account; the password must pass the password rules.

    ``password_hash`` is a password already checked and hashed (``make_password``), given
    instead of ``password``: the demo's logins share one, hashed once."""
    user = User(
        username=username,
        display_name=display_name,
        email=email,
        is_superuser=is_superuser,
        is_staff=is_superuser,
        language=language,
    )
    if password_hash:
        user.password = password_hash
    elif password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user.set_password(password)
    user.full_clean()
    user.save()
    record_change(
        actor=actor,
        obj=user,
        action=Action.CREATE,
        before={},
        after={
            k: v
            for k, v in snapshot(user).items()
            if k not in {"password", "last_login", "date_joined"}
        },
    )
    return user


@transaction.atomic
def membership_set(
    *, actor: User | None, user: User, organisation: Organisation, role: Role | str, title: str = ""
) -> Membership:
    """Give a user a role in an organisation (administrators of that subtree only)."""
    access.require(permissions.can_administer_organisation(actor, organisation))
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role, "title": title}
    )
    if created:
        record_change(
            actor=actor, obj=membership, action=Action.CREATE, before={}, after=snapshot(membership)
        )
    elif membership.role != role or membership.title != title:
        before = snapshot(membership)
        membership.role, membership.title = role, title
        membership.save(update_fields=["role", "title"])
        after = snapshot(membership)
        changed = [k for k in after if before.get(k) != after[k]]
        record_change(
            actor=actor,
            obj=membership,
            action=Action.UPDATE,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    access.forget_memberships(user)
    return membership


def end_sessions(user: User) -> int:
    """Log a user out everywhere by deleting their stored sessions."""
    ended = 0
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def user_set_active(*, actor: User | None, user: User, is_active: bool) -> User:
    """Activate or deactivate an account; deactivating ends its sessions and tokens' use."""
    access.require(permissions.can_administer_user(actor, user))
    if user.is_active == is_active:
        return user
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    record_change(
        actor=actor,
        obj=user,
        action=Action.UPDATE,
        before={"is_active": not is_active},
        after={"is_active": is_active},
    )
    if not is_active:
        end_sessions(user)
    return user


def user_set_language(*, user: User, language: str) -> User:
    """Remember the user's interface language."""
    if language not in {"zh-hans", "en"}:
        raise ValidationError({"language": _("Unknown language.")})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


TOKEN_PREFIX = "zt_"  # noqa: S105 (a marker, not a secret)


def token_create(*, user: User, name: str = "") -> str:
    """Create an API token and return its raw value; only its digest is stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, prefix=raw[:10], digest=hash_token(raw))
    return raw


def token_revoke(*, token: ApiToken) -> None:
    """Stop a token from working (kept for the record)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def token_authenticate(raw: str) -> User | None:
    """The active user a raw token belongs to, or None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def member_add(
    *,
    actor: User | None,
    organisation: Organisation,
    username: str,
    role: Role | str,
    title: str = "",
    display_name: str = "",
    password: str | None = None,
) -> Membership:
    """Give a person a role in an organisation the actor administers, creating the account
    when the username is new (then a password is required)."""
    access.require(permissions.can_administer_organisation(actor, organisation))
    user = User.objects.filter(username=username).first()
    if user is not None and not permissions.can_administer_user(actor, user):
        # Someone else's account: taking it in would hand its administration over.
        raise ValidationError(
            {
                "username": _(
                    "This username belongs to someone outside the organisations you "
                    "administer; choose another."
                )
            }
        )
    if user is None:
        if not password:
            raise ValidationError({"password": _("A new account needs an initial password.")})
        user = user_create(
            actor=actor, username=username, password=password, display_name=display_name
        )
    return membership_set(actor=actor, user=user, organisation=organisation, role=role, title=title)


def user_unlock(*, actor: User | None, user: User) -> int:
    """Lift a sign-in lock (failed attempts) for a user the actor administers."""
    from axes.utils import reset

    access.require(permissions.can_administer_user(actor, user))
    return reset(username=user.username)
