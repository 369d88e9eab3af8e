"""API routes of the accounts app: who am I, and the organisations I can see."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from zonetrack.core.schemas import Pages

from . import access, selectors
from .schemas import MeOut, OrganisationOut

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> Any:
    """The signed-in user with their memberships and roles."""
    user = access.request_user(request)
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": str(user),
        "language": user.language,
        "is_superuser": user.is_superuser,
        "memberships": [
            {"organisation": m.organisation, "role": m.role, "title": m.title}
            for m in selectors.membership_list(user=user)
        ],
    }


@router.get("/organisations", response=list[OrganisationOut])
@paginate(Pages, page_size=100)
def organisation_list(request: HttpRequest) -> Any:
    """Organisations the user can see, in tree order."""
    return selectors.organisation_list(user=request.user)


@router.get("/organisations/{organisation_id}", response=OrganisationOut)
def organisation_get(request: HttpRequest, organisation_id: int) -> Any:
    return selectors.organisation_get(user=request.user, organisation_id=organisation_id)
