"""Writes of promotion, by subdomain: leads, enquiries and events; outbound trips; incentive
agreements; industry-chain maps. Every name is re-exported here."""

from .chains import (
    chain_firm_add,
    chain_firm_set_leader,
    chain_record_archive,
    chain_record_restore,
    project_place,
    target_firm_add,
)
from .checks import CheckRun, conditions_check_due
from .incentives import (
    ConditionDraft,
    PromiseDraft,
    agreement_create,
    condition_check,
    incentive_follow_up_close,
    paid_on_promise,
    payment_record,
)
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
    "CheckRun",
    "ConditionDraft",
    "PromiseDraft",
    "agreement_create",
    "chain_firm_add",
    "chain_firm_set_leader",
    "chain_record_archive",
    "chain_record_restore",
    "condition_check",
    "conditions_check_due",
    "enquiry_close",
    "enquiry_create",
    "enquiry_respond",
    "event_create",
    "event_sign",
    "incentive_follow_up_close",
    "interaction_add",
    "lead_convert",
    "lead_create",
    "lead_set_next_action",
    "lead_set_status",
    "paid_on_promise",
    "payment_record",
    "project_place",
    "target_firm_add",
    "trip_create",
    "trip_visit",
]
