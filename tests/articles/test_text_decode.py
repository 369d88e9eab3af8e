"""Uploaded bytes become text, or a clear refusal: encodings, HTML, .docx, bad input."""

from __future__ import annotations

import io
import random
import time
import zipfile

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


# ---- Hostile uploads (issue 17): caps, a real HTML parser, linear patterns, a time budget ------

ARTICLE = "鹤壁经济技术开发区今年新签约项目八个，总投资约十二亿元。园区建设加快推进。"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)


def docx_bomb(size: int) -> bytes:
    """A valid .docx whose word/document.xml is `size` bytes of one paragraph repeated."""
    paragraph = f"<w:p><w:r><w:t>{ARTICLE}</w:t></w:r></w:p>".encode() * 200
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w") as member:
            member.write(f'<w:document xmlns:w="{_W}"><w:body>'.encode())
            for _ in range(size // len(paragraph) + 1):
                member.write(paragraph)
            member.write(b"</w:body></w:document>")
    return stream.getvalue()


def test_docx_bomb_refused_without_reading_it() -> None:
    # 750 KB holding 210 MB of XML took 84 s and 1.8 GB.
    bomb = docx_bomb(210 << 20)
    assert len(bomb) < 1 << 20
    with pytest.raises(UnreadableInput) as refused:
        decode(bomb, "bomb.docx")
    assert "compressed" in str(refused.value) and "zip bomb" in str(refused.value)
    assert refused.value.note.template.startswith("This %(kind)s file contains a part")
    assert refused.value.note.values["kind"] == ".docx"
    # the same file at a size a real article has is read
    assert decode(docx_bomb(1 << 20), "fine.docx").startswith(ARTICLE + "\n" + ARTICLE)


def test_docx_of_more_text_than_the_reader_takes_refused_while_streaming() -> None:
    # Under the zip caps, but more characters than MAX_CHARS: refused once they are reached.
    rows = "".join(
        f"<w:p><w:r><w:t>{n}{ARTICLE}{random.Random(n).random()}</w:t></w:r></w:p>"
        for n in range(70_000)
    )
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr(
            "word/document.xml", f'<w:document xmlns:w="{_W}"><w:body>{rows}</w:body></w:document>'
        )
    with pytest.raises(UnreadableInput, match="too long"):
        decode(stream.getvalue(), "long.docx")


def test_docx_tables_breaks_and_hyperlinks_are_read() -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    paragraph = document.add_paragraph("第一段")
    paragraph.add_run().add_break()
    paragraph.add_run("第二行\t制表")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "总投资"
    table.cell(0, 1).text = "12亿元"
    buffer = io.BytesIO()
    document.save(buffer)
    assert decode(buffer.getvalue(), "a.docx") == "第一段\n第二行\t制表\n总投资 12亿元"


@pytest.mark.parametrize(
    "opening",
    ["<!--", "<script>", "<style>", "<!-- <script>"],
    ids=["comment", "script", "style", "both"],
)
def test_unclosed_comment_or_script_is_read_in_linear_time(opening: str) -> None:
    # 156 KB of unclosed openings took 38 s, 312 KB 98 s.
    page = f"<html><body><p>{ARTICLE}</p>" + opening * (320_000 // len(opening))
    text = decode(page.encode("utf-8"), "page.html")
    assert text.strip() == ARTICLE
    assert read(text).clean_text == ARTICLE
    # pasted rather than uploaded: the cleaning reads it as a page too
    pasted = f"<div>{ARTICLE * 600}</div>" + opening * (320_000 // len(opening))
    assert read(pasted).clean_text == ARTICLE * 600


def test_html_blocks_become_lines_and_navigation_is_dropped() -> None:
    page = (
        '<?xml version="1.0" encoding="utf-8"?><html><head><meta charset="gbk">'
        "<title>标题</title></head><body><nav>首页 | 新闻</nav>"
        f"<div>{ARTICLE}<br>第二行&lt;说明&gt;</div><table><tr><td>甲</td><td>乙</td></tr>"
        "</table></body></html>"
    )
    lines = [line for line in decode(page.encode("utf-8"), "a.html").splitlines() if line]
    assert lines == ["标题", ARTICLE, "第二行<说明>", "甲", "乙"]


@pytest.mark.parametrize(
    "hostile",
    [
        "1" * 60_000,  # a run of digits before 元, 个, %, 平方公里 …
        "一" * 60_000,  # a run of numerals before 大产业
        "字号" + " " * 60_000 + "x",  # a page widget's pattern on a run of spaces
        "园区" + " " * 60_000 + "建设",
        "<!--" * 15_000,
    ],
    ids=["digits", "numerals", "widget-spaces", "spaces", "comments"],
)
def test_long_runs_do_not_make_the_patterns_quadratic(hostile: str) -> None:
    # Enough Chinese first for the text to be read at all.
    reading = read(f"{ARTICLE * 600}\n{hostile}\n{ARTICLE}")
    assert reading.clean_text.startswith(ARTICLE)
    assert any(fact.type == "amount" for fact in reading.facts)


def test_time_budget_refuses_with_a_translatable_message() -> None:
    with pytest.raises(UnreadableInput) as refused:
        read(ARTICLE * 100, max_seconds=0)
    assert str(refused.value) == (
        "Reading this file took more than 0 seconds and was stopped. "
        "Split it into smaller files and upload them one by one."
    )
    assert refused.value.note.values == {"seconds": "0"}
    page = f"<html><body><p>{ARTICLE}</p></body></html>" * 2000
    with pytest.raises(UnreadableInput, match="took more than 0 seconds"):
        decode(page.encode("utf-8"), "page.html", max_seconds=0)
    with pytest.raises(UnreadableInput, match="took more than 0 seconds"):
        decode(docx_bomb(2 << 20), "a.docx", max_seconds=0)


def test_a_paragraph_past_libxml2s_text_limit_is_kept() -> None:
    page = f"<html><body><p>{ARTICLE * 100_000}</p><p>尾</p></body></html>"
    assert len(page.encode("utf-8")) > 10_000_000
    text = decode(page.encode("utf-8"), "long.html")
    assert text.split() == [ARTICLE * 100_000, "尾"]
