"""The sentences and documents behind a chart's rows: every figure traces back to its sentences."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.tables import Tables
from analysis.charts.options import CHARTS, check_one, check_tables
from analysis.charts.common import cells_period, cooccurring, edge_ends, observed_table, period_first, sentence_texts


EVIDENCE_COLUMNS = ["doc_id", "sent_id", "document", "date", "text"]


def chart_evidence(tables: Tables, data: pd.DataFrame, *, chart: str, period: str | None = None, knowledge_base=None,
                   pairs: pd.DataFrame | None = None, folded: pd.DataFrame | None = None) -> pd.DataFrame:
    """The sentences behind the rows of a `<chart>_data` frame, by document date; `period` is a heatmap's
    (None: read off its cells, as dyad_heatmap_data chose it). What a panel keeps for the same tables:
    `pairs`, a network's (cooccurring(tables)), and `folded`, a heatmap's (folded_observations(tables,
    knowledge_base=knowledge_base)). Columns: doc_id, sent_id, document (title, else path), date (the
    document's), text."""
    check_tables(tables)
    check_one("chart", chart, CHARTS)
    keys = _evidence_keys(tables, data, chart, period, knowledge_base, pairs, folded)
    return _sentences(tables, keys)


def documents_behind(tables: Tables, data: pd.DataFrame, *, chart: str, period: str | None = None, knowledge_base=None) -> pd.DataFrame:
    """The rows of tables.documents that a chart's data comes from (for its source note)."""
    check_one("chart", chart, CHARTS)
    keys = _evidence_keys(tables, data, chart, period, knowledge_base, None, None)
    return tables.documents[tables.documents["doc_id"].isin(keys["doc_id"])]


def _evidence_keys(tables: Tables, data: pd.DataFrame, chart: str, period: str, knowledge_base, pairs, folded) -> pd.DataFrame:
    """(doc_id, sent_id[, text]) of the sentences behind `data`."""
    if data is None or data.empty:
        return pd.DataFrame({"doc_id": pd.Series(dtype="string"), "sent_id": pd.Series(dtype="int64")})
    if chart == "ranking":
        mentions = tables.mentions
        return mentions.loc[mentions["actor_id"].isin(data["actor_id"]).fillna(False), ["doc_id", "sent_id"]]
    if chart == "network":
        ends = edge_ends(data)
        pairs = cooccurring(tables, among=ends) if pairs is None else pairs[pairs["source"].isin(ends) & pairs["target"].isin(ends)]
        actors = pd.Index(sorted(ends))
        edge = actors.get_indexer(pairs["source"]) * len(actors) + actors.get_indexer(pairs["target"])
        shown = actors.get_indexer(data["source"]) * len(actors) + actors.get_indexer(data["target"])
        return pairs.loc[np.isin(edge, shown), ["doc_id", "sent_id"]]
    if chart in ("timeline", "reversal"):
        return data[["doc_id", "sent_id", "text"]]
    if chart == "motives":
        motives = tables.motives.astype({"category": "object"})
        chosen = data[["actor_id", "category"]].astype({"category": "object"})
        return motives.merge(chosen, on=["actor_id", "category"])[["doc_id", "sent_id", "text"]]
    return _heatmap_keys(tables, data, period, knowledge_base, folded)


def folded_observations(tables: Tables, *, knowledge_base=None) -> pd.DataFrame:
    """The stance observations (else events) as analysis.reversals counts them, the rows a heatmap's cells
    average: negated events dropped, a score and a date, both sides folded into families (source_family,
    target_family) with `knowledge_base` (None: the kit's)."""
    from analysis import reversals

    return reversals.fold_actors(reversals.observations(observed_table(tables)), knowledge_base=knowledge_base)


def _heatmap_keys(tables: Tables, data: pd.DataFrame, period: str | None, knowledge_base, folded) -> pd.DataFrame:
    """The counted stance observations (else events), folded into families as the dyads were, that
    fall into the heatmap's cells; their sentences are the observations' evidence."""
    if observed_table(tables).empty:  # a dyads table built elsewhere, without its observations: nothing to point to
        return pd.DataFrame({"doc_id": pd.Series(dtype="string"), "sent_id": pd.Series(dtype="int64")})
    if folded is None:
        folded = folded_observations(tables, knowledge_base=knowledge_base)
    usable = folded[
        folded["source_family"].notna() & folded["target_family"].notna()
        & (folded["source_family"] != folded["target_family"]).fillna(False)
        & folded["date"].notna() & folded["score"].notna() & folded["doc_id"].notna()
    ]
    usable = usable.assign(source_id=usable["source_family"], target_id=usable["target_family"], text=usable["evidence"],
                           first=period_first(usable["date"].dt.year, period or cells_period(data)))
    cells = data.assign(first=data["period_start"].dt.year.astype("int64"))[["source_id", "target_id", "first"]]
    return usable.merge(cells, on=["source_id", "target_id", "first"])[["doc_id", "sent_id", "text"]]


def _sentences(tables: Tables, keys: pd.DataFrame) -> pd.DataFrame:
    keys = keys.drop_duplicates(["doc_id", "sent_id"])
    texts = sentence_texts(tables, keys["doc_id"], keys["sent_id"])
    # An event or motive row carries its own sentence, for when the sentences table lacks it.
    own = keys["text"].to_numpy(dtype=object) if "text" in keys else np.full(len(keys), None, dtype=object)
    found = pd.DataFrame({
        "doc_id": keys["doc_id"].to_numpy(dtype=object), "sent_id": keys["sent_id"].to_numpy(np.int64),
        "text": np.where(pd.isna(texts), own, texts),
    })
    documents = tables.documents.drop_duplicates("doc_id").set_index("doc_id")
    title = documents["title"].astype("object").where(documents["title"].notna() & (documents["title"] != ""))
    label = title.fillna(documents["path"].astype("object"))
    found["document"] = found["doc_id"].map(label).fillna(found["doc_id"])
    found["date"] = found["doc_id"].map(documents["date"]).astype("datetime64[ns]")
    found["text"] = found["text"].fillna("")
    found = found.sort_values(["date", "doc_id", "sent_id"], kind="stable", na_position="last")
    return found[EVIDENCE_COLUMNS].astype({"doc_id": "string", "text": "string", "document": "string"}).reset_index(drop=True)
