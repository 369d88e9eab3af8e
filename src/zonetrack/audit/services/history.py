"""Change rows: a record's fields as history stores them, one row per change or per bulk
create, a record's history, and who a write is recorded as."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.utils import timezone

from zonetrack.core.errors import StaleVersion
from zonetrack.core.middleware import current_request_id

from ..choices import Action
from ..models import Change

if TYPE_CHECKING:
    from zonetrack.accounts.models import User


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


def _stored(field: models.Field, obj: models.Model) -> Any:
    value = field.value_from_object(obj)
    if isinstance(field, models.DecimalField) and isinstance(value, Decimal):
        # As stored, so 30.5 and 30.5000 are one value in the history.
        value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
    elif isinstance(field, models.FileField):
        value = value.name or ""  # the stored file's name, not its content
    return value


@functools.lru_cache(maxsize=256)
def _named_fields(model: type[models.Model], names: frozenset[str]) -> tuple[models.Field, ...]:
    return tuple(
        field
        for field in model._meta.concrete_fields
        if (field.name in names or field.attname in names) and field.editable
    )


def recorded(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """``snapshot`` of the named fields only (those it records; no many-to-many links): what
    a bulk write compares before and after, without converting every other field twice."""
    excluded = getattr(obj, "history_exclude", _BOOKKEEPING)
    data = {
        field.name: _stored(field, obj)
        for field in _named_fields(type(obj), frozenset(names))
        if field.name not in excluded
    }
    return _plain(data)


def snapshot(obj: models.Model, *, with_m2m: bool = True) -> dict[str, Any]:
    """The record's content fields as JSON-ready values (foreign keys as their ids)."""
    excluded = getattr(obj, "history_exclude", _BOOKKEEPING)
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in excluded or not field.editable:
            continue
        data[field.name] = _stored(field, obj)
    if obj.pk is not None and with_m2m:
        for field in obj._meta.many_to_many:
            if field.name not in excluded:
                data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return _plain(data)


def _split_m2m(obj: models.Model, changes: Mapping[str, Any]) -> tuple[dict, dict]:
    names = {field.name for field in obj._meta.many_to_many}
    plain = {k: v for k, v in changes.items() if k not in names}
    related = {k: list(v) for k, v in changes.items() if k in names}
    return plain, related


def record_change(
    *,
    actor: User | None,
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


# The columns ``insert_changes`` writes, in the order of its rows (created_at is added).
CHANGE_COLUMNS = (
    "content_type",
    "object_id",
    "object_repr",
    "action",
    "actor",
    "actor_name",
    "before",
    "after",
    "version",
    "request_id",
)


def insert_changes(rows: Sequence[tuple[Any, ...]]) -> int:
    """Insert history rows, each a tuple of ``CHANGE_COLUMNS`` values (content type and actor
    as ids or None), with one prepared INSERT run for every row, all stamped now.

    The rows are those ``Change.objects.bulk_create`` would write; it builds an instance per
    row and compiles an SQL statement of every value of every batch, which costs more than the
    change itself in a bulk write of thousands of rows. Returns how many rows were written."""
    if not rows:
        return 0
    meta = Change._meta
    by_name = {field.name: field for field in meta.concrete_fields}
    fields = [by_name[name] for name in (*CHANGE_COLUMNS, "created_at")]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Only quoted names from the model's metadata are written into the statement.
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    now = by_name["created_at"].get_db_prep_save(timezone.now(), connection)
    json_before = by_name["before"].get_db_prep_save
    json_after = by_name["after"].get_db_prep_save
    params = [
        (
            content_type,
            object_id,
            object_repr,
            str(action),
            actor,
            actor_name,
            json_before(old, connection),
            json_after(new, connection),
            version,
            request_id,
            now,
        )
        for (
            content_type,
            object_id,
            object_repr,
            action,
            actor,
            actor_name,
            old,
            new,
            version,
            request_id,
        ) in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(params)


def record_created(
    *,
    actor: User | None,
    objs: Sequence[models.Model],
    extra: Mapping[Any, Mapping[str, Any]] | None = None,
) -> None:
    """History rows for records created in bulk, in one insert; ``extra`` adds fields per pk
    (many-to-many links, which a bulk insert sets separately)."""
    if not objs:
        return
    is_user = getattr(actor, "is_authenticated", False)
    content_type = ContentType.objects.get_for_model(type(objs[0])).pk
    user = actor.pk if is_user and actor is not None else None
    name = str(actor)[:150] if is_user else ""
    request_id = current_request_id.get()
    insert_changes(
        [
            (
                content_type,
                str(obj.pk),
                str(obj)[:255],
                Action.CREATE,
                user,
                name,
                {},
                {**snapshot(obj, with_m2m=False), **(extra or {}).get(obj.pk, {})},
                getattr(obj, "version", None),
                request_id,
            )
            for obj in objs
        ]
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
