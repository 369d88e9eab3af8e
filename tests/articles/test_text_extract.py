"""Each fact type on small texts written for the tests."""

from __future__ import annotations

from datetime import date

from zonetrack.articles.text import Fact, Reading, read

PUB = date(2022, 10, 1)


def facts(reading: Reading, type_: str) -> list[Fact]:
    return [f for f in reading.facts if f.type == type_]


def test_every_quote_is_verbatim_in_the_cleaned_text() -> None:
    reading = read(
        "——访芜湖经济技术开发区管委会主任\n3月8日，芜湖经济技术开发区集中签约项目12个，"
        "总投资约56.8亿元。力争到2025年，实现营业收入800亿元。",
        pub_date=PUB,
    )
    assert reading.facts
    for fact in reading.facts:
        assert reading.clean_text[fact.start : fact.end] == fact.quote
        assert 0 < fact.confidence <= 1


def test_zone_is_anchored_on_a_place_name() -> None:
    reading = read("——访芜湖经济技术开发区管委会主任。园区建设加快推进，项目落地提速。")
    (zone,) = facts(reading, "zone")
    assert zone.fields == {"name": "芜湖经济技术开发区"}
    assert "访芜湖经济技术开发区管委会主任" in zone.quote


def test_a_list_of_places_sharing_a_suffix_gives_one_zone_each() -> None:
    reading = read("长治、晋城经济技术开发区联合举办推介会，园区建设加快推进。")
    names = {f.fields["name"] for f in facts(reading, "zone")}
    assert names == {"长治经济技术开发区", "晋城经济技术开发区"}


def test_park_inside_a_zone_gets_the_zone_as_parent() -> None:
    reading = read(
        "鹤壁经济技术开发区加快建设。鹤壁经济技术开发区在（金山工业园区）新建厂房，"
        "项目建设加快推进。"
    )
    parks = [f for f in facts(reading, "zone") if f.fields["name"] == "金山工业园区"]
    assert parks and parks[0].fields["parent"] == "鹤壁经济技术开发区"


def test_registry_zones_are_found_by_name() -> None:
    reading = read("东湖片区今年新签约项目十个，园区建设加快推进。", zones=["东湖片区"])
    assert [f.fields["name"] for f in facts(reading, "zone")] == ["东湖片区"]


def test_common_words_before_a_suffix_are_not_zones() -> None:
    reading = read("推进新兴工业产业园区建设，打造现代化城市新区，创建国家级开发区。")
    assert facts(reading, "zone") == []


def test_amount_with_status_qualifier_and_project_count() -> None:
    reading = read(
        "3月8日，园区集中签约项目12个，总投资约56.8亿元。" + "园区建设加快推进。", pub_date=PUB
    )
    (amount,) = facts(reading, "amount")
    assert amount.fields["amount_yuan"] == 5_680_000_000
    assert amount.fields["amount_text"] == "56.8亿元"
    assert amount.fields["qualifier"] == "~"
    assert amount.fields["status"] == "signed"
    assert amount.fields["project_count"] == 12
    assert amount.fields["date"] == "2022-03-08"


def test_amount_qualifier_at_least_and_statuses() -> None:
    text = (
        "园区全年完成投资150亿元以上。到位资金超过20亿元。新开工项目总投资8000万元。"
        "各银行与企业达成融资意向金额30亿元。"
    )
    amounts = {f.fields["amount_yuan"]: f.fields for f in facts(read(text), "amount")}
    assert amounts[15_000_000_000]["qualifier"] == ">="
    assert amounts[15_000_000_000]["status"] == "completed_investment"
    assert amounts[2_000_000_000]["qualifier"] == ">="
    assert amounts[2_000_000_000]["status"] == "funds_in_place"
    assert amounts[80_000_000]["status"] == "started"
    assert amounts[3_000_000_000]["status"] == "financing_intent"


def test_project_count_with_status_in_either_word_order() -> None:
    reading = read("园区本月新签约项目4个，其中5个项目当日开工，另有3个项目签约并开工。")
    counts = {f.fields["count"]: f.fields["status"] for f in facts(reading, "project_count")}
    assert counts == {4: "signed", 5: "started", 3: "signed_and_started"}


def test_targets_with_year_and_fenbie_distribution() -> None:
    reading = read(
        "力争到2025年，实现营业收入800亿元、税收收入60亿元，年均分别增长12%、8.5%。",
    )
    targets = [
        (f.fields["metric"], f.fields["value"], f.fields["unit"], f.fields["year"])
        for f in facts(reading, "target")
    ]
    assert ("营业收入", 80_000_000_000, "元", 2025) in targets
    assert ("税收收入", 6_000_000_000, "元", 2025) in targets
    assert ("营业收入年均增长", 12, "%", 2025) in targets
    assert ("税收收入年均增长", 8.5, "%", 2025) in targets
    assert facts(reading, "amount") == []  # planned figures are targets, not amounts


