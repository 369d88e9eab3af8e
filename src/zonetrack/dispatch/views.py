"""Pages of the dispatch app: the problem list and a problem's page with its loop, my work,
colours and overrides, notifications, meetings with briefings, the battle map, the leader's
page. Views are thin: they parse, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zonetrack.accounts import access
from zonetrack.core.forms import run_service
from zonetrack.core.validators import query_text
from zonetrack.projects import selectors as project_selectors
from zonetrack.registry import selectors as registry_selectors

from . import permissions, selectors, services
from .alerts import settings_problems
from .briefing import DOCX, briefing_docx, minutes_docx
from .choices import (
    Colour,
    DeliveryStatus,
    EscalationLevel,
    EventKind,
    ProblemCategory,
    ProblemStatus,
)
from .forms import DecisionForm, EventForm, MeetingForm, MinutesForm, OverrideForm, ProblemForm
from .models import AgendaItem, Delivery, Problem

PAGE_SIZE = 50
COLOUR_CSS = {Colour.GREEN: "bg-green", Colour.YELLOW: "bg-yellow", Colour.RED: "bg-red"}
STATUS_CSS = {
    ProblemStatus.ASSIGNED: "bg-blue-lt",
    ProblemStatus.IN_HAND: "bg-orange-lt",
    ProblemStatus.ANSWERED: "bg-purple-lt",
    ProblemStatus.CLOSED: "bg-green-lt",
}
VERB_LABELS = {
    "start": gettext_lazy("Take in hand"),
    "answer": gettext_lazy("Answer"),
    "accept": gettext_lazy("Accept and close"),
    "reject": gettext_lazy("Reject the answer"),
    "assign": gettext_lazy("Hand over again"),
    "escalate": gettext_lazy("Escalate"),
}


def _decorate(problems: Any) -> list[Problem]:
    """Labels and badges of each row, translated once per page."""
    today = timezone.localdate()
    statuses = dict(ProblemStatus.choices)
    categories = dict(ProblemCategory.choices)
    levels = dict(EscalationLevel.choices)
    rows = list(problems)
    for problem in rows:
        problem.status_label = statuses[problem.status]
        problem.status_css = STATUS_CSS[problem.status]
        problem.category_label = categories.get(problem.category, problem.category)
        problem.level_label = levels[problem.escalation_level]
        problem.overdue = problem.is_open and problem.deadline_on < today
    return rows


class HomeView(LoginRequiredMixin, View):
    """The dispatch area's landing page: what is open and late, and where to go."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        problems = selectors.problem_list(
            user=user, filters=selectors.ProblemFilters(status="open")
        )
        overdue = selectors.problem_list(user=user, filters=selectors.ProblemFilters(overdue=True))
        colours = {
            row["colour"]: row["n"]
            for row in selectors.warnings(user=user, projects_only=True)
            .order_by()
            .values("colour")
            .annotate(n=Count("pk"))
        }
        work = selectors.my_work(user=user)
        return render(
            request,
            "dispatch/home.html",
            {
                "open_count": problems.count(),
                "overdue_count": overdue.count(),
                "colours": [(c, colours.get(c.value, 0), COLOUR_CSS[c]) for c in Colour],
                "to_work": work["to_work"].count(),
                "to_accept": work["to_accept"].count(),
                "zones": registry_selectors.zone_list(user=user)
                .select_related(None)
                .prefetch_related(None)
                .only("pk", "name")[:200],
                "unread": selectors.unread_count(user),
                # Delivery failures concern the whole installation: shown to its superusers.
                "failed_deliveries": (
                    list(Delivery.objects.filter(status=DeliveryStatus.FAILED)[:10])
                    if access.is_superuser(user)
                    else []
                ),
                "alert_settings_problems": (
                    settings_problems() if access.is_superuser(user) else []
                ),
            },
        )


class ProblemListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        params = request.GET.copy()
        if "status" not in params:
            params["status"] = "open"  # the list a dispatcher works from; "any" is one click
        filters = selectors.ProblemFilters.from_params(params)
        problems = selectors.problem_list(user=request.user, filters=filters)
        page = Paginator(problems, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "dispatch/problem_list.html",
            {
                "page_obj": page,
                "problems": _decorate(page.object_list),
                "filters": filters,
                "statuses": [("open", _("Open")), *ProblemStatus.choices],
                "categories": ProblemCategory.choices,
                "levels": EscalationLevel.choices,
                "units": selectors.unit_choices(user=request.user).only("pk", "name")[:500],
            },
        )


