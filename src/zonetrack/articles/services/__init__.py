"""Writes of the articles app: add an article, read it (inline or as a job), review its facts
and attach accepted ones to a zone. Every write is tracked; nothing is deleted.

``articles`` adds, reads, archives and restores articles; ``facts`` reviews and attaches facts;
``fields`` describes and validates the fields of each fact type.
"""

from .articles import (
    INLINE_MAX_CHARS,
    MAX_UPLOAD_BYTES,
    UPLOAD_TYPES,
    article_archive,
    article_create,
    article_read,
    article_restore,
    encoding_of,
)
from .facts import ACTIONS, fact_attach, fact_review, facts_attach
from .fields import AMOUNT_STATUSES, FIELD_SPECS, QUALIFIERS, FieldSpec, clean_fields, field_specs

__all__ = [
    "ACTIONS",
    "AMOUNT_STATUSES",
    "FIELD_SPECS",
    "INLINE_MAX_CHARS",
    "MAX_UPLOAD_BYTES",
    "QUALIFIERS",
    "UPLOAD_TYPES",
    "FieldSpec",
    "article_archive",
    "article_create",
    "article_read",
    "article_restore",
    "clean_fields",
    "encoding_of",
    "fact_attach",
    "fact_review",
    "facts_attach",
    "field_specs",
]
