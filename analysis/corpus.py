"""Folder of files → documents and problems.

`read_corpus(folder)` walks `folder` recursively in sorted order and yields, file by file, one
`Document` per document a file holds and one `Problem` (with a reason) per file, document, metadata
field or manifest row it could not use. Nothing inside a file stops the walk; only hashes are kept
between files. The formats (analysis.formats, one module each):

- ``.txt``: plain text; an optional ``date YYYY-MM-DD`` header at the very start (colon optional,
  same line as the text or its own) is cut from the text. UN General Debate names
  ``ISO3_SS_YYYY.txt`` give author (ISO3), year, source and title.
- ``.md`` / ``.markdown``: YAML front matter (title, date, source, author) read with a safe loader
  that refuses anchors, aliases and front matter over 64 KB; the body becomes plain prose.
- ``.html`` / ``.htm``: the main text (trafilatura: no navigation, headers, footers or banners), else
  the visible text; title, date, author and site from <title>, <meta>, <time>.
- ``.pdf``: the text layer (pypdf); title, author, creation date. Encrypted, damaged and scanned
  (no text layer) PDFs are problems that say so.
- ``.docx``: paragraphs and table cells (python-docx); core properties title, author, created.
- ``.eml``, ``.mbox``: subject → title, From → author, Date → date, the plain-text (else HTML) body.
- ``.csv``, ``.xlsx``: a table of articles, one document per row; columns found by header
  (text/body/content/article/full text, title/headline, date/published, source/publication/outlet,
  author/byline). A table without a text column is a problem naming the headers it has.
- ``.php``, ``.aspx``, ``.asp``, ``.shtml`` and names without an extension: read by their content
  (PDF, DOCX, XLSX, HTML, e-mail, mbox, else plain text).
- ``manifest.csv`` in any folder (path, date, title, source, author; paths relative to its folder)
  overrides what the files say; it is metadata, not a document.

A file holding several documents gives each its own path: the file's, then ``#N`` for the N-th
message of an mbox (from 1), ``#row-N`` for a table's row N as a spreadsheet numbers it (the header
is row 1; ``#Sheet/row-N`` in a workbook of several sheets). doc_id and sha256 come from the text.
Binary formats are read as bytes under the same `max_bytes` limit as text.

Documents not in English (analysis.language: langdetect on the first 3,000 characters of texts of
200 characters or more) are problems naming the language; `english_only=False` keeps them.

Metadata, weakest first: file name < header, front matter, meta tags, PDF/DOCX properties, e-mail
headers or table columns < manifest. Dates are YYYY-MM-DD, YYYY-MM or YYYY with a precision; an
impossible or future date is reported and ignored (the next weaker date is tried).

Every string handed out is clean (analysis.text_hygiene): text, title, author, source and reasons
are valid UTF-8 in NFC, without lone surrogates, bidi or zero-width controls or stray control
characters. Cleaning comes before anything is located in the text, so later offsets (sentences,
mentions, events) are offsets into the cleaned text. Paths are the names on disk, escaped where not
valid UTF-8 or invisible (``a\\xff.txt``), so two files never share a path.

Skipped silently: hidden files and folders (name starting with "."), tables (.parquet) and the kit's
data folders (`is_kit_data`). A symlink leading out of the corpus folder is a Problem unless
`follow_outside_links=True`; so is every other file that is not a Document.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import errno
import hashlib
import io
import os
import posixpath
import re
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator, Mapping

import pandas as pd

from analysis import formats, language, tables
from analysis.formats import BY_CONTENT_SUFFIXES, SUPPORTED_SUFFIXES, Part
from analysis.store import BUILD_LOCK, CURRENT, GENERATIONS
from analysis.text_hygiene import clean_field, clean_text, decode, mend_surrogates, printable_name

DEFAULT_MAX_BYTES = 2_000_000
MANIFEST_NAME = "manifest.csv"
MANIFEST_FIELDS = ("path", "date", "title", "source", "author")
UN_SOURCE = "UN General Debate"
STAGE = "corpus"

# Tables are data, never documents.
TABLE_SUFFIXES = (".parquet",)
_UN_NAME = re.compile(r"([A-Z]{3})_(\d{1,3})_(\d{4})\.txt")
_DATE_TEXT = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][0-9:.,+\-Z ]*)?")


@dataclass(frozen=True)
class Document:
    doc_id: str  # first 16 hex characters of `sha256`: stable across builds, changes with the text
    path: str  # POSIX path relative to the corpus folder; "#3", "#row-12" after it for one of a file's documents
    title: str | None
    date: datetime.date | None
    date_precision: str  # "day", "month", "year" or "unknown" (see tables.PRECISIONS)
    author: str | None  # as found; for UN speeches the ISO3 code
    source: str | None
    text: str  # the text only: headers, front matter and markup removed
    sha256: str  # hex sha256 of `text` encoded as UTF-8


@dataclass(frozen=True)
class Problem:
    path: str
    stage: str
    reason: str  # what is wrong and what the kit did about it


class _Skip(Exception):
    """A file the kit cannot use; the message is the problem's reason."""


