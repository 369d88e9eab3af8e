"""API routes of the dispatch app: problems and their loop, warnings, meetings, notifications."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.core.schemas import Pages
from zonetrack.core.validators import Id, QueryText
from zonetrack.notices import selectors as notices_selectors
from zonetrack.projects import selectors as project_selectors
from zonetrack.registry import selectors as registry_selectors

from . import selectors, services
from .briefing import DOCX, attachment_header, briefing_docx, document_file_name
from .schemas import (
    EventIn,
    EventOut,
    MeetingIn,
    MeetingOut,
    NotificationOut,
    ProblemIn,
    ProblemOut,
    ProblemPatch,
    WarningOut,
)

router = Router(tags=["dispatch"])


class ProblemQuery(Schema):
    q: QueryText = ""
    zone: Id | None = None
    project: Id | None = None
    status: QueryText = ""
    category: QueryText = ""
    unit: Id | None = None
    level: int | None = None
    overdue: bool = False
    province: QueryText = ""


def _people(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Turn unit and person ids into records the user can see, with field errors if not."""
    errors: dict[str, str] = {}
    if "responsible_unit_id" in data:
        unit_id = data.pop("responsible_unit_id")
        unit = (
            access.visible(Organisation.objects.all(), user).filter(pk=unit_id).first()
            if unit_id
            else None
        )
        if unit_id and unit is None:
            errors["responsible_unit_id"] = _("Unknown organisation.")
        data["responsible_unit"] = unit
    if "responsible_person_id" in data:
        person_id = data.pop("responsible_person_id")
        # Only people the caller can see: another branch's ids are as unknown as missing ones.
        person = (
            access.people_visible(user).filter(pk=person_id, is_active=True).first()
            if person_id
            else None
        )
        if person_id and person is None:
            errors["responsible_person_id"] = _("Unknown person.")
        data["responsible_person"] = person
    if errors:
        raise ValidationError(errors)
    return data


@router.get("/problems", response=list[ProblemOut])
@paginate(Pages, page_size=50)
def problem_list(request: HttpRequest, filters: Query[ProblemQuery]) -> Any:
    """Problems the user can see; `count` is the total."""
    query = filters.dict()
    # A zone or project the user may not see is 404, as on every route, not an empty list.
    if query.get("zone"):
        registry_selectors.zone_get(user=request.user, zone_id=query["zone"])
    if query.get("project"):
        project_selectors.project_get(user=request.user, project_id=query["project"])
    return selectors.problem_list(
        user=request.user, filters=selectors.ProblemFilters.from_params(query)
    )


@router.post("/problems", response={201: ProblemOut})
def problem_create(request: HttpRequest, payload: ProblemIn) -> Any:
    """Raise a problem on a project and hand it to its responsible unit (交办)."""
    data = payload.dict()
    project = project_selectors.project_get(user=request.user, project_id=data.pop("project_id"))
    problem = services.problem_create(
        actor=access.request_user(request), project=project, **_people(request.user, data)
    )
    return Status(201, selectors.problem_get(user=request.user, problem_id=problem.pk))


@router.get("/problems/{problem_id}", response=ProblemOut)
def problem_get(request: HttpRequest, problem_id: int) -> Any:
    return selectors.problem_get(user=request.user, problem_id=problem_id)


