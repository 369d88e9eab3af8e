"""A zone's chain map as a spreadsheet: firms present and target firms previewed then imported
whole, each link's state following; unknown links and regions and a firm twice refused by row
and column with nothing written; a viewer and another zone's officer refused; the blank sheet
names the chains; the zone's map downloaded (the zone's firms only) imports back unchanged."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from zonetrack.projects.models import Enterprise
from zonetrack.projects.validators import credit_code_check_char
from zonetrack.promotion import selectors, services
from zonetrack.promotion.choices import NodeState
from zonetrack.promotion.models import Chain, ChainFirm, ChainNode, Region, TargetFirm
from zonetrack.promotion.services.sheets import PRESENT, ChainFirmDraft, chain_map_import

from ..conftest import World, client_for

HEADER = [
    "产业链",
    "环节",
    "类别",
    "企业名称",
    "统一社会信用代码",
    "是否链主",
    "主要产品",
    "来源地区",
    "引进理由",
]
CELL_CODE = "91140100MA0L3X5N2" + credit_code_check_char("91140100MA0L3X5N2")
TRUCK_CODE = "91141000MA0P8Q7R4" + credit_code_check_char("91141000MA0P8Q7R4")
EV = "新能源汽车产业链"


def _upload(rows: list[list[Any]], *, header: list[str] = HEADER) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["产业链招商图谱"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return SimpleUploadedFile("chains.xlsx", stream.getvalue())


def _rows(response: Any) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return list(book.active.iter_rows(values_only=True))


def _preview(client: Any, upload: SimpleUploadedFile, zone: Any) -> Any:
    response = client.post(reverse("promotion:chain_import"), {"file": upload, "zone": zone.pk})
    assert response.status_code == 302, response.content.decode()[:500]
    page = client.get(response["Location"], headers={"accept-language": "zh-hans"})
    assert page.status_code == 200
    return page


def _faults(preview: Any) -> dict[int, dict[str, str]]:
    return {
        row["number"]: {cell["column"]: cell["message"] for cell in row["cells"]}
        for row in preview.result["rows"]
    }


def _link(name: str) -> ChainNode:
    return ChainNode.objects.get(name=name)


def _states(world: World, chain: Chain) -> dict[str, str]:
    found = selectors.chain_map(user=world.a_officer, chain_id=chain.pk, zone_id=world.zone_a.pk)
    return {link.node.name: link.state for link in found.links}


GOOD_ROWS = [
    [EV, "电芯", "在链企业", "晋能锂芯科技有限公司", CELL_CODE, "是", "磷酸铁锂电芯"],
    ["new-energy-vehicles", "充换电设施", "在链企业", "汾阳快充设备有限公司", None, "否", "充电桩"],
    [EV, "整车制造", "目标企业", "晋南重卡制造有限公司", TRUCK_CODE, None, None, "长三角", "补链"],
    [EV, "整车制造", "目标企业", "某新能源乘用车企业", None, "否", None, "珠三角", None],
]


def test_a_good_sheet_adds_present_and_target_firms_and_the_links_change_state(
    world: World,
) -> None:
    chain = Chain.objects.get(code="new-energy-vehicles")
    before = _states(world, chain)
    assert before["电芯"] == before["充换电设施"] == before["整车制造"] == "gap"
    client = client_for(world.a_officer)
    preview = _preview(client, _upload(GOOD_ROWS), world.zone_a).context["job"]
    assert preview.result["ok"] and preview.result["summary"]["create"] == 4
    assert preview.file_name.endswith(".xlsx")  # the row-by-row report
    assert not ChainFirm.objects.exists() and not TargetFirm.objects.exists()
    url = reverse("promotion:chain_import")
    response = client.post(url, {"confirm": "1", "preview": preview.pk})
    assert response.status_code == 302
    firms = {firm.name: firm for firm in ChainFirm.objects.select_related("enterprise", "node")}
    assert set(firms) == {"晋能锂芯科技有限公司", "汾阳快充设备有限公司"}
    cells = firms["晋能锂芯科技有限公司"]
    assert cells.zone == world.zone_a and cells.node == _link("电芯") and cells.is_leader
    assert cells.enterprise == Enterprise.objects.get(credit_code=CELL_CODE)
    assert cells.products == "磷酸铁锂电芯"
    charging = firms["汾阳快充设备有限公司"]
    assert charging.node == _link("充换电设施") and not charging.is_leader
    assert charging.enterprise is None
    targets = {t.name: t for t in TargetFirm.objects.select_related("region", "enterprise")}
    truck = targets["晋南重卡制造有限公司"]
    assert truck.node == _link("整车制造") and truck.region == Region.objects.get(name="长三角")
    assert truck.reason == "补链" and truck.enterprise.credit_code == TRUCK_CODE
    assert targets["某新能源乘用车企业"].region.name == "珠三角"
    after = _states(world, chain)
    # A chain leader makes its link strong (and its broader link), one firm makes it weak;
    # targets fill nothing.
    assert after["电芯"] == after["动力电池"] == "strong"
    assert after["充换电设施"] == "weak" and after["整车制造"] == "gap"
    # Confirming again writes nothing again.
    client.post(url, {"confirm": "1", "preview": preview.pk})
    assert ChainFirm.objects.count() == 2 and TargetFirm.objects.count() == 2


def test_unknown_links_and_regions_and_a_firm_twice_are_told_by_row_and_column(
    world: World,
) -> None:
    services.chain_firm_add(
        actor=None, zone=world.zone_a, node=_link("组件"), name="晋阳光伏组件有限公司"
    )
    rows = [
        GOOD_ROWS[0],
        ["光伏产业链", "月球电站", "在链企业", "某光伏企业"],
        [EV, "整车制造", "目标企业", "某整车企业", None, None, None, "火星", "补链"],
        [EV, "电芯", "在链企业", "晋能锂芯科技有限公司", None, "否"],
        ["量子产业链", "纠缠", "合作企业", "某量子企业", "91140100MA0L3X5N20"],
        ["光伏产业链", "组件", "在链企业", "晋阳光伏组件有限公司", None, "是", "光伏组件"],
        [EV, "整车制造", "目标企业", "某重卡企业", None, "是"],
    ]
    page = _preview(client_for(world.a_officer), _upload(rows), world.zone_a)
    preview = page.context["job"]
    assert not preview.result["ok"] and preview.result["summary"]["reject"] == 6
    faults = _faults(preview)
    assert faults[3] == {}
    assert set(faults[4]) == {"环节"} and "月球电站" in faults[4]["环节"]
    assert set(faults[5]) == {"来源地区"} and "火星" in faults[5]["来源地区"]
    assert set(faults[6]) == {"企业名称"} and "3" in faults[6]["企业名称"]
    assert set(faults[7]) == {"产业链", "类别", "统一社会信用代码"}
    assert "量子产业链" in faults[7]["产业链"] and "合作企业" in faults[7]["类别"]
    # On the map already with other values: an import adds firms and changes none.
    assert set(faults[8]) == {"企业名称"} and "是否链主" in faults[8]["企业名称"]
    assert set(faults[9]) == {"是否链主"}  # a target firm is no chain leader
    html = page.content.decode()
    assert 'data-row="5"' in html and 'data-column="来源地区"' in html
    response = client_for(world.a_officer).post(
        reverse("promotion:chain_import"), {"confirm": "1", "preview": preview.pk}
    )
    assert response.status_code == 302
    assert ChainFirm.objects.count() == 1 and not TargetFirm.objects.exists()


def test_a_viewer_and_an_officer_of_another_zone_cannot_import_into_the_zone(
    world: World,
) -> None:
    url = reverse("promotion:chain_import")
    response = client_for(world.a_officer).post(
        url, {"file": _upload(GOOD_ROWS), "zone": world.zone_b.pk}
    )
    assert response.status_code == 400 and "zone" in response.context["form"].errors
    viewer = client_for(world.a_viewer)
    page = viewer.get(url)
    assert page.status_code == 200 and not list(page.context["form"].fields["zone"].queryset)
    response = viewer.post(url, {"file": _upload(GOOD_ROWS), "zone": world.zone_a.pk})
    assert response.status_code == 400 and "zone" in response.context["form"].errors
    # Nor through the service, which the import job calls.
    draft = ChainFirmDraft(kind=PRESENT, node_id=_link("电芯").pk, name="乙区电芯企业")
    for actor, zone in ((world.a_officer, world.zone_b), (world.a_viewer, world.zone_a)):
        with pytest.raises(PermissionDenied):
            chain_map_import(actor=actor, zone=zone, drafts=[draft])
    assert not ChainFirm.objects.exists()


def test_the_blank_sheet_names_the_chains(world: World) -> None:
    client = client_for(world.a_officer)
    rows = _rows(client.get(reverse("promotion:chain_import_template")))
    assert rows[0][0] == "产业链招商图谱" and list(rows[2]) == HEADER and len(rows) == 3
    note = " ".join(str(v) for v in rows[1] if v)
    assert all(chain.name in note and chain.code in note for chain in Chain.objects.all())
    form = client.get(reverse("promotion:chain_import"), headers={"accept-language": "zh-hans"})
    html = form.content.decode()
    assert "电池包与电池管理系统" in html and "长三角" in html and "预览" in html


def test_the_export_lists_the_zones_map_and_imports_back_unchanged(
    world: World, django_assert_max_num_queries: Any
) -> None:
    chain = Chain.objects.get(code="new-energy-vehicles")
    client = client_for(world.a_officer)
    job = _preview(client, _upload(GOOD_ROWS), world.zone_a).context["job"]
    assert job.result["ok"]
    client.post(reverse("promotion:chain_import"), {"confirm": "1", "preview": job.pk})
    for n in range(6):
        services.chain_firm_add(
            actor=None, zone=world.zone_a, node=_link("汽车零部件"), name=f"甲区零部件企业{n}"
        )
    services.chain_firm_add(actor=None, zone=world.zone_b, node=_link("电芯"), name="乙区秘密电芯")
    url = reverse("promotion:chain_export")
    viewer = client_for(world.a_viewer)
    with django_assert_max_num_queries(16):
        response = viewer.get(url, {"zone": world.zone_a.pk, "chain": chain.pk})
    assert response.status_code == 200 and "chain-map-" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0][0] == "甲区产业链招商图谱"
    header = list(rows[1])
    # A link's own line ends where its counts do: the cells after it are empty.
    data = [dict(zip(header, [*row, *[None] * len(header)], strict=False)) for row in rows[2:]]
    assert "乙区" not in str(rows) and {row["开发区"] for row in data} == {"甲区"}
    named = {row["企业名称"]: row for row in data if row["企业名称"]}
    assert len(named) == 10 and "乙区秘密电芯" not in named
    cells = named["晋能锂芯科技有限公司"]
    assert (cells["环节"], cells["类别"], cells["是否链主"]) == ("电芯", "在链企业", "是")
    with translation.override("zh-hans"):
        strong, gap = str(NodeState.STRONG.label), str(NodeState.GAP.label)
    assert cells["统一社会信用代码"] == CELL_CODE and cells["环节状态"] == strong
    assert named["甲区零部件企业0"]["在链企业数"] == 6
    truck = named["晋南重卡制造有限公司"]
    assert (truck["类别"], truck["来源地区"], truck["环节状态"]) == ("目标企业", "长三角", gap)
    links = {row["环节"] for row in data}
    assert links == set(chain.nodes.values_list("name", flat=True))  # every link has its line
    # Another zone's map is not there to download.
    assert viewer.get(url, {"zone": world.zone_b.pk}).status_code == 404
    # The download imports back: every row already on the map as written, nothing new.
    back = SimpleUploadedFile("chain-map.xlsx", response.content)
    again = _preview(client, back, world.zone_a).context["job"]
    assert again.result["ok"]
    assert again.result["summary"] == {
        "create": 0,
        "update": 0,
        "unchanged": len(data),
        "reject": 0,
    }
    assert {"开发区", "环节状态", "在链企业数"} <= set(again.result["unknown_columns"])
    client.post(reverse("promotion:chain_import"), {"confirm": "1", "preview": again.pk})
    assert ChainFirm.objects.filter(zone=world.zone_a).count() == 8
    assert TargetFirm.objects.count() == 2
