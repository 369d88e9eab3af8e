"""Writes of promotion, by subdomain: leads, enquiries and events; outbound trips. Every name
is re-exported here."""

from .leads import (
    enquiry_close,
    enquiry_create,
    enquiry_respond,
    event_create,
    event_sign,
    interaction_add,
    lead_convert,
    lead_create,
    lead_set_next_action,
    lead_set_status,
)
from .trips import trip_create, trip_visit

__all__ = [
    "enquiry_close",
    "enquiry_create",
    "enquiry_respond",
    "event_create",
    "event_sign",
    "interaction_add",
    "lead_convert",
    "lead_create",
    "lead_set_next_action",
    "lead_set_status",
    "trip_create",
    "trip_visit",
]
