"""Pages of the dispatch app, by subdomain: problems and their loop, colours, meetings
(notifications and alert webhooks are the notices app's pages). Views are thin: they parse,
call one service or selector, render."""

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
from .problems import (
    InstructionAttachmentView,
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
    "InstructionAttachmentView",
    "MeetingBriefingView",
    "MeetingCreateView",
    "MeetingDetailView",
    "MeetingListView",
    "MeetingMinutesView",
    "MyWorkView",
    "ProblemCreateView",
    "ProblemDetailView",
    "ProblemEditView",
    "ProblemEventView",
    "ProblemListView",
    "ProblemPhotoView",
    "WarningListView",
]
