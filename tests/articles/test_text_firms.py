"""Firms and bodies named without a legal suffix, on sentences written for the tests."""

from __future__ import annotations

from zonetrack.articles.text import read


def names(text: str) -> set[str]:
    return {f.fields["name"] for f in read(text).facts if f.type == "organisation"}


def test_names_listed_before_a_count_of_projects() -> None:
    text = "当日签约了星河科技、远山电子、青禾食品等12个项目，总投资35亿元。"
    assert {"星河科技", "远山电子", "青禾食品"} <= names(text)


def test_a_list_closed_by_firms_keeps_names_without_an_industry_word() -> None:
    text = "其中云栖、北辰新材料、澜海光电等6户企业增速在30%以上。"
    assert {"云栖", "北辰新材料", "澜海光电"} <= names(text)


def test_an_open_list_needs_most_names_to_end_in_an_industry_word() -> None:
    text = "这是继蓝鲸汽车、企业服务站、白桦置业开工后规模最大的一次集中开工。"
    assert {"蓝鲸汽车", "白桦置业"} <= names(text)
    assert "企业服务站" not in names(text)


def test_bureaus_in_a_list_of_departments() -> None:
    text = "税务局、市场监督管理局、统计局等五个部门在园区设立了服务窗口。"
    assert {"税务局", "市场监督管理局", "统计局"} <= names(text)


def test_a_firm_at_the_head_of_its_project() -> None:
    assert "鸿远新能源" in names("鸿远新能源项目总投资8亿元，已完成厂房主体建设。")


def test_lists_of_industries_are_not_firms() -> None:
    assert names("园区重点发展智能装备、新能源、新材料、生物医药等主导产业。") == set()
    assert names("这些项目涵盖新能源汽车、电子信息、节能环保等领域。") == set()
    assert names("存在安全、环保、稳定等隐患的项目逐步退出园区。") == set()


def test_a_body_inside_a_university_is_one_name_not_two() -> None:
    found = read("会上，同山大学产业研究院发布了报告。").facts
    names = [f.fields["name"] for f in found if f.type == "organisation"]
    assert names == ["同山大学产业研究院"]


def test_a_firm_heads_a_long_project_name_after_a_semicolon() -> None:
    text = "主体厂房已经封顶；远川玻璃深加工及门窗制造项目总投资2亿元，年底投产。"
    assert "远川玻璃" in names(text)


def test_a_firms_industry_words_may_follow_one_another() -> None:
    text = "园区引进的项目进展顺利。比如，青峰汽车新能源项目已租赁标准化厂房。"
    assert "青峰汽车新能源" in names(text)


def test_a_plant_heads_its_project() -> None:
    assert "南屏卷烟厂" in names("南屏卷烟厂易地技改项目主体工程完工。")


def test_a_project_head_without_a_name_is_no_firm() -> None:
    assert names("新建智能制造及新材料项目总投资5亿元。") == set()


def test_a_government_body_is_named_after_its_place() -> None:
    assert "江苏省科技厅" in names("12家企业被江苏省科技厅认定为省级科技型企业。")
    assert "苏州市商务局" in names("苏州市商务局组织企业参加展会。")


def test_a_body_without_its_place_is_no_name() -> None:
    assert names("市统计局发布了数据，区商务局组织企业参加展会。") == set()
