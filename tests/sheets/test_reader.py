"""Reading ledgers: header detection under titles and merged headers, row problems, refusals."""

from __future__ import annotations

import functools
import io
import random
import re
import time
import zipfile
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from zonetrack.sheets.cells import parse_date, parse_decimal
from zonetrack.sheets.reader import SheetError, find_header, normalise_header, open_table

KNOWN = {
    "seq": ["序号"],
    "name": ["项目名称"],
    "company": ["项目单位", "业主单位", "建设单位"],
    "planned_start_on": ["计划开工时间"],
    "planned_end_on": ["计划竣工时间"],
    "total_investment_wan": ["总投资"],
    "year_plan_wan": ["2024年度计划投资", "年度计划投资"],
    "ytd_completed_wan": ["1-N月累计完成投资"],
    "responsible_unit": ["责任单位"],
    "is_counted": ["是否入统"],
}


def xlsx_bytes(workbook: Workbook) -> bytes:
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def ledger() -> bytes:
    """A ledger laid out like the real ones: title, unit line, two-level merged header, data."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "重点项目"
    sheet["A1"] = "XX开发区2025年重点项目推进情况表（截至3月31日）"
    sheet.merge_cells("A1:J1")
    sheet["J2"] = "单位：万元"
    parents = [
        "序号",
        "项目名称",
        "项目\n单位",
        "建设起止年限",
        None,
        "总投资（亿元）",
        "2025年度计划投资",
        "1—3月累计完成投资",
        "责任单位",
        "备注",
    ]
    for column, text in enumerate(parents, start=1):
        sheet.cell(row=3, column=column, value=text).alignment = Alignment(wrap_text=True)
    sheet["D4"], sheet["E4"] = "计划开工时间", "计划竣工时间"
    sheet.merge_cells("D3:E3")
    for letter in "ABCFGHIJ":
        sheet.merge_cells(f"{letter}3:{letter}4")
    sheet["A5"], sheet["B5"] = "一、", "工业项目"
    sheet.merge_cells("B5:J5")
    sheet.append([])  # row 6 left empty on purpose
    first = [1, "年产10万吨新材料项目", "甲公司", datetime(2025, 3, 5), "2026年12月", 1.5, 5000]
    sheet.append([*first, "１２００", "招商局", None])
    sheet.append([2, "污水处理厂二期", "乙公司", 45658, "2025.12", "3", 800, "=G8*0.2", "住建局"])
    sheet.append([3, "标准化厂房", "丙公司", "2025/4/1", None, 0.8, 600, 100, "园区办"])
    sheet.append([4, "人才公寓", "丁公司", "20250501", None, 0.6, 400, "#DIV/0!", None])
    sheet.merge_cells("I9:I10")
    return xlsx_bytes(workbook)


def test_ledger_header_found_below_title_and_unit() -> None:
    table = open_table(ledger(), "台账.xlsx", known=KNOWN)
    assert table.sheet_name == "重点项目"
    assert table.title == "XX开发区2025年重点项目推进情况表（截至3月31日）"
    assert table.unit == "万元"
    assert table.header == {
        0: "seq",
        1: "name",
        2: "company",
        3: "planned_start_on",
        4: "planned_end_on",
        5: "total_investment_wan",
        6: "year_plan_wan",
        7: "ytd_completed_wan",
        8: "responsible_unit",
    }
    assert table.labels["planned_start_on"] == "建设起止年限 / 计划开工时间"
    assert table.labels["company"] == "项目 单位"
    assert table.units == {"total_investment_wan": "亿元"}
    assert table.unknown_columns == ["备注"]
    assert table.missing_columns == ["is_counted"]


def test_ledger_rows_skip_empty_and_report_merges_formulas_errors() -> None:
    table = open_table(ledger(), "台账.xlsx", known=KNOWN)
    rows = list(table.rows())
    assert [row.number for row in rows] == [5, 7, 8, 9, 10]
    category, first, second, third, fourth = rows
    assert category.problems == [
        "merged cells B5:J5: unmerge them and fill in every cell",
    ]
    assert first.problems == []
    assert first.values["name"] == "年产10万吨新材料项目"
    assert parse_decimal(first.values["ytd_completed_wan"]) == Decimal("1200")
    total = first.values["total_investment_wan"]
    assert parse_decimal(
        total, header_unit=table.units["total_investment_wan"], unit_to="万元"
    ) == (Decimal("15000"))
    assert parse_date(first.values["planned_start_on"]).isoformat() == "2025-03-05"
    assert parse_date(second.values["planned_start_on"]).isoformat() == "2025-01-01"
    assert parse_date(third.values["planned_start_on"]).isoformat() == "2025-04-01"
    assert second.values["ytd_completed_wan"] is None
    assert second.problems == [
        "1—3月累计完成投资: formulas are not imported; paste values",
    ]
    assert fourth.values["ytd_completed_wan"] is None
    assert fourth.problems == [
        "1—3月累计完成投资: the cell shows the error #DIV/0!",
        "merged cells I9:I10: unmerge them and fill in every cell",
    ]
    assert third.problems == ["merged cells I9:I10: unmerge them and fill in every cell"]
    # Rows can be read again: each call streams the sheet afresh.
    assert len(list(table.rows())) == 5


def test_merged_title_with_unit_is_not_part_of_a_one_level_header() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2024年标准地项目表（单位：万元）"])
    sheet.merge_cells("A1:C1")
    sheet.append(["序号", "项目名称", "总投资"])
    sheet.append([1, "甲项目", 300])
    table = open_table(xlsx_bytes(workbook), "x.xlsx", known=KNOWN)
    assert table.title == "2024年标准地项目表（单位：万元）"
    assert table.unit == "万元"
    assert table.labels == {"seq": "序号", "name": "项目名称", "total_investment_wan": "总投资"}
    assert table.units == {}
    assert [row.number for row in table.rows()] == [3]


def test_find_header_prefers_one_level_header_over_header_plus_data() -> None:
    rows = [["项目名称", "总投资（万元）"], ["甲项目", 100], ["乙项目", 200]]
    match = find_header(rows, {"name": ["项目名称"], "total": ["总投资"]})
    assert match is not None
    assert (match.first_row, match.last_row) == (0, 0)
    assert match.columns == {0: "name", 1: "total"}
    assert match.units == {"total": "万元"}


def test_find_header_none_when_nothing_matches() -> None:
    assert find_header([["a", "b"], [1, 2]], {"name": ["项目名称"]}) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("总投资\n（万元）", ("总投资", "万元")),
        ("用地面积(公顷)", ("用地面积", "公顷")),
        ("占地（亩）", ("占地", "亩")),
        ("规划面积 （平方公里）", ("规划面积", "平方公里")),
        ("投资强度（万元/亩）", ("投资强度", "万元/亩")),
        ("占年度计划%", ("占年度计划", "%")),
        ("项目单位（业主）", ("项目单位(业主)", None)),
        ("　项目　名称：", ("项目名称", None)),
    ],
)
def test_normalise_header(text: str, expected: tuple[str, str | None]) -> None:
    assert normalise_header(text) == expected


def test_synonym_in_two_fields_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="two fields"):
        find_header([["名称"]], {"a": ["名称"], "b": ["名称"]})


def test_csv_utf8_with_bom_and_gb18030() -> None:
    text = '重点项目表\n序号,项目名称,总投资（万元）\n1,甲项目,"1,200"\n,,\n2,乙项目,800\n'
    for encoding in ("utf-8-sig", "gb18030"):
        table = open_table(text.encode(encoding), "项目.csv", known=KNOWN)
        assert table.title == "重点项目表"
        assert table.units == {"total_investment_wan": "万元"}
        rows = list(table.rows())
        assert [(row.number, row.values["name"]) for row in rows] == [(3, "甲项目"), (5, "乙项目")]
        assert parse_decimal(rows[0].values["total_investment_wan"]) == Decimal("1200")


def test_tab_separated_text_file() -> None:
    text = "序号\t项目名称\n1\t甲项目\n"
    table = open_table(text.encode("utf-16"), "导出.txt", known=KNOWN)
    assert [row.values for row in table.rows()] == [{"seq": "1", "name": "甲项目"}]


def test_path_and_file_object_inputs(tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    path.write_bytes(ledger())
    assert open_table(path, path.name, known=KNOWN).sheet_name == "重点项目"
    assert open_table(str(path), path.name, known=KNOWN).unit == "万元"
    with path.open("rb") as stream:
        assert open_table(stream, path.name, known=KNOWN).header[1] == "name"


def test_second_sheet_by_name_and_unknown_sheet() -> None:
    workbook = Workbook()
    workbook.active.append(["说明"])
    problems = workbook.create_sheet("问题台账")
    problems.append(["序号", "项目名称"])
    problems.append([1, "甲项目"])
    content = xlsx_bytes(workbook)
    table = open_table(content, "x.xlsx", known=KNOWN, sheet="问题台账")
    assert table.sheet_names == ["Sheet", "问题台账"]
    assert [row.values["name"] for row in table.rows()] == ["甲项目"]
    with pytest.raises(SheetError, match="no sheet named “其他”"):
        open_table(content, "x.xlsx", known=KNOWN, sheet="其他")
    workbook.active.sheet_state = "hidden"
    workbook.active = 1
    assert open_table(xlsx_bytes(workbook), "x.xlsx", known=KNOWN).sheet_name == "问题台账"


def refusal(content: bytes, filename: str, **kwargs: object) -> str:
    with pytest.raises(SheetError) as caught:
        open_table(content, filename, known=KNOWN, **kwargs)
    return caught.value.message


def test_not_a_spreadsheet_refused() -> None:
    junk = random.Random(7).randbytes(4096)
    not_xlsx = "This file is not an .xlsx or .csv spreadsheet."
    assert refusal(junk, "ledger.xlsx") == not_xlsx
    assert refusal(junk, "ledger.txt") == not_xlsx
    assert refusal(junk, "ledger.csv") == not_xlsx
    assert refusal("序号,项目名称\n".encode(), "ledger.pdf") == not_xlsx
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert refusal(other_zip.getvalue(), "ledger.xlsx") == not_xlsx


def test_old_xls_refused_with_advice() -> None:
    message = refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "ledger.xls")
    assert "Save it as .xlsx" in message


def test_damaged_xlsx_refused() -> None:
    content = ledger()
    assert "damaged" in refusal(content[: len(content) // 2], "ledger.xlsx")
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    assert "damaged" in refusal(broken.getvalue(), "ledger.xlsx")


def test_workbook_without_sheets_or_rows_or_header_refused() -> None:
    no_sheets = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(ledger())) as source, zipfile.ZipFile(no_sheets, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data)
            target.writestr(item, data)
    assert refusal(no_sheets.getvalue(), "x.xlsx") == "This workbook has no sheets."
    assert refusal(xlsx_bytes(Workbook()), "x.xlsx") == "The sheet “Sheet” is empty."
    workbook = Workbook()
    workbook.active.append(["名称", "金额"])
    assert refusal(xlsx_bytes(workbook), "x.xlsx").startswith("No header row was found")
    assert refusal(b"", "empty.csv") == "The sheet “empty” is empty."


def test_file_over_size_limit_refused(tmp_path: Path) -> None:
    content = ledger()
    message = refusal(content, "x.xlsx", max_bytes=1024)
    assert message == "This file is larger than the 0.000977 MB limit."
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 2048)
    assert refusal(path, "big.csv", max_bytes=1024) == message


def zeros_zip(member_size: int) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(member_size >> 20):
                member.write(chunk)
    return stream.getvalue()


def test_zip_bomb_refused_without_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = zeros_zip(300 << 20)
    assert len(bomb) < 1 << 20

    def inflate(*args: object, **kwargs: object) -> None:
        raise AssertionError("a zip member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", inflate)
    started = time.perf_counter()
    message = refusal(bomb, "ledger.xlsx")
    assert time.perf_counter() - started < 1
    assert message == (
        "This .xlsx file contains a part compressed 1,028 times, far more than real content "
        "allows (a zip bomb); it was refused."
    )


def test_highly_compressed_large_member_refused() -> None:
    message = refusal(zeros_zip(20 << 20), "ledger.xlsx")
    assert message.startswith("This .xlsx file contains a part compressed")
    assert message.endswith("(a zip bomb); it was refused.")


# ---- Hostile and very large workbooks (issue 17) -----------------------------------------------

_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def with_sheet_xml(rows: Iterator[bytes], dimension: str | None = "A1:C1") -> bytes:
    """A one-sheet workbook whose sheet XML is `rows`, written as given (streamed); without a
    dimension element when `dimension` is None, as openpyxl's write-only mode writes it."""
    workbook = Workbook()
    workbook.active["A1"] = "x"
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes(workbook))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item.filename, source.read(item.filename))
                continue
            with target.open(item.filename, "w") as member:
                member.write(_SHEET_HEAD)
                if dimension is not None:
                    member.write(f'<dimension ref="{dimension}"/>'.encode())
                member.write(b"<sheetData>")
                for chunk in rows:
                    member.write(chunk)
                member.write(b"</sheetData></worksheet>")
    return out.getvalue()


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def far_right_rows(count: int) -> Iterator[bytes]:
    """A header of three columns, then rows that each also hold a cell in the last column."""
    yield (
        '<row r="1">'
        + text_cell("A1", "序号")
        + text_cell("B1", "项目名称")
        + text_cell("C1", "总投资")
        + "</row>"
    ).encode()
    for number in range(2, count + 2):
        yield (
            f'<row r="{number}"><c r="A{number}"><v>{number - 1}</v></c>'
            + text_cell(f"B{number}", f"项目{number - 1}")
            + text_cell(f"XFD{number}", "x")
            + "</row>"
        ).encode()