@router.patch("/problems/{problem_id}", response=ProblemOut)
def problem_patch(request: HttpRequest, problem_id: int, payload: ProblemPatch) -> Any:
    """Change an open problem. A stale ``version`` answers 409 and changes nothing."""
    problem = selectors.problem_get(user=request.user, problem_id=problem_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    for name in ("category", "description", "deadline_on"):
        if name in changes and changes[name] is None:
            raise ValidationError({name: _("This field cannot be empty.")})
    services.problem_update(
        actor=access.request_user(request),
        problem=problem,
        changes=_people(request.user, changes),
        expected_version=version,
    )
    return selectors.problem_get(user=request.user, problem_id=problem_id)


@router.get("/problems/{problem_id}/events", response=list[EventOut])
def event_list(request: HttpRequest, problem_id: int) -> Any:
    problem = selectors.problem_get(user=request.user, problem_id=problem_id)
    return problem.events.select_related("actor")


@router.post("/problems/{problem_id}/events", response={201: EventOut})
def event_create(request: HttpRequest, problem_id: int, payload: EventIn) -> Any:
    """One step of the loop: assign, start, answer, accept (the raiser), reject (the raiser;
    reopens), escalate."""
    problem = selectors.problem_get(user=request.user, problem_id=problem_id)
    data = _people(
        request.user,
        payload.dict(include={"responsible_unit_id", "responsible_person_id"}, exclude_none=True),
    )
    event = services.problem_event(
        actor=access.request_user(request),
        problem=problem,
        verb=payload.kind,
        note=payload.note,
        expected_version=payload.version,
        deadline_on=payload.deadline_on,
        **data,
    )
    return Status(201, event)


@router.get("/warnings", response=list[WarningOut])
@paginate(Pages, page_size=200)
def warning_list(
    request: HttpRequest,
    zone: Id | None = None,
    colour: QueryText = "",
    projects_only: bool = False,
) -> Any:
    """Current colours (三色预警) of projects and milestones, optionally of one zone."""
    if zone is not None:
        registry_selectors.zone_get(user=request.user, zone_id=zone)
    statuses = selectors.warnings(
        user=request.user, zone_id=zone, colour=colour, projects_only=projects_only
    )
    # Plain rows: a page of colours is cheaper to serialise than model instances.
    return statuses.select_related(None).values(
        "id",
        "project_id",
        "milestone_id",
        "colour",
        "computed",
        "override_reason",
        "since",
        "reasons",
        "project__name",
        "milestone__name",
        "milestone__planned_on",
    )


@router.get("/battlemap/{zone_id}")
def battle_map(request: HttpRequest, zone_id: int) -> Any:
    """The battle map data of a zone: projects as GeoJSON with stage, colour, problems."""
    zone = registry_selectors.zone_get(user=request.user, zone_id=zone_id)
    return selectors.battle_map(user=request.user, zone=zone)


@router.get("/notifications", response=list[NotificationOut])
@paginate(Pages, page_size=50)
def notification_list(request: HttpRequest, unread: bool = False) -> Any:
    """The user's notifications, newest first."""
    return notices_selectors.notifications(user=request.user, unread_only=unread)


@router.get("/meetings", response=list[MeetingOut])
@paginate(Pages, page_size=20)
def meeting_list(request: HttpRequest) -> Any:
    return selectors.meeting_list(user=request.user).prefetch_related(
        "agenda__project", "decisions"
    )


@router.post("/meetings", response={201: MeetingOut})
def meeting_create(request: HttpRequest, payload: MeetingIn) -> Any:
    """Call a dispatch meeting; the agenda takes the chosen projects and, by rule, the late
    and blocked ones. A project the user cannot see is refused."""
    data = payload.dict()
    organisation = access.get_visible(
        Organisation.objects.all(), request.user, pk=data.pop("organisation_id")
    )
    meeting = services.meeting_create(
        actor=access.request_user(request), organisation=organisation, **data
    )
    return Status(201, selectors.meeting_get(user=request.user, meeting_id=meeting.pk))


@router.get("/meetings/{meeting_id}", response=MeetingOut)
def meeting_get(request: HttpRequest, meeting_id: int) -> Any:
    return selectors.meeting_detail(user=request.user, meeting_id=meeting_id)


@router.get("/meetings/{meeting_id}/briefing.docx")
def meeting_briefing(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The briefing (Word) for the meeting: counts, then one section per agenda project."""
    meeting = selectors.meeting_get(user=request.user, meeting_id=meeting_id)
    response = HttpResponse(briefing_docx(meeting=meeting, user=request.user), content_type=DOCX)
    response["Content-Disposition"] = attachment_header(*document_file_name(meeting, "briefing"))
    return response
