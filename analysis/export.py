"""Tables → files for spreadsheets and reports: CSV with formula cells neutralised, export names unique per filter set.

Every CSV the kit writes goes through `write_csv` (`Tables.to_csv`, the widgets' exports). A cell a
spreadsheet would run as a formula — a string starting with "=", "+", "-", "@", TAB or CR, such as a
document titled '=HYPERLINK("http://…")' — is written with a leading "'" (OWASP, "CSV Injection"),
so it shows as text; numbers, dates and booleans are written as they are.

`export_name(readable, filters)` names one export: the readable part transliterated to ASCII
(anyascii: "Путин" → "Putin") beside a short hash of the whole filter set, so two filter sets never
share a name, while the same filter set gets the same name again (a re-export). `check_filters`
refuses to write over an export that recorded other filters, so nothing is overwritten silently.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Mapping

import pandas as pd
from anyascii import anyascii

from analysis.atomic import replacing

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HASH_LENGTH = 10  # 40 bits: a collision between two filter sets of one reports folder is not a worry
READABLE_LENGTH = 80  # with "_" and the hash the name stays under charts.MAX_FILENAME, so it is never cut


def neutralise_cell(value):
    """`value` with a leading "'" when it is a string a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose string cells and column names cannot start a spreadsheet formula.

    Only strings change: a column of negative numbers stays numbers, and so do dates and booleans."""
    safe = frame.copy()
    for column in safe.columns:
        if _holds_strings(safe[column]):
            safe[column] = safe[column].astype("object").map(neutralise_cell)
    safe.columns = [neutralise_cell(column) for column in safe.columns]
    return safe


def _holds_strings(column: pd.Series) -> bool:
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return not pd.api.types.is_numeric_dtype(dtype.categories.dtype)
    return pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)


def write_csv(frame: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write `frame` (formulas neutralised, no index) to `path` in UTF-8 through a temporary file and
    a rename, so a spreadsheet never opens half a file; return the path."""
    with replacing(path) as temporary:
        neutralise_formulas(frame).to_csv(temporary, index=False, encoding="utf-8")
    return Path(path)


def filters_json(filters: Mapping) -> str:
    """The filter set as the JSON an export records beside its files."""
    return json.dumps(filters, indent=2, ensure_ascii=False) + "\n"


def filters_hash(filters: Mapping) -> str:
    """A short hex digest of the whole filter set; key order does not matter, list order does."""
    canonical = json.dumps(filters, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_LENGTH]


def readable_part(text: object) -> str:
    """`text` as ASCII letters, digits, "_" and "-" (transliterated: "Путин" → "Putin"), at most
    READABLE_LENGTH characters; "export" when nothing is left."""
    ascii_text = anyascii(str(text))
    cleaned = re.sub(r"[^A-Za-z0-9-]+", "_", ascii_text)
    cleaned = re.sub(r"_{2,}", "_", cleaned).strip("_-")[:READABLE_LENGTH].strip("_-")
    return cleaned or "export"


def export_name(readable: object, filters: Mapping) -> str:
    """`<readable part>_<hash of filters>`: the same for the same filter set, different for another.

    The name is already a safe file name (charts.safe_filename leaves it as it is)."""
    return f"{readable_part(readable)}_{filters_hash(filters)}"


def check_filters(record: str | os.PathLike, filters: Mapping) -> None:
    """Raise FileExistsError when `record` (an export's filters JSON) holds another filter set than
    `filters`: writing that export's files again would overwrite a different export."""
    record = Path(record)
    if not record.exists():
        return
    try:
        recorded = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise FileExistsError(f"refusing to overwrite the export {str(record)!r}: its filters cannot be read ({error})") from None
    if recorded != json.loads(json.dumps(filters)):
        raise FileExistsError(
            f"refusing to overwrite the export {str(record)!r}: it was made with the filters {recorded}, "
            f"not {dict(filters)}; move it away or choose another reports folder"
        )
