"""Change rows: a record's fields as history stores them, one row per change or per bulk
create, a record's history, and who a write is recorded as."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

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
