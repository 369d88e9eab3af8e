"""Problems and their events, three-colour warnings, alerts and notifications, meetings.

Split by subdomain, like the projects app's models; every model is re-exported here.
"""

from ..attachments import InstructionAttachment
from .colours import ColourChange, ColourRule, ColourStatus
from .meetings import AgendaItem, Decision, Meeting
from .notices import Alert, Delivery, Notification, Webhook
from .problems import Problem, ProblemEvent

__all__ = [
    "AgendaItem",
    "Alert",
    "ColourChange",
    "ColourRule",
    "ColourStatus",
    "Decision",
    "Delivery",
    "InstructionAttachment",
    "Meeting",
    "Notification",
    "Problem",
    "ProblemEvent",
    "Webhook",
]