def test_rows_are_read_only_as_far_as_the_header(monkeypatch: pytest.MonkeyPatch) -> None:
    # A cell in column XFD made every row 16,384 cells wide: 100,000 such rows took 219 s.
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    built = [0]
    get_row = ReadOnlyWorksheet._get_row

    def counting(self: object, *args: object, **kwargs: object) -> tuple[object, ...]:
        row = get_row(self, *args, **kwargs)
        built[0] += len(row)
        return row

    monkeypatch.setattr(ReadOnlyWorksheet, "_get_row", counting)
    table = open_table(with_sheet_xml(far_right_rows(2000)), "wide.xlsx", known=KNOWN)
    built[0] = 0
    rows = list(table.rows())
    assert [row.values for row in rows[:2]] == [
        {"seq": 1, "name": "项目1", "total_investment_wan": None},
        {"seq": 2, "name": "项目2", "total_investment_wan": None},
    ]
    assert len(rows) == 2000 and rows[-1].values["name"] == "项目2000"
    assert built[0] <= 3 * 2001  # the header's three columns, not 16,384 per row


@pytest.mark.parametrize("dimension", ["A1:XFD1048576", "A1:A1", "B7:C9"])
def test_a_lying_dimension_changes_nothing(dimension: str) -> None:
    table = open_table(with_sheet_xml(far_right_rows(50), dimension), "x.xlsx", known=KNOWN)
    rows = list(table.rows())
    assert [row.number for row in rows] == list(range(2, 52))
    assert rows[-1].values == {"seq": 50, "name": "项目50", "total_investment_wan": None}


