"""Models of land, by subdomain: parcels and their status changes, per-mu evaluation,
entry thresholds and project checks."""

from .parcels import MAX_PARCEL_MU, Parcel, ParcelStatusChange
from .permu import Evaluation, FirmYear, Objection
from .thresholds import Threshold, ThresholdCheck

__all__ = [
    "MAX_PARCEL_MU",
    "Evaluation",
    "FirmYear",
    "Objection",
    "Parcel",
    "ParcelStatusChange",
    "Threshold",
    "ThresholdCheck",
]
