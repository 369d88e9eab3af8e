"""Pages of rankings, split by what they show: schemes, a ranking and its explanations, and
the entry of panel scores and events. Every view is re-exported here."""

from .entries import EventListView, PanelScoreView, panel_cell
from .rankings import (
    ItemExplanationView,
    RankChangeView,
    RankingCompareView,
    RankingDetailView,
    RankingDriftView,
    RankingExportView,
    RankingPrintView,
    RankingPublishView,
)
from .schemes import (
    RankingComputeView,
    SchemeDetailView,
    SchemeEditView,
    SchemeListView,
    SchemeTemplateView,
)

__all__ = [
    "EventListView",
    "ItemExplanationView",
    "PanelScoreView",
    "RankChangeView",
    "RankingCompareView",
    "RankingComputeView",
    "RankingDetailView",
    "RankingDriftView",
    "RankingExportView",
    "RankingPrintView",
    "RankingPublishView",
    "SchemeDetailView",
    "SchemeEditView",
    "SchemeListView",
    "SchemeTemplateView",
    "panel_cell",
]
