"""Pages of land, by subdomain: parcels and the land map, per-mu evaluation, thresholds,
matching, the commitment ledger."""

from .commitments import (
    CommitmentCreateView,
    CommitmentDetailView,
    CommitmentListView,
    FollowUpCloseView,
)
from .factories import (
    BuildingCreateView,
    FactoryDetailView,
    FactoryListView,
    ProjectFactoryView,
    UnitCreateView,
    UnitLeaseView,
    UnitVacateView,
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
    "BuildingCreateView",
    "CommitmentCreateView",
    "CommitmentDetailView",
    "CommitmentListView",
    "EvaluationCreateView",
    "EvaluationDetailView",
    "EvaluationEditView",
    "EvaluationExportView",
    "EvaluationListView",
    "EvaluationStepView",
    "FactoryDetailView",
    "FactoryListView",
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
    "ProjectFactoryView",
    "ProjectLandView",
    "ThresholdCreateView",
    "ThresholdListView",
    "UnitCreateView",
    "UnitLeaseView",
    "UnitVacateView",
    "ZoneLandMapDataView",
    "ZoneLandMapView",
]
