"""The monthly pack's pages: generating one and downloading its files, who may (whoever may open
the organisation's cockpit; 404 for anyone else), and the province's layout editor (its managers
save; a bad layout is refused with a message beside each faulty field and loses nothing)."""

from __future__ import annotations

import io
from typing import Any

import docx
import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zonetrack.accounts.choices import Role
from zonetrack.audit.services import history_of
from zonetrack.core.jobs import execute
from zonetrack.core.models import Job
from zonetrack.dashboards.pack import services
from zonetrack.dashboards.pack.forms import LayoutEditor
from zonetrack.dashboards.pack.layout import default_layout, normalised

from ..conftest import World, client_for, make_user
from .test_pack import PERIOD, fill_world, generate


def _list(organisation: Any) -> str:
    return reverse("dashboards:pack_list", kwargs={"organisation_id": organisation.pk})


def _layout_url(organisation: Any) -> str:
    return reverse("dashboards:pack_layout", kwargs={"organisation_id": organisation.pk})


def _download(organisation: Any, job: Job, kind: str) -> str:
    return reverse(
        "dashboards:pack_download",
        kwargs={"organisation_id": organisation.pk, "job_id": job.pk, "kind": kind},
    )


def post_data(layout: dict[str, Any], version: int | str = "") -> dict[str, str]:
    """What the editor posts for a layout, as its page fills the fields."""
    data = {"sheets": str(len(layout["sheets"])), "version": str(version), "action": "save"}
    for index, sheet in enumerate(layout["sheets"]):
        prefix = f"s{index}"
        data |= {
            f"{prefix}-name": sheet["name"],
            f"{prefix}-title": sheet["title"],
            f"{prefix}-unit": sheet.get("unit", ""),
            f"{prefix}-rows": sheet["rows"],
            f"{prefix}-was": sheet["rows"],
            f"{prefix}-order": str(index + 1),
            f"{prefix}-columns": str(len(sheet["columns"])),
        }
        if sheet.get("subtotals"):
            data[f"{prefix}-subtotals"] = "1"
        for number, column in enumerate(sheet["columns"]):
            at = f"{prefix}-c{number}"
            data |= {f"{at}-{key}": str(column.get(key, "")) for key in ("field", "header")}
            data |= {f"{at}-{key}": str(column.get(key, "")) for key in ("group", "width")}
            data[f"{at}-order"] = str(number + 1)
    return data


@pytest.fixture
def manager(world: World) -> Any:
    return make_user("pm", (world.province, Role.MANAGER))


def test_generating_a_pack_shows_its_progress_page_then_both_files_download_and_open(
    world: World,
) -> None:
    fill_world(world)
    client = client_for(world.province_viewer)
    page = client.get(_list(world.province))
    assert page.status_code == 200
    assert b'type="month"' in page.content
    response = client.post(_list(world.province), {"period": f"{PERIOD:%Y-%m}"})
    job = Job.objects.get(kind="dashboards.pack")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job_detail", kwargs={"job_id": job.pk})
    job_page = client.get(response["Location"])
    assert _download(world.province, job, "xlsx").encode() in job_page.content
    workbook = client.get(_download(world.province, job, "xlsx"))
    assert workbook.status_code == 200 and "attachment" in workbook["Content-Disposition"]
    sheets = openpyxl.load_workbook(io.BytesIO(b"".join(workbook.streaming_content)))
    assert "主要指标" in sheets.sheetnames
    # The workbook is the job's own file too, on core's job pages.
    own = client.get(reverse("core:job_file", kwargs={"job_id": job.pk}))
    assert own.status_code == 200 and b"".join(own.streaming_content)[:2] == b"PK"
    summary = client.get(_download(world.province, job, "docx"))
    document = docx.Document(io.BytesIO(b"".join(summary.streaming_content)))
    assert any("省厅" in p.text for p in document.paragraphs)
    # The list shows the version with its two files, to another user who may open the cockpit.
    listed = client_for(world.superuser).get(_list(world.province))
    assert f'data-job="{job.pk}"'.encode() in listed.content
    assert _download(world.province, job, "docx").encode() in listed.content