def read_corpus(
    folder: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES, today: datetime.date | None = None,
    follow_outside_links: bool = False, english_only: bool = True,
) -> Iterator[Document | Problem]:
    """Yield the Documents or Problems of every file under `folder`, in sorted path order, streaming.
    Symlinks are followed inside `folder`; out of it only with `follow_outside_links`, else refused.
    `english_only=False` keeps documents in other languages."""
    root = Path(folder)
    if not root.is_dir():
        raise NotADirectoryError(f"folder={str(folder)!r} is not a folder; pass the folder that holds the documents")
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise ValueError(f"max_bytes={max_bytes!r} is not allowed; use a positive whole number of bytes")
    for name, value in (("follow_outside_links", follow_outside_links), ("english_only", english_only)):
        if not isinstance(value, bool):
            raise ValueError(f"{name}={value!r} is not allowed; use True or False")
    return _walk(root, max_bytes=max_bytes, today=today or datetime.date.today(), outside_links=follow_outside_links,
                 english_only=english_only)


def parse_text(
    raw: str | bytes, *, path: str = "<text>", today: datetime.date | None = None,
    metadata: Mapping[str, str] | None = None, english_only: bool = True,
) -> list[Document | Problem]:
    """Turn one file's content into its Documents, each followed by the problems about it, or `[Problem]`.

    The suffix of `path` picks the format (see analysis.formats; .php, .aspx, .asp, .shtml and no
    suffix: the content does, any other suffix: plain text) and its name may carry metadata (UN
    naming); `metadata` is a manifest row that overrides the file. Several documents (mbox, csv,
    xlsx) have the path ``path#N`` or ``path#row-N``.
    """
    if set(metadata or {}) - set(MANIFEST_FIELDS[1:]):
        raise ValueError(f"metadata={dict(metadata)!r} has unknown fields; allowed: {', '.join(MANIFEST_FIELDS[1:])}")
    path = mend_surrogates(path)
    try:
        parts = formats.read(raw, path=path)
    except formats.Unusable as unusable:
        return [_problem(path, str(unusable))]
    options = {"today": today or datetime.date.today(), "metadata": dict(metadata or {}), "english_only": english_only}
    return [item for part in parts for item in _part_items(part, path, **options)]


def _part_items(part: Part, file_path: str, *, today: datetime.date, metadata: dict,
                english_only: bool) -> list[Document | Problem]:
    path = file_path + part.anchor
    if part.refused:
        return [_problem(path, part.refused)]
    # Cleaned again: entities and YAML escapes (&#x202E;, "\uD800") make characters the source did not show.
    body = clean_text(part.text).strip()
    if not body:
        return [_problem(path, "empty document: no text is left once metadata, markup and invisible characters "
                               "are removed; skipped")]
    foreign = language.foreign_language(body) if english_only else None
    if foreign:
        code, probability = foreign
        return [_problem(path, f"not in English: the text reads as {language.language_name(code)} ({code}, "
                               f"langdetect {probability:.2f}); the kit reads English only; skipped "
                               "(read_corpus(..., english_only=False) keeps it)")]
    notes = list(part.notes)
    layers = [("file name", _name_fields(file_path)), (part.origin, part.fields), (MANIFEST_NAME, metadata)]
    layers = [(where, _clean_fields(where, layer, notes)) for where, layer in layers]
    merged = {key: value for _, layer in layers for key, value in layer.items() if key != "date" and value}
    candidates = [(where, layer["date"]) for where, layer in reversed(layers) if layer.get("date") not in (None, "")]
    date, precision = _pick_date(candidates, today=today, notes=notes)
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    document = Document(
        doc_id=digest[:16], path=path, title=merged.get("title"), date=date, date_precision=precision,
        author=merged.get("author"), source=merged.get("source"), text=body, sha256=digest,
    )
    return [document, *(_problem(path, note) for note in notes)]


