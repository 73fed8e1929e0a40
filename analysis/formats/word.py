"""Word files (.docx) → their paragraphs and table cells in order (python-docx), title, author, date.

Only the body is read, in order: paragraphs, and the paragraphs of table cells (a merged cell once);
headers, footers and comments are page furniture. Metadata: the core properties title, author and
created (the file's creation, the nearest a Word file has to a publication date).
"""

from __future__ import annotations

import io

import docx
from docx.table import Table

from analysis.formats.archive import zip_names
from analysis.formats.part import Part, Unusable

ORIGIN = "DOCX properties"


def from_docx(raw: bytes) -> Part:
    if "word/document.xml" not in zip_names(raw, kind=".docx"):
        raise Unusable("not a Word document: the .docx archive holds no word/document.xml; skipped")
    try:
        document = docx.Document(io.BytesIO(raw))
        paragraphs = list(_paragraphs(document))
    except Exception as error:  # python-docx and lxml raise many kinds for a damaged file; none may stop the walk
        raise Unusable(f"damaged .docx file: python-docx could not read it ({type(error).__name__}: {error}); "
                       "skipped") from None
    notes: list[str] = []
    return Part("\n\n".join(paragraphs), _fields(document, notes), notes, origin=ORIGIN)


def _paragraphs(document):
    stack = list(reversed(list(document.iter_inner_content())))  # tables hold cells that hold tables again
    while stack:
        block = stack.pop()
        if isinstance(block, Table):
            # A merged cell is one <w:tc> in every grid position it spans: read it once.
            cells = {cell._tc: cell for row in block.rows for cell in row.cells}.values()
            stack.extend(reversed([inner for cell in cells for inner in cell.iter_inner_content()]))
        elif text := " ".join(block.text.split()):
            yield text


def _fields(document, notes: list[str]) -> dict:
    try:
        properties = document.core_properties
        return {"title": properties.title or None, "author": properties.author or None, "date": properties.created}
    except Exception as error:  # a damaged docProps/core.xml costs the metadata, not the text
        notes.append(f"the .docx properties could not be read ({type(error).__name__}: {error}); they were ignored")
        return {}
