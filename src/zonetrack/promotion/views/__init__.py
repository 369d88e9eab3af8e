"""Pages of promotion, by subdomain: leads, enquiries and events; outbound trips. Every view
is re-exported here."""

from .leads import (
    EnquiryCloseView,
    EnquiryCreateView,
    EnquiryListView,
    EnquiryRespondView,
    EventCreateView,
    EventDetailView,
    EventListView,
    InteractionCreateView,
    LeadBoardView,
    LeadConvertView,
    LeadCreateView,
    LeadDetailView,
    LeadListView,
    LeadStatusView,
    MyLeadsView,
    NextActionView,
)
from .trips import TripCreateView, TripDetailView, TripListView

__all__ = [
    "EnquiryCloseView",
    "EnquiryCreateView",
    "EnquiryListView",
    "EnquiryRespondView",
    "EventCreateView",
    "EventDetailView",
    "EventListView",
    "InteractionCreateView",
    "LeadBoardView",
    "LeadConvertView",
    "LeadCreateView",
    "LeadDetailView",
    "LeadListView",
    "LeadStatusView",
    "MyLeadsView",
    "NextActionView",
    "TripCreateView",
    "TripDetailView",
    "TripListView",
]
