"""The Excel workbook of tables: a sheet "filters" first, one sheet per table, cells a spreadsheet holds safely."""

from __future__ import annotations

import datetime

import openpyxl
import pandas as pd
import pytest

import analysis
from analysis import workbook
from analysis.tables import TABLE_NAMES


def _sheet_rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _records(sheet) -> list[dict]:
    header, *rows = _sheet_rows(sheet)
    return [dict(zip(header, row)) for row in rows]


def _filters(book) -> list[tuple]:
    return [tuple(row) for row in _sheet_rows(book["filters"])[1:]]


@pytest.fixture
def made_up():
    """Tables an analyst could not type into a spreadsheet safely: formulas, lists, timezones, a very long text."""
    return {
        "documents": pd.DataFrame({
            "doc_id": ["d1", "d2"], "path": ["a.txt", "b.txt"],
            "title": ['=HYPERLINK("http://evil.example","click")', "Form\x0cfeed"],
            "source": ["+44 20 7946 0000", "@reuters"],
            "date": pd.to_datetime(["2015-03-01", None]),
        }),
        "reversals": pd.DataFrame({
            "a_id": ["USA"], "evidence_before": [["e1", "e2"]], "evidence_after": [[]], "strength": [-0.5],
            "flip_date": [pd.Timestamp("2015-03-01 12:30", tz="Asia/Kabul")],
            "text": ["x" * 40_000],
        }),
    }


def test_a_formula_cell_is_read_back_as_text(tmp_path, made_up):
    path = workbook.write_workbook(made_up, tmp_path / "tables.xlsx")
    sheet = openpyxl.load_workbook(path)["documents"]
    title = sheet["C2"]
    assert title.data_type == "s" and title.value == '\'=HYPERLINK("http://evil.example","click")'
    assert [sheet["D2"].value, sheet["D3"].value] == ["'+44 20 7946 0000", "'@reuters"]
    assert sheet["C3"].value == "Form\N{REPLACEMENT CHARACTER}feed"  # XML holds no form feed
    formulas = [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == []


def test_lists_datetimes_numbers_and_long_texts(tmp_path, made_up):
    book = openpyxl.load_workbook(workbook.write_workbook(made_up, tmp_path / "tables.xlsx"))
    [row] = _records(book["reversals"])
    assert row["evidence_before"] == "e1; e2" and row["evidence_after"] is None  # an empty list is an empty cell
    assert row["strength"] == -0.5  # a negative number stays a number
    assert row["flip_date"] == datetime.datetime(2015, 3, 1, 8, 0)  # 12:30 in Kabul (+04:30), in UTC, naive
    text = row["text"]
    assert len(text) == workbook.MAX_CELL_CHARACTERS and text.endswith(workbook.CUT_MARKER) and text.startswith("x" * 100)
    assert ("cut", "reversals", "1 cell(s) cut at Excel's 32,767 characters") in _filters(book)
    documents = book["documents"]
    assert documents["E2"].value == datetime.datetime(2015, 3, 1) and documents["E2"].number_format.lower() == "yyyy-mm-dd"
    assert documents["E3"].value is None


def test_the_filters_sheet_names_the_filters_the_data_and_the_rows(tmp_path, made_up):
    filters = {"actors": ["USA", "AFG"], "kinds": [], "years": [1979, 2025], "roots": ["19"], "quad_classes": [3, 4],
               "period": "decade"}
    path = workbook.write_workbook(made_up, tmp_path / "tables.xlsx", filters=filters, data_dir=tmp_path / "data")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["filters", "documents", "reversals"]
    rows = _filters(book)
    assert rows[:6] == [
        ("filter", "actors", "USA, AFG"), ("filter", "kinds", "none"), ("filter", "years", "1979–2025"),
        ("filter", "roots", "19"), ("filter", "quad_classes", "3, 4"), ("filter", "period", "decade"),
    ]
    source = {name: value for part, name, value in rows if part == "source"}
    assert source["data folder"] == str(tmp_path / "data") and source["kit version"] == analysis.__version__
    assert datetime.datetime.fromisoformat(source["written"]).tzinfo is not None
    assert ("rows", "documents", 2) in rows and ("rows", "reversals", 1) in rows
    unfiltered = _filters(openpyxl.load_workbook(workbook.write_workbook(made_up, tmp_path / "all.xlsx")))
    assert unfiltered[0] == ("filter", "filters", "none")
    assert ("source", "data folder", "not given") in unfiltered


def test_every_sheet_has_a_frozen_bold_header_an_autofilter_and_readable_widths(tmp_path, made_up):
    book = openpyxl.load_workbook(workbook.write_workbook(made_up, tmp_path / "tables.xlsx"))
    for sheet in book:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
        assert sheet.auto_filter.ref == sheet.dimensions, sheet.title
        widths = [sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]]
        assert all(workbook.MIN_WIDTH <= width <= workbook.MAX_WIDTH for width in widths), (sheet.title, widths)
    assert book["reversals"].column_dimensions["F"].width == workbook.MAX_WIDTH  # the 40,000 characters


@pytest.mark.parametrize("names, expected", [
    (["filters", "Filters", "a" * 40, "a" * 40, "what/why?"], ["filters", "Filters (2)", "a" * 31, "a" * 27 + " (2)", "what_why_"]),
])
def test_sheet_names_are_what_excel_accepts(names, expected):
    assert workbook._sheet_names(names) == expected


def test_tables_to_write_chooses_and_orders_the_sheets(tmp_path, made_up):
    path = workbook.write_workbook(made_up, tmp_path / "tables.xlsx", tables_to_write=["reversals", "documents"])
    assert openpyxl.load_workbook(path).sheetnames == ["filters", "reversals", "documents"]
    with pytest.raises(ValueError, match=r"tables_to_write=\['events'\] names \['events'\].*allowed: documents, reversals"):
        workbook.write_workbook(made_up, tmp_path / "tables.xlsx", tables_to_write=["events"])
    with pytest.raises(TypeError, match="tables must be an analysis.Tables or a mapping"):
        workbook.write_workbook([made_up["documents"]], tmp_path / "tables.xlsx")


def test_the_seed_tables_as_a_workbook(tmp_path, seed_tables, seed_data):
    path = workbook.write_workbook(seed_tables, tmp_path / "tables.xlsx", data_dir=seed_data)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["filters", *workbook.DEFAULT_TABLES]
    assert "sentences" in TABLE_NAMES and "sentences" not in book.sheetnames  # only when asked for
    rows = _filters(book)
    source = {name: value for part, name, value in rows if part == "source"}
    assert source["data folder"] == str(seed_data) and source["generation"]
    for name in workbook.DEFAULT_TABLES:
        table = seed_tables[name]
        assert ("rows", name, len(table)) in rows
        assert book[name].max_row == len(table) + 1, name
        header = [cell.value for cell in book[name][1]]
        assert set(table.columns) <= set(header), name
    events = _records(book["events"])
    assert events and all(row["document_title"] or row["document_path"] for row in events)
    actors = _records(book["actors"])
    assert not any(isinstance(row["aliases"], list) for row in actors)
