"""Fact extraction from cleaned Simplified Chinese text, one module per kind of fact.

Rules, not models: sentences are split on 。！？ and line breaks, clauses on ，；：. Each fact
carries the clause (or clauses) that support it, sliced from the cleaned text, so its quote is
always verbatim. Facts whose quote touches □ (characters lost in the source) get low confidence.

``context`` holds the text being read and ``names`` the reading of proper names; each other
module finds one kind of fact (``figures`` reads a sentence's money, percentages, ranks and
counts through ``amounts`` and ``projects``); ``facts.extract`` runs them all.
"""

from __future__ import annotations

from .clusters import find_clusters
from .context import CLAUSE_END, CLAUSE_REACH, HAN, MAJOR_SUFFIXES, SENTENCE_END, WINDOW, Context
from .dates import find_dates
from .facts import extract
from .figures import find_figures
from .names import LEAD_WORDS
from .organisations import ORG_SUFFIXES, find_organisations
from .projects import COUNT_UNITS, STATUS_WORDS
from .quantities import AREA_UNITS, find_quantities
from .targets import TARGET_MARKERS, find_goals, target_at
from .zones import ZONE_SUFFIXES, find_zones

__all__ = [
    "AREA_UNITS",
    "CLAUSE_END",
    "CLAUSE_REACH",
    "COUNT_UNITS",
    "HAN",
    "LEAD_WORDS",
    "MAJOR_SUFFIXES",
    "ORG_SUFFIXES",
    "SENTENCE_END",
    "STATUS_WORDS",
    "TARGET_MARKERS",
    "WINDOW",
    "ZONE_SUFFIXES",
    "Context",
    "extract",
    "find_clusters",
    "find_dates",
    "find_figures",
    "find_goals",
    "find_organisations",
    "find_quantities",
    "find_zones",
    "target_at",
]
