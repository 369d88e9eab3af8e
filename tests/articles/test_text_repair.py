"""Byte-slip repair: damage built by the same one-byte slip from sentences written for the tests.

The helper reproduces what the faulty tool did: read GBK bytes one byte early, so the trail byte
of the character before the damage and the lead byte of the lost character form a wrong
character (shown as "?" and its own pinyin) and the "(" of the next annotation is swallowed.
"""

from __future__ import annotations

import random

import opencc

from zonetrack.articles.text import read
from zonetrack.articles.text.lexicon import readings, to_simplified, words
from zonetrack.articles.text.repair import repair

ANNOTATED = "實(shí)施實(shí)施實(shí)施"  # the tool's pinyin is present in damaged text


def slip(before: str, lost: str) -> str:
    """The damaged rendering of `before` + `lost` ("要" + "務" → "要?jiǎng)?wù)")."""
    lead = before.encode("gbk")[1]
    data = lost.encode("gbk")
    wrong = bytes((lead, data[0])).decode("gbk")
    return f"{before}?{readings()[wrong][0]})?{readings()[lost][0]})"


def slip_ascii_trail(before: str, lost: str) -> str:
    """The rendering when the lost character's trail byte is ASCII ("河" + "東" → "河?xùn)|")."""
    lead = before.encode("gbk")[1]
    data = lost.encode("gbk")
    wrong = bytes((lead, data[0])).decode("gbk")
    return f"{before}?{readings()[wrong][0]}){chr(data[1])}"


def test_the_slip_helper_reproduces_the_known_pattern() -> None:
    assert slip("要", "務") == "要?jiǎng)?wù)"
    assert slip_ascii_trail("河", "東") == "河?xùn)|"


def test_lost_character_is_restored_from_its_pinyin_and_the_bytes() -> None:
    damaged = ANNOTATED + "，推進" + slip("任", "務") + "落實。"
    fixed, log = repair(damaged)
    assert [entry[1:] for entry in log] == [("務", True)]
    assert "任\ue000務\ue001落實" in fixed


def test_lost_character_with_an_ascii_trail_byte_is_restored() -> None:
    damaged = ANNOTATED + "，沿" + slip_ascii_trail("河", "東") + "路新建輔道。"
    fixed, log = repair(damaged)
    assert log[0][1:] == ("東", True)
    assert "河\ue000東\ue001路" in fixed


def test_repair_is_in_the_cleaned_text_and_the_repair_log() -> None:
    text = ANNOTATED + "，全力推進" + slip("任", "務") + "落實，園區發(fā)展加快。"
    reading = read(text)
    assert "全力推进任务落实" in reading.clean_text
    (repair_entry,) = reading.repairs
    assert repair_entry.accepted
    assert repair_entry.after == "务"
    assert reading.clean_text[repair_entry.start : repair_entry.end] == "务"
    assert reading.damaged_spans == []


def test_punctuation_slip_before_a_closing_tag_is_restored() -> None:
    text = ANNOTATED + "。他說:“園區將加快發(fā)展?!?/p>\n下一段文字。"
    reading = read(text)
    assert "他说：“园区将加快发展。”\n下一段文字。" in reading.clean_text
    assert any(r.accepted and r.after == "。”" for r in reading.repairs)


def test_unrecoverable_byte_becomes_a_box_and_lowers_confidence() -> None:
    text = ANNOTATED + "。園區規劃?!?”片區,投資20億元建設。"
    reading = read(text)
    assert "□" in reading.clean_text
    assert reading.damaged_spans
    start, end = reading.damaged_spans[0]
    assert reading.clean_text[start:end] == "□"
    assert any(not r.accepted for r in reading.repairs)
    touching = [f for f in reading.facts if f.start <= start < f.end]
    assert all(f.confidence <= 0.3 for f in touching)


