"""Tracked single-record writes: create, update with the compare-and-set version, archive,
restore, purge."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from zonetrack.core.models import Record

from ..choices import Action
from .history import _split_m2m, record_change, snapshot, stale_error

if TYPE_CHECKING:
    from zonetrack.accounts.models import User


R = TypeVar("R", bound=models.Model)
Check = Callable[[Any], bool]


def _enforce(check: Check | None, obj: models.Model) -> None:
    """Re-read the saved row and let the caller veto it; raising rolls the transaction back."""
    if check is None:
        return
    fresh = type(obj)._base_manager.get(pk=obj.pk)
    if not check(fresh):
        raise PermissionDenied


@contextmanager
def _kept_on_failure(obj: models.Model) -> Iterator[None]:
    """Put the caller's object back as it was when the write fails.

    The transaction rolls the row back; the object should not go on holding what was refused
    (a value that did not validate, a version the database no longer has, the primary key of a
    row never kept), or the caller's next read or retry would start from it.
    """
    held = dict(vars(obj))
    state = obj._state
    cache, adding, db = dict(state.fields_cache), state.adding, state.db
    try:
        yield
    except BaseException:
        attributes = vars(obj)
        attributes.clear()
        attributes.update(held)
        state.fields_cache, state.adding, state.db = cache, adding, db
        raise


@transaction.atomic
def tracked_create(
    *, actor: User | None, obj: R, check: Check | None = None, m2m: Mapping[str, Any] | None = None
) -> R:
    """Validate and save a new record (and its many-to-many links), record it, and let
    ``check`` veto the result. A refused record is left as it was given, without a pk."""
    with _kept_on_failure(obj):
        obj.full_clean()
        obj.save()
        for name, values in (m2m or {}).items():
            getattr(obj, name).set(values)
        _enforce(check, obj)
        record_change(actor=actor, obj=obj, action=Action.CREATE, before={}, after=snapshot(obj))
    return obj


def _versioned(model: type[models.Model]) -> bool:
    # A test, not a narrowing: a stale row is named by ``model(pk=...)``, which the stubs refuse
    # for the abstract Record.
    return issubclass(model, Record)


def bump_version(
    model_or_obj: type[models.Model] | models.Model,
    pk: Any = None,
    expected_version: int | None = None,
    *,
    values: Mapping[str, Any] | None = None,
) -> int:
    """Compare-and-set the version of one row and return the new one; a concurrent or stale
    writer finds no row and is refused with StaleVersion (naming who changed it last).

    Given a record, ``pk`` and ``expected_version`` default to its own, and the record is
    updated in memory. ``values`` are written by the same UPDATE, so a field and its version
    never part. Records without a version (not a ``Record``) are left alone.
    """
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    if not _versioned(model):
        return 0
    obj = model_or_obj if isinstance(model_or_obj, Record) else None
    if pk is None and obj is not None:
        pk = obj.pk
    version = expected_version
    if version is None:
        if obj is None:
            raise TypeError("bump_version needs expected_version when given a model")
        version = obj.version
    updated = (
        model._base_manager.filter(pk=pk, version=version).update(
            **(values or {}), version=version + 1, updated_at=timezone.now()
        )
        if values
        else model._base_manager.filter(pk=pk, version=version).update(version=version + 1)
    )
    if not updated:
        raise stale_error(obj if obj is not None else model(pk=pk))
    if obj is not None:
        for name, value in (values or {}).items():
            setattr(obj, name, value)
        obj.version = version + 1
    return version + 1


@transaction.atomic
def tracked_update(
    *,
    actor: User | None,
    obj: R,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
    check: Check | None = None,
) -> R:
    """Apply field changes to a record, refusing a save based on a stale version.

    Only fields that really change are saved and recorded; a save that changes nothing
    writes nothing and does not move the version. A refused change (invalid, stale or vetoed)
    leaves ``obj`` with the values and version it had.
    """
    with _kept_on_failure(obj):
        return _update(
            actor=actor, obj=obj, changes=changes, expected_version=expected_version, check=check
        )


def _update(
    *,
    actor: User | None,
    obj: R,
    changes: Mapping[str, Any],
    expected_version: int | None,
    check: Check | None,
) -> R:
    before = snapshot(obj)
    plain, related = _split_m2m(obj, changes)
    for name, value in plain.items():
        setattr(obj, name, value)
    obj.full_clean()
    after = snapshot(obj)
    for name, values in related.items():
        after[name] = sorted(getattr(value, "pk", value) for value in values)
    changed = [name for name in after if before.get(name) != after[name]]
    if not changed:
        if expected_version is not None and getattr(obj, "version", None) != expected_version:
            raise stale_error(obj)
        return obj
    bump_version(obj, expected_version=expected_version)
    columns = [name for name in changed if name not in related]
    obj.save(update_fields=[*columns, "updated_at"] if isinstance(obj, Record) else columns)
    for name in related:
        if name in changed:
            getattr(obj, name).set(related[name])
    _enforce(check, obj)
    record_change(
        actor=actor,
        obj=obj,
        action=Action.UPDATE,
        before={name: before.get(name) for name in changed},
        after={name: after[name] for name in changed},
    )
    return obj


def _set_archived(
    *, actor: User | None, obj: R, archived: bool, expected_version: int | None, check: Check | None
) -> R:
    if not isinstance(obj, Record):
        raise TypeError(f"{type(obj).__name__} cannot be archived")
    if obj.is_archived == archived:
        return obj
    with _kept_on_failure(obj):
        bump_version(obj, expected_version=expected_version)
        before = {"archived_at": obj.archived_at.isoformat() if obj.archived_at else None}
        obj.archived_at = timezone.now() if archived else None
        obj.save(update_fields=["archived_at", "updated_at"])
        _enforce(check, obj)
        after = {"archived_at": obj.archived_at.isoformat() if obj.archived_at else None}
        record_change(
            actor=actor,
            obj=obj,
            action=Action.ARCHIVE if archived else Action.RESTORE,
            before=before,
            after=after,
        )
    return obj


@transaction.atomic
def tracked_archive(
    *, actor: User | None, obj: R, expected_version: int | None = None, check: Check | None = None
) -> R:
    """Hide a record from lists instead of deleting it; ``tracked_restore`` undoes it."""
    return _set_archived(
        actor=actor, obj=obj, archived=True, expected_version=expected_version, check=check
    )


@transaction.atomic
def tracked_restore(
    *, actor: User | None, obj: R, expected_version: int | None = None, check: Check | None = None
) -> R:
    """Bring an archived record back."""
    return _set_archived(
        actor=actor, obj=obj, archived=False, expected_version=expected_version, check=check
    )


@transaction.atomic
def purge(*, actor: User | None, obj: models.Model) -> None:
    """Delete a record for good (administrators, from the command line only); history stays."""
    record_change(actor=actor, obj=obj, action=Action.PURGE, before=snapshot(obj), after={})
    obj.delete()
