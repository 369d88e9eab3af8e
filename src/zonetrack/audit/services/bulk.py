"""Tracked writes of many rows at once: one UPDATE or a few INSERTs, one Change per row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldError
from django.db import models, transaction
from django.utils import timezone

from zonetrack.core.middleware import current_request_id
from zonetrack.core.models import Record

from ..choices import Action
from .history import _plain, actor_user, insert_changes, record_created, recorded, stale_error

if TYPE_CHECKING:
    from zonetrack.accounts.models import User


R = TypeVar("R", bound=models.Model)


def _columns(model: type[models.Model], names: Iterable[str]) -> dict[str, str]:
    """Field name → column attribute (``zone`` → ``zone_id``) of the fields being written."""
    columns = {}
    for name in names:
        field = model._meta.get_field(name)
        if not isinstance(field, models.Field):
            raise FieldError(f"{model.__name__}.{name} is a reverse relation, not a column")
        columns[name] = field.attname
    return columns


@transaction.atomic
def tracked_bulk_update(
    rows: models.QuerySet[Any] | Iterable[models.Model],
    *,
    values: Mapping[str, Any],
    actor: User | None,
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
    content_type = ContentType.objects.get_for_model(model).pk
    user = actor_user(actor)
    user_id, user_name = (user.pk, str(user)[:150]) if user else (None, "")
    request_id = current_request_id.get()
    insert_changes(
        [
            (
                content_type,
                str(pk),
                str(pk),
                Action.UPDATE,
                user_id,
                user_name,
                {k: v for k, v in before.items() if v != after[k]},
                {k: v for k, v in after.items() if v != before[k]},
                version,
                request_id,
            )
            for pk, before, version in changed
        ]
    )
    return len(changed)


@transaction.atomic
def tracked_bulk_set(
    changes: Sequence[tuple[R, Mapping[str, Any]]],
    *,
    actor: User | None,
    expected_versions: Mapping[Any, int] | None = None,
    locked: bool = False,
) -> list[R]:
    """Apply each record's own field changes, all in a few statements: the rows are locked and
    their versions compared, the changed ones written by one executemany UPDATE (each moving
    its version), and one Change per changed row records before and after of the fields that
    changed, as ``tracked_update`` would, in one insert.

    A row whose stored version is not the one loaded (or ``expected_versions[pk]``) was
    changed by someone else meanwhile: nothing is written and StaleVersion names it. Records
    whose changes leave them as they are write nothing. Returns the records changed, in the
    order given. For grids and imports: no ``full_clean()`` or ``save()`` runs, so the caller
    validates the values beforehand. ``locked``: the caller has locked these rows in this
    transaction and compared their versions already (they are not read again).
    """
    from zonetrack.core.bulk import bulk_set

    if not changes:
        return []
    model = type(changes[0][0])
    is_record = issubclass(model, Record)
    plans: list[tuple[R, dict[str, Any], dict[str, Any], list[str]]] = []
    # What the records held, put back when a stale row refuses the whole write.
    held: list[tuple[R, dict[str, Any]]] = []
    for obj, values in changes:
        columns = _columns(model, values)  # refuses a reverse relation or a name that is no field
        held.append((obj, {column: getattr(obj, column) for column in columns.values()}))
        # Only the fields given can change: their history values, before and after.
        before = recorded(obj, values)
        for name, value in values.items():
            setattr(obj, name, value)
        after = recorded(obj, values)
        changed = [name for name in after if before.get(name) != after[name]]
        if changed:
            plans.append((obj, before, after, changed))
    if not plans:
        return []
    if is_record:
        wanted = {
            obj.pk: (expected_versions or {}).get(obj.pk, obj.version)  # type: ignore[attr-defined]
            for obj, *_rest in plans
        }
        ids = [] if locked else list(wanted)
        stored: dict[Any, int] = dict(wanted) if locked else {}
        for start in range(0, len(ids), 1000):
            batch = model._base_manager.filter(pk__in=ids[start : start + 1000])
            stored |= dict(batch.select_for_update().values_list("pk", "version"))
        for obj, *_rest in plans:
            if stored.get(obj.pk) != wanted[obj.pk]:
                for record, attributes in held:
                    for column, value in attributes.items():
                        setattr(record, column, value)
                raise stale_error(obj)
        now = timezone.now()
        for obj, *_rest in plans:
            obj.version = wanted[obj.pk] + 1  # type: ignore[attr-defined]
            obj.updated_at = now  # type: ignore[attr-defined]
    fields = sorted({name for *_rest, changed in plans for name in changed})
    bulk_set(
        model,
        [obj for obj, *_rest in plans],
        [*fields, *(["version", "updated_at"] if is_record else [])],
    )
    content_type = ContentType.objects.get_for_model(model).pk
    user = actor_user(actor)
    user_id, user_name = (user.pk, str(user)[:150]) if user else (None, "")
    request_id = current_request_id.get()
    insert_changes(
        [
            (
                content_type,
                str(obj.pk),
                str(obj)[:255],
                Action.UPDATE,
                user_id,
                user_name,
                {name: before[name] for name in changed},
                {name: after[name] for name in changed},
                getattr(obj, "version", None),
                request_id,
            )
            for obj, before, after, changed in plans
        ]
    )
    return [obj for obj, *_rest in plans]


@transaction.atomic
def tracked_bulk_create(
    model: type[R],
    objs: Iterable[R],
    *,
    actor: User | None,
    extra: Mapping[Any, Mapping[str, Any]] | None = None,
    batch_size: int = 500,
) -> list[R]:
    """Insert many validated records at once (imports) and record one creation Change per
    row, in a few inserts; ``extra`` adds history fields per pk (many-to-many links)."""
    from zonetrack.core.bulk import bulk_insert

    created = bulk_insert(model, objs, batch_size=batch_size)
    record_created(actor=actor, objs=list(created), extra=extra)
    return created
