"""The seed article's key expectations, checked by the project itself (no ../shared needed)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.tables import SCHEMAS


def actor_names(tables) -> set[str]:
    return {name.lower() for _, row in tables.actors.iterrows() for name in [row["name"], *row["aliases"]]}


def test_seed_document_is_dated_and_its_header_is_not_text(seed_tables):
    assert len(seed_tables.documents) == 1
    document = seed_tables.documents.iloc[0]
    assert document["date"] == pd.Timestamp("2025-07-06") and document["date_precision"] == "day"
    first = seed_tables.sentences.sort_values("sent_id").iloc[0]["text"]
    assert first.startswith("Russia has become") and "date" not in first


@pytest.mark.parametrize(
    "name",
    [
        "Russia", "Afghanistan", "Taliban", "Soviet Union", "United States", "Pakistan",
        "Molavi Gul Hassan Hassan", "Andrei Yuryevich Rudenko", "Vladimir Putin", "Zamir Kabulov",
        "Bush", "Biden", "Russian Foreign Ministry", "Islamic State-Khorasan", "Mujahideen", "CIA",
        "Al-Qaeda", "Crocus City Hall", "Moscow", "Kabul", "Operation Cyclone",
    ],
)
def test_seed_actor(seed_tables, name):
    assert name.lower() in actor_names(seed_tables)


@pytest.mark.parametrize("text", ["Embassy", "Islamic", "AfPak", "First", "Second", "these years", "Saturday"])
def test_seed_not_actor(seed_tables, text):
    assert text.lower() not in actor_names(seed_tables)


@pytest.mark.parametrize(
    "surface, sentence_start, actor_id",
    [
        ("Kremlin", "Russian President Vladimir Putin", "RUS"),
        ("Moscow", "Without doubt, high on the minds of Moscow officials", "RUS"),
        ("Kabul", "In attendance representing the Taliban", "taliban"),
    ],
)
def test_seed_metonymy(seed_tables, surface, sentence_start, actor_id):
    mentions = seed_tables.mentions.merge(seed_tables.sentences, on=["doc_id", "sent_id"], suffixes=("", "_sentence"))
    rows = mentions[(mentions["text"] == surface) & mentions["text_sentence"].str.startswith(sentence_start)]
    # The first one is the metonym; a later "near Moscow" in the same sentence is the city.
    assert rows.sort_values("start").iloc[0]["actor_id"] == actor_id


def test_seed_capital_as_location_is_a_place(seed_tables):
    places = seed_tables.mentions[seed_tables.mentions["text"].isin(["Moscow", "Kabul"]) & seed_tables.mentions["method"].eq("discovered")]
    assert set(places["actor_id"]) == {"moscow", "kabul"}
    kinds = seed_tables.actors.set_index("actor_id").loc[["moscow", "kabul"], "kind"]
    assert set(kinds) == {"place"}


def test_seed_tables_have_declared_dtypes(seed_tables):
    for name, table in seed_tables.items():
        assert list(table.columns) == list(SCHEMAS[name]), name
        for column, dtype in SCHEMAS[name].items():
            assert str(table[column].dtype) == str(dtype) or table[column].dtype == dtype, (name, column)


def test_every_mention_points_into_its_sentence(seed_tables):
    sentences = seed_tables.sentences.set_index(["doc_id", "sent_id"])
    for _, row in seed_tables.mentions.iterrows():
        sentence = sentences.loc[(row["doc_id"], row["sent_id"])]
        assert sentence["start"] <= row["start"] < row["end"] <= sentence["end"]
        assert sentence["text"][row["start"] - sentence["start"] : row["end"] - sentence["start"]] == row["text"]
