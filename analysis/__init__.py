"""Analyst research kit: folders of news, statements and speeches → tables of actors, events, motives."""

from __future__ import annotations

import datetime as _datetime
import hashlib as _hashlib

from analysis.project import Project, ProjectError, load_project
from analysis.tables import TABLE_NAMES, TableError, Tables, load_tables

# The kit's release; every generation's manifest records it with the code fingerprint (analysis.store).
__version__ = "0.5.0"

__all__ = [
    "TABLE_NAMES", "Project", "ProjectError", "TableError", "Tables", "build", "extract_text", "has_tables", "load_project",
    "load_tables",
]


def has_tables(data_dir) -> bool:
    """Whether a build has committed tables in `data_dir`."""
    from analysis import store

    return store.has_tables(data_dir)


def build(corpus_dir, out_dir, **options):
    """Build the tables of the documents under `corpus_dir` into `out_dir` (see analysis.build.build)."""
    from analysis.build import build as _build

    return _build(corpus_dir, out_dir, **options)


def extract_text(
    text: str,
    *,
    date: _datetime.date | str | None = None,
    author: str | None = None,
    model: str | None = None,
) -> Tables:
    """Run the whole chain on one text and return its `Tables` (for quick looks and tests).

    `date` anchors relative time expressions ("on Saturday", "last year"); `author` (a state code
    such as "UKR" or a name) is who "we" and "my Government" refer to.
    """
    from analysis import reversals, tables
    from analysis.build import ActorTally, resolve_author
    from analysis.knowledge import load_knowledge_base
    from analysis.nlp import load_pipeline
    from analysis.pipeline import Job, process

    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if isinstance(date, str):
        date = _datetime.date.fromisoformat(date)
    knowledge_base = load_knowledge_base()
    author_id = resolve_author(knowledge_base, author, date)
    doc_id = _hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    job = Job(doc_id, text, date, "day" if date else "unknown", author_id)
    _, rows = next(process(load_pipeline(model), knowledge_base, [job]))
    tally = ActorTally()
    tally.add(rows["mentions"], date, {author_id: author} if author_id else {})
    document = {
        "doc_id": doc_id, "path": "<text>", "date": date, "date_precision": job.date_precision,
        "author": author, "author_id": author_id, "n_chars": len(text),
        "sha256": _hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    for problem in rows.get("problems", ()):
        problem["path"] = "<text>"
    per_document = {name: tables.frame(name, table_rows) for name, table_rows in rows.items()}
    return Tables(
        documents=tables.frame("documents", [document]),
        actors=tally.table(knowledge_base),
        dyads=tables.conform("dyads", reversals.dyads(per_document["stances"], knowledge_base=knowledge_base,
                                                      authors={author_id} - {None})),
        reversals=tables.conform("reversals", reversals.reversals(per_document["stances"], knowledge_base=knowledge_base,
                                                                  authors={author_id} - {None})),
        **per_document,
    )
