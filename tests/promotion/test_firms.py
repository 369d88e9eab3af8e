"""Firms: one record per firm across zones, seen by whoever sees a lead or a project of it (404
otherwise) with its contacts, kept by the officers of those zones; a profile edit is in the
history, bad input comes back as field errors, contacts are archived and never deleted."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from zonetrack.accounts.choices import Role
from zonetrack.audit.services import history_of
from zonetrack.projects import services as project_services
from zonetrack.projects.models import Enterprise, EnterpriseContact
from zonetrack.projects.validators import CHARSET, credit_code_check_char
from zonetrack.promotion.services import firms as services

from ..conftest import World, api_client_for, client_for, make_user
from .factories import make_lead


def credit_code(first17: str) -> str:
    """A valid code: the 17 characters given and the check character they call for."""
    return first17 + credit_code_check_char(first17)


def wrong_code(first17: str) -> str:
    """The same code with a wrong check character."""
    right = credit_code_check_char(first17)
    return first17 + next(ch for ch in CHARSET if ch != right)


def make_firm(name: str = "晋岚精密机械有限公司", first17: str = "91141000MA0K7QH2P") -> Enterprise:
    firm = project_services.enterprise_for(name=name, credit_code=credit_code(first17))
    assert firm is not None
    return firm


def firm_url(firm: Enterprise, step: str = "") -> str:
    name = f"promotion:firm_{step}" if step else "promotion:firm_detail"
    return reverse(name, kwargs={"enterprise_id": firm.pk})


@pytest.fixture
def firm_of_b(world: World) -> Enterprise:
    """A firm with a lead in zone B only, and one contact."""
    firm = make_firm()
    make_lead(world.zone_b, "精密铸件项目", investor=firm)
    services.contact_add(
        actor=None, enterprise=firm, name="韩晓峰", role="投资总监", phone="0357-2211835"
    )
    return firm


def test_firm_page_is_404_for_a_user_who_sees_nothing_of_the_firm(
    world: World, firm_of_b: Enterprise
) -> None:
    for user in (world.a_manager, world.a_officer, world.nobody):
        assert client_for(user).get(firm_url(firm_of_b)).status_code == 404
    loner = make_firm("无人问津材料有限公司", "91141000MA0K7QH3X")
    assert client_for(world.city_manager).get(firm_url(loner)).status_code == 404
    assert client_for(world.superuser).get(firm_url(loner)).status_code == 200


def test_contacts_are_shown_only_to_a_zone_with_a_lead_or_project_of_the_firm(
    world: World, firm_of_b: Enterprise
) -> None:
    outsider = client_for(world.a_viewer)
    assert outsider.get(firm_url(firm_of_b)).status_code == 404
    page = client_for(world.b_manager).get(firm_url(firm_of_b)).content.decode()
    assert "韩晓峰" in page and "0357-2211835" in page and "精密铸件项目" in page
    # Zone A takes up the firm as a project: its people now see the firm and its contacts,
    # and of its leads and projects only their own.
    project_services.project_update(
        actor=None, project=world.project_a, changes={"investor": firm_of_b}
    )
    response = outsider.get(firm_url(firm_of_b))
    assert response.status_code == 200
    page = response.content.decode()
    assert "韩晓峰" in page and world.project_a.name in page and "精密铸件项目" not in page


def test_a_profile_edit_is_kept_in_the_history(world: World, firm_of_b: Enterprise) -> None:
    officer = make_user("bo", (world.org_b, Role.OFFICER))
    response = client_for(officer).post(
        firm_url(firm_of_b, "edit"),
        {
            "name": firm_of_b.name,
            "credit_code": firm_of_b.credit_code,
            "industry": "精密铸造",
            "scale": "medium",
            "headquarters": "长三角",
            "is_listed": "on",
            "is_chain_leader_candidate": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    firm_of_b.refresh_from_db()
    assert firm_of_b.scale == Enterprise.Scale.MEDIUM and firm_of_b.is_listed
    change = history_of(firm_of_b).first()
    assert change is not None and change.actor == officer
    assert change.before["industry"] == "" and change.after["industry"] == "精密铸造"
    assert change.after["is_chain_leader_candidate"] is True
    page = client_for(world.b_manager).get(firm_url(firm_of_b)).content.decode()
    assert 'id="history"' in page and "精密铸造" in page and 'id="firm-flags"' in page


def test_a_bad_credit_code_and_a_bad_email_are_field_errors(
    world: World, firm_of_b: Enterprise
) -> None:
    client = client_for(world.b_manager)
    response = client.post(
        firm_url(firm_of_b, "edit"),
        {"name": firm_of_b.name, "credit_code": wrong_code("91141000MA0K7QH2P")},
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["credit_code"]
    # A code another firm holds is refused on the field too.
    other = make_firm("汾河新能源科技有限公司", "91141000MA0K7QH4R")
    response = client.post(
        firm_url(firm_of_b, "edit"), {"name": firm_of_b.name, "credit_code": other.credit_code}
    )
    assert response.status_code == 400 and "credit_code" in response.context["form"].errors
    response = client.post(
        firm_url(firm_of_b, "contact_create"),
        {"name": "郑一鸣", "phone": "0357-2211836", "email": "zheng@@example"},
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["email"]
    response = client.post(firm_url(firm_of_b, "contact_create"), {"name": "郑一鸣"})
    assert response.status_code == 400 and "phone" in response.context["form"].errors
    firm_of_b.refresh_from_db()
    assert firm_of_b.credit_code == credit_code("91141000MA0K7QH2P")
    assert firm_of_b.contacts.count() == 1


def test_an_officer_of_an_unrelated_zone_cannot_add_a_contact(
    world: World, firm_of_b: Enterprise
) -> None:
    url = firm_url(firm_of_b, "contact_create")
    contact = {"name": "冒名", "phone": "0357-1234567"}
    assert client_for(world.a_officer).post(url, contact).status_code == 404
    with pytest.raises(PermissionDenied):
        services.contact_add(actor=world.a_officer, enterprise=firm_of_b, **contact)
    # Who sees the firm without keeping it (a viewer of zone B, a viewer above) is refused.
    for user in (make_user("bv", (world.org_b, Role.VIEWER)), world.province_viewer):
        assert client_for(user).post(url, contact).status_code == 403
        assert client_for(user).get(firm_url(firm_of_b, "edit")).status_code == 403
    assert firm_of_b.contacts.count() == 1


def test_a_contact_is_archived_and_restored_never_deleted(
    world: World, firm_of_b: Enterprise
) -> None:
    officer = make_user("bo", (world.org_b, Role.OFFICER))
    client = client_for(officer)
    response = client.post(
        firm_url(firm_of_b, "contact_create"),
        {"name": "郑一鸣", "role": "副总经理", "email": "zheng.yiming@jinlan.example"},
    )
    assert response.status_code == 302
    contact = EnterpriseContact.objects.get(name="郑一鸣")
    archive = reverse("promotion:firm_contact_archive", kwargs={"contact_id": contact.pk})
    assert client.post(archive).status_code == 302
    contact.refresh_from_db()
    assert contact.is_archived
    page = client.get(firm_url(firm_of_b)).content.decode()
    assert page.count("郑一鸣") == 1 and "zheng.yiming@jinlan.example" not in page
    assert client.post(archive, {"restore": "1"}).status_code == 302
    contact.refresh_from_db()
    assert not contact.is_archived
    assert [c.action for c in history_of(contact)] == ["restore", "archive", "create"]
    assert client_for(world.a_manager).post(archive).status_code == 404


def test_the_firm_page_costs_the_same_however_many_leads(
    world: World, firm_of_b: Enterprise, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.b_manager)
    client.get(firm_url(firm_of_b))
    with django_assert_max_num_queries(30) as few:
        assert client.get(firm_url(firm_of_b)).status_code == 200
    for i in range(12):
        make_lead(world.zone_b, f"精密铸件二期{i}", investor=firm_of_b)
        services.contact_add(
            actor=None, enterprise=firm_of_b, name=f"联系人{i}", phone="13800000000"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(firm_url(firm_of_b)).status_code == 200


def test_firm_api_reads_patches_and_adds_contacts(world: World, firm_of_b: Enterprise) -> None:
    client, headers = api_client_for(world.b_manager)
    base = f"/api/promotion/firms/{firm_of_b.pk}"
    body = client.get(base, headers=headers).json()
    assert body["name"] == firm_of_b.name and [lead["name"] for lead in body["leads"]] == [
        "精密铸件项目"
    ]
    response = client.patch(
        base,
        {"scale": "large", "is_fortune500": True, "headquarters": "上海市"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["scale"] == "large" and response.json()["is_fortune500"]
    response = client.patch(
        base,
        {"credit_code": wrong_code("91141000MA0K7QH2P")},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400 and "credit_code" in response.json()["error"]["fields"]
    response = client.post(
        f"{base}/contacts",
        {"name": "郑一鸣", "email": "not-an-address"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400 and "email" in response.json()["error"]["fields"]
    response = client.post(
        f"{base}/contacts",
        {"name": "郑一鸣", "phone": "+86 357 221 1836"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    names = [c["name"] for c in client.get(f"{base}/contacts", headers=headers).json()]
    assert sorted(names) == sorted(["郑一鸣", "韩晓峰"])
    outsider, outsider_headers = api_client_for(world.a_manager)
    assert outsider.get(f"{base}/contacts", headers=outsider_headers).status_code == 404
    viewer, viewer_headers = api_client_for(make_user("bv", (world.org_b, Role.VIEWER)))
    assert viewer.get(f"{base}/contacts", headers=viewer_headers).status_code == 200
    response = viewer.patch(
        base, {"is_listed": True}, content_type="application/json", headers=viewer_headers
    )
    assert response.status_code == 403