class ProblemCreateView(LoginRequiredMixin, View):
    """Raise a problem on a project (``?project=ID``)."""

    template_name = "dispatch/problem_form.html"

    def _project(self, request: HttpRequest) -> Any:
        raw = request.GET.get("project") or request.POST.get("project") or ""
        if not raw.isdecimal() or len(raw) > 12:
            return None
        project = project_selectors.project_get(user=request.user, project_id=int(raw))
        if not permissions.can_raise_problem(request.user, project):
            raise PermissionDenied
        return project

    def get(self, request: HttpRequest) -> HttpResponse:
        project = self._project(request)
        if project is None:
            # Without a project, the page asks which one (by its number, or from my projects).
            mine = project_selectors.my_projects(user=request.user)[:100]
            return render(request, self.template_name, {"project": None, "mine": mine})
        today = timezone.localdate()
        form = ProblemForm(
            user=request.user,
            initial={"raised_on": today, "responsible_unit": project.zone.organisation_id},
        )
        return render(request, self.template_name, {"form": form, "project": project})

    def post(self, request: HttpRequest) -> HttpResponse:
        project = self._project(request)
        if project is None:
            raise Http404
        form = ProblemForm(request.POST, user=request.user)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            problem, status = run_service(
                form,
                lambda: services.problem_create(
                    actor=request.user,
                    project=project,
                    category=data["category"],
                    description=data["description"],
                    raised_on=data["raised_on"],
                    deadline_on=data["deadline_on"],
                    responsible_unit=data["responsible_unit"],
                    responsible_person=data["responsible_person"],
                ),
            )
            if problem is not None:
                messages.success(request, _("Problem raised and handed over."))
                return redirect("dispatch:problem_detail", problem_id=problem.pk)
        return render(
            request, self.template_name, {"form": form, "project": project}, status=status
        )


def _problem_page(
    request: HttpRequest, problem: Problem, *, status: int = 200, event_form: Any = None
) -> HttpResponse:
    from zonetrack.audit.selectors import history_for

    [problem] = _decorate([problem])
    kinds = dict(EventKind.choices)
    events = list(problem.events.select_related("actor"))
    for event in events:
        event.label = kinds.get(event.kind, event.kind)
    verbs = services.allowed_verbs(request.user, problem)
    return render(
        request,
        "dispatch/problem_detail.html",
        {
            "problem": problem,
            "events": events,
            "verbs": [(verb, VERB_LABELS[verb]) for verb in verbs],
            "event_form": event_form
            or EventForm(
                user=request.user,
                initial={
                    "version": problem.version,
                    "responsible_unit": problem.responsible_unit_id,
                    "responsible_person": problem.responsible_person_id,
                    "deadline_on": problem.deadline_on,
                },
            ),
            "history": history_for(problem),
            "can_edit": problem.is_open and access.can_change(request.user, problem),
        },
        status=status,
    )


class ProblemDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, problem_id: int) -> HttpResponse:
        return _problem_page(
            request, selectors.problem_get(user=request.user, problem_id=problem_id)
        )


class ProblemEventView(LoginRequiredMixin, View):
    """Take one step of the loop from the problem's page."""

    def post(self, request: HttpRequest, problem_id: int) -> HttpResponse:
        problem = selectors.problem_get(user=request.user, problem_id=problem_id)
        form = EventForm(request.POST, user=request.user)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            handover = (
                {
                    "responsible_unit": data["responsible_unit"],
                    "responsible_person": data["responsible_person"],
                    "deadline_on": data["deadline_on"],
                }
                if data["kind"] == "assign"
                else {}
            )
            event, status = run_service(
                form,
                lambda: services.problem_event(
                    actor=request.user,
                    problem=problem,
                    verb=data["kind"],
                    note=data["note"],
                    expected_version=data["version"],
                    **handover,
                ),
            )
            if event is not None:
                messages.success(request, _("Saved."))
                return redirect("dispatch:problem_detail", problem_id=problem.pk)
        if status == 200:
            status = 400
        return _problem_page(request, problem, status=status, event_form=form)


