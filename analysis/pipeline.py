"""One document's text → rows of every per-document table (sentences, mentions, timexes, events, motives,
stances).

This is the extraction chain of DESIGN.md for one document at a time: the trained pipeline, then
actors, dates, events, motives and stance observations (analysis.observations). Long texts are processed in pieces (see `nlp.chunk_text`) and
their offsets and sentence numbers shifted back onto the whole text, so every row points into the
document as the documents table knows it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from analysis import actors, events, motives, observations, stances
from analysis.knowledge import KnowledgeBase
from analysis.nlp import chunk_text
from analysis.parsed import sentences
from analysis.timexes import find_timexes

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PER_DOCUMENT_TABLES = ("sentences", "mentions", "timexes", "events", "motives", "stances")


@dataclass(frozen=True)
class Job:
    """What extraction needs to know about one document."""

    doc_id: str
    text: str
    date: date | None
    date_precision: str
    author_id: str | None


def sentence_rows(doc: Doc) -> list[dict]:
    """One row per sentence, its offsets trimmed of the blank lines spaCy attaches to sentence edges."""
    rows = []
    whole = doc.text  # sliced by offsets: Span.text rebuilds each sentence token by token
    for number, sentence in enumerate(sentences(doc)):
        text = whole[sentence.start_char : sentence.end_char]
        lead = len(text) - len(text.lstrip())
        trimmed = text.strip()
        start = sentence.start_char + lead
        rows.append({"sent_id": number, "start": start, "end": start + len(trimmed), "text": trimmed})
    return rows


def _guarded(stage: str, problems: list[dict], extract: Callable[[], list[dict]]) -> list[dict]:
    """The rows of one extraction stage, or none and a problem row when the stage fails on this text: a rule
    that breaks on one document must not stop a build of thousands (the other stages keep their rows)."""
    try:
        return extract()
    except Exception as error:  # noqa: BLE001 — any failure of a rule is reported, never fatal
        problems.append({"path": None, "stage": "extract",
                         "reason": f"{stage} failed ({type(error).__name__}: {error}); this part of the text has no "
                                   f"{stage} rows, the other tables are kept"})
        return []


def extract_doc(doc: Doc, job: Job, *, knowledge_base: KnowledgeBase) -> dict[str, list[dict]]:
    """Rows (with offsets local to `doc`) of every per-document table for one parsed text, and a `problems`
    list of the stages that failed on it."""
    problems: list[dict] = []
    mentions = _guarded("mentions", problems, lambda: actors.find_mentions(
        doc, knowledge_base=knowledge_base, on=job.date, author_id=job.author_id))
    timexes = _guarded("timexes", problems, lambda: find_timexes(
        doc, anchor=job.date if job.date_precision == "day" else None,
        year=job.date.year if job.date and job.date_precision in ("month", "year") else None))
    found_events = _guarded("events", problems, lambda: events.extract_events(
        doc, mentions, timexes, doc_date=job.date, doc_precision=job.date_precision, author_id=job.author_id,
        collectives=getattr(knowledge_base, "collectives", frozenset())))
    found_motives = _guarded("motives", problems, lambda: motives.extract_motives(
        doc, mentions, found_events, knowledge_base=knowledge_base, author_id=job.author_id))
    language = _guarded("stances", problems, lambda: stances.language_stances(doc, mentions, author_id=job.author_id))
    return {
        "sentences": sentence_rows(doc),
        "mentions": mentions,
        "timexes": timexes,
        "events": found_events,
        "motives": found_motives,
        # the events' own observations join in `_finish`, once the events have their ids
        "stances": observations.language_rows(language, doc_date=job.date, doc_precision=job.date_precision),
        "problems": problems,
    }


def _shift(rows: dict[str, list[dict]], *, chars: int, sentences: int) -> None:
    for name in PER_DOCUMENT_TABLES:
        for row in rows[name]:
            row["sent_id"] += sentences
            for key in ("start", "end", "trigger_start"):
                if key in row:
                    row[key] += chars


def event_id(doc_id: str, row: dict) -> str:
    """Content-derived id: the same event in the same text gets the same id in every build."""
    key = "|".join(str(row.get(part)) for part in ("sent_id", "trigger_start", "source_id", "target_id", "cameo_code"))
    return hashlib.sha256(f"{doc_id}|{key}".encode()).hexdigest()[:16]


def _finish(job: Job, rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    for row in rows["events"]:
        row["event_id"] = event_id(job.doc_id, row)
    rows["stances"].extend(observations.event_stances(rows["events"], doc_date=job.date, doc_precision=job.date_precision))
    # judged from the document's direct observations only, so one balance row never begets another
    rows["stances"].extend(observations.alignment_stances(rows["events"], rows["stances"], doc_date=job.date,
                                                          doc_precision=job.date_precision))
    for name in PER_DOCUMENT_TABLES:
        for row in rows[name]:
            row["doc_id"] = job.doc_id
    rows["stances"] = observations.one_per_sentence(rows["stances"])
    rows["stances"].sort(key=lambda row: (row["sent_id"], row["start"] if row["start"] is not None else -1))
    for row in rows["stances"]:
        row["stance_id"] = observations.stance_id(job.doc_id, row)
        row.pop("start", None)
    for row in rows["events"]:
        row.pop("trigger_start", None)
        row.pop("speaker_id", None)
    return rows


# A batch of pieces holds at most this many characters: the parser's memory grows with the text of a batch,
# so a 2 MB document (16 pieces of 100,000 characters) would otherwise be parsed all at once.
MAX_BATCH_CHARS = 200_000


def _batches(pieces: Iterable[tuple[str, object]], *, batch_size: int) -> Iterator[list[tuple[str, object]]]:
    batch: list[tuple[str, object]] = []
    size = 0
    for piece in pieces:
        if batch and (len(batch) >= batch_size or size + len(piece[0]) > MAX_BATCH_CHARS):
            yield batch
            batch, size = [], 0
        batch.append(piece)
        size += len(piece[0])
    if batch:
        yield batch


def _parsed(nlp: Language, pieces: Iterable[tuple[str, object]], *, batch_size: int) -> Iterator[tuple[Doc, object]]:
    """`nlp.pipe(pieces, as_tuples=True)` in batches of at most `batch_size` pieces and MAX_BATCH_CHARS characters."""
    for batch in _batches(pieces, batch_size=batch_size):
        yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))


def process(nlp: Language, knowledge_base: KnowledgeBase, jobs: Iterable[Job], *, batch_size: int = 16) -> Iterator[tuple[Job, dict[str, list[dict]]]]:
    """Stream `jobs` through the pipeline; yield each job with its finished rows, in input order (and, under
    "problems", a row per extraction stage that failed on it, its path left for the caller to fill)."""
    pieces = ((piece, (job, offset)) for job in jobs for offset, piece in chunk_text(job.text))
    current: Job | None = None
    rows: dict[str, list[dict]] = {}
    sentences_so_far = 0
    for doc, (job, offset) in _parsed(nlp, pieces, batch_size=batch_size):
        if job is not current:
            if current is not None:
                yield current, _finish(current, rows)
            current, rows, sentences_so_far = job, {name: [] for name in (*PER_DOCUMENT_TABLES, "problems")}, 0
        piece_rows = extract_doc(doc, job, knowledge_base=knowledge_base)
        _shift(piece_rows, chars=offset, sentences=sentences_so_far)
        sentences_so_far += len(piece_rows["sentences"])
        for name in (*PER_DOCUMENT_TABLES, "problems"):
            rows[name].extend(piece_rows[name])
    if current is not None:
        yield current, _finish(current, rows)