def repetitive_rows(size: int) -> Iterator[bytes]:
    chunk = b"<row><c><v>1</v></c></row>" * 1000
    for _ in range(size // len(chunk) + 1):
        yield chunk


def test_sheet_of_huge_repetitive_xml_refused() -> None:
    bomb = with_sheet_xml(repetitive_rows(120 << 20))
    assert len(bomb) < 2 << 20
    message = refusal(bomb, "ledger.xlsx")
    assert message.startswith("This .xlsx file contains a part compressed")
    assert message.endswith("(a zip bomb); it was refused.")


def test_time_budget_refuses_a_slow_read() -> None:
    message = refusal(ledger(), "ledger.xlsx", max_seconds=0)
    assert message == (
        "Reading this file took more than 0 seconds and was stopped. "
        "Split it into smaller files and upload them one by one."
    )
    assert refusal("序号,项目名称\n1,甲\n".encode(), "a.csv", max_seconds=0) == message


LEDGER_HEADER = [
    "序号", "项目名称", "建设单位", "建设地点/园区", "建设性质", "项目级别", "产业类别",
    "建设规模及主要内容", "建设起止年限", "总投资", "截至上年底累计完成投资", "年度计划投资",
    "本月完成投资", "1-10月累计完成投资", "占年度计划%", "形象进度", "存在问题", "下步计划",
    "责任单位", "包联领导", "项目专员", "阶段/状态", "是否入统",
]  # fmt: skip
_PRODUCTS = ["新材料", "高端装备", "电子信息", "生物医药", "新能源汽车零部件", "现代物流"]
_WORKS = [
    "新建标准化厂房{n}万平方米，购置生产线{m}条",
    "建设研发中心及配套设施，总建筑面积{n}万平方米",
    "技术改造，新增设备{m}台（套）",
]
_PROGRESS = ["主体施工", "设备安装", "完成土地摘牌", "基础施工", "试生产"]


@functools.lru_cache(maxsize=1024)
def _inline_text(value: str) -> str:
    return escape(value).encode("ascii", "xmlcharrefreplace").decode()


_LETTERS = [get_column_letter(column) for column in range(1, 27)]


def write_only_row(number: int, values: list[object]) -> bytes:
    """One row as openpyxl's write-only mode writes it (the export's mode): text as inline
    strings with every character outside ASCII as a character reference, numbers as numbers,
    empty cells left out. Written here directly: openpyxl took half a minute for 200,000 rows."""
    cells = []
    for letter, value in zip(_LETTERS, values, strict=False):
        if value is None:
            continue
        if isinstance(value, str):
            cells.append(
                f'<c r="{letter}{number}" t="inlineStr"><is><t>{_inline_text(value)}</t></is></c>'
            )
        else:
            cells.append(f'<c r="{letter}{number}" t="n"><v>{value}</v></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'.encode()


def large_ledger_rows() -> Iterator[bytes]:
    rng = random.Random(17)
    yield write_only_row(1, ["XX开发区2026年重点项目推进情况表"])
    yield write_only_row(2, [None] * 22 + ["单位：万元"])
    yield write_only_row(3, list(LEDGER_HEADER))
    for n in range(1, 200_001):
        product = _PRODUCTS[n % 6]
        yield write_only_row(
            n + 3,
            [
                n, f"年产{n % 90 + 10}万件{product}项目{n}", f"投资企业{n // 4:06d}有限公司",
                f"第{n % 5 + 1}园区", "新建", "市级", product,
                _WORKS[n % 3].format(n=n % 17 + 1, m=n % 9 + 1), "2025-2027",
                rng.randint(1000, 900000) / 100, rng.randint(0, 90000) / 100,
                rng.randint(100, 500000) / 100, rng.randint(0, 50000) / 100,
                rng.randint(0, 400000) / 100, rng.randint(0, 1000) / 10, _PROGRESS[n % 5],
                None, None, "XX开发区管委会", f"领导{n % 30}", f"专员{n % 80}", "开工", "是",
            ],
        )  # fmt: skip


def test_the_large_ledger_is_written_as_openpyxl_writes_it() -> None:
    """The fast writer below stands for openpyxl's write-only mode: same cells, same bytes."""
    values: list[object] = ["年产10万件新材料项目1", None, 12.5, 3, "a<b&c", "单位：万元"]
    workbook = Workbook(write_only=True)
    workbook.create_sheet("重点项目").append(values)
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(workbook))) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    found = re.search(r"<row r=\"1\">.*?</row>", sheet)
    assert found is not None
    assert write_only_row(1, values).decode() == found.group(0)


