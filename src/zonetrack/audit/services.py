"""Tracked writes: every create, update, archive and restore of a record goes through here.

Each write runs in a transaction, checks the optimistic version, records the before/after of
the changed fields, and lets the calling service veto the result (for example a record moved
outside the writer's subtree) before anything is committed. The mechanism is plain SQL with a
compare-and-set on ``version``, so it behaves the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from zonetrack.core.errors import StaleVersion
from zonetrack.core.middleware import current_request_id
from zonetrack.core.models import Record

from .choices import Action
from .models import Change

if TYPE_CHECKING:
    from zonetrack.accounts.models import User

R = TypeVar("R", bound=models.Model)
Check = Callable[[Any], bool]

_BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at", "archived_at"})


def actor_user(actor: Any) -> User | None:
    """The user to store as the author of a write: the actor when it is a saved user, None
    for zonetrack itself (``actor=None``) or anyone not signed in."""
    return actor if getattr(actor, "pk", None) else None


def _plain(value: Any) -> Any:
    """One value as the history stores it (JSON, foreign keys as their ids)."""
    if isinstance(value, models.Model):
        value = value.pk
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(obj: models.Model, *, with_m2m: bool = True) -> dict[str, Any]:
    """The record's content fields as JSON-ready values (foreign keys as their ids)."""
    excluded = getattr(obj, "history_exclude", _BOOKKEEPING)
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in excluded or not field.editable:
            continue
        value = field.value_from_object(obj)
        if isinstance(field, models.DecimalField) and isinstance(value, Decimal):
            # As stored, so 30.5 and 30.5000 are one value in the history.
            value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
        elif isinstance(field, models.FileField):
            value = value.name or ""  # the stored file's name, not its content
        data[field.name] = value
    if obj.pk is not None and with_m2m:
        for field in obj._meta.many_to_many:
            if field.name not in excluded:
                data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _split_m2m(obj: models.Model, changes: Mapping[str, Any]) -> tuple[dict, dict]:
    names = {field.name for field in obj._meta.many_to_many}
    plain = {k: v for k, v in changes.items() if k not in names}
    related = {k: list(v) for k, v in changes.items() if k in names}
    return plain, related


def record_change(
    *,
    actor: Any,
    obj: models.Model,
    action: Action,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
) -> Change:
    """Write one history row for a change that has just been saved."""
    is_user = getattr(actor, "is_authenticated", False)
    return Change.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        action=action,
        actor=actor if is_user else None,
        actor_name=str(actor)[:150] if is_user else "",
        before=dict(before),
        after=dict(after),
        version=getattr(obj, "version", None),
        request_id=current_request_id.get(),
    )


def record_created(
    *, actor: Any, objs: list[models.Model], extra: Mapping[Any, Mapping[str, Any]] | None = None
) -> None:
    """History rows for records created in bulk, in one insert; ``extra`` adds fields per pk
    (many-to-many links, which a bulk insert sets separately)."""
    if not objs:
        return
    is_user = getattr(actor, "is_authenticated", False)
    content_type = ContentType.objects.get_for_model(type(objs[0]))
    request_id = current_request_id.get()
    Change.objects.bulk_create(
        (
            Change(
                content_type=content_type,
                object_id=str(obj.pk),
                object_repr=str(obj)[:255],
                action=Action.CREATE,
                actor=actor if is_user else None,
                actor_name=str(actor)[:150] if is_user else "",
                before={},
                after={**snapshot(obj, with_m2m=False), **(extra or {}).get(obj.pk, {})},
                version=getattr(obj, "version", None),
                request_id=request_id,
            )
            for obj in objs
        ),
        batch_size=500,
    )


def history_of(obj: models.Model) -> models.QuerySet[Change]:
    """The changes of one record, newest first."""
    return Change.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).select_related("actor")


def stale_error(obj: models.Model) -> StaleVersion:
    """The refusal of a save based on an old version: who changed the record last, and when."""
    current = type(obj)._base_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
    last = history_of(obj).first()
    return StaleVersion(
        current_version=current or 0,
        changed_by=last.actor_name if last else "",
        changed_at=last.created_at if last else None,
    )


def _enforce(check: Check | None, obj: models.Model) -> None:
    """Re-read the saved row and let the caller veto it; raising rolls the transaction back."""
    if check is None:
        return
    fresh = type(obj)._base_manager.get(pk=obj.pk)
    if not check(fresh):
        raise PermissionDenied


@transaction.atomic
def tracked_create(
    *, actor: Any, obj: R, check: Check | None = None, m2m: Mapping[str, Any] | None = None
) -> R:
    """Validate and save a new record (and its many-to-many links), record it, and let
    ``check`` veto the result."""
    obj.full_clean()
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    _enforce(check, obj)
    record_change(actor=actor, obj=obj, action=Action.CREATE, before={}, after=snapshot(obj))
    return obj


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
    obj = None if isinstance(model_or_obj, type) else model_or_obj
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    if not issubclass(model, Record):
        return 0
    if pk is None and obj is not None:
        pk = obj.pk
    version = expected_version
    if version is None:
        if obj is None:
            raise TypeError("bump_version needs expected_version when given a model")
        version = obj.version  # type: ignore[attr-defined]
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
        obj.version = version + 1  # type: ignore[attr-defined]
    return version + 1