class ProblemEditView(LoginRequiredMixin, View):
    template_name = "dispatch/problem_form.html"

    def _problem(self, request: HttpRequest, problem_id: int) -> Problem:
        problem = selectors.problem_get(user=request.user, problem_id=problem_id)
        if not access.can_change(request.user, problem) or not problem.is_open:
            raise Http404
        return problem

    def get(self, request: HttpRequest, problem_id: int) -> HttpResponse:
        problem = self._problem(request, problem_id)
        form = ProblemForm(
            user=request.user,
            editing=True,
            initial={
                "category": problem.category,
                "description": problem.description,
                "deadline_on": problem.deadline_on,
                "responsible_unit": problem.responsible_unit_id,
                "responsible_person": problem.responsible_person_id,
                "version": problem.version,
            },
        )
        return render(
            request,
            self.template_name,
            {"form": form, "project": problem.project, "problem": problem},
        )

    def post(self, request: HttpRequest, problem_id: int) -> HttpResponse:
        problem = self._problem(request, problem_id)
        form = ProblemForm(request.POST, user=request.user, editing=True)
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            saved, status = run_service(
                form,
                lambda: services.problem_update(
                    actor=request.user, problem=problem, changes=data, expected_version=version
                ),
            )
            if saved is not None:
                messages.success(request, _("Saved."))
                return redirect("dispatch:problem_detail", problem_id=problem.pk)
        return render(
            request,
            self.template_name,
            {"form": form, "project": problem.project, "problem": problem},
            status=status,
        )


class MyWorkView(LoginRequiredMixin, View):
    """Problems waiting for me (or my unit) and answers waiting for my acceptance."""

    def get(self, request: HttpRequest) -> HttpResponse:
        work = selectors.my_work(user=request.user)
        return render(
            request,
            "dispatch/my_work.html",
            {
                "to_work": _decorate(work["to_work"][:200]),
                "to_accept": _decorate(work["to_accept"][:200]),
            },
        )


