"""Statistics, counts, ranks and areas as quantities, on sentences written for the tests."""

from __future__ import annotations

from zonetrack.articles.text import Fact, read


def quantities(text: str) -> list[Fact]:
    return [f for f in read(text).facts if f.type == "quantity"]


def values(text: str, type_: str = "quantity") -> set[tuple]:
    return {(f.fields["value"], f.fields["unit"]) for f in read(text).facts if f.type == type_}


def test_an_achieved_statistic_is_a_quantity_in_yuan_with_its_period() -> None:
    reading = read("今年上半年，园区完成工业总产值483.1亿元，同比增长6.6%；税收收入12亿元。")
    assert not [f for f in reading.facts if f.type == "amount"]
    found = {f.fields["value"]: f for f in reading.facts if f.type == "quantity"}
    assert found[48310000000].fields["unit"] == "元"
    assert "工业总产值" in found[48310000000].fields["metric"]
    assert "上半年" in found[48310000000].fields["metric"]
    assert found[6.6].fields["unit"] == "%"
    assert found[1200000000].fields["unit"] == "元"


def test_investment_already_spent_stays_an_amount() -> None:
    reading = read("园区完成固定资产投资51.5亿元，增长8.2%。")
    (amount,) = [f for f in reading.facts if f.type == "amount"]
    assert amount.fields["amount_yuan"] == 5150000000
    assert values("园区完成固定资产投资51.5亿元，增长8.2%。") == {(8.2, "%")}


def test_growth_shares_and_percentage_point_gaps_are_their_own_quantities() -> None:
    text = "服务业增加值占比达50%左右，高于全市平均2.3个百分点，8户企业增速在45%以上。"
    assert {(50, "%（左右）"), (2.3, "个百分点"), (45, "%（以上）"), (8, "户")} <= values(text)


def test_counts_of_firms_and_people_in_both_word_orders_with_qualifiers() -> None:
    text = "开发区现有企业259家，引来120余家企业入驻，总人口约4万人，其中农村人口2万多人。"
    assert values(text) == {
        (259, "家"),
        (120, "家（余）"),
        (40000, "人（约）"),
        (20000, "人（多）"),
    }


def test_chinese_numerals_count_and_abstract_things_do_not() -> None:
    assert (7, "个") in values("公安、税务等七个部门在园区设立派驻机构。")
    assert values("园区坚持三个原则，落实五个到位。") == set()


def test_a_threshold_inside_a_count_is_not_a_sum_of_money() -> None:
    reading = read("园区产值过亿元的工业企业达110家，纳税500万元以上的企业10家。")
    assert not [f for f in reading.facts if f.type in ("amount", "target")]
    found = {f.fields["value"]: f.fields for f in reading.facts if f.type == "quantity"}
    assert set(found) == {110, 10}
    assert found[110]["threshold_yuan"] == 100000000
    assert found[10]["threshold_yuan"] == 5000000


def test_ranks_with_arabic_and_chinese_ordinals() -> None:
    text = "该区增速位列全市第一，在全省考核中排名第十二位，综合实力排名第3，首批企业签约。"
    assert values(text) == {(1, "位"), (12, "位"), (3, "位")}


def test_areas_are_in_base_units_with_their_qualifier() -> None:
    text = "园区新增厂房面积约37万平方米，规划面积61平方千米，流转土地3万多亩。"
    assert values(text) == {(370000, "平方米（约）"), (61, "平方公里"), (30000, "亩（多）")}


def test_forward_looking_figures_are_targets_not_quantities() -> None:
    text = "力争到2027年实现营业收入超过500亿元，引进企业50家。"
    assert values(text) == set()
    assert values(text, "target") == {(50000000000, "元（超过）"), (50, "家")}


def test_a_gap_against_the_annual_target_is_not_a_new_target() -> None:
    text = "上半年工业投资增长35%，比年度目标高17.4个百分点。"
    assert values(text, "target") == set()
    assert values(text) == {(35, "%"), (17.4, "个百分点")}
