"""API routes of the articles app: add and read articles, decide on their facts."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate
from pydantic import ValidationError as PydanticValidationError

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.core.schemas import Pages
from zonetrack.core.validators import Id, QueryText, date_problem, text_problem

from . import claims, selectors, services
from .schemas import ArticleIn, ArticleOut, ArticleSummaryOut, ClaimOut, FactOut, FactPatch

router = Router(tags=["articles"])

_FORM_FIELDS = {"title", "source_url", "pub_date", "organisation_id"}
_CREATE_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": ArticleIn.model_json_schema()},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "title": {"type": "string"},
                    "source_url": {"type": "string"},
                    "pub_date": {"type": "string", "format": "date"},
                    "organisation_id": {"type": "integer"},
                },
            }
        },
    },
}


class ClaimQuery(Schema):
    tolerance_percent: float | None = Field(
        None, ge=0, le=1000, description="how far from the record a claim may be (default 5)"
    )
    zone_id: Id | None = None


class ArticleQuery(Schema):
    q: QueryText = ""
    status: QueryText = ""
    archived: bool = False


def _organisation(user: Any, organisation_id: int | None) -> Organisation:
    if organisation_id is None:
        organisation = selectors.default_organisation(user)
        if organisation is None:
            raise ValidationError(
                {"organisation_id": _("Name the organisation the article belongs to.")}
            )
        return organisation
    organisation = selectors.ingest_organisation_get(user=user, organisation_id=organisation_id)
    if organisation is None:
        raise ValidationError(
            {"organisation_id": _("You may not add articles to this organisation.")}
        )
    return organisation


def _detail(user: Any, article_id: int) -> Any:
    article = selectors.article_get(user=user, article_id=article_id)
    article.fact_rows = selectors.fact_list(article=article)
    return article


def _multipart(request: HttpRequest) -> dict[str, Any]:
    """The fields of a multipart upload, checked like the JSON body."""
    unknown = set(request.POST) - _FORM_FIELDS - {"csrfmiddlewaretoken"}
    errors: dict[str, list[str]] = {name: [_("Unknown field.")] for name in unknown}
    upload = request.FILES.get("file")
    if upload is None:
        errors["file"] = [_("Send the article as the field 'file', or send JSON with 'text'.")]
    values: dict[str, Any] = {k: request.POST.get(k, "") for k in ("title", "source_url")}
    # The same checks as the JSON body's fields (see ArticleIn).
    for name, limit in (("title", 200), ("source_url", 500)):
        if problem := text_problem(values[name], max_length=limit):
            errors[name] = [problem]
    raw_date = request.POST.get("pub_date", "").strip()
    try:
        values["pub_date"] = date.fromisoformat(raw_date) if raw_date else None
    except ValueError:
        errors["pub_date"] = [_("Write the date as YYYY-MM-DD.")]
    else:
        if values["pub_date"] and (problem := date_problem(values["pub_date"])):
            errors["pub_date"] = [problem]
    raw_org = request.POST.get("organisation_id", "").strip()
    try:
        values["organisation_id"] = int(raw_org) if raw_org else None
    except ValueError:
        errors["organisation_id"] = [_("Enter a whole number.")]
    if errors:
        raise ValidationError(errors)
    values["upload"] = upload
    return values


@router.get("/articles", response=list[ArticleSummaryOut])
@paginate(Pages, page_size=50)
def article_list(request: HttpRequest, filters: Query[ArticleQuery]) -> Any:
    """Articles the user can see, newest first, with their fact counts; `count` is the total."""
    return selectors.article_list(
        user=request.user, filters=selectors.ArticleFilters.from_params(filters.dict())
    )


@router.post("/articles", response={201: ArticleOut}, openapi_extra={"requestBody": _CREATE_BODY})
def article_create(request: HttpRequest) -> Any:
    """Add an article: JSON with `text`, or multipart form data with a .txt/.html/.docx `file`.

    Short texts come back read (status `ready`); long ones come back `processing` and are read
    by a background job — poll `GET /api/articles/{id}`. Unreadable input answers 400 with the
    reason on the field."""
    try:
        return _create(request)
    except RequestDataTooBig as exc:
        raise HttpError(
            413,
            _("The request is larger than %(mb)d MB.")
            % {"mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE >> 20},
        ) from exc


def _create(request: HttpRequest) -> Any:
    if (request.content_type or "").startswith("multipart/"):
        values = _multipart(request)
        upload = values.pop("upload")
        data, filename, text = upload.read(services.MAX_UPLOAD_BYTES + 1), upload.name, ""
    else:
        try:
            payload = ArticleIn.model_validate_json(request.body or b"{}")
        except PydanticValidationError as exc:
            raise NinjaValidationError([dict(error) for error in exc.errors()]) from exc
        values = payload.model_dump()
        data, filename, text = None, "", payload.text
    article = services.article_create(
        actor=access.request_user(request),
        organisation=_organisation(request.user, values["organisation_id"]),
        title=values["title"],
        text=text,
        data=data,
        filename=filename,
        source_url=values["source_url"],
        published_on=values["pub_date"],
    )
    return Status(201, _detail(request.user, article.pk))


@router.get("/articles/claims", response=list[ClaimOut])
def claim_list(request: HttpRequest, filters: Query[ClaimQuery]) -> Any:
    """Published claims of the zones the user sees that differ from zonetrack's records by more
    than the tolerance, the largest difference first."""
    percent = filters.tolerance_percent
    found = claims.differing_claims(
        user=request.user,
        tolerance=None if percent is None else Decimal(str(percent)) / 100,
        zone_id=filters.zone_id,
    )
    return [ClaimOut.from_claim(claim) for claim in found]


@router.get("/articles/{article_id}/claims", response=list[ClaimOut])
def article_claims(request: HttpRequest, article_id: int) -> Any:
    """Each accepted fact of the article attached to a zone, beside what zonetrack records for
    that zone and year: `agrees`, `differs` (by `difference`) or `not_recorded`."""
    article = selectors.article_get(user=request.user, article_id=article_id)
    return [
        ClaimOut.from_claim(c) for c in claims.article_claims(user=request.user, article=article)
    ]


@router.get("/articles/{article_id}", response=ArticleOut)
def article_get(request: HttpRequest, article_id: int) -> Any:
    """An article with its cleaned text, damaged spans, repairs and facts."""
    return _detail(request.user, article_id)


@router.patch("/articles/facts/{fact_id}", response=FactOut)
def fact_patch(request: HttpRequest, fact_id: int, payload: FactPatch) -> Any:
    """Decide on a fact: accept, edit (corrected `fields`), reject, attach (`zone_id`) or
    detach. A stale `version` answers 409 and changes nothing."""
    fact = selectors.fact_get(user=request.user, fact_id=fact_id)
    if payload.action in services.ACTIONS:
        services.fact_review(
            actor=access.request_user(request),
            fact=fact,
            action=payload.action,
            fields=payload.fields,
            expected_version=payload.version,
        )
    elif payload.action in ("attach", "detach"):
        zone = None
        if payload.action == "attach":
            zone = selectors.attach_zone_get(user=request.user, zone_id=payload.zone_id)
            if zone is None:
                raise ValidationError({"zone_id": _("Unknown zone.")})
        services.fact_attach(
            actor=access.request_user(request),
            fact=fact,
            zone=zone,
            expected_version=payload.version,
        )
    else:
        raise ValidationError(
            {
                "action": _("Choose one of: %(choices)s.")
                % {"choices": "accept, edit, reject, attach, detach"}
            }
        )
    return selectors.fact_get(user=request.user, fact_id=fact_id)
