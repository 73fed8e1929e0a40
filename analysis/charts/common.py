"""What several charts read from the tables: actor names and kinds, mention counts, sentence texts, co-occurring pairs, periods."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import tables as schema
from analysis.tables import Tables
from analysis.charts.style import UNSTATED


KIND = schema.SCHEMAS["actors"]["kind"]


def actor_info(tables: Tables) -> pd.DataFrame:
    return tables.actors.drop_duplicates("actor_id").set_index("actor_id")[["name", "kind"]]


def actor_names(ids: pd.Series, info: pd.DataFrame) -> pd.Series:
    """Actor names for ids (the id itself for an actor missing from the actors table)."""
    names = ids.map(info["name"]).astype("object")
    return names.where(names.notna(), ids.astype("object")).fillna(UNSTATED).astype(str)


def actor_kinds(ids: pd.Series, info: pd.DataFrame) -> pd.Series:
    return ids.map(info["kind"].astype("object")).astype(KIND)


def mention_counts(tables: Tables) -> pd.DataFrame:
    """Mentions and documents per actor, counted in the mentions table (so date filters apply)."""
    known = tables.mentions.loc[tables.mentions["actor_id"].notna(), ["actor_id", "doc_id"]]
    counts = known.groupby("actor_id", sort=False).agg(n_mentions=("doc_id", "size"), n_docs=("doc_id", "nunique"))
    return counts.reset_index().astype({"actor_id": "string", "n_mentions": "int64", "n_docs": "int64"})


def mention_totals(tables: Tables) -> pd.Series:
    """Mentions per actor (actor_id → count): mention_counts' n_mentions without counting documents,
    which is the slow part on hundreds of thousands of mentions."""
    return tables.mentions["actor_id"].dropna().astype(object).value_counts().astype("int64")


def sentence_keys(doc_ids, sent_ids, doc_index: pd.Index) -> np.ndarray:
    """One int64 per (doc_id, sent_id), -1 for a document outside `doc_index`: joins on strings of
    hundreds of thousands of rows are what makes a redraw slow."""
    codes = doc_index.get_indexer(doc_ids)
    keys = (codes.astype(np.int64) << 32) | np.asarray(sent_ids, dtype=np.int64)
    return np.where(codes >= 0, keys, -1)


def sentence_texts(tables: Tables, doc_ids, sent_ids) -> np.ndarray:
    """The text of each (doc_id, sent_id) from the sentences table; None where it has no such row."""
    sentences = tables.sentences
    doc_index = pd.Index(pd.unique(np.asarray(doc_ids, dtype=object)))
    keys = sentence_keys(sentences["doc_id"], sentences["sent_id"], doc_index)
    inside = np.flatnonzero(keys >= 0)  # sentences of other documents are not asked for
    known = pd.Index(keys[inside])
    if not known.is_unique:  # a sentence listed twice: its first row counts
        first = ~known.duplicated()
        inside, known = inside[first], known[first]
    found = known.get_indexer(sentence_keys(doc_ids, sent_ids, doc_index))
    texts = np.append(sentences["text"].to_numpy(dtype=object)[inside], None)
    return texts[np.where(found >= 0, found, len(texts) - 1)]


def cooccurring(tables: Tables, *, actors=None, kinds=None, among=None) -> pd.DataFrame:
    """One row per sentence and pair of different actors mentioned in it (source < target), in
    document and sentence order. Columns: doc_id, sent_id, source, target, and `pair`, an int64 that
    sorts like (source, target)."""
    mentions = tables.mentions
    found = mentions.loc[mentions["actor_id"].notna(), ["doc_id", "sent_id", "actor_id"]]
    if among is not None:
        found = found[found["actor_id"].isin(among)]
    if kinds is not None:
        found = found[actor_kinds(found["actor_id"], actor_info(tables)).isin(kinds)]
    doc_codes, doc_ids = pd.factorize(found["doc_id"].to_numpy(dtype=object))
    actor_codes, actor_ids = pd.factorize(found["actor_id"].to_numpy(dtype=object), sort=True)  # code order = id order
    coded = pd.DataFrame({"sentence": (doc_codes.astype(np.int64) << 32) | found["sent_id"].to_numpy(np.int64),
                          "actor": actor_codes}).drop_duplicates()
    if actors is not None:
        # Only sentences naming a chosen actor can give its pairs: join those alone.
        chosen = np.isin(actor_ids, list(actors))
        coded = coded[coded["sentence"].isin(coded.loc[chosen[coded["actor"].to_numpy()], "sentence"])]
    pairs = coded.merge(coded, on="sentence", suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_a"] < pairs["actor_b"]]
    if actors is not None:
        pairs = pairs[chosen[pairs["actor_a"].to_numpy()] | chosen[pairs["actor_b"].to_numpy()]]
    pairs = pairs.sort_values(["sentence", "actor_a", "actor_b"])
    sentence = pairs["sentence"].to_numpy()
    return pd.DataFrame({
        "doc_id": doc_ids[sentence >> 32], "sent_id": sentence & 0xFFFFFFFF,
        "source": actor_ids[pairs["actor_a"].to_numpy()], "target": actor_ids[pairs["actor_b"].to_numpy()],
        "pair": pairs["actor_a"].to_numpy(np.int64) * len(actor_ids) + pairs["actor_b"].to_numpy(np.int64),
    })


def edge_ends(edges: pd.DataFrame) -> set:
    """The actor ids at either end of the edges (through NumPy: iterating a string column is slow)."""
    return set(edges["source"].to_numpy(dtype=object)) | set(edges["target"].to_numpy(dtype=object))


def observed_table(tables: Tables) -> pd.DataFrame:
    """The table dyads and reversals are computed from: the stance observations when there are any,
    else the events (builds from before the stances table)."""
    return tables.stances if not tables.stances.empty else tables.events


PERIOD_WIDTHS = {"year": 1, "5y": 5, "decade": 10}  # years in each period of the heatmaps


def period_first(years: pd.Series | np.ndarray, period: str) -> np.ndarray:
    years = np.asarray(years, dtype=np.int64)
    return years - years % PERIOD_WIDTHS[period]


def cells_period(cells: pd.DataFrame) -> str:
    """The period of heatmap cells (period_start, period_end), read off their widths ("year" when they do not say)."""
    if cells.empty or "period_end" not in cells:
        return "year"
    width = int((cells["period_end"].dt.year - cells["period_start"].dt.year + 1).max())
    return next((name for name, size in PERIOD_WIDTHS.items() if size == width), "year")


def period_label(first: int, period: str) -> str:
    if period == "year":
        return str(first)
    if period == "decade":
        return f"{first}s"
    return f"{first}–{str(first + 4)[-2:]}"
