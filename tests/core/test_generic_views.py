"""The base views (detail, service form, archive/restore, filtered list), the object form and
filter bar templates, the badge tag and the cross-app link slots, on tiny pages over zones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext

from zonetrack.core import links
from zonetrack.core.badges import DEFAULT_CSS, badge_colours, colour_for
from zonetrack.core.views import safe_return_url
from zonetrack.registry.choices import ZoneKind, ZoneStatus
from zonetrack.registry.models import Zone

from ..conftest import World, client_for

pytestmark = pytest.mark.urls("tests.core.generic_views")

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _test_templates(settings: Any) -> None:
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"],
        }
    ]


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _t(message: str) -> str:
    """A message as the users of these tests read it (their language is the default)."""
    with translation.override("zh-hans"):
        return gettext(message)


# Detail -------------------------------------------------------------------------------------


def test_detail_shows_a_visible_record_with_its_context(world: World) -> None:
    response = client_for(world.a_manager).get(f"/zones-by-base/{world.zone_a.pk}/")
    assert response.status_code == 200
    assert response.content.decode() == (
        '<h1 id="name">甲区</h1><p id="same">same</p><p>more</p>\n'
    )


def test_detail_is_404_for_what_is_not_seen_and_403_for_a_step_not_allowed(
    world: World,
) -> None:
    assert client_for(world.b_manager).get(f"/zones-by-base/{world.zone_a.pk}/").status_code == 404
    assert client_for(world.a_viewer).get(f"/zones-by-base/{world.zone_a.pk}/").status_code == 200
    change = f"/zones-by-base/{world.zone_a.pk}/change/"
    assert client_for(world.a_viewer).get(change).status_code == 403
    assert client_for(world.b_manager).get(change).status_code == 404
    assert client_for(world.a_manager).get(change).status_code == 200


def test_detail_asks_anonymous_visitors_to_sign_in(world: World, client: Any) -> None:
    response = client.get(f"/zones-by-base/{world.zone_a.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# Service form -------------------------------------------------------------------------------


def _rename(world: World) -> str:
    return f"/zones-by-base/{world.zone_a.pk}/rename/"


def test_form_page_is_the_generic_object_form(world: World) -> None:
    response = client_for(world.a_manager).get(_rename(world) + "?return=/projects/")
    assert response.status_code == 200
    assert next(t.name for t in response.templates) == "core/object_form.html"
    html = response.content.decode()
    assert "Rename 甲区" in html
    assert 'id="rename-form"' in html
    assert '<input type="hidden" name="return" value="/projects/">' in html
    assert 'name="version" value="1"' in html
    assert '<a class="btn btn-link" href="/projects/">' in html
    assert '<div class="col-12">\n<div class="mb-3 zt-field" data-field="name">' in html


def test_form_post_runs_the_service_then_message_and_redirect(world: World) -> None:
    response = client_for(world.a_manager).post(_rename(world), {"name": "甲新区", "version": 1})
    assert response.status_code == 302
    assert response["Location"] == f"/zones-by-base/{world.zone_a.pk}/"
    assert _messages(response) == [_t("Saved.")]
    assert Zone.objects.get(pk=world.zone_a.pk).name == "甲新区"


def test_form_follows_a_local_return_address_only(world: World) -> None:
    client = client_for(world.a_manager)
    response = client.post(
        _rename(world) + "?return=/projects/%3Fzone%3D1", {"name": "一", "version": 1}
    )
    assert response["Location"] == "/projects/?zone=1"
    response = client.post(_rename(world), {"name": "二", "version": 2, "return": "/zones/"})
    assert response["Location"] == "/zones/"
    for hostile in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        version = Zone.objects.get(pk=world.zone_a.pk).version
        response = client.post(
            _rename(world), {"name": f"名{version}", "version": version, "return": hostile}
        )
        assert response["Location"] == f"/zones-by-base/{world.zone_a.pk}/"


def test_form_shows_invalid_values_and_service_errors_as_400(world: World) -> None:
    response = client_for(world.a_manager).post(_rename(world), {"name": "", "version": 1})
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert Zone.objects.get(pk=world.zone_a.pk).name == "甲区"
    response = client_for(world.a_manager).post(_rename(world), {"name": "x", "version": "y"})
    assert response.status_code == 400
    assert "version" in response.context["form"].errors


def test_form_refuses_a_stale_version_as_409(world: World) -> None:
    client = client_for(world.a_manager)
    client.post(_rename(world), {"name": "甲一", "version": 1})
    response = client.post(_rename(world), {"name": "甲二", "version": 1})
    assert response.status_code == 409
    assert response.context["form"].non_field_errors()
    assert Zone.objects.get(pk=world.zone_a.pk).name == "甲一"


def test_form_is_404_unseen_and_403_not_allowed_on_get_and_post(world: World) -> None:
    for method in ("get", "post"):
        call = getattr(client_for(world.b_manager), method)
        assert call(_rename(world), {"name": "乙", "version": 1}).status_code == 404
        call = getattr(client_for(world.a_viewer), method)
        assert call(_rename(world), {"name": "乙", "version": 1}).status_code == 403
    assert Zone.objects.get(pk=world.zone_a.pk).name == "甲区"


def test_form_under_htmx_redirects_by_header_or_answers_the_partial(world: World) -> None:
    client = client_for(world.a_manager)
    response = client.post(_rename(world), {"name": "甲新区", "version": 1}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/zones-by-base/{world.zone_a.pk}/"
    assert response.content == b""
    response = client.post(_rename(world), {"name": "", "version": 2}, **HTMX)
    assert response.status_code == 400
    assert response.content.decode().startswith('<div id="partial">')
    response = client.post(_rename(world), {"name": "旧", "version": 1}, **HTMX)
    assert response.status_code == 409
    assert 'id="form-errors"' in response.content.decode()


# Archive and restore ------------------------------------------------------------------------


def test_archive_and_restore(world: World) -> None:
    client = client_for(world.a_manager)
    response = client.post(f"/zones-by-base/{world.zone_a.pk}/archive/")
    assert response.status_code == 302
    assert response["Location"] == f"/registry/zones/{world.zone_a.pk}/"
    assert _messages(response) == [_t("Archived. You can restore it from its page.")]
    assert Zone.objects.get(pk=world.zone_a.pk).is_archived
    response = client.post(f"/zones-by-base/{world.zone_a.pk}/restore/")
    assert _messages(response)[-1] == _t("Restored.")  # after the one not shown yet
    assert not Zone.objects.get(pk=world.zone_a.pk).is_archived
    # One address may do both.
    client.post(f"/zones-by-base/{world.zone_a.pk}/archive/")
    client.post(f"/zones-by-base/{world.zone_a.pk}/archive/", {"restore": "1"})
    assert not Zone.objects.get(pk=world.zone_a.pk).is_archived


def test_archive_shows_a_stale_version_as_an_error_message(world: World) -> None:
    response = client_for(world.a_manager).post(
        f"/zones-by-base/{world.zone_a.pk}/archive/", {"version": 7}
    )
    assert response.status_code == 302
    assert len(_messages(response)) == 1
    assert not Zone.objects.get(pk=world.zone_a.pk).is_archived


def test_archive_is_404_unseen_403_not_allowed_and_post_only(world: World) -> None:
    url = f"/zones-by-base/{world.zone_a.pk}/archive/"
    assert client_for(world.b_manager).post(url).status_code == 404
    assert client_for(world.a_viewer).post(url).status_code == 403
    assert client_for(world.a_manager).get(url).status_code == 405
    assert not Zone.objects.get(pk=world.zone_a.pk).is_archived


def test_archive_under_htmx_redirects_by_header(world: World) -> None:
    response = client_for(world.a_manager).post(
        f"/zones-by-base/{world.zone_a.pk}/archive/", **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/registry/zones/{world.zone_a.pk}/"


# Filtered list ------------------------------------------------------------------------------


def test_list_filters_pages_and_decorates(world: World) -> None:
    client = client_for(world.city_manager)
    response = client.get("/zones-by-base/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<li class="zone decorated">') == 1  # one per page
    assert response.context["page_obj"].paginator.count == 2
    assert 'id="zone-filter"' in html and 'id="zone-filter-submit"' in html
    assert '<input type="hidden" name="sort"' in html
    assert '<div class="col-md-2">' in html
    response = client.get("/zones-by-base/", {"q": "乙", "sort": "name"})
    assert [z.name for z in response.context["zones"]] == ["乙区"]
    assert 'value="乙"' in response.content.decode()


def test_list_shows_only_what_the_user_sees(world: World) -> None:
    response = client_for(world.a_manager).get("/zones-by-base/", {"page": 5})
    assert [z.name for z in response.context["zones"]] == ["甲区"]
    assert response.context["page_obj"].paginator.count == 1


def test_safe_return_url() -> None:
    request = RequestFactory().get("/")
    assert safe_return_url(request, "/zones/?a=1") == "/zones/?a=1"
    assert safe_return_url(request, "") is None
    assert safe_return_url(request, None) is None
    assert safe_return_url(request, "http://testserver/zones/") is None
    assert safe_return_url(request, "//evil.example/") is None
    assert safe_return_url(request, "/\\evil.example/") is None


# Badges -------------------------------------------------------------------------------------


def test_badge_renders_any_choice_field_in_its_declared_colour(world: World) -> None:
    zone = Zone.objects.get(pk=world.zone_a.pk)
    zone.status = ZoneStatus.SETTING_UP
    translation.activate("en")
    html = Template(
        '{% load badges %}{% badge zone "status" %}|{% badge zone "kind" "x" %}'
    ).render(Context({"zone": zone}))
    assert html == (
        '<span class="badge bg-blue-lt" data-value="setting_up">Being set up</span>|'
        f'<span class="badge {DEFAULT_CSS} x" data-value="etdz">'
        "Economic and technological development zone</span>"
    )
    zone.short_name = ""
    assert Template('{% load badges %}{% badge zone "status" %}').render(Context({"zone": zone}))
    assert ZoneStatus.badge_colours["operating"] == "bg-green-lt"  # type: ignore[attr-defined]


def test_badge_colours_must_cover_every_choice() -> None:
    with pytest.raises(ValueError, match="no badge colour"):
        badge_colours(ZoneKind, {ZoneKind.ETDZ: "bg-blue-lt"})
    assert colour_for(ZoneKind.choices, ZoneKind.ETDZ) == DEFAULT_CSS
    assert colour_for(ZoneStatus.choices, "operating") == "bg-green-lt"
    assert colour_for(ZoneStatus.choices, "unknown") == DEFAULT_CSS


# Cross-app links ----------------------------------------------------------------------------


@pytest.fixture
def slot() -> Any:
    yield "test_actions"
    links._SLOTS.pop("test_actions", None)


def test_links_show_the_registered_links_the_user_may_follow(world: World, slot: str) -> None:
    links.register_link(
        slot,
        "Plan",
        lambda zone: f"/plan/{zone.pk}/",
        lambda user, zone: user.username == "am",
        element_id="plan-link",
    )
    links.register_link(slot, "Open", lambda zone: f"/open/{zone.pk}/", css="btn btn-primary")
    template = Template('{% load links %}{% links "test_actions" zone %}')

    def render(user: Any) -> str:
        request = RequestFactory().get("/")
        request.user = user
        return template.render(RequestContext(request, {"zone": world.zone_a}))

    pk = world.zone_a.pk
    assert render(world.a_manager) == (
        f'<a class="btn" href="/plan/{pk}/" id="plan-link">Plan</a>\n'
        f'<a class="btn btn-primary" href="/open/{pk}/">Open</a>'
    )
    assert render(world.a_viewer) == f'<a class="btn btn-primary" href="/open/{pk}/">Open</a>'
    # Registering again replaces; no request means nobody, never "zonetrack itself".
    links.register_link(
        slot, "Plan", lambda zone: "/p/", lambda user, zone: user is None, element_id="plan-link"
    )
    assert (
        Template('{% load links %}{% links "test_actions" zone %}').render(
            Context({"zone": world.zone_a})
        )
        == f'<a class="btn btn-primary" href="/open/{pk}/">Open</a>'
    )
    assert links.links_for("nothing_here", AnonymousUser(), world.zone_a) == []
    links.unregister_link(slot, "plan-link")
    assert [link.label for link, _url in links.links_for(slot, world.a_manager, world.zone_a)] == [
        "Open"
    ]


def test_zone_page_names_no_other_apps_url() -> None:
    source = (
        Path(__file__).parents[2] / "src/zonetrack/registry/templates/registry/zone_detail.html"
    ).read_text()
    assert "dispatch:" not in source
    assert '{% links "zone_actions" zone %}' in source


def test_panels_show_the_blocks_other_apps_registered(world: World) -> None:
    slot = "test_panels"
    links.register_panel(slot, "facts", lambda request, zone: f"<p>{zone.name} {request.user}</p>")
    links.register_panel(slot, "empty", lambda request, zone: "")
    try:
        request = RequestFactory().get("/")
        request.user = world.a_manager
        html = Template('{% load links %}{% panels "test_panels" zone %}').render(
            RequestContext(request, {"zone": world.zone_a})
        )
        assert html == "<p>甲区 am</p>"
        links.unregister_panel(slot, "facts")
        assert links.panels_for(slot, request, world.zone_a) == []
    finally:
        links._PANELS.pop(slot, None)
