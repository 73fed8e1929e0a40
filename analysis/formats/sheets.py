"""Tables of articles (.csv, .xlsx), as news databases export them → one part per row.

The first non-empty row holds the headers. Columns are found by their header, case, spaces,
underscores and hyphens aside, the first synonym present winning:

    text    text, body, content, article, full text, article text, body text, main text, story
    title   title, headline, article title
    date    date, published, publication date, published date, date published, pub date, publish date
    source  source, publication, outlet, source name, publication name, publisher, newspaper
    author  author, byline, authors, writer

A table without a text column is no table of articles: one problem names the headers it has. A row
is ``articles.csv#row-12``, numbered as a spreadsheet shows it (the header row is row 1, a cell
holding line breaks stays one row); in a workbook of several sheets ``book.xlsx#Sheet2/row-12``.
Rows with no cell filled are skipped silently, a row with an empty text cell is a problem. A CSV is
decoded like any text; its delimiter is the commonest of , ; TAB | in the header line. Workbooks are
read with openpyxl in read-only mode, cell values as last computed by Excel (formulas not run).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import warnings
from typing import Iterator

import openpyxl

from analysis.formats.archive import zip_names
from analysis.formats.part import Part, Unusable

SYNONYMS = {
    "text": ("text", "body", "content", "article", "full text", "article text", "body text", "main text", "story"),
    "title": ("title", "headline", "article title"),
    "date": ("date", "published", "publication date", "published date", "date published", "pub date", "publish date"),
    "source": ("source", "publication", "outlet", "source name", "publication name", "publisher", "newspaper"),
    "author": ("author", "byline", "authors", "writer"),
}
DELIMITERS = ",;\t|"
_SEPARATORS = re.compile(r"[\s_\-]+")


def from_csv(text: str) -> Iterator[Part]:
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text), delimiter=max(DELIMITERS, key=header_line.count), strict=True)
    try:
        yield from _articles(enumerate(reader, start=1), origin="CSV columns", kind="CSV file", anchor="#row-{}")
    except csv.Error as error:
        raise Unusable(f"not valid CSV from line {reader.line_num} on ({error}); what follows was not read") from None


def from_xlsx(raw: bytes) -> list[Part]:
    if "xl/workbook.xml" not in zip_names(raw, kind=".xlsx"):
        raise Unusable("not an Excel workbook: the .xlsx archive holds no xl/workbook.xml; skipped")
    parts: list[Part] = []
    with warnings.catch_warnings():
        # openpyxl warns about what it does not keep ("no default style", "Data Validation extension is
        # not supported"); the cell values are read all the same.
        warnings.simplefilter("ignore", UserWarning)
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file; none may stop the walk
            raise Unusable(f"damaged .xlsx file: openpyxl could not read it ({type(error).__name__}: {error}); "
                           "skipped") from None
        try:
            sheets, refusals = workbook.worksheets, []
            for sheet in sheets:
                anchor = "#row-{}" if len(sheets) == 1 else f"#{sheet.title}/row-{{}}"
                rows = enumerate(sheet.iter_rows(values_only=True), start=1)
                try:
                    parts.extend(_articles(rows, origin="spreadsheet columns", kind=f"sheet {sheet.title!r}",
                                           anchor=anchor))
                except Unusable as unusable:  # a sheet of something else (a search summary) beside the articles
                    refusals.append(str(unusable))
        finally:
            workbook.close()
    if len(refusals) == len(sheets):
        raise Unusable(" ".join(refusals) if refusals else "empty workbook: it has no sheet; skipped")
    return parts


def _articles(rows: Iterator[tuple[int, tuple | list]], *, origin: str, kind: str, anchor: str) -> Iterator[Part]:
    header = next(((number, cells) for number, cells in rows if _filled(cells)), None)
    if header is None:
        raise Unusable(f"empty table: the {kind} has no header row; skipped")
    names = [_cell_text(cell) or "" for cell in header[1]]
    columns = _columns(names)
    if "text" not in columns:
        found = ", ".join(repr(name) for name in names if name) or "none"
        raise Unusable(f"no text column: the {kind} has no column named {', '.join(SYNONYMS['text'])} "
                       f"(headers found: {found}); skipped")
    for number, cells in rows:
        if not _filled(cells):
            continue
        values = {field: cells[index] if index < len(cells) else None for field, index in columns.items()}
        text = _cell_text(values.pop("text"))
        if not text or not text.strip():
            yield Part("", anchor=anchor.format(number),
                       refused=f"row {number} has no text in column {names[columns['text']]!r}; skipped")
            continue
        # A date cell of a workbook is a datetime already; every other value is read as text.
        fields = {field: value if isinstance(value, datetime.date) else _cell_text(value) for field, value in values.items()}
        yield Part(text, fields, origin=origin, anchor=anchor.format(number))


def _columns(names: list[str]) -> dict[str, int]:
    """The index of each field's column: the first synonym present wins (no name is a synonym of two fields)."""
    by_name: dict[str, int] = {}
    for index, name in enumerate(names):
        by_name.setdefault(_SEPARATORS.sub(" ", name).strip().lower(), index)
    columns: dict[str, int] = {}
    for field, synonyms in SYNONYMS.items():
        index = next((by_name[name] for name in synonyms if name in by_name), None)
        if index is not None:
            columns[field] = index
    return columns


def _filled(cells) -> bool:
    return any(cell is not None and str(cell).strip() for cell in cells)


def _cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 2024.0 from a spreadsheet is the year 2024
    return str(value)
