"""Table schemas and the `Tables` container: rows → typed pandas DataFrames ↔ Parquet/CSV.

Every table's columns and dtypes live here and nowhere else. A stage produces plain row
dicts; `frame(name, rows)` turns them into a DataFrame of the declared shape, so a table of a
stage that found nothing still has all of its columns with the right dtypes. `load_tables` reads the
current generation of a data folder (analysis.store) and refuses, naming the file and the column, a
table that is damaged, lacks a column or has one of the wrong type.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.atomic import replacing
from analysis.export import write_csv

# Declared vocabularies (DESIGN.md, "Contracts"). Order matters: it is the order charts use.
ACTOR_KINDS = ("state", "government", "person", "armed_group", "organization", "igo", "place", "operation", "group")
STANCES = ("hostile", "neutral", "cooperative")
MOTIVE_CATEGORIES = (
    "counter_terrorism", "counter_narcotics", "economic", "energy", "security",
    "diplomatic", "humanitarian", "territorial", "ideological", "domestic",
)
PRECISIONS = ("day", "month", "year", "decade", "century", "duration", "unknown")
PROBLEM_STAGES = ("corpus", "nlp", "extract", "build", "corrections")
# Who made a row what it is: the extraction, or an analyst's correction (analysis.corrections).
PROVENANCES = ("machine", "analyst")
ANNOTATED = ("actor", "event", "document")
MENTION_METHODS = (
    "knowledge_base",  # the span is a name or alias of a knowledge-base actor
    "demonym",         # "Russian", "Pakistani" → the state
    "metonymy",        # "the Kremlin", "Moscow officials", "Kabul's ambassador" → state or its government
    "institution",     # "the Revolutionary Command Council of Iraq": an organ of a state the knowledge base lacks → the state
    "short_name",      # "Putin" → the full name seen earlier in the document
    "speaker",         # "we", "my Government" → the document's author
    "title",           # "the Secretary-General" → who held that office on the document's date
    "discovered",      # a named entity found by the statistical NER, not in the knowledge base
    "unresolved",      # a named span that stands for no actor
)
QUAD_CLASSES = (1, 2, 3, 4)
STANCE_KINDS = (
    "event",     # an event's Goldstein weight: its source's stance toward its target
    "language",  # evaluative words a speaker aims at a target ("the barbarous aggression of X", "our fraternal friends in X")
)

STRING = "string"
INT = "int64"
FLOAT = "float64"
BOOL = "bool"
DATE = "datetime64[ns]"
LIST = "object"  # a list of strings per cell; stored as a Parquet list<string>


def _category(values: Iterable) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(list(values), ordered=False)


PRECISION = _category(PRECISIONS)
PROVENANCE = _category(PROVENANCES)

SCHEMAS: dict[str, dict[str, object]] = {
    "documents": {
        "doc_id": STRING, "path": STRING, "title": STRING, "date": DATE, "date_precision": PRECISION,
        "author": STRING, "author_id": STRING, "source": STRING, "n_chars": INT, "sha256": STRING, "cache_key": STRING,
    },
    "problems": {"path": STRING, "stage": _category(PROBLEM_STAGES), "reason": STRING},
    "sentences": {"doc_id": STRING, "sent_id": INT, "start": INT, "end": INT, "text": STRING},
    "mentions": {
        "doc_id": STRING, "sent_id": INT, "start": INT, "end": INT, "text": STRING,
        "label": STRING, "actor_id": STRING, "method": _category(MENTION_METHODS), "country": STRING,
        "provenance": PROVENANCE,
    },
    "actors": {
        "actor_id": STRING, "name": STRING, "kind": _category(ACTOR_KINDS), "country": STRING,
        "aliases": LIST, "n_mentions": INT, "n_docs": INT, "first_date": DATE, "last_date": DATE,
        "provenance": PROVENANCE,
    },
    "timexes": {
        "doc_id": STRING, "sent_id": INT, "start": INT, "end": INT, "text": STRING, "value": STRING,
        "start_date": DATE, "end_date": DATE, "precision": PRECISION,
    },
    "events": {
        "event_id": STRING, "doc_id": STRING, "sent_id": INT, "date": DATE, "date_precision": PRECISION,
        "source_id": STRING, "target_id": STRING, "verb": STRING, "cameo_code": STRING,
        "cameo_root": STRING, "quad_class": "Int64", "goldstein": FLOAT, "negated": BOOL, "text": STRING,
        "provenance": PROVENANCE,
    },
    "motives": {
        "doc_id": STRING, "sent_id": INT, "actor_id": STRING, "category": _category(MOTIVE_CATEGORIES),
        "cue": STRING, "text": STRING,
    },
    "stances": {
        "stance_id": STRING, "doc_id": STRING, "sent_id": INT, "date": DATE, "date_precision": PRECISION,
        "source_id": STRING, "target_id": STRING, "speaker_id": STRING, "kind": _category(STANCE_KINDS),
        "score": FLOAT, "cue": STRING, "event_id": STRING, "evidence": STRING, "provenance": PROVENANCE,
    },
    "dyads": {
        "source_id": STRING, "target_id": STRING, "period_start": DATE, "period_end": DATE,
        "n_observations": INT, "n_documents": INT, "mean_score": FLOAT, "stance": _category(STANCES),
    },
    "reversals": {
        "a_id": STRING, "b_id": STRING, "before_start": DATE, "before_end": DATE,
        "before_stance": _category(STANCES), "before_mean": FLOAT, "after_start": DATE, "after_end": DATE,
        "after_stance": _category(STANCES), "after_mean": FLOAT, "flip_date": DATE,
        "n_before": INT, "n_after": INT, "docs_before": INT, "docs_after": INT, "confidence": FLOAT,
        "strength": FLOAT, "evidence_before": LIST, "evidence_after": LIST, "provenance": PROVENANCE,
    },
    # analysts' notes and tags on actors, events and documents (analysis.corrections, kind "annotate")
    "notes": {"on": _category(ANNOTATED), "target": STRING, "text": STRING, "tags": LIST, "when": STRING,
              "correction_id": STRING},
}
TABLE_NAMES = tuple(SCHEMAS)


def columns(name: str) -> list[str]:
    """The declared column names of table `name`, in order."""
    return list(_schema(name))


def _schema(name: str) -> dict[str, object]:
    try:
        return SCHEMAS[name]
    except KeyError:
        raise ValueError(f"table={name!r} is not a table; allowed: {', '.join(TABLE_NAMES)}") from None


def _as_list(value) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return [str(item) for item in value]


def _check_vocabulary(name: str, column: str, values: pd.Series, dtype: pd.CategoricalDtype) -> None:
    unknown = set(values.dropna().astype(str)) - set(dtype.categories)
    if unknown:
        raise ValueError(f"{name}.{column} has value(s) {sorted(unknown)}; allowed: {list(dtype.categories)}")


def conform(name: str, data: pd.DataFrame) -> pd.DataFrame:
    """Return `data` with exactly the declared columns of table `name`, in order, cast to their dtypes.

    Missing columns are added empty; extra columns are an error, so a typo cannot pass silently.
    """
    schema = _schema(name)
    extra = set(data.columns) - set(schema)
    if extra:
        raise ValueError(f"table {name!r} has no column(s) {sorted(extra)}; allowed: {list(schema)}")
    out = pd.DataFrame(index=data.index)
    for column, dtype in schema.items():
        if column in data:
            values = data[column]
        elif dtype == INT:  # a count a partial table leaves out is zero, never a missing int
            values = pd.Series(0, index=data.index, dtype=INT)
        elif dtype is PROVENANCE:  # rows no correction touched are the machine's
            values = pd.Series("machine", index=data.index, dtype="object")
        else:
            values = pd.Series([None] * len(data), index=data.index, dtype="object")
        if dtype == DATE:
            out[column] = pd.to_datetime(values, errors="coerce").astype(DATE)
        elif dtype == LIST:
            out[column] = values.map(_as_list).astype("object")
        elif dtype == BOOL:
            out[column] = values.astype("object").where(values.notna(), False).astype(BOOL)
        elif isinstance(dtype, pd.CategoricalDtype):
            if dtype is PROVENANCE:
                values = values.astype("object").where(values.notna(), "machine")
            _check_vocabulary(name, column, values, dtype)
            out[column] = values.astype("object").astype(dtype)
        else:
            out[column] = values.astype(dtype)
    return out.reset_index(drop=True)


def frame(name: str, rows: Iterable[Mapping] = ()) -> pd.DataFrame:
    """Build table `name` from row dicts (an empty iterable gives the empty table with its columns)."""
    return conform(name, pd.DataFrame(list(rows), columns=None))


def empty(name: str) -> pd.DataFrame:
    """Table `name` with no rows and all of its declared columns."""
    return frame(name, [])


def arrow_schema(name: str) -> pa.Schema:
    """The Parquet schema of table `name` (used to write tables in chunks)."""
    inferred = pa.Schema.from_pandas(empty(name), preserve_index=False)
    return pa.schema(
        pa.field(column, pa.list_(pa.string())) if _schema(name)[column] == LIST else inferred.field(column)
        for column in _schema(name)
    )


@dataclass
class Tables:
    """The kit's tables, one DataFrame per name in `TABLE_NAMES`; absent ones are empty."""

    documents: pd.DataFrame = field(default_factory=lambda: empty("documents"))
    problems: pd.DataFrame = field(default_factory=lambda: empty("problems"))
    sentences: pd.DataFrame = field(default_factory=lambda: empty("sentences"))
    mentions: pd.DataFrame = field(default_factory=lambda: empty("mentions"))
    actors: pd.DataFrame = field(default_factory=lambda: empty("actors"))
    timexes: pd.DataFrame = field(default_factory=lambda: empty("timexes"))
    events: pd.DataFrame = field(default_factory=lambda: empty("events"))
    motives: pd.DataFrame = field(default_factory=lambda: empty("motives"))
    stances: pd.DataFrame = field(default_factory=lambda: empty("stances"))
    dyads: pd.DataFrame = field(default_factory=lambda: empty("dyads"))
    reversals: pd.DataFrame = field(default_factory=lambda: empty("reversals"))
    notes: pd.DataFrame = field(default_factory=lambda: empty("notes"))

    def __getitem__(self, name: str) -> pd.DataFrame:
        _schema(name)
        return getattr(self, name)

    def items(self):
        return ((name, getattr(self, name)) for name in TABLE_NAMES)

    def save(self, directory: str | os.PathLike, *, info: Mapping | None = None) -> None:
        """Commit every table as a new generation of the data folder `directory` (analysis.store)."""
        from analysis import store

        generation = store.new_generation(directory)
        for name, table in self.items():
            write_parquet(conform(name, table), generation / f"{name}.parquet", schema=arrow_schema(name))
        store.publish(directory, generation, info=dict(info or {}))

    def to_csv(self, directory: str | os.PathLike) -> list[Path]:
        """Export every table as `directory/<table>.csv` (lists joined with "; ", document_title, _path and
        _source beside every doc_id) for spreadsheets,
        through analysis.export.write_csv: a cell that would start a formula is written with a leading "'"."""
        from analysis.search import with_documents

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for name, table in self.items():
            # beside each doc_id, the document's title, path and source: a spreadsheet reader needs them
            flat = table.copy() if name == "documents" else with_documents(self, table)
            for column, dtype in SCHEMAS[name].items():
                if dtype == LIST:
                    flat[column] = flat[column].map("; ".join)
            written.append(write_csv(flat, directory / f"{name}.csv"))
        return written


