"""One file's content → the documents it holds (`Part`s), read by the format its name or content says.

By suffix: ``.txt``, ``.md``/``.markdown`` (analysis.formats.text), ``.html``/``.htm`` (html), ``.pdf``
(pdf), ``.docx`` (word), ``.eml``/``.mbox`` (mail), ``.csv``/``.xlsx`` (sheets). A name ending in
``.php``, ``.aspx``, ``.asp`` or ``.shtml`` (a saved page, its query string aside: ``story.php?id=7``)
or without an extension is read by its content: ``%PDF-`` → PDF; a zip holding word/document.xml →
DOCX (xl/workbook.xml → XLSX); HTML markup at the start (a doctype, <html>, <head>, <body> or another
HTML element), or <html/<body in the first 4 KB → HTML; mail header lines up to a blank line, two of
them well-known mail fields (From, To, Subject, Date, Message-ID, Received, …) → e-mail, after a
"From " line → mbox; anything else that decodes as text → plain text.

Text formats get the decoded, cleaned text (analysis.text_hygiene): empty files and binary content
are refused first. Binary formats get the bytes. Readers return the text and metadata as the file
gives them; analysis.corpus cleans them again, layers the metadata and makes the Documents.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Callable, Iterable

from analysis.formats.archive import is_zip, zip_names
from analysis.formats.html import from_html
from analysis.formats.mail import from_eml, from_mbox
from analysis.formats.part import Part, Unusable
from analysis.formats.pdf import from_pdf
from analysis.formats.sheets import from_csv, from_xlsx
from analysis.formats.text import from_markdown, from_txt
from analysis.formats.word import from_docx
from analysis.text_hygiene import clean_text, decode

__all__ = ["BY_CONTENT_SUFFIXES", "Part", "SUPPORTED_SUFFIXES", "Unusable", "is_read", "read", "suffix_of"]

_SUFFIX_FORMATS = {".txt": "txt", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
                   ".pdf": "pdf", ".docx": "docx", ".eml": "eml", ".mbox": "mbox", ".csv": "csv", ".xlsx": "xlsx"}
SUPPORTED_SUFFIXES = tuple(_SUFFIX_FORMATS)
BY_CONTENT_SUFFIXES = (".php", ".aspx", ".asp", ".shtml")  # and names without an extension
# Formats with no reader yet, and what to turn them into.
SAVE_AS = {".doc": ".docx", ".rtf": ".docx", ".odt": ".docx", ".xls": ".xlsx", ".ods": ".xlsx"}

# A reader and whether it takes the bytes (True) or the decoded, cleaned text (False).
_READERS: dict[str, tuple[Callable[..., Part | Iterable[Part]], bool]] = {
    "txt": (from_txt, False), "markdown": (from_markdown, False), "html": (from_html, False),
    "csv": (from_csv, False), "pdf": (from_pdf, True), "docx": (from_docx, True), "eml": (from_eml, True),
    "mbox": (from_mbox, True), "xlsx": (from_xlsx, True),
}
# Real text, even legacy-encoded, has almost no control characters; random bytes have about 1 in 5.
BINARY_CONTROL_SHARE = 0.05
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
SNIFF_CHARS = 4096
_HTML_START = re.compile(
    r"(?:<!--.*?-->\s*)*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|(?:html|head|body|title|meta|link|base|div|p|article|"
    r"section|main|header|nav|table|h[1-6]|span|a|b|i|em|strong|ul|ol|br|img|form|script|style)[\s/>])",
    re.IGNORECASE | re.DOTALL)
_MAIL_FIELD = re.compile(r"([!-9;-~]+):")  # a header field name: printable ASCII but the colon
_MAIL_FIELDS = frozenset({"from", "to", "cc", "subject", "date", "message-id", "received", "return-path",
                          "mime-version", "reply-to", "sender", "in-reply-to", "references", "delivered-to"})


def suffix_of(name: str) -> str:
    """The lowercased suffix of a file name; a saved page's query string is cut (``a.php?id=7`` → .php)."""
    page = PurePosixPath(name.split("?", 1)[0]).suffix.lower()
    return page if page in (*BY_CONTENT_SUFFIXES, ".html", ".htm") else PurePosixPath(name).suffix.lower()


def is_read(name: str) -> bool:
    """Whether the kit reads a file of this name (by its suffix, or by its content)."""
    suffix = suffix_of(name)
    return suffix in SUPPORTED_SUFFIXES or suffix in BY_CONTENT_SUFFIXES or not suffix


def read(raw: str | bytes, *, path: str) -> list[Part]:
    """The parts of one file: its suffix picks the reader, else its content; any other suffix is text.

    Raises Unusable when the file holds nothing usable. A reader that fails after some parts (a CSV
    broken half-way) keeps them and adds a part refused with its reason.
    """
    suffix = suffix_of(PurePosixPath(path).name)
    kind = _SUFFIX_FORMATS.get(suffix) or (_sniffed(raw) if suffix in BY_CONTENT_SUFFIXES or not suffix else "txt")
    reader, takes_bytes = _READERS[kind]
    if takes_bytes:
        content = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
        if not content.strip():
            raise Unusable("empty file: it holds no text, or only whitespace; skipped")
    else:
        content = _text(raw)
    result = reader(content)
    if isinstance(result, Part):
        return [result]
    parts: list[Part] = []
    try:
        parts.extend(result)
    except Unusable as unusable:
        if not parts:
            raise
        parts.append(Part("", refused=str(unusable)))
    return parts


def _text(raw: str | bytes) -> str:
    text = decode(raw) if isinstance(raw, bytes) else raw.replace("\x00", "")
    if not text.strip():
        raise Unusable("empty file: it holds no text, or only whitespace; skipped")
    if len(_CONTROL.findall(text)) > BINARY_CONTROL_SHARE * len(text):
        raise Unusable("binary content: this is not text in any known encoding (wrong file type?); skipped")
    return clean_text(text)


def _sniffed(raw: str | bytes) -> str:
    """The format of a file whose name does not say it, from its first bytes."""
    if isinstance(raw, bytes):
        if b"%PDF-" in raw[:1024]:  # the header may follow a little junk, as PDF readers allow
            return "pdf"
        if is_zip(raw):
            names = zip_names(raw, kind="zip")
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            raise Unusable("a zip archive that is no Word (.docx) or Excel (.xlsx) file; skipped")
    head = decode(raw[:SNIFF_CHARS]) if isinstance(raw, bytes) else raw[:SNIFF_CHARS]
    cut = len(raw) > SNIFF_CHARS
    head = head.lstrip("\ufeff \t\r\n")
    if _HTML_START.match(head) or re.search(r"<(?:html|body)[\s>]", head, re.IGNORECASE):
        return "html"
    first, _, rest = head.partition("\n")
    if first.startswith("From ") and _is_mail_header(rest, cut=cut):
        return "mbox"
    return "eml" if _is_mail_header(head, cut=cut) else "txt"


def _is_mail_header(text: str, *, cut: bool) -> bool:
    """Whether `text` starts with mail header lines up to a blank line (or its end), two of them well known."""
    lines = text.splitlines()
    if cut and lines:
        lines.pop()  # the last line may be cut mid-way
    names = set()
    for line in lines:
        if not line.strip():
            break
        if line[0] in " \t":  # a folded header line continues the one before
            continue
        match = _MAIL_FIELD.match(line)
        if not match:
            return False
        names.add(match[1].lower())
    return len(names & _MAIL_FIELDS) >= 2
