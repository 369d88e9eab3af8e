"""Choices of the targets app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.core.badges import badge_colours


class Direction(models.TextChoices):
    """Which way an indicator is good: most are "higher is better"; energy per unit of output
    is "lower is better" and is judged the other way round."""

    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Period(models.TextChoices):
    """How often an indicator's value is reported."""

    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    YEAR = "year", _("Yearly")


class Source(models.TextChoices):
    """Where an indicator's actual value comes from."""

    REPORTED = "reported", _("Reported statistic")
    COMPUTED = "computed", _("Computed from projects")
    DERIVED = "derived", _("Derived from another indicator")


class Computation(models.TextChoices):
    """How a computed indicator is counted from zonetrack's own records (a kind with
    parameters, not code per indicator)."""

    NONE = "", _("Not computed")
    STAGE_REACHED = "stage_reached", _("Projects reaching a stage in the year")
    SIGNED_INVESTMENT = "signed_investment", _("Total investment of the projects reaching a stage")
    COMPLETED_INVESTMENT = "completed_investment", _("Investment completed (monthly reports)")
    REPORTS_ON_TIME = "reports_on_time", _("Share of monthly reports filed on time")
    DAYS_TO_START = "days_to_start", _("Average days from signing to start")
    START_RATE = "start_rate", _("Start rate: planned starts of the year started")
    INVESTMENT_RATE = "investment_rate", _("Investment completion rate against the year plans")
    PROBLEMS_ON_TIME = "problems_on_time", _("Share of problems closed by their deadline")
    DOUBLE_HALF = "double_half", _("Double half: the lower of the start and investment rates")
    GROWTH = "growth", _("Growth over the same period last year")


# Computed kinds that count projects reaching a stage (and take the investment threshold).
STAGE_KINDS = frozenset({Computation.STAGE_REACHED, Computation.SIGNED_INVESTMENT})
# Kinds whose figure is amount / base: a share in per cent, or an average (days to start).
PERCENT_KINDS = frozenset(
    {
        Computation.REPORTS_ON_TIME,
        Computation.START_RATE,
        Computation.INVESTMENT_RATE,
        Computation.PROBLEMS_ON_TIME,
        Computation.DOUBLE_HALF,
    }
)
RATIO_KINDS = PERCENT_KINDS | {Computation.DAYS_TO_START}
# Kinds read from the projects' year plans (年度计划), as the dispatch KPIs read them.
PLAN_KINDS = frozenset({Computation.START_RATE, Computation.INVESTMENT_RATE})


class Status(models.TextChoices):
    """A target's progress against the time elapsed (序时进度)."""

    GREEN = "green", _("On schedule")
    AMBER = "amber", _("Slightly behind")
    RED = "red", _("Behind")
    NONE = "none", _("Not judged yet")


badge_colours(
    Status,
    {
        Status.GREEN: "bg-green text-white",
        Status.AMBER: "bg-yellow text-white",
        Status.RED: "bg-red text-white",
        Status.NONE: "bg-secondary-lt",
    },
)


class WindowState(models.TextChoices):
    """A reporting window (填报窗口): open for entry, or closed (values locked)."""

    OPEN = "open", _("Open for reporting")
    CLOSED = "closed", _("Closed, values locked")


badge_colours(WindowState, {WindowState.OPEN: "bg-green-lt", WindowState.CLOSED: "bg-secondary-lt"})


class TaskStatus(models.TextChoices):
    """A key task's (督办事项) state; "overdue" is not a state but a late open task."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


badge_colours(
    TaskStatus,
    {
        TaskStatus.NOT_STARTED: "bg-secondary-lt",
        TaskStatus.IN_PROGRESS: "bg-blue-lt",
        TaskStatus.DONE: "bg-green-lt",
        TaskStatus.CANCELLED: "bg-dark-lt",
    },
)

OPEN_TASK_STATUSES = [TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS]


class ValueSource(models.TextChoices):
    """How a reported value reached zonetrack: typed in the grid, read from an uploaded
    spreadsheet, or written by another system through the API."""

    ENTERED = "entered", _("Entered")
    IMPORTED = "imported", _("Imported file")
    API = "api", _("API")


class SubmissionState(models.TextChoices):
    """One organisation's part of a reporting window: submitted (its values lock), or reopened
    by the window's level for a correction."""

    SUBMITTED = "submitted", _("Submitted")
    REOPENED = "reopened", _("Reopened for a correction")


class RosterState(models.TextChoices):
    """Where an organisation stands in a window, as its page lists it."""

    ON_TIME = "on_time", _("Submitted on time")
    LATE = "late", _("Submitted late")
    PENDING = "pending", _("Not submitted yet")
    MISSING = "missing", _("Not submitted, deadline passed")
    REOPENED = "reopened", _("Reopened for a correction")


badge_colours(
    RosterState,
    {
        RosterState.ON_TIME: "bg-green text-white",
        RosterState.LATE: "bg-yellow text-white",
        RosterState.PENDING: "bg-secondary-lt",
        RosterState.MISSING: "bg-red text-white",
        RosterState.REOPENED: "bg-blue-lt",
    },
)