@pytest.fixture(scope="module")
def large_ledger() -> bytes:
    """A 200,000-row ledger in the layout zonetrack exports, written as the export writes it
    (openpyxl write-only: inline strings); about 300 MB of sheet XML in a ~20 MB file."""
    return with_sheet_xml(large_ledger_rows(), dimension=None)


def test_a_legitimate_200000_row_ledger_passes_the_zip_caps(large_ledger: bytes) -> None:
    from zonetrack.core.safezip import XLSX, SafeZipFile

    with zipfile.ZipFile(io.BytesIO(large_ledger)) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    # What the caps must leave room for, measured: a big sheet at an ordinary XML ratio.
    assert sheet.file_size > 250 << 20
    assert sheet.file_size < XLSX.max_unpacked / 3
    assert sheet.file_size / sheet.compress_size < XLSX.max_ratio / 5
    # Every member inflates under the caps, as it is really read.
    with SafeZipFile(large_ledger, XLSX) as archive:
        for name in archive.namelist():
            with archive.open(name) as stream:
                while stream.read(1 << 20):
                    pass
    table = open_table(large_ledger, "ledger.xlsx", known=KNOWN, max_bytes=len(large_ledger))
    first = next(table.rows())
    assert first.number == 4 and first.values["name"] == "年产11万件高端装备项目1"


def test_a_sheet_without_a_dimension_is_not_parsed_whole_before_its_first_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # openpyxl's write-only mode (the exports) writes no <dimension>; openpyxl looked for one
    # by parsing the sheet to its end: 12 s before the first row of a 200,000-row ledger.
    from openpyxl.worksheet import _reader

    parsed = [0]
    iterparse = _reader.iterparse

    def counting(*args: object, **kwargs: object) -> Iterator[tuple[str, object]]:
        for event in iterparse(*args, **kwargs):
            parsed[0] += 1
            yield event

    monkeypatch.setattr(_reader, "iterparse", counting)
    table = open_table(with_sheet_xml(far_right_rows(20_000), None), "x.xlsx", known=KNOWN)
    first = next(table.rows())
    assert first.values == {"seq": 1, "name": "项目1", "total_investment_wan": None}
    assert parsed[0] < 1_000  # of the 180,000 the sheet holds