@transaction.atomic
def tracked_update(
    *,
    actor: Any,
    obj: R,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
    check: Check | None = None,
) -> R:
    """Apply field changes to a record, refusing a save based on a stale version.

    Only fields that really change are saved and recorded; a save that changes nothing
    writes nothing and does not move the version.
    """
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
    *, actor: Any, obj: R, archived: bool, expected_version: int | None, check: Check | None
) -> R:
    if not isinstance(obj, Record):
        raise TypeError(f"{type(obj).__name__} cannot be archived")
    if obj.is_archived == archived:
        return obj
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
    *, actor: Any, obj: R, expected_version: int | None = None, check: Check | None = None
) -> R:
    """Hide a record from lists instead of deleting it; ``tracked_restore`` undoes it."""
    return _set_archived(
        actor=actor, obj=obj, archived=True, expected_version=expected_version, check=check
    )


@transaction.atomic
def tracked_restore(
    *, actor: Any, obj: R, expected_version: int | None = None, check: Check | None = None
) -> R:
    """Bring an archived record back."""
    return _set_archived(
        actor=actor, obj=obj, archived=False, expected_version=expected_version, check=check
    )


@transaction.atomic
def purge(*, actor: Any, obj: models.Model) -> None:
    """Delete a record for good (administrators, from the command line only); history stays."""
    record_change(actor=actor, obj=obj, action=Action.PURGE, before=snapshot(obj), after={})
    obj.delete()


def _columns(model: type[models.Model], names: Iterable[str]) -> dict[str, str]:
    """Field name → column attribute (``zone`` → ``zone_id``) of the fields being written."""
    return {name: model._meta.get_field(name).attname for name in names}


@transaction.atomic
def tracked_bulk_update(
    rows: models.QuerySet[Any] | Iterable[models.Model],
    *,
    values: Mapping[str, Any],
    actor: Any,
) -> int:
    """Write the same ``values`` to many rows in one UPDATE, moving each row's version, and
    record one Change per row whose values really change (before and after of those fields).

    ``rows`` is a queryset or records already loaded. Rows that already hold the values are
    left alone. Returns how many rows were changed. For jobs over many rows (escalations,
    reassignments): no model ``save()`` or ``full_clean()`` runs, so validate beforehand.
    """
    if isinstance(rows, models.QuerySet):
        model = rows.model
        ids = list(rows.order_by().values_list("pk", flat=True))
    else:
        objs = list(rows)
        if not objs:
            return 0
        model = type(objs[0])
        ids = [obj.pk for obj in objs]
    if not ids:
        return 0
    columns = _columns(model, values)
    after = {name: _plain(value) for name, value in values.items()}
    is_record = issubclass(model, Record)
    read = ["pk", *columns.values(), *(["version"] if is_record else [])]
    changed: list[tuple[Any, dict[str, Any], int | None]] = []
    for start in range(0, len(ids), 1000):
        batch = model._base_manager.filter(pk__in=ids[start : start + 1000])
        for row in batch.select_for_update().values(*read):
            before = {name: _plain(row[column]) for name, column in columns.items()}
            if before != after:
                version = row["version"] + 1 if is_record else None
                changed.append((row["pk"], before, version))
    if not changed:
        return 0
    extra = {"version": models.F("version") + 1, "updated_at": timezone.now()} if is_record else {}
    changed_ids = [pk for pk, _before, _version in changed]
    for start in range(0, len(changed_ids), 1000):
        model._base_manager.filter(pk__in=changed_ids[start : start + 1000]).update(
            **values, **extra
        )
    content_type = ContentType.objects.get_for_model(model)
    user = actor_user(actor)
    request_id = current_request_id.get()
    Change.objects.bulk_create(
        (
            Change(
                content_type=content_type,
                object_id=str(pk),
                object_repr=str(pk),
                action=Action.UPDATE,
                actor=user,
                actor_name=str(user)[:150] if user else "",
                before={k: v for k, v in before.items() if v != after[k]},
                after={k: v for k, v in after.items() if v != before[k]},
                version=version,
                request_id=request_id,
            )
            for pk, before, version in changed
        ),
        batch_size=500,
    )
    return len(changed)


@transaction.atomic
def tracked_bulk_create(
    model: type[R],
    objs: Iterable[R],
    *,
    actor: Any,
    extra: Mapping[Any, Mapping[str, Any]] | None = None,
    batch_size: int = 500,
) -> list[R]:
    """Insert many validated records at once (imports) and record one creation Change per
    row, in a few inserts; ``extra`` adds history fields per pk (many-to-many links)."""
    from zonetrack.core.bulk import bulk_insert

    created = bulk_insert(model, objs, batch_size=batch_size)
    record_created(actor=actor, objs=list(created), extra=extra)
    return created
