"""Models of land, by subdomain: parcels and their status changes, per-mu evaluation,
entry thresholds and project checks, the commitment ledger, idle-land decisions, standard
factories."""

from .commitments import Commitment, CommitmentCheck, FollowUp
from .factories import FactoryBuilding, FactoryUnit
from .idle import IdleDecision
from .parcels import MAX_PARCEL_MU, Parcel, ParcelStatusChange
from .permu import Evaluation, FirmYear, Objection
from .thresholds import Threshold, ThresholdCheck

__all__ = [
    "MAX_PARCEL_MU",
    "Commitment",
    "CommitmentCheck",
    "Evaluation",
    "FactoryBuilding",
    "FactoryUnit",
    "FirmYear",
    "FollowUp",
    "IdleDecision",
    "Objection",
    "Parcel",
    "ParcelStatusChange",
    "Threshold",
    "ThresholdCheck",
]