def test_count_targets_threshold_and_this_year() -> None:
    reading = read("今年计划引进投资超10亿元项目5个以上，新增规模以上工业企业20家。", pub_date=PUB)
    by_value = {f.fields["value"]: f.fields for f in facts(reading, "target")}
    assert by_value[5]["unit"] == "个（以上）"
    assert by_value[5]["threshold_yuan"] == 1_000_000_000
    assert by_value[5]["year"] == 2022
    assert by_value[20]["unit"] == "家"


def test_count_ranges_and_chinese_numerals() -> None:
    reading = read("要引进3至5个重点项目，启动六条道路的修建，形成1-2个可复制推广的经验。")
    values = {f.fields["value"] for f in facts(reading, "target")}
    assert {"3-5", 6, "1-2"} <= values


def test_goal_without_a_figure_is_a_target() -> None:
    reading = read("园区以升级国家级经济技术开发区为目标，加快推进各项工作。")
    (target,) = facts(reading, "target")
    assert target.fields["value"] is None
    assert "国家级经济技术开发区" in target.fields["metric"]


def test_dates_are_resolved_with_the_publication_date() -> None:
    reading = read(
        "9月12日至15日，代表团考察了三个城市。2021年10月，园区获批省级开发区。"
        "12月20日，园区举行项目签约仪式。",
        pub_date=PUB,
    )
    values = [f.fields["date"] for f in facts(reading, "date")]
    assert "2022-09-12/2022-09-15" in values
    assert "2021-10" in values
    assert "2021-12-20" in values  # December is after the October publication: last year


def test_date_without_publication_date_takes_the_year_of_its_sentence() -> None:
    reading = read("在5月18日举行的2019年投资洽谈会上，园区签约项目十个。园区建设加快推进。")
    (fact,) = facts(reading, "date")
    assert fact.fields["date"] == "2019-05-18"
    assert "year_inferred_from" in fact.fields


def test_organisations_with_their_suffix() -> None:
    reading = read("开发区与安徽江淮汽车集团有限公司签订合作协议，绵阳科技城发展投资公司参加。")
    names = {f.fields["name"] for f in facts(reading, "organisation")}
    assert names == {"安徽江淮汽车集团有限公司", "绵阳科技城发展投资公司"}


def test_generic_company_words_are_not_organisations() -> None:
    reading = read("推动管委会下属国有公司改制，组建市场化招商公司，引导保险公司参与。")
    assert facts(reading, "organisation") == []


def test_industry_cluster_lists_its_items() -> None:
    reading = read("重点培育电子信息、生物医药、高端装备和新材料四大主导产业。")
    (cluster,) = facts(reading, "industry_cluster")
    assert cluster.fields["name"] == "四大主导产业"
    assert cluster.fields["items"] == ["电子信息", "生物医药", "高端装备", "新材料"]


def test_industry_cluster_needs_as_many_items_as_it_says() -> None:
    reading = read("重点培育电子信息、生物医药两大产业和新材料五大产业。")
    assert facts(reading, "industry_cluster")[0].fields["name"] == "两大产业"
    assert len(facts(reading, "industry_cluster")) == 1


def test_quantities_area_people_and_anniversary() -> None:
    reading = read(
        "大同高新技术产业开发区规划面积25.5平方公里，吸引300余名客商参会。今年是建区20周年。"
    )
    found = {(f.fields["value"], f.fields["unit"]): f.fields for f in facts(reading, "quantity")}
    assert found[(25.5, "平方公里")]["zone"] == "大同高新技术产业开发区"
    assert (300, "名（余）") in found
    assert (20, "周年") in found


def test_relative_months_and_datelines_with_a_time() -> None:
    reading = read(
        "园区项目建设提速\n2024年06月18日 09:12 来源：某某日报\n"
        "今年5月，园区举行重大项目集中开工活动。去年12月，园区获批扩区。"
    )
    values = {f.fields["date"]: f for f in facts(reading, "date")}
    assert reading.pub_date == date(2024, 6, 18)
    assert values["2024-06-18"].quote == "2024年06月18日 09:12 来源：某某日报"
    assert "2024-05" in values and "2023-12" in values


def test_vague_amounts_are_not_figures() -> None:
    reading = read("项目已完成投资数十亿元，带动上百亿元产业链。园区建设加快推进。")
    assert facts(reading, "amount") == []


def test_counts_in_ten_thousands_and_goal_years() -> None:
    reading = read("2023年要以建设世界一流高科技园区为目标，力争全年新增市场主体1万户。")
    targets = facts(reading, "target")
    assert any(t.fields["value"] == 10_000 and t.fields["unit"] == "户" for t in targets)
    goal = next(t for t in targets if t.fields["value"] is None)
    assert goal.fields["year"] == 2023


def test_planned_total_investment_of_a_project_is_an_amount_not_a_target() -> None:
    reading = read("该项目计划总投资12亿元，目前已开工建设。园区建设加快推进。")
    (amount,) = facts(reading, "amount")
    assert amount.fields["amount_yuan"] == 1_200_000_000
    assert amount.fields["status"] == "planned"
    assert facts(reading, "target") == []
