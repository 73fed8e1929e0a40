"""What every reader hands back: the documents a file holds (`Part`), or why it holds none (`Unusable`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Part:
    """One document of a file, as the file gives it; analysis.corpus cleans it and makes the Document.

    `anchor` is "" when the part is the whole file, else what follows the file's path in the
    document's path ("#3" for an mbox's third message, "#row-12" for a spreadsheet row). A part with
    a `refused` reason is no document: the corpus reports it under its anchored path.
    """

    text: str
    fields: dict = field(default_factory=dict)  # title, date, source, author as the file gives them
    notes: list[str] = field(default_factory=list)  # what was odd and what the reader did about it
    origin: str = "file"  # where `fields` come from, for reasons: "PDF metadata", "e-mail headers", …
    anchor: str = ""
    refused: str | None = None


class Unusable(Exception):
    """A file that holds no document the kit can read; the message is the problem's reason."""
