"""Folder of files → documents and problems.

`read_corpus(folder)` walks `folder` recursively in sorted order and yields, file by file, one
`Document` per usable file and one `Problem` (with a reason) per file, metadata field or manifest
row it could not use. Nothing inside a file stops the walk; only hashes are kept between files.

- ``.txt``: plain text; an optional ``date YYYY-MM-DD`` header at the very start (colon optional,
  same line as the text or its own) is cut from the text. UN General Debate names
  ``ISO3_SS_YYYY.txt`` give author (ISO3), year, source and title.
- ``.md`` / ``.markdown``: YAML front matter (title, date, source, author) read with a safe loader
  that refuses anchors, aliases and front matter over 64 KB; the body becomes plain prose.
- ``.html`` / ``.htm``: the visible text; title, date, author and site from <title>, <meta>, <time>.
- ``manifest.csv`` in any folder (path, date, title, source, author; paths relative to its folder)
  overrides what the files say; it is metadata, not a document.

Metadata, weakest first: file name < header, front matter or meta tags < manifest. Dates are
YYYY-MM-DD, YYYY-MM or YYYY with a precision; an impossible or future date is reported and ignored
(the next weaker date is tried).

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

import csv
import datetime
import errno
import hashlib
import io
import os
import posixpath
import re
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator, Mapping

import pandas as pd
import yaml
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag, XMLParsedAsHTMLWarning
from frontmatter.default_handlers import YAMLHandler
from markdown_it import MarkdownIt

from analysis import tables
from analysis.store import BUILD_LOCK, CURRENT, GENERATIONS
from analysis.text_hygiene import clean_field, clean_text, decode, mend_surrogates, printable_name

DEFAULT_MAX_BYTES = 2_000_000
FRONT_MATTER_MAX_BYTES = 65_536
SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
MANIFEST_NAME = "manifest.csv"
MANIFEST_FIELDS = ("path", "date", "title", "source", "author")
UN_SOURCE = "UN General Debate"
STAGE = "corpus"
# Real text, even legacy-encoded, has almost no control characters; random bytes have about 1 in 5.
BINARY_CONTROL_SHARE = 0.05

# Tables are data, never documents.
TABLE_SUFFIXES = (".parquet",)
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_HEADER_DATE = re.compile(r"\A\s*date[ \t]*:?[ \t]*(\d{4}-\d{1,2}-\d{1,2})(?![\w-])", re.IGNORECASE)
_UN_NAME = re.compile(r"([A-Z]{3})_(\d{1,3})_(\d{4})\.txt")
_DATE_TEXT = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][0-9:.,+\-Z ]*)?")
_INLINE_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)")
_DATE_METAS = ("article:published_time", "date", "pubdate", "publishdate", "dc.date", "dcterms.created")
# <head> itself is not dropped: html.parser does not close an unclosed <head> at <body>, so dropping
# it can drop the whole page; what a head holds is void (meta, link) or dropped here anyway.
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "title"})
_BLOCKS = frozenset("address article aside blockquote body br dd details dialog div dl dt fieldset figcaption "
                    "figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary "
                    "table tbody td tfoot th thead tr ul".split())


@dataclass(frozen=True)
class Document:
    doc_id: str  # first 16 hex characters of `sha256`: stable across builds, changes with the text
    path: str  # POSIX path relative to the corpus folder
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
    follow_outside_links: bool = False,
) -> Iterator[Document | Problem]:
    """Yield a Document or Problems for every file under `folder`, in sorted path order, streaming.
    Symlinks are followed inside `folder`; out of it only with `follow_outside_links`, else refused."""
    root = Path(folder)
    if not root.is_dir():
        raise NotADirectoryError(f"folder={str(folder)!r} is not a folder; pass the folder that holds the documents")
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise ValueError(f"max_bytes={max_bytes!r} is not allowed; use a positive whole number of bytes")
    if not isinstance(follow_outside_links, bool):
        raise ValueError(f"follow_outside_links={follow_outside_links!r} is not allowed; use True or False")
    return _walk(root, max_bytes=max_bytes, today=today or datetime.date.today(), outside_links=follow_outside_links)


def parse_text(
    raw: str | bytes, *, path: str = "<text>", today: datetime.date | None = None,
    metadata: Mapping[str, str] | None = None,
) -> list[Document | Problem]:
    """Turn one file's content into `[Document, *problems about it]`, or `[Problem]` if unusable.

    The suffix of `path` picks the format (.md/.markdown, .html/.htm, anything else plain text) and
    its name may carry metadata (UN naming); `metadata` is a manifest row that overrides the file.
    """
    if set(metadata or {}) - set(MANIFEST_FIELDS[1:]):
        raise ValueError(f"metadata={dict(metadata)!r} has unknown fields; allowed: {', '.join(MANIFEST_FIELDS[1:])}")
    path = mend_surrogates(path)
    text = decode(raw) if isinstance(raw, bytes) else raw.replace("\x00", "")
    if not text.strip():
        return [_problem(path, "empty file: it holds no text, or only whitespace; skipped")]
    if len(_CONTROL.findall(text)) > BINARY_CONTROL_SHARE * len(text):
        return [_problem(path, "binary content: this is not text in any known encoding (wrong file type?); skipped")]
    extract, origin = _FORMATS.get(PurePosixPath(path).suffix.lower(), _FORMATS[".txt"])
    body, fields, notes = extract(clean_text(text))
    # Cleaned again: entities and YAML escapes (&#x202E;, "\uD800") make characters the source did not show.
    body = clean_text(body).strip()
    if not body:
        return [_problem(path, "empty document: no text is left once metadata, markup and invisible characters "
                               "are removed; skipped")]
    layers = [("file name", _name_fields(path)), (origin, fields), (MANIFEST_NAME, dict(metadata or {}))]
    layers = [(where, _clean_fields(where, layer, notes)) for where, layer in layers]
    merged = {key: value for _, layer in layers for key, value in layer.items() if key != "date" and value}
    candidates = [(where, layer["date"]) for where, layer in reversed(layers) if layer.get("date") not in (None, "")]
    date, precision = _pick_date(candidates, today=today or datetime.date.today(), notes=notes)
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
    root: Path, *, max_bytes: int, today: datetime.date, outside_links: bool
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
                                       metadata=manifest_rows.pop(path, None))
        folders.extend(reversed(subfolders))


def _file_items(entry: os.DirEntry, path: str, first_path_of_text: dict, **options) -> Iterator[Document | Problem]:
    """The Document and Problems of one file, or one Problem if it repeats a text read before."""
    try:
        results = _read_entry(entry, path, **options)
    except Exception as error:  # one odd file must never stop the walk: it becomes a problem row
        results = [_problem(path, f"could not be read ({type(error).__name__}: {error}); skipped")]
    for item in results:
        first = first_path_of_text.setdefault(item.sha256, path) if isinstance(item, Document) else path
        if first != path:
            yield _problem(path, f"duplicate of {first}: the same text was read there; skipped")
            return
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


def _read_entry(entry: os.DirEntry, path: str, *, max_bytes, today, metadata) -> list[Document | Problem]:
    if entry.is_symlink() and not os.path.exists(entry.path):
        return [_problem(path, _dangling_reason(entry.path))]
    if not entry.is_file():
        return [_problem(path, "not a regular file (a device, pipe or socket); skipped")]
    suffix = PurePosixPath(entry.name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kind = suffix or "(no extension)"
        return [_problem(path, f"unsupported file type {kind}; supported: {', '.join(SUPPORTED_SUFFIXES)}; skipped")]
    try:
        raw = _read_bytes(entry.path, max_bytes=max_bytes)
    except _Skip as skip:
        return [_problem(path, str(skip))]
    return parse_text(raw, path=path, today=today, metadata=metadata)


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


# --- formats: each returns (body, fields, notes) ------------------------------------------------

def _from_txt(text: str) -> tuple[str, dict, list[str]]:
    match = _HEADER_DATE.match(text)
    return (text[match.end():], {"date": match[1]}, []) if match else (text, {}, [])


def _from_markdown(text: str) -> tuple[str, dict, list[str]]:
    """Front matter, then the words of headings, paragraphs, list items and table cells; code goes.

    Walks markdown-it's flat token list (no HTML round trip, which would parse every file twice).
    """
    body, fields, notes = _front_matter(text)
    paragraphs, heading = [], None
    tokens = _MARKDOWN.parse(body)
    for previous, token in zip([None, *tokens], tokens):
        if token.type == "inline":
            paragraphs.append(_inline_text(token.children or []))
            heading = heading or (paragraphs[-1] if previous.type == "heading_open" else None)
        elif token.type == "html_block":
            paragraphs.append(_visible_text(_soup(token.content)))
    fields["title"] = clean_field(fields.get("title")) or heading  # a title of invisible characters is none
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph), fields, notes


def _inline_text(children) -> str:
    pieces, hidden = [], None  # hidden: the invisible inline tag we are in, e.g. <script>…</script>
    for child in children:
        if child.type == "html_inline":
            match = _INLINE_TAG.match(child.content)
            if match and match[2].lower() in _INVISIBLE:
                hidden = None if match[1] else match[2].lower()
        elif not hidden and child.type in ("text", "code_inline", "softbreak", "hardbreak"):
            pieces.append(child.content or " ")
    return " ".join("".join(pieces).split())


def _from_html(text: str) -> tuple[str, dict, list[str]]:
    soup = _soup(text)
    return _visible_text(soup), _html_fields(soup), []


class _PlainYamlLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases: they let a few bytes expand to gigabytes."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.YAMLError("it uses YAML anchors or aliases (&name, *name), which are refused")
        return super().compose_node(parent, index)


# Dates stay text: YAML's own timestamp reader raises ValueError on "2024-13-45", which lost the whole
# document; as text, _parse_date reports the bad date and the title, source and author are kept.
_PlainYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


class _FrontMatterHandler(YAMLHandler):
    def load(self, fm: str, **kwargs) -> object:
        if len(fm.encode("utf-8")) > FRONT_MATTER_MAX_BYTES:
            raise yaml.YAMLError(f"it is over {FRONT_MATTER_MAX_BYTES:,} bytes")
        return yaml.load(fm, Loader=_PlainYamlLoader)


_FRONT_MATTER = _FrontMatterHandler()
_MARKDOWN = MarkdownIt("commonmark").enable("table")


def _front_matter(text: str) -> tuple[str, dict, list[str]]:
    if not _FRONT_MATTER.detect(text):
        return text, {}, []
    try:
        raw_fields, body = _FRONT_MATTER.split(text)
    except ValueError:
        return text, {}, ["front matter starts with '---' but never ends; the whole file was read as text"]
    ignored = "front matter ignored ({}); the text was kept without its title, date, source and author"
    try:
        loaded = _FRONT_MATTER.load(raw_fields)
    except RecursionError:
        return body, {}, [ignored.format("it is nested too deeply")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return body, {}, [ignored.format(f"invalid YAML: {error.problem} at line {mark.line + 1}" if mark else error)]
    except (ValueError, TypeError, OverflowError) as error:  # a value YAML parses but cannot build
        return body, {}, [ignored.format(f"a value could not be read: {error}")]
    if not isinstance(loaded, (dict, type(None))):
        return body, {}, [ignored.format(f"it is a {type(loaded).__name__}, not fields like 'title: ...'")]
    loaded = {str(key).strip().lower(): value for key, value in (loaded or {}).items()}
    fields, notes = {"date": loaded.get("date")}, []
    for key in ("title", "source", "author"):
        value = loaded.get(key)
        if isinstance(value, (list, tuple)) and all(isinstance(item, (str, int, float)) for item in value):
            value = "; ".join(str(item) for item in value)
        if isinstance(value, (str, int, float, datetime.date)):
            fields[key] = str(value).strip()
        elif value is not None:
            notes.append(f"front matter field {key!r} is a {type(value).__name__}, not text; it was ignored")
    return body, fields, notes


def _soup(markup: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        # Both warn about the input ("looks like a URL", "looks like XML"); the text is read either way.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(markup, "html.parser")


def _visible_text(soup: BeautifulSoup) -> str:
    """The text a reader sees: one paragraph per block element, whitespace collapsed.

    Walks the nodes in document order with an explicit stack of open tags, never recursion, so a
    page of 100 000 nested <div>s costs linear time and no Python stack.
    """
    paragraphs, pieces, open_tags, hidden = [], [], [], 0  # hidden: how many open tags are invisible
    for node in soup.descendants:
        while open_tags and open_tags[-1] is not node.parent:
            closed = open_tags.pop()
            hidden -= closed.name in _INVISIBLE
            if closed.name in _BLOCKS:
                _end_paragraph(pieces, paragraphs)
        if isinstance(node, Tag):
            if node.name in _BLOCKS:
                _end_paragraph(pieces, paragraphs)
            hidden += node.name in _INVISIBLE
            open_tags.append(node)
        elif not hidden and type(node) is NavigableString:  # subclasses: comment, doctype, script text…
            pieces.append(node)
    _end_paragraph(pieces, paragraphs)
    return "\n\n".join(paragraphs)


def _end_paragraph(pieces: list[str], paragraphs: list[str]) -> None:
    paragraph = " ".join("".join(pieces).split())
    if paragraph:
        paragraphs.append(paragraph)
    pieces.clear()


def _html_fields(soup: BeautifulSoup) -> dict:
    metas: dict[str, str] = {}
    for meta in soup.find_all("meta"):
        key = str(meta.get("property") or meta.get("name") or "").strip().lower()
        content = " ".join(str(meta.get("content") or "").split())
        if key and content:
            metas.setdefault(key, content)
    title, time = soup.find("title"), soup.find("time", attrs={"datetime": True})
    date = next((metas[key] for key in _DATE_METAS if key in metas), None) or (time and str(time["datetime"]).strip())
    title = (title and " ".join(title.get_text(" ").split())) or metas.get("og:title")
    return {"title": title, "date": date, "author": metas.get("author"), "source": metas.get("og:site_name")}


_FORMATS = {".txt": (_from_txt, "header"), ".md": (_from_markdown, "front matter"),
            ".markdown": (_from_markdown, "front matter"), ".html": (_from_html, "HTML meta"),
            ".htm": (_from_html, "HTML meta")}


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


def _parse_date(value) -> tuple[datetime.date, str]:
    if isinstance(value, datetime.datetime):
        return value.date(), "day"
    if isinstance(value, datetime.date):
        return value, "day"
    if isinstance(value, int) and not isinstance(value, bool):  # YAML reads `date: 2024` as a number
        value = f"{value:04d}"
    match = _DATE_TEXT.fullmatch(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError("is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = match.groups()
    try:
        date = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError("is not a real calendar date") from None
    if not pd.Timestamp.min.date() < date < pd.Timestamp.max.date():
        raise ValueError("is outside the years the tables can hold (1678–2261)")
    return date, "day" if day else "month" if month else "year"