class WarningListView(LoginRequiredMixin, View):
    """Current colours of the projects in view (optionally one zone, one colour)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        zone_raw = request.GET.get("zone", "")
        zone_id = int(zone_raw) if zone_raw.isdecimal() and len(zone_raw) < 10 else None
        colour = query_text(request.GET.get("colour"))
        statuses = selectors.warnings(
            user=request.user, zone_id=zone_id, colour=colour, projects_only=True
        ).select_related("project__zone")
        page = Paginator(statuses, PAGE_SIZE).get_page(request.GET.get("page"))
        labels = dict(Colour.choices)
        rows = list(page.object_list)
        for row in rows:
            row.label = labels[row.colour]
            row.css = COLOUR_CSS[row.colour]
        return render(
            request,
            "dispatch/warning_list.html",
            {
                "page_obj": page,
                "statuses": rows,
                "colour": colour,
                "zone_id": zone_id,
                "colours": Colour.choices,
            },
        )


class ColourDetailView(LoginRequiredMixin, View):
    """A colour's history, and the manager's override form."""

    def _page(
        self, request: HttpRequest, status_obj: Any, form: Any = None, code: int = 200
    ) -> HttpResponse:
        labels = dict(Colour.choices)
        changes = list(status_obj.changes.select_related("actor")[:200])
        for change in changes:
            change.from_label = labels.get(change.from_colour, "—")
            change.to_label = labels.get(change.to_colour, "")
        status_obj.label = labels[status_obj.colour]
        status_obj.css = COLOUR_CSS[status_obj.colour]
        status_obj.computed_label = labels[status_obj.computed]
        return render(
            request,
            "dispatch/colour_detail.html",
            {
                "status": status_obj,
                "changes": changes,
                "can_override": permissions.can_override_colour(request.user, status_obj),
                "form": form or OverrideForm(initial={"colour": status_obj.override_colour}),
            },
            status=code,
        )

    def get(self, request: HttpRequest, status_id: int) -> HttpResponse:
        return self._page(request, selectors.colour_get(user=request.user, status_id=status_id))

    def post(self, request: HttpRequest, status_id: int) -> HttpResponse:
        status_obj = selectors.colour_get(user=request.user, status_id=status_id)
        form = OverrideForm(request.POST)
        code = 400
        if form.is_valid():
            data = form.cleaned_data
            saved, code = run_service(
                form,
                lambda: services.colour_override(
                    actor=request.user,
                    status=status_obj,
                    colour=data["colour"],
                    reason=data["reason"],
                ),
            )
            if saved is not None:
                messages.success(request, _("Saved."))
                return redirect("dispatch:colour_detail", status_id=status_obj.pk)
        return self._page(request, status_obj, form, 400 if code == 200 else code)


class NotificationListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        items = selectors.notifications(user=request.user)
        page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "dispatch/notification_list.html",
            {
                "page_obj": page,
                "items": page.object_list,
                "unread": selectors.unread_count(request.user),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        """Mark every notification read."""
        services.notifications_mark_read(user=request.user)
        return redirect("dispatch:notification_list")


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
    agenda = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("project", "project__zone")
        .order_by("position", "pk")
    )
    visible = set(
        access.visible(
            project_selectors.Project.objects.filter(pk__in=[a.project_id for a in agenda]),
            request.user,
        ).values_list("pk", flat=True)
    )
    agenda = [a for a in agenda if a.project_id in visible]
    colours = selectors.colour_of_projects(list(visible))
    counts = selectors.open_problem_counts(list(visible))
    decisions = list(
        meeting.decisions.filter(project_id__in=visible).select_related("project", "problem")
    )
    labels = dict(Colour.choices)
    for item in agenda:
        colour = colours.get(item.project_id)
        item.colour = colour.colour if colour else Colour.GREEN
        item.colour_label = labels[item.colour]
        item.colour_css = COLOUR_CSS[item.colour]
        item.open_problems, item.overdue_problems = counts.get(item.project_id, (0, 0))
        item.decisions = [d for d in decisions if d.project_id == item.project_id]
    return render(
        request,
        "dispatch/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "can_change": access.can_change(request.user, meeting),
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
            item = (
                AgendaItem.objects.filter(meeting=meeting, project_id=project_id)
                .select_related("project__zone__organisation")
                .first()
            )
            if item is None or not access.can_view(request.user, item.project):
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


class BattleMapView(LoginRequiredMixin, View):
    """挂图作战: a zone's projects on its map, coloured by stage, late and blocked ones ringed."""

    def get(self, request: HttpRequest, zone_id: int) -> HttpResponse:
        zone = registry_selectors.zone_get(user=request.user, zone_id=zone_id)
        data = selectors.battle_map(user=request.user, zone=zone)
        from zonetrack.projects.choices import Stage

        return render(
            request,
            "dispatch/battle_map.html",
            {
                "zone": zone,
                "data": data,
                "unplaced": data["unplaced"],
                "placed": len(data["features"]) - len(data["unplaced"]),
                "stages": Stage.choices,
                "labels": {
                    "stage": _("Stage"),
                    "colour": _("Colour"),
                    "problems": _("Open / overdue problems"),
                    "investment": _("Total investment (万元)"),
                    "approximate": _("Location not recorded: shown near the zone centre"),
                    **{value: str(label) for value, label in Colour.choices},
                },
                "map_tiles": getattr(settings, "ZONETRACK_MAP_TILES", ""),
                "map_attribution": getattr(settings, "ZONETRACK_MAP_ATTRIBUTION", ""),
            },
        )


class LeaderView(LoginRequiredMixin, View):
    """A leader's page: my projects, their colours, their open problems."""

    def get(self, request: HttpRequest) -> HttpResponse:
        projects = selectors.leader_projects(user=request.user)
        labels = dict(Colour.choices)
        for project in projects:
            project.colour_label = labels[project.colour]
            project.colour_css = COLOUR_CSS[project.colour]
        ids = [p.pk for p in projects]
        problems = _decorate(
            selectors.problem_list(
                user=request.user, filters=selectors.ProblemFilters(status="open")
            ).filter(project_id__in=ids)[:200]
        )
        return render(request, "dispatch/leader.html", {"projects": projects, "problems": problems})