def write_parquet(table: pd.DataFrame, path: Path, *, schema: pa.Schema | None = None) -> None:
    """Write `table` to `path` through a temporary file and a rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as temporary:
        pq.write_table(pa.Table.from_pandas(table, schema=schema, preserve_index=False), temporary)


def read_table(name: str, directory: str | os.PathLike) -> pd.DataFrame:
    """Read `directory/<name>.parquet` conformed to the schema; its columns are checked by name."""
    path = Path(directory) / f"{name}.parquet"
    try:
        data = pq.read_table(path).to_pandas()
    except (OSError, pa.ArrowException) as error:
        raise TableError(f"table {name} ({path}) cannot be read: {error}; rebuild the tables") from None
    missing = [column for column in SCHEMAS[name] if column not in data.columns]
    if missing:
        raise TableError(f"table {name} ({path}) lacks column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
                         "rebuild the tables")
    try:
        return conform(name, data[list(SCHEMAS[name])])
    except (TypeError, ValueError) as error:
        raise TableError(f"table {name} ({path}) has a column of the wrong type: {error}; rebuild the tables") from None


class TableError(ValueError):
    """A table that is missing, damaged or not of its schema, named with its file and the reason."""


def load_tables(directory: str | os.PathLike, *, verify: bool = True) -> Tables:
    """Load every table of the current generation of the data folder `directory` (analysis.store): one
    snapshot, even while a build commits another. With `verify`, each table's checksum is checked against
    the manifest first; a damaged or missing table is a TableError that names it."""
    from analysis import store

    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(
            f"data directory {str(directory)!r} does not exist; build it first: "
            f"python -m analysis build seeds --out {directory}"
        )
    with store.reading(directory) as generation:
        if generation is None:
            raise FileNotFoundError(f"data directory {str(directory)!r} holds no tables; build them first: "
                                    f"python -m analysis build seeds --out {directory}")
        if verify:
            damaged = [found for name in TABLE_NAMES if (found := store.damage(generation, name)) is not None]
            if damaged:
                raise TableError("; ".join(map(str, damaged)) + "; rebuild the tables (python -m analysis build)")
        return Tables(**{name: read_table(name, generation.path) for name in TABLE_NAMES})
