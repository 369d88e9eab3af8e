"""Issue 16, second pass: general readings checked on invented sentences."""

from __future__ import annotations

from datetime import date

from zonetrack.articles.text import read
from zonetrack.articles.text.evaluate import match_key


def typed(text: str, kind: str) -> list[dict]:
    return [f.fields for f in read(text).facts if f.type == kind]


def test_a_plan_in_one_part_of_a_sentence_does_not_reach_the_next_project() -> None:
    text = (
        "青禾电子项目计划年内投产；远岚材料项目先行租赁3000平方米标准化厂房，开工建设三条生产线。"
    )
    # the first project's milestone is a goal without a figure; no figure of the second is
    assert [f["value"] for f in typed(text, "target")] == [None]
    values = {f["value"] for f in typed(text, "quantity")}
    assert {3000, 3} <= values


def test_a_goal_continued_after_a_semicolon_stays_a_goal() -> None:
    text = "力争到2030年，实现营业收入800亿元，年均增长10%；实现税收60亿元。"
    values = {f["value"] for f in typed(text, "target")}
    assert {80000000000, 6000000000} <= values


def test_what_is_done_after_a_plan_is_not_a_target() -> None:
    text = "综合楼计划年底封顶，目前，北苑产业园已完成全年计划4亿元的88.5%。"
    assert 88.5 not in {f["value"] for f in typed(text, "target")}


def test_a_zones_own_bureau_is_an_organisation() -> None:
    names = {f["name"] for f in typed("白河经济技术开发区招商局赴外地考察。", "organisation")}
    assert "白河经济技术开发区招商局" in names


def test_a_zone_named_with_and_without_its_level_word_is_one_zone() -> None:
    text = "天长市经济技术开发区今年新签项目。天长经济技术开发区党工委召开会议。"
    assert {f["name"] for f in typed(text, "zone")} == {"天长市经济技术开发区"}


def test_a_firm_before_a_zone_in_a_list_does_not_become_a_zone() -> None:
    text = "参加签约的有临川星海电子、南昌市政设计院、南昌高新区青山湖污水处理厂。"
    assert not [n for n in (f["name"] for f in typed(text, "zone")) if "设计院" in n]


def test_you_before_a_place_does_not_start_a_name() -> None:
    names = {f["name"] for f in typed("园区内入驻有江西星城学院等院校。", "organisation")}
    assert "江西星城学院" in names


def test_a_county_level_place_starts_a_zone_name() -> None:
    # 天长 is a county-level city jieba's dictionary lacks; the shipped division list has it
    text = "会上，天长经济开发区与三家企业签约。"
    assert {f["name"] for f in typed(text, "zone")} == {"天长经济开发区"}


def test_a_qualifier_in_brackets_keeps_the_unit_family() -> None:
    plain = match_key("quantity", {"value": 400, "unit": "元"})
    qualified = match_key("quantity", {"value": 400, "unit": "元（突破）"})
    assert plain == qualified
    assert plain != match_key("quantity", {"value": 400, "unit": "%"})


def dates(text: str) -> set[str]:
    return {f["date"] for f in typed(text, "date")}


def test_a_sentence_opening_on_a_year_alone_dates_its_event() -> None:
    text = "园区发展迅速。2011年，通过省级验收并更名为青石经济开发区。"
    assert "2011" in dates(text)


def test_a_goal_year_is_not_an_event() -> None:
    assert dates("会议提出。到2030年，园区要建成一流园区。") == set()


def test_same_year_takes_the_year_named_before_it() -> None:
    text = "北岭高新区成立于1995年4月，同年9月升级为省级高新区。"
    assert {"1995-04", "1995-09"} <= dates(text)


def test_a_list_of_years_is_one_range() -> None:
    assert "2019/2020" in dates("2019年、2020年连续推进标准厂房建设。")


def test_lost_paragraph_indents_are_removed_and_reported() -> None:
    reading = read("????今年以来，青石开发区新签项目12个。\n????园区完成投资8亿元。")
    assert "?" not in reading.clean_text and "？" not in reading.clean_text
    assert reading.clean_text.startswith("今年以来")
    assert any("indents" in str(w) for w in reading.warnings)


def test_a_slipped_full_stop_and_quote_is_restored_and_the_loss_marked() -> None:
    reading = read("园区作用进一步凸显?!?8+3”重点园区完成投资。青石开发区新签项目12个。")
    assert "凸显。“□8+3”" in reading.clean_text
    assert len(reading.damaged_spans) == 1
    assert [(r.before, r.accepted) for r in reading.repairs] == [("?!?", False)]


def test_a_real_question_and_exclamation_stays() -> None:
    reading = read("这是为什么?!青石开发区新签项目12个。")
    assert reading.damaged_spans == []


