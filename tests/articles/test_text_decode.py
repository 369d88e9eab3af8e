"""Uploaded bytes become text, or a clear refusal: encodings, HTML, .docx, bad input."""

from __future__ import annotations

import io
import time

import pytest

from zonetrack.articles.text import MAX_CHARS, UnreadableInput, decode, read
from zonetrack.articles.text.model import MAX_BYTES

TEXT = "鹤壁经济技术开发区今年新签约项目八个，总投资约十二亿元。"


def test_utf8_and_utf8_with_bom_decode() -> None:
    assert decode(TEXT.encode("utf-8"), "a.txt") == TEXT
    assert decode(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "a.txt") == TEXT


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16"])
def test_chinese_legacy_encodings_are_detected(encoding: str) -> None:
    assert decode(TEXT.encode(encoding), "report.txt") == TEXT


def test_gb18030_only_characters_survive() -> None:
    text = TEXT + "𠀀㐀"  # outside GBK, inside GB18030
    assert decode(text.encode("gb18030"), "a.txt") == text


def test_html_keeps_text_and_drops_scripts_and_styles() -> None:
    page = (
        "<html><head><style>p{color:red}</style><script>var x='签约100亿元';</script></head>"
        f"<body><p>{TEXT}</p><p>第二段&nbsp;内容&amp;说明</p></body></html>"
    )
    text = decode(page.encode("utf-8"), "page.html")
    assert TEXT in text
    assert "第二段" in text and "&" in text
    assert "var x" not in text and "color" not in text and "<p>" not in text


def test_docx_paragraphs_are_read() -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("第一段：" + TEXT)
    document.add_paragraph("第二段：规划面积12平方公里。")
    buffer = io.BytesIO()
    document.save(buffer)
    text = decode(buffer.getvalue(), "brief.docx")
    assert "第一段：" + TEXT in text
    assert "第二段：规划面积12平方公里。" in text


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.txt", "empty"),
        (b"   \n ", "a.txt", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "a.png", "binary"),
        (b"%PDF-1.7\n" + b"x" * 100, "a.pdf", "PDF"),
        (b"PK\x03\x04not really a zip", "a.docx", ".docx"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(data: bytes, name: str, message: str) -> None:
    with pytest.raises(UnreadableInput, match=message):
        decode(data, name)


def test_oversized_file_is_refused_without_reading_it() -> None:
    data = b"a" * (MAX_BYTES + 1)
    started = time.perf_counter()
    with pytest.raises(UnreadableInput, match="too large"):
        decode(data, "big.txt")
    assert time.perf_counter() - started < 1


def test_20_mb_of_text_is_refused_quickly_by_read() -> None:
    text = TEXT * (20_000_000 // len(TEXT))
    assert len(text) > MAX_CHARS
    started = time.perf_counter()
    with pytest.raises(UnreadableInput, match="too long"):
        read(text)
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  \n\t ",
        "The development zone signed twelve projects worth 5 billion yuan this year. " * 5,
        "Зона развития подписала двенадцать проектов. " * 5,
    ],
)
def test_empty_or_non_chinese_text_is_refused(text: str) -> None:
    with pytest.raises(UnreadableInput) as error:
        read(text)
    assert str(error.value)


def test_mixed_traditional_and_simplified_text_reads_as_simplified() -> None:
    reading = read("鶴壁經濟技術開發區今年簽約項目八個，总投资约十二亿元。园区建设加快推进。")
    assert reading.clean_text.startswith("鹤壁经济技术开发区今年签约项目八个")
    assert any("Traditional" in w for w in reading.warnings)


def test_long_text_without_punctuation_does_not_hang() -> None:
    text = "园区签约项目3个总投资5亿元鹤壁经济技术开发区规划面积12平方公里" * 3000
    started = time.perf_counter()
    reading = read(text)
    assert reading.facts
    assert time.perf_counter() - started < 30


def test_pasted_html_page_is_read_as_chinese() -> None:
    page = "<div class='a'><script>var a=1;</script>" + TEXT + "</div>" * 40
    cleaned = read(page).clean_text
    assert TEXT in cleaned
    assert "var a" not in cleaned and "<" not in cleaned


def test_big5_traditional_file_is_not_read_as_gb18030() -> None:
    text = "鶴壁經濟技術開發區今年新簽約項目八個，總投資約十二億元。園區建設加快推進。"
    assert decode(text.encode("big5"), "news.txt") == text
    assert decode(text.encode("gb18030"), "news.txt") == text
