"""Writing tables: layout, types, formula-injection guard read back, streaming, CSV."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from zonetrack.sheets.cells import parse_decimal
from zonetrack.sheets.reader import open_table
from zonetrack.sheets.writer import Column, write_csv, write_xlsx

COLUMNS = [
    Column("name", "项目名称", width=30),
    Column("total", "总投资", width=14, number_format="#,##0.00"),
    Column("started_on", "开工时间"),
    Column("note", "备注", width=40),
]
KNOWN = {"name": ["项目名称"], "total": ["总投资"], "started_on": ["开工时间"], "note": ["备注"]}
DANGEROUS = ["=1+1", "+SUM(A1:A9)", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("x","y")']


def written(**kwargs: object) -> bytes:
    stream = io.BytesIO()
    options: dict = {"sheet_name": "项目", "title": "重点项目表", "columns": COLUMNS, "rows": []}
    write_xlsx(stream, **(options | kwargs))
    return stream.getvalue()


def test_layout_title_unit_bold_header_frozen_widths() -> None:
    content = written(
        unit_note="单位：万元", rows=[["甲项目", Decimal("1234.5"), date(2024, 3, 5)]]
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "项目"
    assert sheet["A1"].value == "重点项目表"
    assert sheet["A1"].font.b
    assert [str(cell_range) for cell_range in sheet.merged_cells.ranges] == ["A1:D1"]
    assert sheet["D2"].value == "单位：万元"
    assert [cell.value for cell in sheet[3]] == ["项目名称", "总投资", "开工时间", "备注"]
    assert all(cell.font.b for cell in sheet[3])
    assert sheet.freeze_panes == "A4"
    assert sheet.column_dimensions["A"].width == 30
    assert sheet.column_dimensions["D"].width == 40
    assert sheet["B4"].data_type == "n"
    assert sheet["B4"].value == 1234.5
    assert sheet["B4"].number_format == "#,##0.00"
    assert sheet["C4"].value == datetime(2024, 3, 5)
    assert sheet["C4"].number_format == "yyyy-mm-dd"


def test_formula_like_text_is_stored_as_text() -> None:
    rows = [[text, None, None, text] for text in DANGEROUS]
    content = written(title="=cmd|' /C calc'!A0", rows=rows)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    for read_only in (False, True):
        sheet = load_workbook(io.BytesIO(content), read_only=read_only).active
        cells = [row[0] for row in sheet.iter_rows(min_row=3)]
        # Some XML parsers read a stored carriage return as a newline; either way it stays text.
        expected = [(text.replace("\r", "\n"), "s") for text in DANGEROUS]
        read = [(cell.value.replace("\r", "\n"), cell.data_type) for cell in cells]
        assert read == expected
    assert load_workbook(io.BytesIO(content)).active["A1"].value == "=cmd|' /C calc'!A0"
    error_like = load_workbook(io.BytesIO(written(rows=[["#N/A"]]))).active["A3"]
    assert (error_like.value, error_like.data_type) == ("#N/A", "s")
    table = open_table(content, "out.xlsx", known=KNOWN)
    rows_read = list(table.rows())
    names = [row.values["name"].replace("\r", "\n") for row in rows_read]
    assert names == [t.replace("\r", "\n") for t in DANGEROUS]
    assert all(not row.problems for row in rows_read)


def test_mapping_rows_time_zones_and_bad_values() -> None:
    rows = [
        {
            "name": "甲\x00项目",
            "total": float("nan"),
            "started_on": datetime(2024, 3, 5, tzinfo=UTC),
        },
        {"name": "乙项目", "note": 7},
    ]
    sheet = load_workbook(io.BytesIO(written(title=None, rows=rows))).active
    assert [cell.value for cell in sheet[2]] == ["甲项目", None, datetime(2024, 3, 5, 8, 0), None]
    assert sheet.freeze_panes == "A2"


def test_round_trip_through_the_reader() -> None:
    content = written(unit_note="单位：万元", rows=[["甲项目", Decimal("1.25"), date(2024, 3, 5)]])
    table = open_table(content, "out.xlsx", known=KNOWN)
    assert (table.title, table.unit, table.missing_columns) == ("重点项目表", "万元", [])
    (row,) = table.rows()
    assert row.number == 4
    assert parse_decimal(row.values["total"]) == Decimal("1.25")


def test_streams_twenty_thousand_rows() -> None:
    # Rows come from a generator, so nothing holds the table in memory on the way out.
    rows = ([f"项目{i}", Decimal(i)] for i in range(20_000))
    stream = io.BytesIO()
    columns = [Column("name", "项目名称"), Column("total", "总投资")]
    write_xlsx(stream, sheet_name="项目", title=None, columns=columns, rows=rows)
    sheet = load_workbook(io.BytesIO(stream.getvalue()), read_only=True).active
    read = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(read) == 20_000
    assert (read[0], read[-1]) == (("项目0", 0), ("项目19999", 19999))


def test_csv_guards_formulas_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    rows = [
        ["甲项目", Decimal("1E+4"), date(2024, 3, 5), "=1+1"],
        ["乙项目", 0.1, None, "-5"],
        ["@丙", -3, datetime(2024, 3, 5, 9, 30), "正常，备注"],
    ]
    write_csv(path, columns=COLUMNS, rows=rows, title="重点项目表", unit_note="单位：万元")
    content = path.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.count(b"\xef\xbb\xbf") == 1
    lines = content.decode("utf-8-sig").splitlines()
    assert lines == [
        "重点项目表",
        ",,,单位：万元",
        "项目名称,总投资,开工时间,备注",
        "甲项目,10000,2024-03-05,'=1+1",
        "乙项目,0.1,,'-5",
        "'@丙,-3,2024-03-05 09:30:00,正常，备注",
    ]
    table = open_table(content, "out.csv", known=KNOWN)
    assert table.unit == "万元"
    assert [row.values["total"] for row in table.rows()] == ["10000", "0.1", "-3"]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8"])
def test_csv_to_a_binary_stream_in_other_encodings(encoding: str) -> None:
    stream = io.BytesIO()
    write_csv(stream, columns=COLUMNS[:1], rows=[{"name": "甲项目"}], encoding=encoding)
    assert stream.getvalue().decode(encoding) == "项目名称\r\n甲项目\r\n"
