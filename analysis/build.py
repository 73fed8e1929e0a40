"""A folder of documents → the kit's tables, a new generation of the data folder, incrementally and on every core.

A document is re-processed only when its cache key changes: the key covers its text, its date and
author, the spaCy pipeline, and the kit's own code and rule files, so editing a rule file rebuilds
everything while adding one document processes that document alone. Unchanged documents keep the
rows the previous build wrote, when the previous generation's tables are whole (checksums and schemas,
analysis.store.verify); a damaged table is named on stderr and in the problems table, and every
document is processed again instead. Tables are written in chunks into a new generation folder that
`analysis.store.publish` makes current in one atomic step at the end, so an interrupted build leaves
the previous tables whole and current.

An analyst's corrections (analysis.corrections) are applied to every chunk on its way to the tables
(analysis.corrector); the extracted rows of the tables they change are also written to the generation's
`machine/` folder, and the next build reuses those, so a correction undone brings the machine's rows back
without re-processing. Corrections are in no cache key: a change to them alone re-processes no document.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import os
import shutil
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from tqdm.auto import tqdm

import analysis
from analysis import actors, actors_table, corpus, engines, reversals, store, tables
from analysis.corrections import fingerprint as fingerprint_corrections
from analysis.corrections import read as read_corrections
from analysis.corrector import Corrector
from analysis.fingerprints import actors_fingerprint, code_fingerprint
from analysis.knowledge import KnowledgeBase, load_knowledge_base
from analysis.nlp import model_fingerprint
from analysis.pipeline import PER_DOCUMENT_TABLES, Job

# Rows held per table before they are written: a fixed amount of memory whatever the corpus size.
ROWS_PER_CHUNK = 10_000
# What dyads and reversals read of the stances table (the sentence text stays on disk).
STANCE_COLUMNS = ["stance_id", "doc_id", "date", "date_precision", "source_id", "target_id", "speaker_id", "kind", "score",
                  "cue", "event_id"]
# Per-document tables that corrections change: with corrections, their extracted rows are kept in machine/.
MACHINE_TABLES = ("mentions", "events", "motives", "stances")
CORRECTED_TABLES = (*MACHINE_TABLES, "documents", "actors", "dyads", "reversals")
# Small tasks keep both cores busy to the end: a worker idles for at most the last task's length.
DOCUMENTS_PER_TASK = 2


def resolve_author(knowledge_base: KnowledgeBase, author: str | None, on: date | None) -> str | None:
    """The actor id of a document's author: a state code ("UKR", or "RUS" in 1975 → the Soviet Union),
    a known name, or an id made from the name."""
    if not author or not author.strip():
        return None
    author = author.strip()
    code = knowledge_base.resolve_code(author, on=on) if author.isupper() and len(author) <= 4 else None
    if code:
        return code
    actor = knowledge_base.lookup(author, on=on)
    return actor.actor_id if actor is not None else actors.slug(author)


def cache_key(document: corpus.Document, author_id: str | None, pipeline: str) -> str:
    parts = [document.sha256, str(document.date), document.date_precision, str(author_id), pipeline, code_fingerprint()]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


class TableWriter:
    """Appends rows to each table's Parquet file in a new generation folder, in chunks; `commit` finishes
    them (publishing the generation is the caller's step). With corrections, every chunk of a table they
    change is written twice: as extracted into `machine/` (what the next build reuses) and corrected into
    the table itself (analysis.corrector)."""

    def __init__(self, directory: Path, corrector: Corrector | None = None):
        self.directory = directory
        self.corrector = corrector or Corrector()
        self.buffers: dict[str, list[dict]] = defaultdict(list)
        self.writers: dict[str, pq.ParquetWriter] = {}

    def path(self, name: str) -> Path:
        return self.directory / f"{name}.parquet"

    def add(self, name: str, rows: Iterable[dict]) -> None:
        buffer = self.buffers[name]
        buffer.extend(rows)
        if len(buffer) >= ROWS_PER_CHUNK:
            self.flush(name)

    def add_arrow(self, name: str, batch: pa.Table) -> None:
        self.flush(name)
        batch = batch.select(tables.columns(name)).cast(tables.arrow_schema(name))
        if name in CORRECTED_TABLES and (self.corrector or name == "documents"):
            self._write_frame(name, tables.conform(name, batch.to_pandas()))
        else:
            self._writer(name).write_table(batch)

    def close_table(self, name: str) -> Path:
        """Finish writing table `name` early (so later stages can read it back); returns its file in the generation."""
        self.flush(name)
        self._writer(name).close()
        return self.path(name)

    def _writer(self, name: str) -> pq.ParquetWriter:
        if name not in self.writers:
            path = self.directory / f"{name}.parquet"
            path.parent.mkdir(exist_ok=True)
            self.writers[name] = pq.ParquetWriter(path, tables.arrow_schema(store.schema_of(name)))
        return self.writers[name]

    def _write_frame(self, name: str, frame: pd.DataFrame) -> None:
        schema = tables.arrow_schema(name)
        if self.corrector and name in MACHINE_TABLES:
            extracted = frame[frame["provenance"] != "analyst"] if "provenance" in frame else frame  # not the machine's
            self._writer(f"{store.MACHINE}/{name}").write_table(pa.Table.from_pandas(extracted, schema=schema, preserve_index=False))
        if name in CORRECTED_TABLES:
            frame = self.corrector.apply(name, frame)
        self._writer(name).write_table(pa.Table.from_pandas(frame, schema=schema, preserve_index=False))

    def flush(self, name: str) -> None:
        rows = self.buffers.pop(name, [])
        if rows:
            self._write_frame(name, tables.frame(name, rows))

    def flush_all(self) -> None:
        for name in list(self.buffers):
            self.flush(name)

    def commit(self) -> None:
        for name in tables.TABLE_NAMES:
            self.flush(name)
            self._writer(name)  # a table with no rows is still written, with its columns
        for writer in self.writers.values():
            writer.close()  # closing twice is harmless (close_table may have closed one)

    def abort(self) -> None:
        for writer in self.writers.values():
            with contextlib.suppress(Exception):
                writer.close()
        shutil.rmtree(self.directory, ignore_errors=True)


@dataclass
class ActorTally:
    """Counts what the actors table needs while mention rows stream past (memory: one entry per actor)."""

    mentions: Counter = field(default_factory=Counter)
    documents: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    texts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    labels: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    countries: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    dates: dict[str, list] = field(default_factory=dict)

    def add(self, rows: Iterable[dict], on: date | None, names: dict[str, str], *, dates_by_doc: dict | None = None) -> None:
        """Count mention `rows` of documents dated `on` (or each by its document, with `dates_by_doc`)."""
        for row in rows:
            if dates_by_doc is not None:
                on = dates_by_doc.get(row["doc_id"])
            actor_id = row.get("actor_id")
            if actor_id is None or pd.isna(actor_id):
                continue
            self.mentions[actor_id] += 1
            self.documents[actor_id].add(row["doc_id"])
            # A speaker mention's text is "we"; the author's own name says better who it is.
            text = names.get(actor_id, row["text"]) if row.get("method") == "speaker" else row["text"]
            self.texts[actor_id][text] += 1
            self.labels[actor_id][row["label"]] += 1
            if isinstance(row.get("country"), str):  # the state a person's title names (analysis/titles.py)
                self.countries[actor_id][row["country"]] += 1
            if on is not None:
                first, last = self.dates.get(actor_id, (on, on))
                self.dates[actor_id] = (min(first, on), max(last, on))

    def table(self, knowledge_base: KnowledgeBase) -> pd.DataFrame:
        rows = []
        for actor_id, count in self.mentions.items():
            texts = list(self.texts[actor_id].elements())
            labels = list(self.labels[actor_id].elements())
            record = actors_table.actor_record(knowledge_base.get(actor_id), actor_id, texts, labels,
                                         list(self.countries[actor_id].elements()) if actor_id in self.countries else ())
            first, last = self.dates.get(actor_id, (None, None))
            rows.append({**record, "n_mentions": count, "n_docs": len(self.documents[actor_id]), "first_date": first, "last_date": last})
        rows.sort(key=lambda row: (-row["n_mentions"], row["actor_id"]))
        return tables.frame("actors", rows)


@contextlib.contextmanager
def build_lock(directory: Path) -> Iterator[None]:
    """One build per data folder at a time: a second one waits, and says so, instead of interleaving tables."""
    handle = open(directory / store.BUILD_LOCK, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"another build is writing {directory}; waiting for it to finish…", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


@dataclass
class BuildReport:
    documents: int = 0
    processed: int = 0
    reused: int = 0
    problems: int = 0


@dataclass
class Previous:
    """What the previous generation offers this build: its folder, doc_id → cache key of documents whose
    rows can be reused, and the damage that made it offer nothing."""

    path: Path | None = None
    keys: dict[str, str] = field(default_factory=dict)
    damage: list[store.Damage] = field(default_factory=list)


def _previous_documents(out_dir: Path) -> Previous:
    """The previous generation's documents, trusted only when every table is whole."""
    try:
        generation = store.current(out_dir)
    except store.StoreError as error:
        return Previous(damage=[store.Damage("documents", out_dir / store.CURRENT, str(error))])
    if generation is None:
        return Previous()
    damaged = store.verify(generation)
    if damaged:
        return Previous(generation.path, damage=damaged)
    previous = pq.read_table(generation.table_path("documents"), columns=["doc_id", "cache_key"]).to_pylist()
    return Previous(generation.path, {row["doc_id"]: row["cache_key"] for row in previous})


def _report_damage(writer: "TableWriter", damaged: list[store.Damage], report: "BuildReport") -> None:
    """A damaged previous table costs a full re-processing, said on stderr and kept as a problem row."""
    for item in damaged:
        print(f"{item}: every document is processed again", file=sys.stderr)
        writer.add("problems", [{"path": str(item.path), "stage": "build", "reason": f"previous table {item.table} is damaged: "
                                 f"{item.reason}; every document was processed again"}])
        report.problems += 1


def _copy_reused(writer: TableWriter, previous_dir: Path, reused: set[str], tally: ActorTally, dates_by_doc: dict, names: dict) -> None:
    """Copy the previous build's rows of unchanged documents, one record batch at a time: as extracted (its
    machine/ copy, when corrections changed the table it published), so that corrections apply afresh."""
    if not reused:
        return
    wanted = pa.array(sorted(reused))
    for name in PER_DOCUMENT_TABLES:
        machine = previous_dir / store.MACHINE / f"{name}.parquet"
        source = pq.ParquetFile(machine if machine.exists() else previous_dir / f"{name}.parquet")
        for batch in source.iter_batches(batch_size=ROWS_PER_CHUNK):
            kept = pa.Table.from_batches([batch]).filter(pc.is_in(batch.column("doc_id"), value_set=wanted))
            if kept.num_rows:
                writer.add_arrow(name, kept)
                if name == "mentions":
                    tally.add(_corrected_rows(writer.corrector, "mentions", kept.to_pylist()),
                              None, names, dates_by_doc=dates_by_doc)


def _corrected_rows(corrector: Corrector, name: str, rows: list[dict]) -> list[dict]:
    """`rows` of table `name` as the corrections leave them (the tally counts what the tables will say)."""
    if not corrector or not rows:
        return rows
    return corrector.apply(name, tables.frame(name, rows)).to_dict("records")


def _add_stance_tables(writer: TableWriter, knowledge_base: KnowledgeBase, *, period: str, min_observations: int,
                       min_documents: int, authors: set[str]) -> None:
    """Dyads and reversals span documents: they are computed once every stance observation is written."""
    observed = pq.read_table(writer.close_table("stances"), columns=STANCE_COLUMNS).to_pandas()
    observed = tables.conform("stances", observed)
    writer.add_arrow("dyads", _arrow("dyads", reversals.dyads(observed, knowledge_base=knowledge_base, period=period,
                                                              authors=authors)))
    found = reversals.reversals(observed, knowledge_base=knowledge_base, min_observations=min_observations,
                                min_documents=min_documents, authors=authors)
    writer.add_arrow("reversals", _arrow("reversals", found))


def _finish_corrections(writer: TableWriter, entries: list, path, report: "BuildReport") -> dict:
    """The notes table, and a problem row for every correction that no longer applies; what the manifest
    records of the corrections."""
    writer.add("notes", writer.corrector.notes_rows())
    writer.flush_all()  # every chunk has met the corrections: now the unmatched ones are known
    stale = writer.corrector.stale_problems()
    writer.add("problems", stale)
    report.problems += len(stale)
    return {"file": str(Path(path).resolve()) if path else None, "entries": len(entries), "stale": len(stale),
            "fingerprint": fingerprint_corrections(entries)}


def _arrow(name: str, frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(tables.conform(name, frame), schema=tables.arrow_schema(name), preserve_index=False)


def build(
    corpus_dir: str | os.PathLike,
    out_dir: str | os.PathLike,
    *,
    workers: int | None = None,
    period: str = "year",
    max_bytes: int = corpus.DEFAULT_MAX_BYTES,
    model: str | None = None,
    actor_files: Iterable[str] = (),
    progress: bool = True,
    engine: str = "local",
    scheduler: str | None = None,
    security=None,
    task_timeout: float | None = None,
    min_observations: int = reversals.MIN_OBSERVATIONS,
    min_documents: int = reversals.MIN_DOCUMENTS,
    follow_outside_links: bool = False,
    corrections: str | os.PathLike | None = None,
) -> BuildReport:
    """Build every table from the documents under `corpus_dir` into `out_dir` (see the module docstring).

    `engine="local"` extracts on `workers` processes here; `engine="dask"` on the Dask cluster whose
    scheduler address is `scheduler` (the tables are the same either way); a tls:// scheduler needs `security`
    (a distributed.Security, e.g. analysis.engines.tls_security(...)), and `task_timeout` overrides the seconds
    each batch may take on the cluster (analysis.engines.batch_timeout). `min_observations` and
    `min_documents` are the evidence each side of a reversal needs (analysis.reversals.reversals). Symlinks that
    lead out of `corpus_dir` are problems unless `follow_outside_links`. `corrections` is an analyst's
    corrections.yaml (analysis.corrections), applied to the tables after extraction; a change to it alone
    re-processes no document."""
    corpus_dir, out_dir = Path(corpus_dir), Path(out_dir)
    if period not in reversals.PERIODS:
        raise ValueError(f"period={period!r} is not a period; allowed: {', '.join(reversals.PERIODS)}")
    for name, value in (("min_observations", min_observations), ("min_documents", min_documents)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name}={value!r} is not allowed; allowed: an integer ≥ 1")
    if engine not in engines.ENGINES:
        raise ValueError(f"engine={engine!r} is not an engine; allowed: {', '.join(engines.ENGINES)}")
    if (engine == "dask") != bool(scheduler):
        raise ValueError("the dask engine needs a scheduler address (--scheduler tcp://HOST:8786)" if scheduler is None
                         else "a scheduler address is used only by the dask engine (--engine dask)")
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder {str(corpus_dir)!r} does not exist or is not a folder")
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(f"the data folder {str(out_dir)!r} is a file, not a folder: name a folder with --out")
    out_dir.mkdir(parents=True, exist_ok=True)
    actor_files = tuple(str(path) for path in actor_files)
    workers = workers or os.cpu_count() or 1
    with build_lock(out_dir):
        return _build_locked(corpus_dir, out_dir, workers=workers, period=period, max_bytes=max_bytes, model=model,
                             actor_files=actor_files, progress=progress, engine=engine, scheduler=scheduler,
                             security=security, task_timeout=task_timeout, evidence=(min_observations, min_documents),
                             follow_outside_links=follow_outside_links, corrections=corrections)


def _manifest_info(corpus_dir: Path, *, period: str, max_bytes: int, model, actor_files, engine: str,
                   evidence: tuple[int, int], follow_outside_links: bool, report: "BuildReport",
                   corrections: dict) -> dict:
    """What the manifest says of the build besides its tables: the corpus, the options, the kit."""
    return {
        "corpus": str(corpus_dir.resolve()), "kit_version": analysis.__version__, "kit_code": code_fingerprint(),
        "pipeline": model_fingerprint(model),
        "options": {"period": period, "max_bytes": max_bytes, "actor_files": list(actor_files), "engine": engine,
                    "follow_outside_links": follow_outside_links,
                    "min_observations": evidence[0], "min_documents": evidence[1]},
        "documents": {"total": report.documents, "processed": report.processed, "reused": report.reused,
                      "problems": report.problems},
        "corrections": corrections,
    }


def _build_locked(corpus_dir: Path, out_dir: Path, *, workers: int, period: str, max_bytes: int, model, actor_files, progress: bool,
                  engine: str, scheduler: str | None, security, task_timeout: float | None, evidence: tuple[int, int],
                  follow_outside_links: bool, corrections=None) -> BuildReport:
    store.remove_orphans(out_dir)
    knowledge_base = load_knowledge_base(actor_files)
    fingerprint = f"{model_fingerprint(model)}|{actors_fingerprint(actor_files)}"
    found = _previous_documents(out_dir)
    previous = found.keys
    report = BuildReport()
    entries = read_corrections(corrections)
    writer = TableWriter(store.new_generation(out_dir), Corrector(entries))
    _report_damage(writer, found.damage, report)
    tally = ActorTally()
    reused: set[str] = set()
    dates_by_doc: dict[str, date | None] = {}
    paths_by_doc: dict[str, str] = {}
    author_names: dict[str, str] = {}
    bar = tqdm(desc="documents", unit="doc", disable=not progress)

    def jobs() -> Iterator[list[Job]]:
        batch: list[Job] = []
        for item in corpus.read_corpus(corpus_dir, max_bytes=max_bytes, follow_outside_links=follow_outside_links):
            if isinstance(item, corpus.Problem):
                writer.add("problems", [dataclasses.asdict(item)])
                report.problems += 1
                continue
            author_id = resolve_author(knowledge_base, item.author, item.date)
            if author_id and item.author:
                author_names.setdefault(author_id, item.author)
            key = cache_key(item, author_id, fingerprint)
            row = {**dataclasses.asdict(item), "author_id": author_id, "n_chars": len(item.text), "cache_key": key}
            row.pop("text")
            writer.add("documents", [row])
            dates_by_doc[item.doc_id] = item.date
            paths_by_doc[item.doc_id] = item.path
            report.documents += 1
            if previous.get(item.doc_id) == key:
                reused.add(item.doc_id)
                bar.update(1)
                continue
            batch.append(Job(item.doc_id, item.text, item.date, item.date_precision, author_id))
            if len(batch) >= DOCUMENTS_PER_TASK:
                yield batch
                batch = []
        if batch:
            yield batch

    try:
        for doc_id, rows in engines.extract(jobs(), engine=engine, workers=workers, scheduler=scheduler, model=model, actor_files=actor_files,
                                            security=security, task_timeout=task_timeout):
            for problem in rows.get("problems", ()):
                problem["path"] = paths_by_doc.get(doc_id)
                report.problems += 1
            for name, table_rows in rows.items():
                writer.add(name, table_rows)
            tally.add(_corrected_rows(writer.corrector, "mentions", rows["mentions"]), dates_by_doc.get(doc_id), author_names)
            report.processed += 1
            bar.update(1)
        _copy_reused(writer, found.path, reused, tally, dates_by_doc, author_names)
        report.reused = len(reused)
        writer.add_arrow("actors", pa.Table.from_pandas(tally.table(knowledge_base), preserve_index=False))
        writer.flush_all()
        writer.add("stances", writer.corrector.new_stances())
        _add_stance_tables(writer, knowledge_base, period=period, min_observations=evidence[0], min_documents=evidence[1],
                           authors=set(author_names))
        applied = _finish_corrections(writer, entries, corrections, report)
        writer.commit()
        store.publish(out_dir, writer.directory, info=_manifest_info(corpus_dir, period=period, max_bytes=max_bytes,
                                                                     model=model, actor_files=actor_files,
                                                                     engine=engine, evidence=evidence, report=report,
                                                                     follow_outside_links=follow_outside_links,
                                                                     corrections=applied))
    except BaseException:
        writer.abort()
        raise
    finally:
        bar.close()
    return report
