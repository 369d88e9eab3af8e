"""Writes of the articles app: add an article, read it (inline or as a job), review its facts
and attach accepted ones to a zone. Every write is tracked; nothing is deleted."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.audit.services import (
    record_created,
    tracked_archive,
    tracked_create,
    tracked_restore,
    tracked_update,
)
from zonetrack.core.bulk import bulk_insert
from zonetrack.registry.models import Zone

from .models import (
    ACCEPTED_STATES,
    Article,
    ArticleStatus,
    Fact,
    FactType,
    Review,
    shown_note,
)

logger = logging.getLogger(__name__)

# The largest file accepted for upload; the reader caps the characters it reads on its own.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_TYPES = (".txt", ".html", ".htm", ".docx")
# Texts up to this length are read while the person waits; longer ones by a background job.
INLINE_MAX_CHARS = 8_000

ACTIONS = ("accept", "edit", "reject")


# ---- The fields of each fact type, as a reviewer corrects them ------------------------------

AMOUNT_STATUSES = (
    "negotiating",
    "signed",
    "started",
    "signed_and_started",
    "under_construction",
    "completed",
    "in_production",
    "completed_investment",
    "funds_in_place",
    "financing_intent",
    "planned",
    "other",
)
QUALIFIERS = (">=", "~")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    """One field of a fact type: its kind of value, whether it is required, its choices."""

    name: str
    kind: str = "text"  # text | int | number | date | choice | list
    required: bool = False
    choices: tuple[str, ...] = ()


def _spec(*items: FieldSpec) -> tuple[FieldSpec, ...]:
    return items


FIELD_SPECS: dict[str, tuple[FieldSpec, ...]] = {
    FactType.ZONE: _spec(FieldSpec("name", required=True), FieldSpec("parent")),
    FactType.AMOUNT: _spec(
        FieldSpec("amount_text"),
        FieldSpec("amount_yuan", "int", required=True),
        FieldSpec("qualifier", "choice", choices=QUALIFIERS),
        FieldSpec("refers_to"),
        FieldSpec("status", "choice", choices=AMOUNT_STATUSES),
        FieldSpec("zone"),
        FieldSpec("project_count", "int"),
        FieldSpec("date", "date"),
    ),
    FactType.PROJECT_COUNT: _spec(
        FieldSpec("count", "int", required=True),
        FieldSpec("refers_to"),
        FieldSpec("status", "choice", choices=AMOUNT_STATUSES),
        FieldSpec("zone"),
        FieldSpec("date", "date"),
    ),
    FactType.TARGET: _spec(
        FieldSpec("metric", required=True),
        FieldSpec("value", "number", required=True),
        FieldSpec("unit"),
        FieldSpec("year", "int"),
        FieldSpec("zone"),
        FieldSpec("threshold_yuan", "int"),
    ),
    FactType.DATE: _spec(FieldSpec("date", "date", required=True), FieldSpec("event")),
    FactType.ORGANISATION: _spec(FieldSpec("name", required=True)),
    FactType.INDUSTRY_CLUSTER: _spec(FieldSpec("name", required=True), FieldSpec("items", "list")),
    FactType.QUANTITY: _spec(
        FieldSpec("metric", required=True),
        FieldSpec("value", "number", required=True),
        FieldSpec("unit"),
    ),
}


def field_specs(kind: str, values: Mapping[str, Any] | None = None) -> list[FieldSpec]:
    """The fields a fact of this type is edited by: the type's own, then any others it has."""
    specs = list(FIELD_SPECS.get(kind, ()))
    known = {spec.name for spec in specs}
    for name, value in (values or {}).items():
        if name not in known:
            kind_of = "list" if isinstance(value, list) else "text"
            specs.append(FieldSpec(name, kind_of))
    return specs


