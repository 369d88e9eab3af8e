"""Models of land, by subdomain: parcels and their status changes, per-mu evaluation."""

from .parcels import MAX_PARCEL_MU, Parcel, ParcelStatusChange
from .permu import Evaluation, FirmYear, Objection

__all__ = [
    "MAX_PARCEL_MU",
    "Evaluation",
    "FirmYear",
    "Objection",
    "Parcel",
    "ParcelStatusChange",
]
