"""Models of promotion, by subdomain: leads, enquiries, events and outbound trips; incentive
agreements; industry chains. Every model is re-exported here."""

from .chains import Chain, ChainFirm, ChainNode, ChainPlacement, TargetFirm
from .incentives import Agreement, Condition, ConditionCheck, IncentiveFollowUp, Payment, Promise
from .leads import Channel, Enquiry, Event, EventSigning, Interaction, Lead, Region, Trip

__all__ = [
    "Agreement",
    "Chain",
    "ChainFirm",
    "ChainNode",
    "ChainPlacement",
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
    "TargetFirm",
    "Trip",
]