def _parse_value(spec: FieldSpec, raw: Any) -> Any:
    """One field's value from what a person typed (or an API sent); raises ValueError with
    the message to show."""
    if raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []:
        if spec.required:
            raise ValueError(_("This field is required."))
        return None
    if spec.kind == "int":
        if isinstance(raw, bool):
            raise ValueError(_("Enter a whole number."))
        try:
            number = int(str(raw).strip().replace(",", ""))
        except ValueError as exc:
            raise ValueError(_("Enter a whole number.")) from exc
        if number < 0:
            raise ValueError(_("Enter a number of zero or more."))
        return number
    if spec.kind == "number":
        if isinstance(raw, bool):
            raise ValueError(_("Enter a number."))
        try:
            number = float(str(raw).strip().replace(",", ""))
        except ValueError as exc:
            raise ValueError(_("Enter a number.")) from exc
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(_("Enter a number."))
        return int(number) if number.is_integer() else number
    if spec.kind == "date":
        text = str(raw).strip()
        parts = text.split("/")
        if len(parts) > 2 or not all(_DATE.fullmatch(part) for part in parts):
            raise ValueError(_("Write the date as YYYY-MM-DD, YYYY-MM, or a range A/B."))
        return text
    if spec.kind == "choice":
        text = str(raw).strip()
        if text not in spec.choices:
            raise ValueError(
                _("Choose one of: %(choices)s.") % {"choices": ", ".join(spec.choices)}
            )
        return text
    if spec.kind == "list":
        items = raw if isinstance(raw, list) else re.split(r"[,，、;；\n]+", str(raw))
        return [str(item).strip() for item in items if str(item).strip()]
    if isinstance(raw, dict | list):
        raise ValueError(_("Enter text."))
    return str(raw).strip()[:500]


