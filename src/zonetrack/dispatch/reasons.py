"""The reasons of a colour in words: which rule fired, on which node or problems, by how much
(stored as data on the colour, worded in the reader's language when shown)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from .choices import ColourRuleKind, EscalationLevel


def reason_text(reason: dict[str, Any]) -> str:
    """Why a rule fired, in words: the milestone or problems and by how much."""
    rule = reason.get("rule")
    if rule == ColourRuleKind.MILESTONE_LATE:
        if reason.get("reached"):
            return gettext("Node “%(name)s” was reached %(days)s days late") % reason
        return gettext("Node “%(name)s” is %(days)s days overdue") % reason
    if rule == ColourRuleKind.INVESTMENT_LAG:
        return gettext("Investment completed is %(points)s points behind the time elapsed") % reason
    if rule == ColourRuleKind.PROBLEM_OVERDUE:
        level = dict(EscalationLevel.choices).get(reason.get("level", 0), "")
        return gettext("%(level)s-level problems overdue: %(count)s") % {
            "level": level,
            "count": reason.get("count", 0),
        }
    if rule == ColourRuleKind.REPORT_MISSING:
        return gettext("Monthly report for %(month)s missing, %(days)s days past due") % reason
    return ""


def reason_fields(reason: dict[str, Any]) -> dict[str, Any]:
    """One reason as the API gives it: the rule and the colour it gave, what it fired on (the
    milestone, the problems), by how much (days late, points), and the same words the project
    page shows (``reason_text``)."""
    return {
        "rule": reason.get("rule", ""),
        "colour": reason.get("colour", ""),
        "text": reason_text(reason),
        "milestone_id": reason.get("milestone"),
        "milestone": reason.get("name"),
        "reached": reason.get("reached"),
        "problem_ids": list(reason.get("problems") or []),
        "level": reason.get("level"),
        "count": reason.get("count"),
        "days": reason.get("days"),
        "points": reason.get("points"),
        "month": reason.get("month"),
    }