def test_characters_scattered_against_copying_are_removed() -> None:
    text = '2 f2 o5 @% `# w9 F3 《青石日报》日前，青石开发区新签项目12个。" r( ?5 O" h6 }( Q'
    reading = read(text)
    assert "w9" not in reading.clean_text and "h6" not in reading.clean_text
    assert "青石开发区新签项目12个" in reading.clean_text


def test_a_short_line_ending_in_a_link_arrow_is_not_the_article() -> None:
    reading = read("青石开发区新签项目12个。\n专属礼包、288元现金红包，点击领取>>\n")
    assert "红包" not in reading.clean_text


def zone_names(text: str) -> set[str]:
    return {f["name"] for f in typed(text, "zone")}


def test_a_place_spelt_with_a_stop_character_starts_a_zone() -> None:
    # 于 usually ends a name ("位于"), but 于都 is a county
    assert "于都工业园" in zone_names("于都工业园新签项目12个。")


def test_a_co_built_park_keeps_its_host_in_brackets() -> None:
    text = "云浮佛山（云浮）产业园、新兴产业园等园区获评优秀。"
    assert "佛山（云浮）产业园" in zone_names(text)


def test_a_dash_joined_zone_name_is_one_name() -> None:
    assert "福建—海峡经开区" in zone_names("福建—海峡经开区积极盘活闲置土地。")


def clusters(text: str) -> list[list[str]]:
    return [f["items"] for f in typed(text, "industry_cluster")]


def test_a_whole_sector_after_ji_is_its_own_item() -> None:
    text = "本次开工项目涵盖了智能装备、光电显示及现代物流业等行业。"
    assert ["智能装备", "光电显示", "现代物流业"] in clusters(text)


def test_a_pair_joined_by_ji_stays_one_item() -> None:
    text = "园区形成了家电、汽车及零部件等产业集群。"
    assert ["家电", "汽车及零部件"] in clusters(text)


def test_industries_forming_a_chain_are_a_cluster() -> None:
    text = "青石工业园区精细化工、新型建材形成完整产业链条。"
    assert ["精细化工", "新型建材"] in clusters(text)


def test_money_in_a_foreign_currency_keeps_its_currency_and_no_yuan() -> None:
    (amount,) = typed("今年1-9月，园区外资实际到位3500万美元。", "amount")
    assert amount["amount_yuan"] is None
    assert (amount["currency"], amount["amount_original"]) == ("USD", 35_000_000)
    assert amount["status"] == "funds_in_place"


def test_a_foreign_threshold_of_a_count_is_no_amount() -> None:
    assert typed("其中投资1亿元或2000万美元以上重大项目9家。", "amount") == []


def test_a_foreign_currency_goal_is_a_target_in_that_currency() -> None:
    (target,) = typed("力争全年实际利用外资8000万美元。", "target")
    assert (target["value"], target["unit"]) == (80_000_000, "美元")


def orgs(text: str) -> set[str]:
    return {f["name"] for f in typed(text, "organisation")}


def test_a_place_and_name_in_a_long_list_of_firms_is_a_firm() -> None:
    text = "参加开工的企业包括南昌星海电子、南昌宏达电气、江西远山科技、南昌青禾、江西北辰材料。"
    assert {"南昌青禾", "南昌星海电子", "江西北辰材料"} <= orgs(text)


def test_a_place_and_name_in_a_short_mixed_list_is_not_taken() -> None:
    assert "南昌青禾" not in orgs("这里有南昌星海电子、南昌青禾。")


def test_a_zones_own_plant_is_an_organisation() -> None:
    text = "签约单位有南昌星海电子、南昌宏达电气、江西远山科技、南昌高新区瑶湖污水处理厂。"
    assert "南昌高新区瑶湖污水处理厂" in orgs(text)


def counts(text: str) -> list[tuple[object, str]]:
    return [(f["count"], f["status"]) for f in typed(text, "project_count")]


def test_a_count_whose_project_is_left_out_keeps_its_status() -> None:
    text = "截至目前，青石园区累计引进项目30个，已开工建设18个，投产9家。"
    assert counts(text)[1:] == [(18, "started"), (9, "in_production")]


def test_a_bare_count_without_a_project_count_in_its_sentence_is_no_project_count() -> None:
    assert counts("青石园区今年以来新开工企业8家。") == []


def test_a_day_month_year_dateline_with_its_time_is_the_publication_date() -> None:
    reading = read(
        "青石园区获评优秀\n\n09.10.2015 08:30\n青石园区去年入选省级示范园区，今年新签项目12个。"
    )
    assert reading.pub_date == date(2015, 10, 9)
    assert "2014" in {f.fields["date"] for f in reading.facts if f.type == "date"}
