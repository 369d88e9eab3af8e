"""Pages of dispatch meetings: the list, calling one, its page with agenda, minutes and
decisions, and its Word briefing and minutes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.core.forms import run_service

from .. import permissions, selectors, services
from ..briefing import DOCX, briefing_docx, minutes_docx
from ..choices import Colour
from ..forms import DecisionForm, MeetingForm, MinutesForm
from .common import COLOUR_CSS


class MeetingListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        meetings = selectors.meeting_list(user=request.user)
        page = Paginator(meetings, 20).get_page(request.GET.get("page"))
        return render(
            request,
            "dispatch/meeting_list.html",
            {"page_obj": page, "meetings": page.object_list},
        )


class MeetingCreateView(LoginRequiredMixin, View):
    template_name = "dispatch/meeting_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = MeetingForm(
            user=request.user,
            initial={
                "held_on": timezone.localdate(),
                "include_overdue": True,
                "include_blocked": True,
            },
        )
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = MeetingForm(request.POST, user=request.user)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            meeting, status = run_service(
                form,
                lambda: services.meeting_create(
                    actor=request.user,
                    organisation=data["organisation"],
                    title=data["title"],
                    held_on=data["held_on"],
                    place=data["place"],
                    attendees=data["attendees"],
                    project_ids=data["projects"],
                    include_overdue=data["include_overdue"],
                    include_blocked=data["include_blocked"],
                ),
            )
            if meeting is not None:
                return redirect("dispatch:meeting_detail", meeting_id=meeting.pk)
            if "project_ids" in form.errors:
                form.errors["projects"] = form.errors.pop("project_ids")
        return render(request, self.template_name, {"form": form}, status=status)


def _meeting_page(
    request: HttpRequest, meeting: Any, *, status: int = 200, **forms: Any
) -> HttpResponse:
    agenda = selectors.meeting_agenda(user=request.user, meeting=meeting)
    labels = dict(Colour.choices)
    for item in agenda:
        item.colour_label = labels[item.colour]
        item.colour_css = COLOUR_CSS[item.colour]
    return render(
        request,
        "dispatch/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "can_change": permissions.can_change_meeting(request.user, meeting),
            "decision_form": forms.get("decision_form") or DecisionForm(),
            "decision_for": forms.get("decision_for"),
            "minutes_form": forms.get("minutes_form")
            or MinutesForm(initial={"minutes": meeting.minutes, "version": meeting.version}),
        },
        status=status,
    )


class MeetingDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, meeting_id: int) -> HttpResponse:
        return _meeting_page(
            request, selectors.meeting_get(user=request.user, meeting_id=meeting_id)
        )

    def post(self, request: HttpRequest, meeting_id: int) -> HttpResponse:
        """Save the minutes."""
        meeting = selectors.meeting_get(user=request.user, meeting_id=meeting_id)
        form = MinutesForm(request.POST)
        status = 400
        if form.is_valid():
            saved, status = run_service(
                form,
                lambda: services.meeting_update(
                    actor=request.user,
                    meeting=meeting,
                    changes={"minutes": form.cleaned_data["minutes"]},
                    expected_version=form.cleaned_data["version"],
                ),
            )
            if saved is not None:
                messages.success(request, _("Saved."))
                return redirect("dispatch:meeting_detail", meeting_id=meeting.pk)
        return _meeting_page(request, meeting, status=status, minutes_form=form)


class DecisionCreateView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, meeting_id: int) -> HttpResponse:
        meeting = selectors.meeting_get(user=request.user, meeting_id=meeting_id)
        form = DecisionForm(request.POST)
        status = 400
        project_id = None
        if form.is_valid():
            data = form.cleaned_data
            project_id = data["project"]
            item = selectors.agenda_item_get(
                user=request.user, meeting=meeting, project_id=project_id
            )
            if item is None:
                form.add_error(None, _("This project is not on the meeting's agenda."))
            else:
                saved, status = run_service(
                    form,
                    lambda: services.decision_add(
                        actor=request.user,
                        meeting=meeting,
                        project=item.project,
                        kind=data["kind"],
                        text=data["text"],
                        due_on=data["due_on"],
                    ),
                )
                if saved is not None:
                    messages.success(request, _("Decision recorded."))
                    return redirect(
                        reverse("dispatch:meeting_detail", kwargs={"meeting_id": meeting.pk})
                        + f"#agenda-{project_id}"
                    )
        return _meeting_page(
            request,
            meeting,
            status=400 if status == 200 else status,
            decision_form=form,
            decision_for=project_id,
        )


class MeetingBriefingView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, meeting_id: int) -> HttpResponse:
        meeting = selectors.meeting_get(user=request.user, meeting_id=meeting_id)
        response = HttpResponse(
            briefing_docx(meeting=meeting, user=request.user), content_type=DOCX
        )
        response["Content-Disposition"] = f'attachment; filename="briefing-{meeting.pk}.docx"'
        return response


class MeetingMinutesView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, meeting_id: int) -> HttpResponse:
        meeting = selectors.meeting_get(user=request.user, meeting_id=meeting_id)
        response = HttpResponse(minutes_docx(meeting=meeting, user=request.user), content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="minutes-{meeting.pk}.docx"'
        return response
