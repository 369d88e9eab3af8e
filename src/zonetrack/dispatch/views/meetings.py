"""Pages of dispatch meetings: the list, calling one, its page with agenda, minutes and
decisions, and its Word briefing and minutes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.core.views import FilteredListView, ObjectMixin, ServiceFormView

from .. import permissions, selectors, services
from ..briefing import (
    DOCX,
    attachment_header,
    briefing_docx,
    document_file_name,
    minutes_docx,
)
from ..choices import ProblemCategory
from ..forms import DecisionForm, MeetingForm, MinutesForm
from ..models import Meeting


class MeetingListView(FilteredListView):
    template_name = "dispatch/meeting_list.html"
    paginate_by = 20
    context_object_name = "meetings"

    def get_queryset(self, filters: Any) -> Any:
        return selectors.meeting_list(user=self.request.user)


class MeetingCreateView(ServiceFormView):
    """Call a meeting: its agenda takes the chosen projects and those the rules pick."""

    form_class = MeetingForm
    template_name = "dispatch/meeting_form.html"

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {
            "user": self.request.user,
            "initial": {
                "held_on": timezone.localdate(),
                "include_overdue": True,
                "include_blocked": True,
            },
        }

    def perform(self, form: Any, obj: Any) -> Meeting:
        data = form.cleaned_data
        return services.meeting_create(
            actor=access.request_user(self.request),
            organisation=data["organisation"],
            title=data["title"],
            held_on=data["held_on"],
            place=data["place"],
            attendees=data["attendees"],
            project_ids=data["projects"],
            include_overdue=data["include_overdue"],
            include_blocked=data["include_blocked"],
        )

    def get_success_url(self, meeting: Meeting) -> str:
        return reverse("dispatch:meeting_detail", kwargs={"meeting_id": meeting.pk})


def meeting_page(
    request: HttpRequest, meeting: Meeting, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """A meeting's page: its agenda as the user may see it, decisions, minutes."""
    return render(
        request,
        "dispatch/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": selectors.meeting_agenda(user=request.user, meeting=meeting),
            "can_change": permissions.can_change_meeting(access.request_user(request), meeting),
            "decision_form": forms.get("decision_form") or DecisionForm(user=request.user),
            "decision_for": forms.get("decision_for"),
            "minutes_form": forms.get("minutes_form")
            or MinutesForm(initial={"minutes": meeting.minutes, "version": meeting.version}),
        },
        status=status,
    )


class MeetingMixin:
    """Loads the meeting of the URL through its selector (404 when not seen)."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def get_object(self) -> Meeting:
        return selectors.meeting_get(user=self.request.user, meeting_id=self.kwargs["meeting_id"])


class MeetingDetailView(MeetingMixin, ServiceFormView):
    """A meeting's page; its form saves the minutes (a manager's step: 403 for the others)."""

    form_class = MinutesForm

    def has_permission(self, meeting: Meeting) -> bool:
        return self.request.method in ("GET", "HEAD") or permissions.can_change_meeting(
            access.request_user(self.request), meeting
        )

    def perform(self, form: Any, meeting: Meeting) -> Meeting:
        return services.meeting_update(
            actor=access.request_user(self.request),
            meeting=meeting,
            changes={"minutes": form.cleaned_data["minutes"]},
            expected_version=form.cleaned_data["version"],
        )

    def get_success_url(self, meeting: Meeting) -> str:
        return reverse("dispatch:meeting_detail", kwargs={"meeting_id": meeting.pk})

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return meeting_page(request, self.load())

    def render_form(self, meeting: Any, form: Any, *, status: int = 200) -> HttpResponse:
        return meeting_page(self.request, meeting, status=status, minutes_form=form)


class DecisionCreateView(MeetingMixin, ServiceFormView):
    """Record a decision on an agenda project (a manager's step: 403 for the others)."""

    http_method_names = ["post"]
    form_class = DecisionForm
    decision_for: int | None = None

    def get_success_message(self, result: Any) -> str:
        return _("Decision recorded.")

    def has_permission(self, meeting: Meeting) -> bool:
        return permissions.can_change_meeting(access.request_user(self.request), meeting)

    def get_form_kwargs(self, meeting: Meeting) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, form: Any, meeting: Meeting) -> Any:
        data = form.cleaned_data
        self.decision_for = data["project"]
        item = selectors.agenda_item_get(
            user=self.request.user, meeting=meeting, project_id=data["project"]
        )
        if item is None:
            raise ValidationError(_("This project is not on the meeting's agenda."))
        return services.decision_add(
            actor=access.request_user(self.request),
            meeting=meeting,
            project=item.project,
            kind=data["kind"],
            text=data["text"],
            due_on=data["due_on"],
            category=data["category"] or ProblemCategory.OTHER,
            responsible_unit=data["responsible_unit"],
        )

    def get_success_url(self, decision: Any) -> str:
        url = reverse("dispatch:meeting_detail", kwargs={"meeting_id": decision.meeting_id})
        return f"{url}#agenda-{decision.project_id}"

    def render_form(self, meeting: Any, form: Any, *, status: int = 200) -> HttpResponse:
        return meeting_page(
            self.request,
            meeting,
            status=400 if status == 200 else status,
            decision_form=form,
            decision_for=self.decision_for,
        )


class MeetingBriefingView(MeetingMixin, ObjectMixin, View):
    def get(self, request: HttpRequest, meeting_id: int) -> HttpResponse:
        meeting = self.load()
        response = HttpResponse(
            briefing_docx(meeting=meeting, user=request.user), content_type=DOCX
        )
        response["Content-Disposition"] = attachment_header(
            *document_file_name(meeting, "briefing")
        )
        return response


class MeetingMinutesView(MeetingMixin, ObjectMixin, View):
    def get(self, request: HttpRequest, meeting_id: int) -> HttpResponse:
        meeting = self.load()
        response = HttpResponse(minutes_docx(meeting=meeting, user=request.user), content_type=DOCX)
        response["Content-Disposition"] = attachment_header(*document_file_name(meeting, "minutes"))
        return response