def documents_table(documents: Iterable[Document]) -> pd.DataFrame:
    """The documents table: doc_id, path, title, date, date_precision, author, author_id, source,
    n_chars, sha256, cache_key. author_id and cache_key stay null: later stages fill them."""
    return tables.frame("documents", (_document_row(document) for document in documents))


def problems_table(problems: Iterable[Problem]) -> pd.DataFrame:
    """The problems table: path, stage, reason."""
    return tables.frame("problems", (asdict(_expect(problem, Problem)) for problem in problems))


def _document_row(document: Document) -> dict:
    row = {key: value for key, value in asdict(_expect(document, Document)).items() if key != "text"}
    row["date"] = pd.Timestamp(document.date) if document.date else None
    return {**row, "n_chars": len(document.text), "author_id": None, "cache_key": None}


def _expect(item, kind: type):
    if not isinstance(item, kind):
        raise TypeError(f"expected {kind.__name__} items, got {type(item).__name__}: {item!r:.80}")
    return item


def _problem(path: str, reason: str) -> Problem:
    # Reasons quote what was found (a date, an error naming a file), which may be as unclean as the file.
    return Problem(path=mend_surrogates(path), stage=STAGE, reason=clean_text(reason))


def _clean_fields(origin: str, fields: Mapping, notes: list[str]) -> dict:
    """`fields` with each text value cleaned; one with nothing visible left is dropped with a note."""
    cleaned = {}
    for key, value in fields.items():
        cleaned[key] = clean_field(value) if isinstance(value, str) else value
        if isinstance(value, str) and value.strip() and cleaned[key] is None:
            notes.append(f"{origin} {key} holds only invisible or control characters; it was ignored")
    return cleaned


def is_kit_data(path: str | os.PathLike) -> bool:
    """True for what the kit itself writes, which is never corpus: a table file (.parquet) or a data
    folder (it holds the build lock, or a CURRENT pointer beside a generations/ folder)."""
    if os.fspath(path).lower().endswith(TABLE_SUFFIXES):
        return True
    # os.path answers False on any error: a folder we may not look into is reported when it is listed.
    if os.path.exists(os.path.join(path, BUILD_LOCK)):
        return True
    return os.path.isfile(os.path.join(path, CURRENT)) and os.path.isdir(os.path.join(path, GENERATIONS))


# --- walking the folder -------------------------------------------------------------------------

def _walk(
    root: Path, *, max_bytes: int, today: datetime.date, outside_links: bool, english_only: bool
) -> Iterator[Document | Problem]:
    first_path_of_text: dict[str, str] = {}
    manifest_rows: dict[str, dict[str, str]] = {}
    inside = os.path.realpath(root)
    visited = {inside}
    folders = [root]  # an explicit stack: folder depth must not be limited by Python's recursion
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted((entry for entry in listing if not _skipped_silently(entry)), key=lambda e: e.name)
        except OSError as error:
            yield _problem(_relative(folder, root), f"cannot list this folder ({error.strerror or error}); skipped")
            continue
        refused = {} if outside_links else {
            entry.name: reason for entry in entries if (reason := _outside_link_reason(entry, inside))}
        manifests = [entry for entry in entries if entry.name == MANIFEST_NAME and entry.name not in refused
                     and entry.is_file()]
        for manifest in manifests:  # first, so that it also applies to files sorted before it
            rows, problems = _read_manifest(manifest.path, root, max_bytes=max_bytes)
            manifest_rows.update(rows)
            yield from problems
        subfolders = []
        for entry in (entry for entry in entries if entry not in manifests):
            path = _relative(entry.path, root)
            if entry.name in refused:
                yield _problem(path, refused[entry.name])
            elif _is_folder(entry):
                real = os.path.realpath(entry.path)
                if real in visited:
                    looping = Path(os.path.realpath(folder)).is_relative_to(real)
                    kind = "symlink loop: this link points back to" if looping else "folder already read: it is"
                    yield _problem(path, f"{kind} {printable_name(real)!r}; skipped")
                else:
                    visited.add(real)
                    subfolders.append(Path(entry.path))
            else:
                yield from _file_items(entry, path, first_path_of_text, max_bytes=max_bytes, today=today,
                                       metadata=manifest_rows.pop(path, None), english_only=english_only)
        folders.extend(reversed(subfolders))


