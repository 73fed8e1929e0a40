"""PDF files → the text of their text layer (pypdf), page by page, and their title, author and date.

A page's text is pypdf's extraction, pages joined by a blank line. Refused, each with its reason: a
PDF that needs a password (one encrypted only against editing, with an empty user password, is
read), a damaged one, and one without a text layer (a scan: only images or drawings), which needs
OCR first. A page that fails alone costs only itself (a note). Metadata: /Title, /Author and
/CreationDate (the file's creation, the nearest a PDF has to a publication date).

pypdf logs what it repairs (the "pypdf" logger); while a file is read those records are kept and
the first is quoted when the file is refused, instead of reaching stderr as a line per file.
"""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from analysis.formats.part import Part, Unusable

ORIGIN = "PDF metadata"


def from_pdf(raw: bytes) -> Part:
    with _PypdfLog() as log:
        try:
            reader = PdfReader(io.BytesIO(raw))
            if reader.is_encrypted and not reader.decrypt(""):
                raise Unusable("encrypted PDF: it needs a password to open; skipped (save a copy without the password)")
            pages = list(reader.pages)
        except Unusable:
            raise
        except FileNotDecryptedError:
            raise Unusable("encrypted PDF: it needs a password to open; skipped (save a copy without the password)")
        except Exception as error:  # pypdf raises many kinds for a damaged file; none may stop the walk
            raise Unusable(f"damaged PDF: pypdf could not read it ({_error(error, log)}); skipped") from None
        texts, notes = [], []
        for number, page in enumerate(pages, start=1):
            try:
                texts.append(page.extract_text() or "")
            except Exception as error:  # a page pypdf cannot read costs only that page
                notes.append(f"page {number} of the PDF could not be read ({_error(error, log)}); it was left out")
        if not "".join(texts).strip():
            if notes:
                raise Unusable(f"damaged PDF: no page could be read ({notes[0]}); skipped")
            raise Unusable(f"no text layer: none of the PDF's {len(pages)} page(s) holds text (a scan or images "
                           "only); skipped. Run OCR on it first (e.g. ocrmypdf) and add the result")
        return Part("\n\n".join(text.strip() for text in texts if text.strip()), _fields(reader, notes), notes,
                    origin=ORIGIN)


def _fields(reader: PdfReader, notes: list[str]) -> dict:
    try:
        metadata = reader.metadata
    except Exception as error:  # a damaged info dictionary costs the metadata, not the text
        notes.append(f"the PDF's metadata could not be read ({type(error).__name__}: {error}); it was ignored")
        return {}
    if metadata is None:
        return {}
    fields = {"title": _text(metadata.get("/Title")), "author": _text(metadata.get("/Author"))}
    raw_date = metadata.get("/CreationDate")
    if raw_date:
        try:
            fields["date"] = metadata.creation_date
        except (ValueError, TypeError):
            notes.append(f"{ORIGIN} date {str(raw_date)[:80]!r} is not a PDF date (D:YYYYMMDD…); the date was ignored")
    return fields


def _text(value) -> str | None:
    return str(value) if value is not None else None


def _error(error: Exception, log: list[str]) -> str:
    said = f"{type(error).__name__}: {error}"
    return f"{said}; pypdf: {log[0]}" if log and log[0] not in said else said


class _PypdfLog(logging.Handler):
    """Keeps the pypdf logger's records while one file is read (a list of their messages)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self) -> list[str]:
        logging.getLogger("pypdf").addHandler(self)
        return self.messages

    def __exit__(self, *exc_info) -> None:
        logging.getLogger("pypdf").removeHandler(self)
