"""A Word document in the official form of GB/T 9704-2012 (党政机关公文格式): A4 with the
standard margins, 方正小标宋 title, 仿宋 body in 三号, 黑体 / 楷体 headings numbered 一、（一）1.
（1）, page numbers "— 1 —" in the footer, and the issuer and date lines at the end.

python-docx's default template is kept for its table styles only; every visible run is formatted
here directly, so nothing of the template's English heading styles shows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Face:
    """A typeface the standard names and the one Word substitutes when it is not installed."""

    name: str
    fallback: str


TITLE_FACE = Face("方正小标宋简体", "华文中宋")
BODY_FACE = Face("仿宋_GB2312", "仿宋")
HEADING_FACES = {1: Face("黑体", "SimHei"), 2: Face("楷体_GB2312", "楷体"), 3: BODY_FACE}
NUMBER_FACE = Face("宋体", "SimSun")

# 二号 22pt (title), 三号 16pt (body and headings), 四号 14pt (page numbers, tables).
TITLE_SIZE = Pt(22)
BODY_SIZE = Pt(16)
SMALL_SIZE = Pt(14)
TABLE_SIZE = Pt(12)
# The standard asks for 22 lines of 28 characters on the type area (156 × 225 mm): 225mm / 22.
LINE = Pt(29)

# The page of the standard: A4, 天头 37mm, bottom 35mm, 订口 28mm, right 26mm.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """一, 二 … 十, 十一 … 九十九: the numerals of the first two heading levels."""
    if n < 10:
        return _DIGITS[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


def heading_number(level: int, n: int) -> str:
    """The number of the ``n``-th heading of ``level``: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def official_date(value: date) -> str:
    """A date as the standard writes it since 2012: Arabic numerals, 2026年12月6日, whatever
    the reader's language."""
    return f"{value.year}年{value.month}月{value.day}日"


def set_face(run: Any, face: Face, size: Pt, *, bold: bool = False) -> None:
    """Give a run its typeface for Chinese (w:eastAsia) and for Latin characters and digits."""
    run.font.size = size
    run.font.bold = bold
    run.font.name = face.name
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), face.name)


