"""Forms of land, by subdomain: parcels; per-mu evaluation and entry thresholds. Every name
is re-exported here."""

from .commitments import (
    CommitmentCheckForm,
    CommitmentForm,
    FollowUpCloseForm,
    IdleDecisionForm,
    IdleFilterForm,
)
from .factories import BuildingForm, LeaseForm, UnitForm, VacateForm
from .parcels import (
    OutlineField,
    ParcelFilterForm,
    ParcelForm,
    ParcelImportForm,
    ParcelStatusForm,
)
from .permu import (
    INDICATOR_LABELS,
    CheckForm,
    DecisionForm,
    EvaluationForm,
    FirmImportForm,
    ObjectionForm,
    StepForm,
    ThresholdForm,
)

__all__ = [
    "INDICATOR_LABELS",
    "BuildingForm",
    "CheckForm",
    "CommitmentCheckForm",
    "CommitmentForm",
    "DecisionForm",
    "EvaluationForm",
    "FirmImportForm",
    "FollowUpCloseForm",
    "IdleDecisionForm",
    "IdleFilterForm",
    "LeaseForm",
    "ObjectionForm",
    "OutlineField",
    "ParcelFilterForm",
    "ParcelForm",
    "ParcelImportForm",
    "ParcelStatusForm",
    "StepForm",
    "ThresholdForm",
    "UnitForm",
    "VacateForm",
]