def _file_items(entry: os.DirEntry, path: str, first_path_of_text: dict, **options) -> Iterator[Document | Problem]:
    """The Documents and Problems of one file; a document repeating a text read before is one Problem."""
    try:
        results = _read_entry(entry, path, **options)
    except Exception as error:  # one odd file must never stop the walk: it becomes a problem row
        results = [_problem(path, f"could not be read ({type(error).__name__}: {error}); skipped")]
    duplicate = None  # the path of a document skipped as a duplicate: its notes go with it
    for item in results:
        if isinstance(item, Document):
            first = first_path_of_text.setdefault(item.sha256, item.path)
            duplicate = item.path if first != item.path else None
            if duplicate:
                yield _problem(item.path, f"duplicate of {first}: the same text was read there; skipped")
                continue
        elif item.path == duplicate:
            continue
        yield item


def _skipped_silently(entry: os.DirEntry) -> bool:
    return entry.name.startswith(".") or is_kit_data(entry.path)


def _outside_link_reason(entry: os.DirEntry, inside: str) -> str | None:
    """Why `entry` is refused when it is a symlink leading out of the folder `inside`, else None."""
    if not entry.is_symlink():
        return None
    target = os.path.realpath(entry.path)
    if Path(target).is_relative_to(inside):
        return None
    return (f"symlink leads outside the corpus folder, to {printable_name(target)!r}; skipped "
            "(read_corpus(..., follow_outside_links=True) follows such links)")


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a symlink loop; _read_entry reports it
        return False


def _read_entry(entry: os.DirEntry, path: str, *, max_bytes, today, metadata, english_only) -> list[Document | Problem]:
    if entry.is_symlink() and not os.path.exists(entry.path):
        return [_problem(path, _dangling_reason(entry.path))]
    if not entry.is_file():
        return [_problem(path, "not a regular file (a device, pipe or socket); skipped")]
    if not formats.is_read(entry.name):
        return [_problem(path, _unsupported_reason(formats.suffix_of(entry.name)))]
    try:
        raw = _read_bytes(entry.path, max_bytes=max_bytes)
    except _Skip as skip:
        return [_problem(path, str(skip))]
    return parse_text(raw, path=path, today=today, metadata=metadata, english_only=english_only)


def _unsupported_reason(suffix: str) -> str:
    save_as = formats.SAVE_AS.get(suffix)
    hint = f" (save it as {save_as})" if save_as else ""
    return (f"unsupported file type {suffix}{hint}; supported: {', '.join(SUPPORTED_SUFFIXES)}; read by their "
            f"content: {', '.join(BY_CONTENT_SUFFIXES)} and names without an extension; skipped")


def _dangling_reason(link: str) -> str:
    try:
        os.stat(link)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symlink loop: the link leads back to itself; skipped"
    return f"broken symlink: it points to {printable_name(os.readlink(link))!r}, which does not exist; skipped"


def _read_bytes(path: str, *, max_bytes: int) -> bytes:
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size  # refused before reading: the file system knows the size
            raw = b"" if size > max_bytes else handle.read(max_bytes + 1)  # +1 notices a file that grew
    except OSError as error:
        raise _Skip(f"unreadable: cannot read the file ({error.strerror or error}); skipped") from None
    if size > max_bytes or len(raw) > max_bytes:
        raise _Skip(f"file too large: {max(size, len(raw)):,} bytes, over the limit of {max_bytes:,} bytes; skipped "
                    "without reading it. Raise the limit with --max-bytes (read_corpus(..., max_bytes=...))")
    return raw


def _relative(path: str | os.PathLike, root: Path) -> str:
    return printable_name(Path(path).relative_to(root).as_posix())


