"""Pages of land, by subdomain: parcels and the land map, per-mu evaluation, thresholds,
matching, the commitment ledger."""

from .commitments import (
    CommitmentCreateView,
    CommitmentDetailView,
    CommitmentListView,
    FollowUpCloseView,
)
from .idle import IdleDecideView, IdleListView
from .matching import ProjectLandView
from .parcels import (
    ParcelArchiveView,
    ParcelCreateView,
    ParcelDetailView,
    ParcelEditView,
    ParcelExportView,
    ParcelImportView,
    ParcelListView,
    ParcelStatusView,
    ZoneLandMapDataView,
    ZoneLandMapView,
)
from .permu import (
    EvaluationCreateView,
    EvaluationDetailView,
    EvaluationEditView,
    EvaluationExportView,
    EvaluationListView,
    EvaluationStepView,
    FirmImportView,
    ObjectionCreateView,
    ObjectionDecideView,
)
from .thresholds import ProjectCheckView, ThresholdCreateView, ThresholdListView

__all__ = [
    "CommitmentCreateView",
    "CommitmentDetailView",
    "CommitmentListView",
    "EvaluationCreateView",
    "EvaluationDetailView",
    "EvaluationEditView",
    "EvaluationExportView",
    "EvaluationListView",
    "EvaluationStepView",
    "FirmImportView",
    "FollowUpCloseView",
    "IdleDecideView",
    "IdleListView",
    "ObjectionCreateView",
    "ObjectionDecideView",
    "ParcelArchiveView",
    "ParcelCreateView",
    "ParcelDetailView",
    "ParcelEditView",
    "ParcelExportView",
    "ParcelImportView",
    "ParcelListView",
    "ParcelStatusView",
    "ProjectCheckView",
    "ProjectLandView",
    "ThresholdCreateView",
    "ThresholdListView",
    "ZoneLandMapDataView",
    "ZoneLandMapView",
]
