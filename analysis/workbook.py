"""Tables → an Excel workbook: a first sheet "filters" (the filters, the data and the kit behind it), then one sheet per table.

    write_workbook(tables, "reports/tables.xlsx")                       # every table the report ships
    write_workbook(explorer_tables, path, filters=explorer.filters())   # what a filtered view shows

`tables` is an `analysis.Tables` or a mapping of name → DataFrame (a view's filtered tables). The sheets
are `DEFAULT_TABLES` that are there, in that order, then any other frames of a mapping (its own names);
`tables_to_write` chooses others (the sentences, say) or another order. Each sheet has its header row
bold and frozen, an autofilter, and columns wide enough to read. The cells are what a spreadsheet can hold
safely:

- a string a spreadsheet would run as a formula ("=HYPERLINK(…)", "+1", "@SUM(…)") gets a leading "'"
  (analysis.export.neutralise_formulas, as every CSV of the kit), so it stays text;
- lists (aliases, evidence ids, tags) are joined with "; ", as in the CSV export; beside each doc_id stand
  the document's title, path and source (analysis.search.with_documents), when the documents are there;
- datetimes are written without a timezone (aware ones in UTC), dates whose times are all midnight as dates;
- characters XML cannot hold (control characters such as a PDF's form feed) become U+FFFD;
- a text longer than Excel's 32,767 characters per cell is cut, ending with CUT_MARKER, and a table longer
  than Excel's 1,048,575 rows below the header keeps its first rows; the "filters" sheet counts both.

The "filters" sheet has three columns, part / name / value: a "filter" row per filter (its value "none" when
it keeps everything, a single row "filters: none" without any), then "source" rows (when it was written,
the data folder and its generation, the kit's version) and a "rows" row per table.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path
from typing import Mapping, Sequence

import pandas as pd

from analysis.atomic import replacing
from analysis.export import neutralise_formulas

FILTERS_SHEET = "filters"
# The tables an analyst reads in a spreadsheet, in the order of the data flow; the sentences (every
# sentence of the corpus, the evidence behind the other tables) only when asked for.
DEFAULT_TABLES = (
    "documents", "actors", "mentions", "events", "stances", "reversals", "dyads", "motives", "timexes", "problems", "notes",
)
MAX_CELL_CHARACTERS = 32_767  # Excel's limit per cell
MAX_DATA_ROWS = 1_048_575  # Excel's 1,048,576 rows per sheet, less the header
MAX_SHEET_NAME = 31  # Excel's limit
CUT_MARKER = " … [cut at Excel's cell limit]"
LIST_SEPARATOR = "; "
# Column widths in characters: wide enough for a date or an id, never so wide that one text hides the rest.
MIN_WIDTH, MAX_WIDTH, WIDTH_SAMPLE = 8, 60, 1000
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Characters an XML 1.0 document (the workbook's sheets) cannot hold: openpyxl refuses them.
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write_workbook(
    tables,
    path: str | os.PathLike,
    *,
    filters: Mapping | None = None,
    tables_to_write: Sequence[str] | None = None,
    data_dir: str | os.PathLike | None = None,
) -> Path:
    """Write `tables` (an `analysis.Tables` or a mapping of name → DataFrame) as an Excel workbook at `path`:
    the sheet "filters" first (the `filters` applied, `data_dir` the tables came from, the kit's version, the rows
    of each table), then one sheet per table of `tables_to_write` (default: `DEFAULT_TABLES` that are there, then
    a mapping's other frames). The file is written under a temporary name and renamed, so a spreadsheet never
    opens half a workbook; return the path."""
    frames = _frames(tables)
    names = _chosen(frames, tables_to_write)
    documents = frames.get("documents")
    prepared = {name: _prepare(_with_documents(name, frames[name], documents)) for name in names}
    sheets = _sheet_names([FILTERS_SHEET, *names])
    summary = filters_sheet(filters, data_dir=data_dir, tables={name: frames[name] for name in names},
                            cut_cells={name: cut for name, (_, cut) in prepared.items()})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as temporary, pd.ExcelWriter(temporary, engine="openpyxl", date_format="yyyy-mm-dd",
                                                      datetime_format="yyyy-mm-dd hh:mm:ss") as writer:
        for sheet, frame in zip(sheets, [summary, *(frame for frame, _ in prepared.values())]):
            frame.to_excel(writer, sheet_name=sheet, index=False)
            _format_sheet(writer.sheets[sheet], frame)
    return path


def filters_sheet(
    filters: Mapping | None,
    *,
    data_dir: str | os.PathLike | None = None,
    tables: Mapping[str, pd.DataFrame] | None = None,
    cut_cells: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """The rows of the sheet "filters": part ("filter", "source", "rows", "cut"), name and value (text, and a
    number for the rows of a table). `cut_cells` counts each table's cells cut at Excel's limit."""
    import analysis
    from analysis import store

    rows = [("filter", name, filter_value(name, value)) for name, value in (filters or {}).items()]
    if not rows:
        rows = [("filter", "filters", "none")]
    rows.append(("source", "written", datetime.datetime.now().astimezone().isoformat(timespec="seconds")))
    rows.append(("source", "data folder", str(data_dir) if data_dir is not None else "not given"))
    generation = store.current(data_dir) if data_dir is not None and Path(data_dir).is_dir() else None
    if generation is not None:
        rows.append(("source", "generation", generation.name))
    rows.append(("source", "kit version", analysis.__version__))
    cut_cells = cut_cells or {}
    for name, frame in (tables or {}).items():
        rows.append(("rows", name, len(frame)))
        if len(frame) > MAX_DATA_ROWS:
            rows.append(("cut", name, f"only the first {MAX_DATA_ROWS:,} rows fit a sheet; the table has {len(frame):,}"))
        if cut_cells.get(name):
            rows.append(("cut", name, f"{cut_cells[name]:,} cell(s) cut at Excel's {MAX_CELL_CHARACTERS:,} characters"))
    return pd.DataFrame(rows, columns=["part", "name", "value"])


def filter_value(name: str, value) -> str:
    """One filter's value as text: "none" when it keeps everything (empty or None), lists joined with ", ",
    a pair of years as a range ("1979–2025")."""
    if value is None or value == "" or (isinstance(value, (list, tuple, set)) and not value):
        return "none"
    if isinstance(value, (list, tuple)) and name == "years" and len(value) == 2:
        return f"{value[0]}–{value[1]}"
    if isinstance(value, (list, tuple, set)):
        items = sorted(value, key=str) if isinstance(value, set) else value
        return ", ".join(map(str, items))
    return str(value)


# ─── Tables → frames a sheet can hold ─────────────────────────────────────────────────────


def _frames(tables) -> dict[str, pd.DataFrame]:
    from analysis.tables import Tables

    frames = dict(tables.items()) if isinstance(tables, Tables) else tables
    if not isinstance(frames, Mapping):
        raise TypeError(f"tables must be an analysis.Tables or a mapping of name → DataFrame, not {type(tables).__name__}")
    for name, frame in frames.items():
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"tables[{name!r}] must be a DataFrame, not {type(frame).__name__}")
    return dict(frames)


def _chosen(frames: Mapping[str, pd.DataFrame], tables_to_write: Sequence[str] | None) -> list[str]:
    from analysis.tables import TABLE_NAMES

    if tables_to_write is None:
        return [name for name in DEFAULT_TABLES if name in frames] + [name for name in frames if name not in TABLE_NAMES]
    if isinstance(tables_to_write, str):
        raise TypeError(f"tables_to_write must be a sequence of table names, not the string {tables_to_write!r}")
    unknown = [name for name in tables_to_write if name not in frames]
    if unknown:
        raise ValueError(f"tables_to_write={list(tables_to_write)!r} names {unknown}, which are not among the tables; "
                         f"allowed: {', '.join(frames)}")
    return list(dict.fromkeys(tables_to_write))


def _with_documents(name: str, frame: pd.DataFrame, documents: pd.DataFrame | None) -> pd.DataFrame:
    """`frame` with each document's title, path and source beside its doc_id, as the CSV export has them."""
    from analysis.search import DOCUMENT_COLUMNS, with_documents
    from analysis.tables import Tables

    if name == "documents" or documents is None or not {"doc_id", *DOCUMENT_COLUMNS} <= set(documents.columns):
        return frame
    return with_documents(Tables(documents=documents), frame)


def _prepare(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """`frame` as a sheet can hold it (see the module's docstring) and how many of its cells were cut."""
    frame = frame.head(MAX_DATA_ROWS).copy()
    for column in frame.columns:
        values = frame[column]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            values = values.dt.tz_convert("UTC").dt.tz_localize(None)
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            dated = values.dropna()
            if len(dated) and (dated == dated.dt.normalize()).all():
                values = values.dt.date.astype("object").where(values.notna(), None)
        elif not (pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype)):
            values = values.astype("object").map(_plain_cell)
        frame[column] = values
    frame.columns = [_plain_cell(str(column)) for column in frame.columns]
    frame = neutralise_formulas(frame)
    cut = 0
    for column in frame.columns:
        if frame[column].dtype == object:
            long = frame[column].map(lambda value: isinstance(value, str) and len(value) > MAX_CELL_CHARACTERS)
            if long.any():
                cut += int(long.sum())
                frame.loc[long, column] = frame.loc[long, column].map(_cut)
    return frame, cut


def _plain_cell(value):
    """A list as text, an aware datetime without its timezone (in UTC), a string without XML-illegal characters."""
    if isinstance(value, (list, tuple, set)):
        items = sorted(value, key=str) if isinstance(value, set) else value
        value = LIST_SEPARATOR.join(map(str, items))
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", value)
    return value


def _cut(text: str) -> str:
    return text[: MAX_CELL_CHARACTERS - len(CUT_MARKER)] + CUT_MARKER


def _sheet_names(names: Sequence[str]) -> list[str]:
    """Names Excel accepts: no []:*?/\\, at most 31 characters, unique regardless of case."""
    chosen: list[str] = []
    for name in names:
        base = SHEET_NAME_FORBIDDEN.sub("_", str(name)).strip("'") or "sheet"
        candidate, number = base[:MAX_SHEET_NAME], 1
        while candidate.lower() in {taken.lower() for taken in chosen}:
            number += 1
            suffix = f" ({number})"
            candidate = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        chosen.append(candidate)
    return chosen


# ─── Sheet layout ─────────────────────────────────────────────────────────────────────────


def _format_sheet(sheet, frame: pd.DataFrame) -> None:
    """Header row bold and frozen, an autofilter over the table, readable column widths."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    for number, column in enumerate(frame.columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = _width(str(column), frame[column])


def _width(header: str, values: pd.Series) -> int:
    sample = values.head(WIDTH_SAMPLE).dropna()
    if pd.api.types.is_datetime64_any_dtype(sample.dtype) or (len(sample) and isinstance(sample.iloc[0], datetime.date)):
        longest = 19 if pd.api.types.is_datetime64_any_dtype(sample.dtype) else 10
    else:
        longest = int(sample.astype(str).str.len().max()) if len(sample) else 0
    return max(MIN_WIDTH, min(MAX_WIDTH, max(len(header), longest) + 2))
