"""Choices of the dispatch app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.core.badges import badge_colours


class ProblemCategory(models.TextChoices):
    LAND = "land", _("Land")
    FUNDING = "funding", _("Funding")
    APPROVAL = "approval", _("Approvals and permits")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    POWER = "power", _("Power and energy")
    ENVIRONMENT = "environment", _("Environment")
    LABOUR = "labour", _("Labour")
    OTHER = "other", _("Other")


class ProblemStatus(models.TextChoices):
    """The closed loop: 交办 → 办理 → 反馈 → 销号."""

    ASSIGNED = "assigned", _("Assigned")
    IN_HAND = "in_hand", _("In hand")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


badge_colours(
    ProblemStatus,
    {
        ProblemStatus.ASSIGNED: "bg-blue-lt",
        ProblemStatus.IN_HAND: "bg-orange-lt",
        ProblemStatus.ANSWERED: "bg-purple-lt",
        ProblemStatus.CLOSED: "bg-green-lt",
    },
)


OPEN_STATUSES = [ProblemStatus.ASSIGNED, ProblemStatus.IN_HAND, ProblemStatus.ANSWERED]


class EscalationLevel(models.IntegerChoices):
    """Who a problem is up to: the zone, then the city, then the province."""

    ZONE = 0, _("Zone")
    CITY = 1, _("City")
    PROVINCE = 2, _("Province")


class EventKind(models.TextChoices):
    """What happened to a problem; the API's event verbs are the first five after raise."""

    RAISE = "raise", _("Raised")
    ASSIGN = "assign", _("Assigned")
    START = "start", _("Taken in hand")
    ANSWER = "answer", _("Answered")
    ACCEPT = "accept", _("Accepted and closed")
    REJECT = "reject", _("Answer rejected")
    ESCALATE = "escalate", _("Escalated")
    AUTO_ESCALATE = "auto_escalate", _("Escalated automatically")
    URGE = "urge", _("Urged")
    SUPERVISE = "supervise", _("Supervision order issued")
    INSTRUCT = "instruct", _("Instruction written")
    CLOSE_ESCALATION = "close_escalation", _("Escalation closed")
    EXTENSION_ASK = "extension_ask", _("Extension asked")
    EXTENSION_GRANT = "extension_grant", _("Extension granted")
    EXTENSION_REFUSE = "extension_refuse", _("Extension refused")
    EDIT = "edit", _("Edited")


EVENT_VERBS = ["assign", "start", "answer", "accept", "reject", "escalate"]


class Colour(models.TextChoices):
    """Three-colour warning (三色预警)."""

    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


badge_colours(Colour, {Colour.GREEN: "bg-green", Colour.YELLOW: "bg-yellow", Colour.RED: "bg-red"})

# Urgency of a colour: lists put red first, then yellow.
COLOUR_RANK = {Colour.GREEN: 0, Colour.YELLOW: 1, Colour.RED: 2}


class ColourRuleKind(models.TextChoices):
    """The rules a project's colour is the worst of; each is one row of ``ColourRule``."""

    MILESTONE_LATE = "milestone_late", _("Planned node missed")
    INVESTMENT_LAG = "investment_lag", _("Investment behind the time elapsed")
    PROBLEM_OVERDUE = "problem_overdue", _("Overdue open problems")
    REPORT_MISSING = "report_missing", _("Monthly report missing")


class AlertKind(models.TextChoices):
    MILESTONE_OVERDUE = "milestone_overdue", _("Milestone overdue")
    REPORT_MISSING = "report_missing", _("Monthly report missing")
    PROBLEM_OVERDUE = "problem_overdue", _("Problem overdue")
    PROBLEM_URGED = "problem_urged", _("Problem urged")


class AgendaReason(models.TextChoices):
    OVERDUE = "overdue", _("Late (red)")
    BLOCKED = "blocked", _("Blocked by open problems")
    CHOSEN = "chosen", _("Chosen")


class DecisionKind(models.TextChoices):
    NOTE = "note", _("Note")
    PROBLEM = "problem", _("New problem")
    MILESTONE = "milestone", _("New milestone")
