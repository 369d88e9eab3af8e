"""Models of promotion, by subdomain: leads, enquiries, events and outbound trips; incentive
agreements. Every model is re-exported here."""

from .incentives import Agreement, Condition, ConditionCheck, IncentiveFollowUp, Payment, Promise
from .leads import Channel, Enquiry, Event, EventSigning, Interaction, Lead, Region, Trip

__all__ = [
    "Agreement",
    "Channel",
    "Condition",
    "ConditionCheck",
    "Enquiry",
    "Event",
    "EventSigning",
    "IncentiveFollowUp",
    "Interaction",
    "Lead",
    "Payment",
    "Promise",
    "Region",
    "Trip",
]
