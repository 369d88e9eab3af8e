"""The standard-land commitment ledger by hand: a check met, failed and not yet due, the
follow-up a failure opens, the alerts, the pages and their query counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zonetrack.audit.models import Change
from zonetrack.land import alerts, services
from zonetrack.land.choices import EvaluationStatus, FirmKind
from zonetrack.land.models import Evaluation, FirmYear, FollowUp
from zonetrack.projects.models import ProgressReport, Project

from ..conftest import World, api_client_for, client_for
from .factories import supplied_commitment

PROMISE = {
    "investment_intensity_wan_per_mu": Decimal("150"),
    "plot_ratio": Decimal("1.2"),
    "tax_wan_per_mu": Decimal("8"),
    "energy_tce_per_wan": Decimal("0.5"),
    "start_by_on": date(2023, 6, 30),
    "production_by_on": date(2024, 6, 30),
    "credit_code": "91141000MA0XXXXX1A",
}


def _built(
    project: Project, *, invested: list[str], started: date | None, production: date | None
) -> None:
    """The project's stage dates, floor area (8,000 m² on 10 亩: plot ratio 1.2) and monthly
    reports."""
    Project.objects.filter(pk=project.pk).update(
        started_on=started, production_on=production, floor_m2=Decimal("8000")
    )
    for month, amount in enumerate(invested, start=1):
        ProgressReport.objects.create(
            project=project, month=date(2023, month, 1), invested_wan=Decimal(amount)
        )
    project.refresh_from_db()


def _by_item(check) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {row["item"]: row for row in check.results}


def test_a_completion_check_met_keeps_its_figures(world: World) -> None:
    commitment = supplied_commitment(world.zone_a, world.project_a, "甲-C1", **PROMISE)
    # 600 + 1000 = 1,600 万元 on 10 亩 = 160 万元/亩 ≥ 150.
    _built(
        world.project_a,
        invested=["600", "1000"],
        started=date(2023, 5, 1),
        production=date(2024, 5, 1),
    )
    assert services.check_due_on(commitment, "completion") == date(2024, 5, 1)
    check = services.commitment_check(
        actor=world.a_officer, commitment=commitment, kind="completion", day=date(2024, 5, 2)
    )
    items = _by_item(check)
    assert check.is_met
    assert items["investment_intensity"]["actual"] == "160.00"
    assert items["investment_intensity"]["outcome"] == "met"
    assert items["plot_ratio"]["actual"] == "1.20"
    assert items["start_by_on"] == {
        "item": "start_by_on",
        "promised": "2023-06-30",
        "actual": "2023-05-01",
        "unit": "",
        "outcome": "met",
        "source": "stages",
    }
    assert "tax_per_mu" not in items  # read at the capacity review only
    assert not FollowUp.objects.exists()


def test_a_failed_check_opens_one_follow_up_with_history(world: World) -> None:
    commitment = supplied_commitment(world.zone_a, world.project_a, "甲-C1", **PROMISE)
    # 1,000 万元 on 10 亩 = 100 万元/亩 < 150; started 2023-08-01, after the promised 06-30.
    _built(
        world.project_a, invested=["1000"], started=date(2023, 8, 1), production=date(2024, 5, 1)
    )
    check = services.commitment_check(
        actor=world.a_officer, commitment=commitment, kind="completion", day=date(2024, 7, 1)
    )
    items = _by_item(check)
    assert not check.is_met
    assert items["investment_intensity"]["actual"] == "100.00"
    assert items["investment_intensity"]["outcome"] == "failed"
    assert items["start_by_on"]["outcome"] == "failed"
    assert items["production_by_on"]["outcome"] == "met"
    follow_up = FollowUp.objects.get()
    assert follow_up.check_run == check and follow_up.status == "open"
    # A second failed check while the follow-up is open opens no other.
    services.commitment_check(
        actor=world.a_officer, commitment=commitment, kind="completion", day=date(2024, 8, 1)
    )
    assert FollowUp.objects.count() == 1
    with pytest.raises(ValidationError) as exc:
        services.follow_up_close(
            actor=world.a_officer, follow_up=follow_up, closed_on=date(2024, 9, 1), note=" "
        )
    assert "note" in exc.value.message_dict
    services.follow_up_close(
        actor=world.a_officer,
        follow_up=follow_up,
        closed_on=date(2024, 9, 1),
        note="已约谈，追加投资",
    )
    follow_up.refresh_from_db()
    assert follow_up.status == "closed"
    assert Change.objects.filter(object_id=str(follow_up.pk), action="update").exists()


def test_a_check_before_it_is_due_is_refused_and_a_deadline_ahead_is_not_yet_due(
    world: World,
) -> None:
    commitment = supplied_commitment(world.zone_a, world.project_a, "甲-C1", **PROMISE)
    _built(world.project_a, invested=["2000"], started=None, production=None)
    with pytest.raises(ValidationError) as exc:
        services.commitment_check(
            actor=world.a_officer, commitment=commitment, kind="completion", day=date(2024, 6, 29)
        )
    assert "2024-06-30" in exc.value.message_dict["kind"][0]
    # The capacity review: three years after the grant by default.
    assert services.check_due_on(commitment, "capacity") == date(2026, 1, 1)
    with pytest.raises(ValidationError):
        services.commitment_check(
            actor=world.a_officer, commitment=commitment, kind="capacity", day=date(2025, 12, 31)
        )
    # A start deadline still ahead on the day of a check is "not yet due", not failed.
    late = supplied_commitment(
        world.zone_a,
        world.project_a,
        "甲-C2",
        start_by_on=date(2026, 6, 30),
        capacity_by_on=date(2026, 12, 31),
        granted_on=date(2023, 1, 1),
    )
    Project.objects.filter(pk=world.project_a.pk).update(production_on=date(2024, 1, 1))
    late.project.refresh_from_db()
    check = services.commitment_check(
        actor=None, commitment=late, kind="completion", day=date(2024, 1, 2)
    )
    assert _by_item(check)["start_by_on"]["outcome"] == "not_due"
    assert check.is_met


def test_the_capacity_review_reads_the_firms_final_per_mu_figures(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ZONETRACK_LAND_CAPACITY_REVIEW_YEARS = 2
    commitment = supplied_commitment(world.zone_a, world.project_a, "甲-C1", **PROMISE)
    assert services.check_due_on(commitment, "capacity") == date(2025, 1, 1)
    _built(
        world.project_a, invested=["1600"], started=date(2023, 5, 1), production=date(2024, 5, 1)
    )
    evaluation = Evaluation.objects.create(
        organisation=world.org_a, year=2024, title="2024", status=EvaluationStatus.FINAL
    )
    # 70 万元 tax on 10 亩 = 7 万元/亩 < 8; 50 tce over 200 万元 = 0.25 ≤ 0.5.
    FirmYear.objects.create(
        evaluation=evaluation,
        name="甲区新材料",
        credit_code=PROMISE["credit_code"],
        zone=world.zone_a,
        kind=FirmKind.ABOVE_SCALE,
        land_mu=Decimal(10),
        tax_wan=Decimal(70),
        value_added_wan=Decimal(200),
        energy_tce=Decimal(50),
    )
    check = services.commitment_check(
        actor=None, commitment=commitment, kind="capacity", day=date(2025, 3, 1)
    )
    items = _by_item(check)
    assert items["tax_per_mu"]["actual"] == "7.00" and items["tax_per_mu"]["outcome"] == "failed"
    assert items["energy_per_va"]["actual"] == "0.25" and items["energy_per_va"]["outcome"] == "met"
    assert items["tax_per_mu"]["source"] == "permu:2024"
    assert not check.is_met


def test_only_the_zones_officers_record_and_check_and_bad_promises_are_refused(
    world: World,
) -> None:
    commitment = supplied_commitment(world.zone_a, world.project_a, "甲-C1", **PROMISE)
    Project.objects.filter(pk=world.project_a.pk).update(production_on=date(2024, 1, 1))
    commitment.project.refresh_from_db()
    for user in (world.a_viewer, world.b_manager):
        with pytest.raises(PermissionDenied):
            services.commitment_check(
                actor=user, commitment=commitment, kind="completion", day=date(2024, 2, 1)
            )
    with pytest.raises(ValidationError) as exc:
        supplied_commitment(
            world.zone_a,
            world.project_a,
            "甲-C2",
            start_by_on=date(2024, 6, 30),
            production_by_on=date(2024, 1, 1),
        )
    assert "production_by_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.commitment_create(
            actor=world.a_officer,
            parcel=commitment.parcel,
            project=world.project_b,
            granted_on=date(2023, 1, 1),
        )
    assert "project" in exc.value.message_dict


def test_alerts_tell_of_checks_due_and_promises_not_kept(world: World) -> None:
    commitment = supplied_commitment(world.zone_a, world.project_a, "甲-C1", **PROMISE)
    assert not [c for c in alerts.conditions(date(2024, 6, 29)) if c.kind == "land_check_due"]
    due = [c for c in alerts.conditions(date(2024, 7, 1)) if c.kind == "land_check_due"]
    assert [c.key for c in due] == [f"lcd:{commitment.pk}:completion:2024-06-30"]
    assert world.a_officer.pk in due[0].recipients and world.b_manager.pk not in due[0].recipients
    services.commitment_check(
        actor=None, commitment=commitment, kind="completion", day=date(2024, 7, 1)
    )
    found = alerts.conditions(date(2024, 7, 2))
    assert not [c for c in found if c.kind == "land_check_due"]
    failed = [c for c in found if c.kind == "land_commitment_failed"]
    assert len(failed) == 1 and "甲-C1" in failed[0].title


def test_the_pages_show_the_ledger_and_run_a_check(world: World) -> None:
    commitment = supplied_commitment(world.zone_a, world.project_a, "甲-C1", **PROMISE)
    url = reverse("land:commitment_detail", kwargs={"commitment_id": commitment.pk})
    officer = client_for(world.a_officer)
    page = officer.get(url).content.decode()
    assert "commitment-check-form" in page
    answer = officer.post(url, {"kind": "completion", "day": "2024-06-01"})
    assert answer.status_code == 400 and "2024-06-30" in answer.content.decode()
    answer = officer.post(url, {"kind": "completion", "day": "2024-07-01"})
    assert answer.status_code == 302
    follow_up = FollowUp.objects.get()
    assert "commitment-follow-ups" in officer.get(url).content.decode()
    close = reverse("land:follow_up_close", kwargs={"follow_up_id": follow_up.pk})
    assert officer.post(close, {"closed_on": "2024-07-05", "note": "收回土地"}).status_code == 302
    viewer = client_for(world.a_viewer)
    assert "commitment-check-form" not in viewer.get(url).content.decode()
    assert viewer.post(url, {"kind": "completion", "day": "2024-07-01"}).status_code == 403
    assert client_for(world.b_manager).get(url).status_code == 404
    ledger = client_for(world.a_officer).get(reverse("land:commitment_list")).content.decode()
    assert "甲-C1" in ledger
    assert (
        "甲-C1"
        not in client_for(world.b_manager).get(reverse("land:commitment_list")).content.decode()
    )
    create = reverse("land:commitment_create", kwargs={"parcel_id": commitment.parcel_id})
    answer = officer.post(
        create,
        {"project": world.project_a.pk, "granted_on": "2023-01-01", "plot_ratio": "-1"},
    )
    assert answer.status_code == 400


def test_the_ledger_uses_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.city_manager)
    url = reverse("land:commitment_list")
    for i in range(3):
        supplied_commitment(world.zone_a, world.project_a, f"甲-L{i}", **PROMISE)
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        assert client.get(url).status_code == 200
    for i in range(3, 20):
        supplied_commitment(world.zone_a, world.project_a, f"甲-L{i}", **PROMISE)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_parcel_page_leads_to_its_commitment_and_the_list_to_the_ledger(world: World) -> None:
    commitment = supplied_commitment(world.zone_a, world.project_a, "甲-C1", **PROMISE)
    client = client_for(world.a_officer)
    page = client.get(
        reverse("land:parcel_detail", kwargs={"parcel_id": commitment.parcel_id})
    ).content.decode()
    assert reverse("land:commitment_detail", kwargs={"commitment_id": commitment.pk}) in page
    assert 'id="new-commitment"' in page
    assert (
        reverse("land:commitment_list") in client.get(reverse("land:parcel_list")).content.decode()
    )


def test_the_api_lists_commitments_and_runs_a_check(world: World) -> None:
    commitment = supplied_commitment(world.zone_a, world.project_a, "甲-C1", **PROMISE)
    client, auth = api_client_for(world.a_officer)
    listed = client.get("/api/land/commitments", headers=auth).json()
    assert [row["parcel_code"] for row in listed["items"]] == ["甲-C1"]
    url = f"/api/land/commitments/{commitment.pk}/checks"
    early = client.post(
        url,
        {"kind": "completion", "day": "2024-06-01"},
        content_type="application/json",
        headers=auth,
    )
    assert early.status_code == 400 and early.json()["error"]["fields"]["kind"]
    done = client.post(
        url,
        {"kind": "completion", "day": "2024-07-01"},
        content_type="application/json",
        headers=auth,
    )
    assert done.status_code == 201 and done.json()["is_met"] is False
    detail = client.get(f"/api/land/commitments/{commitment.pk}", headers=auth).json()
    assert [c["kind"] for c in detail["checks"]] == ["completion"]
    viewer, viewer_auth = api_client_for(world.a_viewer)
    assert (
        viewer.post(
            url,
            {"kind": "completion", "day": "2024-07-01"},
            content_type="application/json",
            headers=viewer_auth,
        ).status_code
        == 403
    )
    other, other_auth = api_client_for(world.b_manager)
    assert (
        other.get(f"/api/land/commitments/{commitment.pk}", headers=other_auth).status_code == 404
    )


def test_the_ledger_exports_each_promise_with_its_checks(world: World) -> None:
    import io

    import openpyxl

    commitment = supplied_commitment(world.zone_a, world.project_a, "甲-C1", **PROMISE)
    supplied_commitment(world.zone_b, world.project_b, "乙-C1", **PROMISE)
    _built(
        world.project_a, invested=["1000"], started=date(2023, 8, 1), production=date(2024, 5, 1)
    )
    services.commitment_check(
        actor=world.a_officer, commitment=commitment, kind="completion", day=date(2024, 7, 1)
    )
    response = client_for(world.a_viewer).get(reverse("land:commitment_export"))
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "标准地承诺台账"
    data = [dict(zip(rows[1], row, strict=False)) for row in rows[2:]]
    assert [row["地块编号"] for row in data] == ["甲-C1"]  # the other zone's is not seen
    assert (data[0]["已核查次数"], data[0]["未兑现次数"], data[0]["未办结整改"]) == (1, 1, 1)
