"""Writes of rankings, split by subdomain: schemes (and templates), rankings (compute,
publish, supersede), and the panel's scores and scored events. Every service is re-exported."""

from .entries import event_record, panel_score_set, panel_scores_set
from .rankings import (
    meta_of,
    preview,
    ranking_compute,
    ranking_inputs,
    ranking_publish,
    recompute,
)
from .schemes import (
    CategoryDraft,
    ItemDraft,
    SchemeDraft,
    check_draft,
    draft_of,
    scheme_save,
    template_draft,
    template_load,
    weight_sums,
)

__all__ = [
    "CategoryDraft",
    "ItemDraft",
    "SchemeDraft",
    "check_draft",
    "draft_of",
    "event_record",
    "meta_of",
    "panel_score_set",
    "panel_scores_set",
    "preview",
    "ranking_compute",
    "ranking_inputs",
    "ranking_publish",
    "recompute",
    "scheme_save",
    "template_draft",
    "template_load",
    "weight_sums",
]