def test_a_lost_code_digit_is_restored_only_from_the_same_code_elsewhere() -> None:
    text = ANNOTATED + "。實施“2468”戰略。園區規劃?!?468”戰略落地。"
    reading = read(text)
    assert "。“2468”战略落地" in reading.clean_text
    text = ANNOTATED + "。實施“2468”和“3468”戰略。園區規劃?!?468”戰略落地。"
    assert "“□468”" in read(text).clean_text


def test_real_question_and_exclamation_marks_in_clean_text_are_not_repaired() -> None:
    text = "园区为何能快速发展?!答案是服务。企业满意吗?满意!" + "项目建设加快推进。"
    reading = read(text)
    assert reading.repairs == []
    assert "为何能快速发展？！答案是服务。企业满意吗？满意！" in reading.clean_text


def test_ambiguous_damage_is_not_guessed() -> None:
    # "?" + a syllable without any byte evidence of a word: left as □, never a guess
    text = ANNOTATED + "，園區?ō)?ā)建設。"
    reading = read(text)
    assert all(not r.accepted for r in reading.repairs)
    assert "□" in reading.clean_text


def punct_slip(phrase: str) -> str:
    """The rendering of "。" + phrase read one byte late: a lone "?", full-width pairs turned to
    ASCII, wrong characters, the last trail byte alone, then the last character's pinyin."""
    data = ("。" + phrase).encode("gbk")
    shifted = data[1:]
    out = []
    for i in range(0, len(shifted) - 1, 2):
        pair = shifted[i : i + 2]
        out.append(chr(pair[1] - 0x80) if pair[0] == 0xA3 else pair.decode("gbk"))
    out.append(chr(shifted[-1]))
    return "?" + "".join(out) + f"({readings()[phrase[-1]][0]})"


def test_a_run_read_one_byte_late_is_read_again_in_step() -> None:
    phrase = "至於平時"  # ends in a Traditional character whose trail byte is ASCII
    damaged = punct_slip(phrase)
    assert damaged.startswith("?V")  # A3 + lead byte of 至 became a full-width "V"
    fixed, log = repair("園區建設加快" + damaged + "工作。" + ANNOTATED)
    assert [entry[1:] for entry in log] == [("。至於平時", True)]
    assert "\ue000。至於平時\ue001工作" in fixed


def test_slip_after_an_annotated_character_uses_that_character() -> None:
    damaged = ANNOTATED + "，我們" + "軍(jūn)" + slip("軍", "隊")[1:] + "的工作。"
    _fixed, log = repair(damaged)
    assert [entry[2] for entry in log] == [True]
    assert log[0][1] in ("隊", "队")  # either form reads 队 once converted
    assert "我们军队的工作" in read(damaged).clean_text


def test_real_double_question_marks_in_annotated_text_stay() -> None:
    for ending in ("??繼續(xù)推進。", "?!園區繼續(xù)推進。", "?2020年園區", "?A股上市"):
        text = ANNOTATED + "。項(xiàng)目何時(shí)投產(chǎn)" + ending
        assert repair(text) == (text, [])


def test_no_accepted_repair_is_wrong_on_many_generated_slips() -> None:
    """Slips built from common two-character words of jieba's dictionary: every accepted
    repair gives back the lost character; the rest are left as □, never guessed."""
    s2t = opencc.OpenCC("s2t")
    common = sorted(w for w, f in words().items() if len(w) == 2 and f > 3000)
    rng = random.Random(6)
    rng.shuffle(common)
    checked = accepted = 0
    for word in common:
        if checked >= 150:
            break
        first, lost = s2t.convert(word)
        try:
            damaged = slip(first, lost)
        except (UnicodeError, KeyError):
            continue
        if lost == word[1]:
            continue  # only converted characters carry pinyin in damaged text
        checked += 1
        _fixed, log = repair(ANNOTATED + "，我們" + damaged + "的工作。")
        assert log, word
        if log[0][2]:
            accepted += 1
            assert to_simplified(log[0][1]) == to_simplified(lost), (word, log)
    assert checked == 150
    assert accepted > 120