def test_a_month_to_come_is_refused(world: World) -> None:
    client = client_for(world.province_viewer)
    response = client.post(_list(world.province), {"period": "2100-01"})
    assert response.status_code == 400
    assert not Job.objects.exists()


@pytest.mark.parametrize("persona", ["nobody", "b_manager", "a_viewer", "city_manager"])
def test_who_may_not_open_the_provinces_cockpit_gets_404_everywhere(
    world: World, persona: str
) -> None:
    job = generate(world.province_viewer, world.province)
    client = client_for(getattr(world, persona))
    for url in (_list(world.province), _layout_url(world.province)):
        assert client.get(url).status_code == 404
        assert client.post(url, {"period": f"{PERIOD:%Y-%m}"}).status_code == 404
    for kind in ("xlsx", "docx"):
        assert client.get(_download(world.province, job, kind)).status_code == 404
    assert Job.objects.count() == 1


def test_a_zone_viewer_cannot_generate_the_provinces_pack(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.pack_start(actor=world.a_viewer, organisation=world.province, period=PERIOD)
    # Their own zone committee's pack they may generate.
    assert generate(world.a_viewer, world.org_a).result["zones"] == 1


def test_a_pack_whose_owner_no_longer_sees_the_organisation_fails_and_says_why(
    world: World,
) -> None:
    job = Job.objects.create(
        kind="dashboards.pack",
        owner=world.b_manager,
        title="x",
        params={"organisation_id": world.org_a.pk, "period": PERIOD.isoformat()},
    )
    execute(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.result.get("refused") and job.message
    assert not services.pack_files(job)


def test_a_download_names_a_finished_version_of_that_organisation_and_a_known_kind(
    world: World,
) -> None:
    job = generate(world.city_manager, world.city)
    client = client_for(world.city_manager)
    assert client.get(_download(world.city, job, "xlsx")).status_code == 200
    assert client.get(_download(world.city, job, "pdf")).status_code == 404
    assert client.get(_download(world.org_a, job, "xlsx")).status_code == 404
    other = Job.objects.create(kind="projects.ledger_export", owner=world.city_manager, title="x")
    assert client.get(_download(world.city, other, "xlsx")).status_code == 404


def test_the_layout_editor_saves_what_it_shows_with_its_history(world: World, manager: Any) -> None:
    client = client_for(manager)
    page = client.get(_layout_url(world.province))
    assert page.status_code == 200 and b'id="layout-form"' in page.content
    layout = normalised(default_layout())
    layout["sheets"][0]["title"] = "{单位}主要指标"
    layout["sheets"][1]["columns"].pop()
    response = client.post(_layout_url(world.province), post_data(layout))
    assert response.status_code == 302
    record = services.layout_record(world.province)
    assert record is not None and record.layout == layout
    assert history_of(record).count() == 1
    # Saved again from the page as it now stands, nothing changes.
    response = client.post(_layout_url(world.province), post_data(layout, record.version))
    record.refresh_from_db()
    assert record.version == 1 and record.layout == layout
    # A page read before someone else's save is refused, naming them; nothing is lost.
    layout["sheets"][0]["title"] = "改过的标题"
    stale = client.post(_layout_url(world.province), post_data(layout, 0))
    assert stale.status_code == 400 and "改过的标题" in stale.content.decode()
    record.refresh_from_db()
    assert record.version == 1 and record.layout["sheets"][0]["title"] == "{单位}主要指标"
    # Restoring the default is a change like any other, kept in the history.
    client.post(_layout_url(world.province), {"action": "default", "version": "1"})
    record.refresh_from_db()
    assert record.layout == normalised(default_layout())
    assert history_of(record).count() == 2


def test_a_bad_layout_is_refused_with_a_message_beside_each_field_and_loses_nothing(
    world: World, manager: Any
) -> None:
    good = normalised(default_layout())
    kept = services.pack_layout_save(actor=manager, organisation=world.province, layout=good)
    bad = normalised(default_layout())
    bad["sheets"][1]["name"] = "主要指标"  # twice
    bad["sheets"][1]["title"] = "{区县}重点项目"  # an unknown placeholder
    bad["sheets"][2]["columns"][1]["field"] = "invested_wan"  # not a column of problems
    bad["sheets"][3]["columns"][2]["width"] = "宽"
    response = client_for(manager).post(_layout_url(world.province), post_data(bad, kept.version))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="layout-errors"' in page
    assert page.count("is-invalid") == 4
    assert "{区县}重点项目" in page  # what was typed is shown again
    kept.refresh_from_db()
    assert kept.version == 1 and kept.layout == good
    with pytest.raises(ValidationError) as refused:
        services.pack_layout_save(actor=manager, organisation=world.province, layout=bad)
    assert set(refused.value.message_dict) == {
        "sheets.1.name",
        "sheets.1.title",
        "sheets.2.columns.1.field",
        "sheets.3.columns.2.width",
    }
    for layout in ({"sheets": []}, {"sheets": [{"name": "x"}]}, [], {"tables": 1}):
        with pytest.raises(ValidationError):
            services.pack_layout_save(actor=manager, organisation=world.province, layout=layout)


def test_a_groups_columns_stand_side_by_side_and_subtotals_are_for_zones(
    world: World, manager: Any
) -> None:
    layout = {
        "sheets": [
            {
                "name": "签约",
                "title": "签约",
                "rows": "signings",
                "subtotals": True,
                "columns": [
                    {"field": "name", "group": "项目"},
                    {"field": "zone"},
                    {"field": "investor", "group": "项目"},
                ],
            }
        ]
    }
    with pytest.raises(ValidationError) as refused:
        services.pack_layout_save(actor=manager, organisation=world.province, layout=layout)
    assert set(refused.value.message_dict) == {"sheets.0.subtotals", "sheets.0.columns.2.group"}


def test_only_a_provinces_managers_change_its_layout(world: World, manager: Any) -> None:
    layout = normalised(default_layout())
    for actor, organisation in (
        (world.province_viewer, world.province),
        (world.city_manager, world.city),
        (manager, world.city),  # a city uses its province's layout
    ):
        with pytest.raises(PermissionDenied):
            services.pack_layout_save(actor=actor, organisation=organisation, layout=layout)
    viewer = client_for(world.province_viewer)
    page = viewer.get(_layout_url(world.province))
    assert page.status_code == 200
    assert b'id="layout-readonly"' in page.content and b'id="layout-form"' not in page.content
    assert viewer.post(_layout_url(world.province), post_data(layout)).status_code == 403
    # The city's page shows the province's layout, and leads its managers to it.
    city = client_for(manager).get(_layout_url(world.city))
    assert city.status_code == 200 and _layout_url(world.province).encode() in city.content
    assert services.layout_record(world.province) is None


def test_the_editor_reads_back_the_layout_it_shows(world: World) -> None:
    layout = normalised(default_layout())
    editor, posted = LayoutEditor.from_post(post_data(layout))
    assert normalised(posted) == layout and not editor.errors
    # A new sheet starts with its list's default columns; a changed list gets its defaults.
    data = post_data(layout) | {
        "sheets": "5",
        "s4-new": "1",
        "s4-name": "重点项目二",
        "s4-title": "标题",
        "s4-rows": "key_projects",
        "s4-order": "0.5",
        "s3-rows": "problems",
        "s2-drop": "1",
    }
    _editor, posted = LayoutEditor.from_post(data)
    assert [s["name"] for s in posted["sheets"]] == [
        "重点项目二",
        "主要指标",
        "重点项目",
        "签约项目",
    ]
    assert posted["sheets"][0]["columns"] == layout["sheets"][1]["columns"]
    assert posted["sheets"][3]["columns"] == layout["sheets"][2]["columns"]
