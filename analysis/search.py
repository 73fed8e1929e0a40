"""Full-text search over the sentences of a build, and the documents' names beside every doc_id.

    hits = search_sentences(tables, 'Taliban "recognised" -Pakistan', actors=["RUS"], years=(2020, 2025))
    around = context(tables, hits.doc_id[0], hits.sent_id[0])

A query is words, "quoted phrases" and -excluded words; a sentence matches when it holds every word and
phrase (case-insensitive, a word from its start: "recogni" finds "recognised" and "recognition") and no
excluded one. Filters narrow the hits to sentences that name one of `actors` (ids), an actor of one of
`kinds` (actor kinds), or lie in a document dated within `years`. Each hit shows its document (title,
path, date), the actors named in the sentence and the events coded from it ("RUS → recognize → taliban
(054)"), so the analyst sees at once what the kit made of it.
"""

from __future__ import annotations

import re
import shlex
from typing import Sequence

import pandas as pd

from analysis.tables import Tables

DOCUMENT_COLUMNS = ("title", "path", "source")
HIT_COLUMNS = ["doc_id", "title", "path", "date", "sent_id", "text", "actors", "events"]


def with_documents(tables: Tables, frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with each document's title, path and source beside its `doc_id` (for exports: a doc_id alone
    tells a reader of the spreadsheet nothing)."""
    if "doc_id" not in frame.columns or frame.empty and not len(frame.columns):
        return frame
    names = tables.documents.set_index("doc_id")[list(DOCUMENT_COLUMNS)]
    names = names[~names.index.duplicated()]
    added = [column for column in DOCUMENT_COLUMNS if column not in frame.columns]
    if not added:
        return frame
    joined = frame.join(names[added].rename(columns=lambda column: f"document_{column}"), on="doc_id")
    order = list(frame.columns)
    at = order.index("doc_id") + 1
    return joined[order[:at] + [f"document_{column}" for column in added] + order[at:]]


def parse_query(query: str) -> tuple[list[str], list[str]]:
    """(required, excluded) terms of a query: words and "quoted phrases"; a leading "-" excludes."""
    try:
        parts = shlex.split(query)
    except ValueError:  # an unbalanced quote: take the words as they are
        parts = query.replace('"', " ").split()
    required = [part for part in parts if not part.startswith("-") and part.strip()]
    excluded = [part[1:] for part in parts if part.startswith("-") and len(part) > 1]
    return required, excluded


def _term(term: str) -> str:
    return r"(?<!\w)" + re.escape(term)


def search_sentences(
    tables: Tables, query: str = "", *, actors: Sequence[str] | None = None, kinds: Sequence[str] | None = None,
    years: tuple[int, int] | None = None, limit: int | None = 200,
) -> pd.DataFrame:
    """The sentences matching `query` and the filters, in document and sentence order (see the module docstring)."""
    sentences = tables.sentences
    required, excluded = parse_query(query or "")
    mask = pd.Series(True, index=sentences.index)
    text = sentences["text"].fillna("")
    for term in required:
        mask &= text.str.contains(_term(term), case=False, regex=True)
    for term in excluded:
        mask &= ~text.str.contains(_term(term), case=False, regex=True)
    hits = sentences[mask]
    hits = _filtered(tables, hits, actors=actors, kinds=kinds, years=years)
    hits = hits.sort_values(["doc_id", "sent_id"]).head(limit) if limit else hits.sort_values(["doc_id", "sent_id"])
    return _described(tables, hits)


def _sentence_keys(frame: pd.DataFrame) -> pd.MultiIndex:
    return pd.MultiIndex.from_arrays([frame["doc_id"], frame["sent_id"]])


def _filtered(tables: Tables, hits: pd.DataFrame, *, actors, kinds, years) -> pd.DataFrame:
    mentions = tables.mentions.dropna(subset=["actor_id"])
    if actors:
        chosen = mentions[mentions["actor_id"].isin(list(actors))]
        hits = hits[_sentence_keys(hits).isin(_sentence_keys(chosen))]
    if kinds:
        of_kind = set(tables.actors.loc[tables.actors["kind"].isin(list(kinds)), "actor_id"])
        chosen = mentions[mentions["actor_id"].isin(of_kind)]
        hits = hits[_sentence_keys(hits).isin(_sentence_keys(chosen))]
    if years:
        first, last = years
        dated = tables.documents.set_index("doc_id")["date"].dt.year
        year = hits["doc_id"].map(dated[~dated.index.duplicated()])
        hits = hits[year.between(first, last)]
    return hits


def _described(tables: Tables, hits: pd.DataFrame) -> pd.DataFrame:
    if hits.empty:
        return pd.DataFrame(columns=HIT_COLUMNS)
    keys = set(zip(hits["doc_id"], hits["sent_id"]))
    names = dict(zip(tables.actors["actor_id"], tables.actors["name"]))
    mentioned = _per_sentence(tables.mentions.dropna(subset=["actor_id"]), keys,
                              lambda row: names.get(row.actor_id, row.actor_id))
    coded = _per_sentence(tables.events, keys, lambda row: (
        f"{row.source_id if pd.notna(row.source_id) else '(unstated)'} → {row.verb} → "
        f"{row.target_id if pd.notna(row.target_id) else '(unstated)'} ({row.cameo_code})"))
    documents = tables.documents.drop_duplicates("doc_id").set_index("doc_id")
    out = hits[["doc_id", "sent_id", "text"]].copy()
    out["title"] = out["doc_id"].map(documents["title"])
    out["path"] = out["doc_id"].map(documents["path"])
    out["date"] = out["doc_id"].map(documents["date"])
    out["actors"] = [mentioned.get(key, []) for key in zip(out["doc_id"], out["sent_id"])]
    out["events"] = [coded.get(key, []) for key in zip(out["doc_id"], out["sent_id"])]
    return out[HIT_COLUMNS].reset_index(drop=True)


def _per_sentence(frame: pd.DataFrame, keys: set, describe) -> dict[tuple, list[str]]:
    found: dict[tuple, list[str]] = {}
    chosen = frame[[key in keys for key in zip(frame["doc_id"], frame["sent_id"])]] if len(frame) else frame
    for row in chosen.itertuples(index=False):
        items = found.setdefault((row.doc_id, row.sent_id), [])
        item = describe(row)
        if item not in items:
            items.append(item)
    return found


def context(tables: Tables, doc_id: str, sent_id: int, *, window: int = 2) -> pd.DataFrame:
    """The sentences around sentence `sent_id` of document `doc_id` (`window` before and after), with a
    `hit` column marking the sentence itself."""
    sentences = tables.sentences[tables.sentences["doc_id"] == doc_id]
    around = sentences[sentences["sent_id"].between(int(sent_id) - window, int(sent_id) + window)]
    around = around.sort_values("sent_id")[["doc_id", "sent_id", "text"]].copy()
    around["hit"] = around["sent_id"] == int(sent_id)
    return around.reset_index(drop=True)
