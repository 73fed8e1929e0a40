"""Tests for analysis.search: sentence search with filters, context, and document names beside doc_ids."""

from __future__ import annotations

import pandas as pd

from analysis.search import context, parse_query, search_sentences, with_documents
from analysis.tables import Tables, frame


def _tables() -> Tables:
    documents = frame("documents", [
        {"doc_id": "d1", "path": "news/a.txt", "title": "Moscow moves first", "date": "2025-07-05", "source": "Wire"},
        {"doc_id": "d2", "path": "news/b.txt", "title": "Border talks", "date": "2019-03-01", "source": "Daily"}])
    sentences = frame("sentences", [
        {"doc_id": "d1", "sent_id": 0, "text": "Russia recognised the Taliban government on Saturday."},
        {"doc_id": "d1", "sent_id": 1, "text": "Pakistan said the recognition was premature."},
        {"doc_id": "d1", "sent_id": 2, "text": "Kabul welcomed it."},
        {"doc_id": "d2", "sent_id": 0, "text": "Pakistan and India held talks on the recognition of the border."}])
    mentions = frame("mentions", [
        {"doc_id": "d1", "sent_id": 0, "start": 0, "end": 6, "text": "Russia", "actor_id": "RUS"},
        {"doc_id": "d1", "sent_id": 0, "start": 22, "end": 29, "text": "Taliban", "actor_id": "taliban"},
        {"doc_id": "d1", "sent_id": 1, "start": 0, "end": 8, "text": "Pakistan", "actor_id": "PAK"},
        {"doc_id": "d2", "sent_id": 0, "start": 0, "end": 8, "text": "Pakistan", "actor_id": "PAK"},
        {"doc_id": "d2", "sent_id": 0, "start": 13, "end": 18, "text": "India", "actor_id": "IND"}])
    actors = frame("actors", [{"actor_id": "RUS", "name": "Russia", "kind": "state"},
                              {"actor_id": "taliban", "name": "Taliban", "kind": "armed_group"},
                              {"actor_id": "PAK", "name": "Pakistan", "kind": "state"},
                              {"actor_id": "IND", "name": "India", "kind": "state"}])
    events = frame("events", [{"event_id": "e1", "doc_id": "d1", "sent_id": 0, "source_id": "RUS",
                               "target_id": "taliban", "verb": "recognize", "cameo_code": "054"}])
    return Tables(documents=documents, sentences=sentences, mentions=mentions, actors=actors, events=events)


def test_words_phrases_and_exclusions():
    assert parse_query('taliban "the recognition" -india') == (["taliban", "the recognition"], ["india"])
    hits = search_sentences(_tables(), "recogni")
    assert list(zip(hits["doc_id"], hits["sent_id"])) == [("d1", 0), ("d1", 1), ("d2", 0)]
    assert len(search_sentences(_tables(), '"the recognition" -india')) == 1
    assert search_sentences(_tables(), "cognised").empty  # a word matches from its start


def test_a_hit_shows_its_document_actors_and_events():
    hit = search_sentences(_tables(), "taliban").iloc[0]
    assert (hit["title"], hit["path"], hit["date"]) == ("Moscow moves first", "news/a.txt", pd.Timestamp("2025-07-05"))
    assert hit["actors"] == ["Russia", "Taliban"]
    assert hit["events"] == ["RUS → recognize → taliban (054)"]


def test_actor_kind_and_year_filters():
    tables = _tables()
    assert search_sentences(tables, "recogni", actors=["PAK"])["doc_id"].tolist() == ["d1", "d2"]
    assert search_sentences(tables, "", kinds=["armed_group"])["sent_id"].tolist() == [0]
    assert search_sentences(tables, "recogni", years=(2018, 2020))["doc_id"].tolist() == ["d2"]
    assert list(search_sentences(tables, "nothing like this").columns)[:3] == ["doc_id", "title", "path"]


def test_context_marks_the_sentence_among_its_neighbours():
    around = context(_tables(), "d1", 1, window=1)
    assert around["sent_id"].tolist() == [0, 1, 2] and around["hit"].tolist() == [False, True, False]


def test_exports_carry_the_documents_names_beside_doc_id(tmp_path):
    tables = _tables()
    named = with_documents(tables, tables.events)
    assert list(named.columns[:5]) == ["event_id", "doc_id", "document_title", "document_path", "document_source"]
    tables.to_csv(tmp_path)
    events = pd.read_csv(tmp_path / "events.csv")
    assert events.loc[0, "document_title"] == "Moscow moves first" and events.loc[0, "document_source"] == "Wire"
    assert "document_title" not in pd.read_csv(tmp_path / "documents.csv").columns
