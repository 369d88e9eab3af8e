"""Pages of promotion, by subdomain: leads, enquiries and events; outbound trips;
incentive agreements; industry-chain maps. Every view is re-exported here."""

from .chains import (
    ChainFirmArchiveView,
    ChainFirmCreateView,
    ChainIndexView,
    ChainMapView,
    PlacementView,
    TargetFirmArchiveView,
    TargetFirmCreateView,
)
from .enquiries import (
    EnquiryCloseView,
    EnquiryCreateView,
    EnquiryListView,
    EnquiryRespondView,
    EventCreateView,
    EventDetailView,
    EventListView,
)
from .incentives import (
    AgreementCreateView,
    AgreementDetailView,
    AgreementListView,
    ConditionCheckView,
    IncentiveFollowUpCloseView,
    PaymentCreateView,
)
from .leads import (
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
from .overview import OverviewView
from .trips import TripCreateView, TripDetailView, TripListView

__all__ = [
    "AgreementCreateView",
    "AgreementDetailView",
    "AgreementListView",
    "ChainFirmArchiveView",
    "ChainFirmCreateView",
    "ChainIndexView",
    "ChainMapView",
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
    "OverviewView",
    "PaymentCreateView",
    "PlacementView",
    "TargetFirmArchiveView",
    "TargetFirmCreateView",
    "TripCreateView",
    "TripDetailView",
    "TripListView",
]
