"""Problems and their events, three-colour warnings, meetings (alerts, notifications and
webhooks are the notices app's).

Split by subdomain, like the projects app's models; every model is re-exported here.
"""

from ..attachments import InstructionAttachment
from .colours import ColourChange, ColourRule, ColourStatus
from .meetings import AgendaItem, Decision, Meeting
from .problems import Problem, ProblemEvent

__all__ = [
    "AgendaItem",
    "ColourChange",
    "ColourRule",
    "ColourStatus",
    "Decision",
    "InstructionAttachment",
    "Meeting",
    "Problem",
    "ProblemEvent",
]