def _field(paragraph: Any, instruction: str, shown: str, face: Face, size: Pt) -> None:
    """A field (PAGE …) Word computes when it lays out the page; ``shown`` until it does."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        run = paragraph.add_run()
        set_face(run, face, size)
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._element.append(element)
    set_face(paragraph.add_run(shown), face, size)
    end = paragraph.add_run()
    set_face(end, face, size)
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), "end")
    end._element.append(element)


def _page_number(footer: Any, alignment: Any) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.alignment = alignment
    # The standard sets the number one character in from the edge on its side.
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = SMALL_SIZE
    else:
        paragraph.paragraph_format.left_indent = SMALL_SIZE
    set_face(paragraph.add_run("— "), NUMBER_FACE, SMALL_SIZE)
    _field(paragraph, "PAGE", "1", NUMBER_FACE, SMALL_SIZE)
    set_face(paragraph.add_run(" —"), NUMBER_FACE, SMALL_SIZE)


def _font_table_fallbacks(document: Any) -> None:
    """Name each face's substitute in the font table (w:altName), so Word on a machine without
    the GB fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312) uses 华文中宋, 仿宋, 楷体."""
    faces = {TITLE_FACE, BODY_FACE, NUMBER_FACE, *HEADING_FACES.values()}
    for part in document.part.package.iter_parts():
        if str(part.partname) != "/word/fontTable.xml":
            continue
        entries = "".join(
            f'<w:font w:name="{face.name}"><w:altName w:val="{face.fallback}"/>'
            '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
            for face in sorted(faces, key=lambda f: f.name)
        )
        xml = part.blob.decode("utf-8")
        part._blob = xml.replace("</w:fonts>", entries + "</w:fonts>").encode("utf-8")


class OfficialDocument:
    """A document being written in the official form; ``bytes()`` gives the .docx."""

    def __init__(self) -> None:
        self.document = Document()
        self._numbers = [0, 0, 0, 0]
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin = MARGINS["top"]
        section.bottom_margin = MARGINS["bottom"]
        section.left_margin = MARGINS["left"]
        section.right_margin = MARGINS["right"]
        section.footer_distance = Mm(28)
        # Odd pages carry the number on the right, even pages on the left.
        self.document.settings.odd_and_even_pages_header_footer = True
        _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
        _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
        normal = self.document.styles["Normal"]
        normal.font.size = BODY_SIZE
        normal.font.name = BODY_FACE.name
        r_pr = normal.element.get_or_add_rPr()
        fonts = r_pr.get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), BODY_FACE.name)
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), "zh-CN")
        language.set(qn("w:eastAsia"), "zh-CN")
        r_pr.append(language)
        _font_table_fallbacks(self.document)

    def _paragraph(
        self, text: str, face: Face, size: Pt, *, bold: bool = False, indent: bool = True
    ) -> Any:
        paragraph = self.document.add_paragraph()
        layout = paragraph.paragraph_format
        layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        layout.line_spacing = LINE
        layout.space_before = layout.space_after = Pt(0)
        if indent:
            layout.first_line_indent = Pt(size.pt * 2)
        if text:
            set_face(paragraph.add_run(text), face, size, bold=bold)
        return paragraph

    def title(self, text: str) -> None:
        """The title: 二号 方正小标宋, centred, with a blank line under it."""
        paragraph = self._paragraph(text, TITLE_FACE, TITLE_SIZE, indent=False)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing = Pt(35)
        self._paragraph("", BODY_FACE, BODY_SIZE)

    def centred(self, text: str, face: Face = BODY_FACE, size: Pt = BODY_SIZE) -> None:
        """A centred line (a subtitle, a table's title)."""
        paragraph = self._paragraph(text, face, size, indent=False)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def heading(self, level: int, text: str) -> None:
        """A numbered heading: 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋 (1. bold)."""
        self._numbers[level - 1] += 1
        for deeper in range(level, len(self._numbers)):
            self._numbers[deeper] = 0
        face = HEADING_FACES.get(level, BODY_FACE)
        number = heading_number(level, self._numbers[level - 1])
        self._paragraph(number + text, face, BODY_SIZE, bold=level == 3)

    def body(self, text: str) -> None:
        """A body paragraph: 三号 仿宋, indented two characters."""
        self._paragraph(text, BODY_FACE, BODY_SIZE)

    def item(self, text: str) -> None:
        """A numbered item under the current heading: （1）, （2） …"""
        self._numbers[3] += 1
        self._paragraph(heading_number(4, self._numbers[3]) + text, BODY_FACE, BODY_SIZE)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        """A table with its header row repeated on every page, in 小四 仿宋."""
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header_row = table.rows[0]
        header_row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for cell, text in zip(header_row.cells, header, strict=True):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_face(cell.paragraphs[0].add_run(text), HEADING_FACES[1], TABLE_SIZE)
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                set_face(cell.paragraphs[0].add_run(text), BODY_FACE, TABLE_SIZE)

    def page_break(self) -> None:
        """The rest starts on a new page (after the leaders' summary page)."""
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def signature(self, issuer: str, on: date) -> None:
        """The issuer (发文机关署名) and the date, right-aligned at the end of the text."""
        self._paragraph("", BODY_FACE, BODY_SIZE)
        for text in (issuer, official_date(on)):
            paragraph = self._paragraph(text, BODY_FACE, BODY_SIZE, indent=False)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            # 右空四字 for the date line as the standard asks.
            paragraph.paragraph_format.right_indent = Pt(BODY_SIZE.pt * 4)

    def __bytes__(self) -> bytes:
        buffer = io.BytesIO()
        self.document.core_properties.language = "zh-CN"
        self.document.save(buffer)
        return buffer.getvalue()
