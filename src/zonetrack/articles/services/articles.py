"""Adding articles, reading them (inline or as a background job), archiving and restoring them.
Every write is tracked; nothing is deleted."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import date
from pathlib import PurePath
from types import ModuleType
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts.models import Organisation
from zonetrack.audit.services import (
    actor_user,
    tracked_archive,
    tracked_bulk_create,
    tracked_create,
    tracked_restore,
    tracked_update,
)

from .. import permissions
from ..models import Article, ArticleStatus, Fact, FactType, shown_note
from ..selectors import zone_gazetteer

if TYPE_CHECKING:
    from zonetrack.accounts.models import User

    from ..text import Reading

logger = logging.getLogger(__name__)

# The largest file accepted for upload; the reader caps the characters it reads on its own.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_TYPES = (".txt", ".html", ".htm", ".docx")
# Texts up to this length are read while the person waits; longer ones by a background job.
INLINE_MAX_CHARS = 8_000


def _reader() -> ModuleType:
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
    return _("Untitled article")


@transaction.atomic
def article_create(
    *,
    actor: User | None,
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
    if not permissions.can_ingest_article(actor, organisation):
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
        created_by=actor_user(actor),
    )
    article = tracked_create(
        actor=actor, obj=article, check=lambda fresh: permissions.can_view_article(actor, fresh)
    )
    if reading is not None:
        return _store_reading(article, reading)
    if run is not None:
        run(article.pk)
    else:
        from ..tasks import read_article

        pk = article.pk
        transaction.on_commit(lambda: read_article(pk))
    return article


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
def _store_reading(article: Article, reading: Reading) -> Article:
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
    created = tracked_bulk_create(Fact, facts, actor=None, batch_size=500)
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
    *, actor: User | None, article: Article, expected_version: int | None = None
) -> Article:
    """Hide an article (and with it its facts on zone pages); it can be restored."""
    if not permissions.can_archive_article(actor, article):
        raise PermissionDenied
    return tracked_archive(actor=actor, obj=article, expected_version=expected_version)


def article_restore(*, actor: User | None, article: Article) -> Article:
    """Show an archived article (and its facts on zone pages) again."""
    if not permissions.can_archive_article(actor, article):
        raise PermissionDenied
    return tracked_restore(actor=actor, obj=article)
