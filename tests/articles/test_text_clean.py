"""Each cleaning step on small texts written for the tests."""

from __future__ import annotations

from datetime import date

from zonetrack.articles.text import read
from zonetrack.articles.text.clean import (
    clean,
    drop_boilerplate,
    drop_html,
    drop_pinyin,
    find_dateline,
    normalise,
    restore_punctuation,
)

PAD = "园区坚持项目为王，持续优化营商环境，推动产业集聚发展。"


def test_normalise_removes_invisible_characters_and_odd_spaces() -> None:
    text = normalise("园\u200b区\u3000建设\r\n加快\u00a0推进\ufeff")
    assert text == "园区 建设\n加快 推进"


def test_inserted_pinyin_after_a_han_character_is_removed() -> None:
    text, count = drop_pinyin("實(shí)現(xiàn)綠(lǜ)色發(fā)展")
    assert text == "實現綠色發展"
    assert count == 4


def test_real_brackets_survive_pinyin_removal() -> None:
    text = "在(科創)片區新建(800畝)廠房,引進(ABC)公司(2023年)項(xiàng)目,代號(hao)"
    cleaned, count = drop_pinyin(text)
    assert "(科創)" in cleaned
    assert "(800畝)" in cleaned
    assert "(ABC)" in cleaned
    assert "(2023年)" in cleaned
    assert "(hao)" in cleaned  # no tone mark: not an inserted annotation
    assert "項目" in cleaned
    assert count == 1


def test_pinyin_not_after_a_han_character_is_kept() -> None:
    text, count = drop_pinyin("Pinyin (shí) is a word; 2020 (lǜ) too")
    assert count == 0
    assert text == "Pinyin (shí) is a word; 2020 (lǜ) too"


def test_real_brackets_become_full_width_in_the_cleaned_text() -> None:
    reading = read("在(科創)片區新建(800畝)廠房，項(xiàng)目當(dāng)年投產(chǎn)。" + PAD)
    assert "在（科创）片区新建（800亩）厂房，项目当年投产。" in reading.clean_text


def test_html_remnants_are_removed() -> None:
    assert drop_html("园区<br/>建设</p>加快&nbsp;推进<span class='x'>中</span>") == (
        "园区建设加快\u00a0推进中"
    )


def test_ascii_punctuation_next_to_chinese_becomes_full_width() -> None:
    text = restore_punctuation("项目开工,总投资5亿元;何时投产?尽快!时间:10:30,金额1,000万元")
    assert text == "项目开工，总投资5亿元；何时投产？尽快！时间：10:30，金额1,000万元"


def test_ascii_punctuation_in_english_is_kept() -> None:
    assert restore_punctuation("Hello, world: fine? yes!") == "Hello, world: fine? yes!"


def test_traditional_is_converted_with_the_override_table() -> None:
    reading = read("開發區著力優化營商環境，隨著項目增多，著手擴區。" + PAD)
    assert reading.clean_text.startswith("开发区着力优化营商环境，随着项目增多，着手扩区。")
    assert any("Traditional" in w for w in reading.warnings)


def test_simplified_text_is_not_converted() -> None:
    reading = read("开发区着力优化营商环境。" + PAD)
    assert not any("Traditional" in w for w in reading.warnings)


def test_dateline_gives_the_publication_date() -> None:
    text = "园区新闻标题\n\n鹤壁日报 2021-06-09 08:30\n\n正文" + PAD
    assert find_dateline(text) == date(2021, 6, 9)
    assert find_dateline("标题\n发布时间：2020年3月5日\n" + PAD) == date(2020, 3, 5)
    assert find_dateline("标题\n" + PAD) is None
    assert find_dateline("2019年9月1日起施行的新规\n" + PAD) is None


def test_dateline_is_read_before_boilerplate_removal_and_resolves_dates() -> None:
    text = "标题\n\n鹤壁日报 2021-06-09 08:30 大字\n\n5月20日，园区举行项目签约仪式。" + PAD
    reading = read(text)
    assert reading.pub_date == date(2021, 6, 9)
    assert "大字" not in reading.clean_text
    dates = [f.fields["date"] for f in reading.facts if f.type == "date"]
    assert "2021-05-20" in dates


def test_bylines_captions_editor_lines_and_footer_are_removed() -> None:
    text = "\n".join(
        [
            "园区建设提速",
            "记者 张三 李四",
            "图为工人在车间生产。 王五 摄",
            PAD,
            "本报讯 通讯员 赵六",
            "项目建设进展顺利，预计年底投产。",
            "责任编辑：钱七",
            "相关新闻",
            "另一篇与本文无关的新闻标题",
            "推荐阅读",
        ]
    )
    cleaned = drop_boilerplate(text)
    assert cleaned.startswith("园区建设提速\n" + PAD)
    assert "项目建设进展顺利，预计年底投产。" in cleaned
    for gone in ("张三", "王五", "赵六", "责任编辑", "相关新闻", "另一篇", "推荐阅读"):
        assert gone not in cleaned


def test_a_line_that_starts_like_a_byline_but_is_a_sentence_stays() -> None:
    text = "标题\n记者从开发区获悉，园区今年新签约项目十个。\n" + PAD
    assert "记者从开发区获悉" in drop_boilerplate(text)


def test_clean_reports_offsets_of_nothing_when_nothing_was_repaired() -> None:
    result = clean("园区建设提速。" + PAD)
    assert result.repairs == []
    assert result.damaged_spans == []


def test_bracketed_bylines_are_removed() -> None:
    text = "本报讯（记者 赵磊）5月3日，园区举行签约仪式。\n" + PAD + "\n（记者 陈明 通讯员 刘洋）"
    cleaned = drop_boilerplate(text)
    assert cleaned.startswith("5月3日，园区举行签约仪式。")
    assert "赵磊" not in cleaned and "陈明" not in cleaned


def test_a_few_traditional_words_in_simplified_text_are_converted_quietly() -> None:
    reading = read("园区与臺灣客商签约，项目建设加快推进。" + PAD * 3)
    assert "与台湾客商签约" in reading.clean_text
    assert not any("Traditional" in w for w in reading.warnings)


def test_photo_caption_lines_are_removed_but_headlines_stay() -> None:
    text = "\n".join(
        [
            "园区简报",
            PAD,
            "宏达集团生产车间",
            "行政服务大厅",
            "园区与宏达集团签约",
            "坚持项目为王 全力推进建设",
            PAD,
        ]
    )
    cleaned = drop_boilerplate(text)
    assert "生产车间" not in cleaned and "行政服务大厅" not in cleaned
    assert "园区与宏达集团签约" in cleaned
    assert "坚持项目为王 全力推进建设" in cleaned


def test_notices_of_rights_and_links_back_to_the_site_are_page_furniture() -> None:
    text = (
        f"{PAD}\n{PAD}\n本文为云岭新区原创文章，转载请注明出处。\n"
        "未经授权不得转载\n返回晨报首页 返回云岭新区首页\n"
    )
    out = drop_boilerplate(text)
    assert out == f"{PAD}\n{PAD}"
    zones = [f for f in read(text).facts if f.type == "zone"]
    assert zones == []


def test_a_sentence_about_an_original_plan_is_not_a_notice() -> None:
    line = "本次会议原创性地提出了三项举措，返回原点重新谋划。"
    assert drop_boilerplate(f"{PAD}\n{line}") == f"{PAD}\n{line}"


def test_a_forum_edit_notice_is_page_furniture() -> None:
    text = f"{PAD}\n本帖最后由 版主 于 2011-03-02 10:15 编辑\n{PAD}"
    assert drop_boilerplate(text) == f"{PAD}\n{PAD}"
