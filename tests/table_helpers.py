"""Small tables for chart, widget and search tests, made from the compact literals the tests write."""

from __future__ import annotations

import pandas as pd

from analysis.tables import frame


def sentences_table(sentences: dict) -> pd.DataFrame:
    """{(doc_id, sent_id): text} → the sentences table."""
    return frame("sentences", [{"doc_id": doc, "sent_id": sent, "start": 0, "end": len(text), "text": text}
                               for (doc, sent), text in sentences.items()])


def mentions_table(mentions) -> pd.DataFrame:
    """[(doc_id, sent_id, actor_id)] → the mentions table (knowledge-base mentions labelled GPE)."""
    return frame("mentions", [{"doc_id": doc, "sent_id": sent, "start": 0, "end": 1, "text": actor, "label": "GPE",
                               "actor_id": actor, "method": "knowledge_base"} for doc, sent, actor in mentions])


def actors_table(actors, mentions=None) -> pd.DataFrame:
    """[(actor_id, name, kind)] → the actors table, n_mentions counted in `mentions` (else 1)."""
    counts = pd.Series([actor for _, _, actor in mentions]).value_counts() if mentions is not None else None
    return frame("actors", [{"actor_id": actor, "name": name, "kind": kind,
                             "n_mentions": int(counts[actor]) if counts is not None else 1, "n_docs": 1}
                            for actor, name, kind in actors])
