"""Pages of promotion, by subdomain: leads, enquiries and events; outbound trips;
incentive agreements. Every view is re-exported here."""

from .incentives import (
    AgreementCreateView,
    AgreementDetailView,
    AgreementListView,
    ConditionCheckView,
    IncentiveFollowUpCloseView,
    PaymentCreateView,
)
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
    "AgreementCreateView",
    "AgreementDetailView",
    "AgreementListView",
    "ConditionCheckView",
    "EnquiryCloseView",
    "EnquiryCreateView",
    "EnquiryListView",
    "EnquiryRespondView",
    "EventCreateView",
    "EventDetailView",
    "EventListView",
    "IncentiveFollowUpCloseView",
    "InteractionCreateView",
    "LeadBoardView",
    "LeadConvertView",
    "LeadCreateView",
    "LeadDetailView",
    "LeadListView",
    "LeadStatusView",
    "MyLeadsView",
    "NextActionView",
    "PaymentCreateView",
    "TripCreateView",
    "TripDetailView",
    "TripListView",
]