def _read_manifest(file: str, root: Path, *, max_bytes: int) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Rows of one manifest keyed by corpus-relative path, and the problems with its rows."""
    where = _relative(file, root)
    rows, problems = {}, []
    try:
        reader = csv.DictReader(io.StringIO(clean_text(decode(_read_bytes(file, max_bytes=max_bytes)))), strict=True)
        reader.fieldnames = header = [str(name).strip().lower() for name in reader.fieldnames or []]
        if "path" not in header:
            raise _Skip(f"manifest has no 'path' column (found: {', '.join(header) or 'none'}); "
                        f"expected {', '.join(MANIFEST_FIELDS)}; the manifest was ignored")
        if set(header) - set(MANIFEST_FIELDS):
            problems.append(_problem(where, f"manifest columns {sorted(set(header) - set(MANIFEST_FIELDS))} "
                                            f"are not used; known columns: {', '.join(MANIFEST_FIELDS)}"))
        for row in reader:
            target = (row.get("path") or "").strip().replace("\\", "/")
            key = posixpath.normpath(str(PurePosixPath(where).parent / target))
            if not target or posixpath.isabs(target) or key == ".." or key.startswith("../"):
                reason = f"line {reader.line_num}: path {target!r} is empty or outside the corpus folder; row ignored"
            elif not os.path.isfile(root / key):  # False, not an error, for a name too long for the disk
                reason = f"line {reader.line_num}: no file {target!r} next to the manifest; row ignored"
            else:
                rows[key] = {name: value.strip() for name, value in row.items()
                             if name in MANIFEST_FIELDS[1:] and isinstance(value, str) and value.strip()}
                continue
            problems.append(_problem(where, reason))
    except _Skip as skip:
        return {}, [_problem(where, str(skip))]
    except csv.Error as error:
        return {}, [_problem(where, f"manifest is not valid CSV ({error}); the manifest was ignored")]
    return rows, problems


# --- metadata -----------------------------------------------------------------------------------

def _name_fields(path: str) -> dict:
    match = _UN_NAME.fullmatch(PurePosixPath(path).name)
    if not match:
        return {}
    code, session, year = match.groups()
    title = f"{code} at the UN General Debate, session {int(session)} ({year})"
    return {"title": title, "date": year, "author": code, "source": UN_SOURCE}


def _pick_date(candidates, *, today: datetime.date, notes: list[str]) -> tuple[datetime.date | None, str]:
    """The first usable date of `candidates` (strongest first); each unusable one adds a note."""
    for origin, value in candidates:
        try:
            date, precision = _parse_date(value)
        except ValueError as error:
            notes.append(f"{origin} date '{str(value)[:80]}' {error}; the date was ignored")
            continue
        if date <= today:
            return date, precision
        notes.append(f"{origin} date '{value}' is after today ({today}); the date was ignored")
    return None, "unknown"


def _written_date(value) -> tuple[datetime.date, str]:
    """A date as news databases write it ("5 March 2024", "March 2024", "Tue, 05 Mar 2024 10:00 GMT"),
    read by dateparser; it must name its year, so "yesterday" or "5 March" is no document date."""
    from dateparser.date import DateDataParser  # slow to import: only for dates that are not ISO

    text = value.strip() if isinstance(value, str) else ""
    found = None
    if re.search(r"\d{4}", text) and len(text) <= 64:
        parser = DateDataParser(languages=["en"], settings={"REQUIRE_PARTS": ["year"], "PREFER_DAY_OF_MONTH": "first"})
        with contextlib.suppress(Exception):  # dateparser raises assorted errors on odd text
            found = parser.get_date_data(text)
    if found is None or found.date_obj is None or found.period not in ("day", "month", "year"):
        raise ValueError("is not a date (expected YYYY-MM-DD, YYYY-MM, YYYY or a written date such as 5 March 2024)")
    day = found.date_obj.date()
    if not pd.Timestamp.min.date() < day < pd.Timestamp.max.date():
        raise ValueError("is outside the years the tables can hold (1678–2261)")
    if found.period == "year":
        return datetime.date(day.year, 1, 1), "year"
    if found.period == "month":
        return datetime.date(day.year, day.month, 1), "month"
    return day, "day"


def _parse_date(value) -> tuple[datetime.date, str]:
    if isinstance(value, datetime.datetime):
        return value.date(), "day"
    if isinstance(value, datetime.date):
        return value, "day"
    if isinstance(value, int) and not isinstance(value, bool):  # YAML reads `date: 2024` as a number
        value = f"{value:04d}"
    match = _DATE_TEXT.fullmatch(value.strip()) if isinstance(value, str) else None
    if not match:
        return _written_date(value)
    year, month, day = match.groups()
    try:
        date = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError("is not a real calendar date") from None
    if not pd.Timestamp.min.date() < date < pd.Timestamp.max.date():
        raise ValueError("is outside the years the tables can hold (1678–2261)")
    return date, "day" if day else "month" if month else "year"