def clean_fields(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a fact's corrected fields; field-level messages in a ValidationError."""
    specs = field_specs(kind, data)
    known = {spec.name for spec in specs}
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for spec in specs:
        try:
            value = _parse_value(spec, data.get(spec.name))
        except ValueError as exc:
            errors[spec.name] = str(exc)
            continue
        if value is not None:
            cleaned[spec.name] = value
    unknown = [name for name in data if name not in known]
    for name in unknown:
        errors[name] = _("Unknown field.")
    if errors:
        raise ValidationError(errors)
    return cleaned


# ---- Adding and reading articles -------------------------------------------------------------


def _reader() -> Any:
    """The text reader, imported when first needed (it loads dictionaries)."""
    from zonetrack.articles import text

    return text


def encoding_of(data: bytes, filename: str) -> str:
    """A short name of how a file's text was encoded, for the record."""
    suffix = PurePath(filename.lower()).suffix
    if suffix == ".docx":
        return "docx"
    for name in ("utf-8", "gb18030"):
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        return name
    return ""


def _default_title(text: str, filename: str) -> str:
    if filename:
        return PurePath(filename).stem[:200]
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line[:60]
    return gettext_lazy("Untitled article")


def creatable_organisations(user: Any) -> list[Organisation]:
    """The organisations the user may add articles to (and so own their facts)."""
    candidates = access.visible(Organisation.objects.active(), user).order_by("path")
    return [organisation for organisation in candidates if access.can_create_in(user, organisation)]


def default_organisation(user: Any) -> Organisation | None:
    """The organisation an article of this user belongs to unless they choose: the first one
    of their own that they may add articles to."""
    for membership in sorted(access.memberships(user), key=lambda m: m.organisation.path):
        if access.can_create_in(user, membership.organisation):
            return membership.organisation
    return None


@transaction.atomic
def article_create(
    *,
    actor: Any,
    organisation: Organisation,
    title: str = "",
    text: str = "",
    data: bytes | None = None,
    filename: str = "",
    source_url: str = "",
    published_on: date | None = None,
    run: Callable[[int], None] | None = None,
) -> Article:
    """Add an article from pasted text or an uploaded file's bytes, and have it read.

    Short texts are read at once, and refused with the reader's message on the field they came
    from (``file`` or ``text``) when unreadable; nothing is saved then. Long ones are saved as
    "processing" and read by a background job after the save (``run`` replaces the job)."""
    if not access.can_create_in(actor, organisation):
        raise PermissionDenied
    reader = _reader()
    encoding = ""
    field = "text"
    if data is not None:
        field = "file"
        suffix = PurePath(filename.lower()).suffix
        if suffix not in UPLOAD_TYPES:
            raise ValidationError({"file": _("Upload a .txt, .html or .docx file.")})
        if len(data) > MAX_UPLOAD_BYTES:
            raise ValidationError(
                {"file": _("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES >> 20}}
            )
        try:
            text = reader.decode(data, filename)
        except reader.UnreadableInput as exc:
            raise ValidationError({"file": shown_note(exc.note)}) from exc
        encoding = encoding_of(data, filename)
    text = (text or "").replace("\x00", "")
    if not text.strip():
        raise ValidationError({field: _("The article has no text.")})
    if len(text) > reader.MAX_CHARS:
        raise ValidationError(
            {
                field: _("The article is longer than %(n)s characters; split it into parts.")
                % {"n": f"{reader.MAX_CHARS:,}"}
            }
        )
    reading = None
    if run is None and len(text) <= INLINE_MAX_CHARS:
        try:
            reading = reader.read(text, pub_date=published_on, zones=zone_gazetteer())
        except reader.UnreadableInput as exc:
            raise ValidationError({field: shown_note(exc.note)}) from exc
    article = Article(
        organisation=organisation,
        title=(title or "").strip()[:200] or str(_default_title(text, filename)),
        source_url=(source_url or "").strip(),
        filename=PurePath(filename).name[:255] if filename else "",
        encoding=encoding,
        raw_text=text,
        published_on=published_on,
        status=ArticleStatus.PROCESSING,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    article = tracked_create(
        actor=actor, obj=article, check=lambda fresh: access.can_view(actor, fresh)
    )
    if reading is not None:
        return _store_reading(article, reading)
    if run is not None:
        run(article.pk)
    else:
        from .tasks import read_article

        pk = article.pk
        transaction.on_commit(lambda: read_article(pk))
    return article


def zone_gazetteer() -> list[str]:
    """Names of the registry's zones, which the reader recognises besides its own list."""
    return list(Zone.objects.active().values_list("name", flat=True).distinct())


def article_read(*, article_id: int) -> Article | None:
    """Read an article that waits for it: clean text, damaged spans, repairs and proposed facts.

    Runs as zonetrack itself (no person); a failure is recorded on the article with a message
    the person can act on, and never leaves it waiting forever."""
    article = Article.objects.filter(pk=article_id, status=ArticleStatus.PROCESSING).first()
    if article is None:
        return None
    reader = _reader()
    try:
        reading = reader.read(
            article.raw_text, pub_date=article.published_on, zones=zone_gazetteer()
        )
    except reader.UnreadableInput as exc:
        return _fail(article, shown_note(exc.note))
    except Exception:
        logger.exception("Reading article %s failed", article_id)
        return _fail(article, _("The text could not be read; the error has been logged."))
    return _store_reading(article, reading)


def _fail(article: Article, message: str) -> Article:
    return tracked_update(
        actor=None,
        obj=article,
        changes={
            "status": ArticleStatus.FAILED,
            "failure": message[:2000],
            "processed_at": timezone.now(),
        },
    )


@transaction.atomic
def _store_reading(article: Article, reading: Any) -> Article:
    known = set(FactType.values)
    length = len(reading.clean_text)
    facts = [
        Fact(
            article=article,
            kind=fact.type,
            fields=dict(fact.fields),
            quote=fact.quote,
            start=max(0, min(fact.start, length)),
            end=max(0, min(max(fact.end, fact.start), length)),
            confidence=max(0.0, min(1.0, float(fact.confidence))),
        )
        for fact in reading.facts
        if fact.type in known
    ]
    created = bulk_insert(Fact, facts, batch_size=500)
    record_created(actor=None, objs=created)
    # The reader's products are kept out of the change history (Article.history_exclude), so
    # they are stored directly; the status change below is the tracked record of the reading.
    products = {
        "clean_text": reading.clean_text,
        "damaged_spans": [[int(start), int(end)] for start, end in reading.damaged_spans],
        "repairs": [dataclasses.asdict(repair) for repair in reading.repairs],
        # Kept as template and values, to be shown in each reader's language.
        "warnings": [
            {
                "template": getattr(note, "template", str(note)),
                "values": getattr(note, "values", {}),
            }
            for note in reading.warnings
        ],
    }
    Article.objects.filter(pk=article.pk).update(**products)
    for name, value in products.items():
        setattr(article, name, value)
    changes: dict[str, Any] = {
        "status": ArticleStatus.READY if created else ArticleStatus.REVIEWED,
        "failure": "",
        "processed_at": timezone.now(),
    }
    if article.published_on is None and reading.pub_date is not None:
        changes["published_on"] = reading.pub_date
    return tracked_update(actor=None, obj=article, changes=changes)


def article_archive(
    *, actor: Any, article: Article, expected_version: int | None = None
) -> Article:
    """Hide an article (and with it its facts on zone pages); it can be restored."""
    if not access.can_change(actor, article):
        raise PermissionDenied
    return tracked_archive(actor=actor, obj=article, expected_version=expected_version)


def article_restore(*, actor: Any, article: Article) -> Article:
    if not access.can_change(actor, article):
        raise PermissionDenied
    return tracked_restore(actor=actor, obj=article)


# ---- Reviewing facts ------------------------------------------------------------------------


def _check_fact(actor: Any, fact: Fact) -> None:
    if not access.can_change(actor, fact):
        raise PermissionDenied
    if fact.article.is_archived or fact.is_archived:
        raise ValidationError(_("This article is archived; restore it to review its facts."))


@transaction.atomic
def fact_review(
    *,
    actor: Any,
    fact: Fact,
    action: str,
    fields: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
) -> Fact:
    """Accept a fact as read, accept it with corrected fields ("edit"), or reject it.

    A rejected fact leaves any zone it was attached to. When no proposed fact is left, the
    article counts as reviewed."""
    _check_fact(actor, fact)
    changes: dict[str, Any] = {
        "reviewed_by": actor if getattr(actor, "pk", None) else None,
        "reviewed_at": timezone.now(),
    }
    if action == "accept":
        changes.update(review=Review.ACCEPTED, edited_fields=None)
    elif action == "reject":
        changes.update(review=Review.REJECTED, zone=None)
    elif action == "edit":
        cleaned = clean_fields(fact.kind, fields or {})
        if cleaned == fact.fields:
            changes.update(review=Review.ACCEPTED, edited_fields=None)
        else:
            changes.update(review=Review.EDITED, edited_fields=cleaned)
    else:
        raise ValidationError(
            {"action": _("Choose one of: %(choices)s.") % {"choices": ", ".join(ACTIONS)}}
        )
    fact = tracked_update(
        actor=actor,
        obj=fact,
        changes=changes,
        expected_version=expected_version,
        check=lambda fresh: access.can_change(actor, fresh),
    )
    _settle(actor, fact.article)
    return fact


def _settle(actor: Any, article: Article) -> None:
    """Mark an article reviewed once none of its facts waits for a decision."""
    if article.status != ArticleStatus.READY:
        return
    waiting = Fact.objects.active().filter(article=article, review=Review.PROPOSED).exists()
    if not waiting:
        fresh = Article.objects.get(pk=article.pk)
        tracked_update(actor=actor, obj=fresh, changes={"status": ArticleStatus.REVIEWED})
        article.status, article.version = fresh.status, fresh.version


def can_attach_to(user: Any, zone: Zone) -> bool:
    """Facts go onto the pages of zones the person may change."""
    return not zone.is_archived and access.can_change(user, zone)


@transaction.atomic
def fact_attach(
    *, actor: Any, fact: Fact, zone: Zone | None, expected_version: int | None = None
) -> Fact:
    """Attach an accepted fact to a zone (or detach it with ``zone=None``), the article being
    its source. Only accepted facts, and only zones the person may change."""
    _check_fact(actor, fact)
    if zone is not None:
        if fact.review not in ACCEPTED_STATES:
            raise ValidationError({"zone": _("Accept the fact before attaching it to a zone.")})
        if not can_attach_to(actor, zone):
            raise ValidationError({"zone": _("You may not attach facts to this zone.")})
    return tracked_update(
        actor=actor,
        obj=fact,
        changes={"zone": zone},
        expected_version=expected_version,
        check=lambda fresh: access.can_change(actor, fresh),
    )


def facts_attach(*, actor: Any, article: Article, zone: Zone) -> int:
    """Attach every accepted, not yet attached fact of an article to one zone; how many."""
    facts = Fact.objects.active().filter(
        article=article, review__in=ACCEPTED_STATES, zone__isnull=True
    )
    count = 0
    with transaction.atomic():
        for fact in facts.select_related("article"):
            fact_attach(actor=actor, fact=fact, zone=zone)
            count += 1
    return count
