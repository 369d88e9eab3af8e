"""Pages of the dispatch app, by subdomain: problems and their loop, colours, notifications,
meetings, alert webhooks. Views are thin: they parse, call one service or selector, render."""

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
    InstructionAttachmentView,
    MyWorkView,
    ProblemCreateView,
    ProblemDetailView,
    ProblemEditView,
    ProblemEventView,
    ProblemListView,
    ProblemPhotoView,
)
from .webhooks import (
    WebhookArchiveView,
    WebhookCreateView,
    WebhookEditView,
    WebhookListView,
    WebhookTryView,
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
    "NotificationListView",
    "ProblemCreateView",
    "ProblemDetailView",
    "ProblemEditView",
    "ProblemEventView",
    "ProblemListView",
    "ProblemPhotoView",
    "WarningListView",
    "WebhookArchiveView",
    "WebhookCreateView",
    "WebhookEditView",
    "WebhookListView",
    "WebhookTryView",
]
