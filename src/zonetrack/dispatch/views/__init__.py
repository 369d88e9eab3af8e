"""Pages of the dispatch app, by subdomain: problems and their loop, colours, notifications,
meetings. Views are thin: they parse, call one service or selector, render."""

from .colours import ColourDetailView, WarningListView
from .home import HomeView
from .meetings import (
    DecisionCreateView,
    MeetingBriefingView,
    MeetingCreateView,
    MeetingDetailView,
    MeetingListView,
    MeetingMinutesView,
)
from .notifications import NotificationListView
from .problems import (
    MyWorkView,
    ProblemCreateView,
    ProblemDetailView,
    ProblemEditView,
    ProblemEventView,
    ProblemListView,
    ProblemPhotoView,
)

__all__ = [
    "ColourDetailView",
    "DecisionCreateView",
    "HomeView",
    "MeetingBriefingView",
    "MeetingCreateView",
    "MeetingDetailView",
    "MeetingListView",
    "MeetingMinutesView",
    "MyWorkView",
    "NotificationListView",
    "ProblemCreateView",
    "ProblemDetailView",
    "ProblemEditView",
    "ProblemEventView",
    "ProblemListView",
    "ProblemPhotoView",
    "WarningListView",
]
