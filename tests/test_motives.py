"""Stated purposes and causes → motive rows (analysis/motives.py)."""

from __future__ import annotations

import pytest

from analysis import actors, motives
from analysis.tables import MOTIVE_CATEGORIES


def motives_of(nlp, knowledge_base, text, author_id=None):
    doc = nlp(text)
    mentions = actors.find_mentions(doc, knowledge_base=knowledge_base, author_id=author_id)
    return motives.extract_motives(doc, mentions, [], knowledge_base=knowledge_base, author_id=author_id)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("India lifted the tariffs in order to boost trade with its neighbours.", {("IND", "economic")}),
        ("Germany sent engineers, aiming at securing gas and oil supplies.", {("DEU", "energy")}),
        ("The Kremlin tightened border checks because of the threat of terrorism.", {("RUS", "counter_terrorism"), ("RUS", "security")}),
        ("Colombia expanded patrols so as to stop cocaine shipments.", {("COL", "counter_narcotics")}),
        ("France opened a corridor to pave the way for humanitarian aid.", {("FRA", "humanitarian")}),
    ],
)
def test_purpose_and_cause_cues_give_categories_and_actors(nlp, knowledge_base, text, expected):
    rows = motives_of(nlp, knowledge_base, text)
    assert {(row["actor_id"], row["category"]) for row in rows} == expected
    assert all(row["text"] == text for row in rows)


def test_a_state_organ_speaks_for_its_state(nlp, knowledge_base):
    rows = motives_of(nlp, knowledge_base, "The Japanese Foreign Ministry said the visit enables broader cooperation in trade.")
    assert {(row["actor_id"], row["category"]) for row in rows} == {("JPN", "economic")}


def test_without_an_actor_in_the_sentence_the_author_holds_the_motive(nlp, knowledge_base):
    rows = motives_of(nlp, knowledge_base, "Sanctions were lifted in order to revive economic growth.", author_id="BRA")
    assert {(row["actor_id"], row["category"]) for row in rows} == {("BRA", "economic")}


@pytest.mark.parametrize(
    "text",
    [
        "The minister travelled to Rome in order to attend a wedding.",  # a purpose, but of no category
        "Trade between the two countries grew by ten percent.",  # a category term, but no cue
    ],
)
def test_no_motive_without_both_a_cue_and_a_category(nlp, knowledge_base, text):
    assert motives_of(nlp, knowledge_base, text) == []


def test_cue_file_categories_stay_in_the_vocabulary():
    assert set(motives.load_cues()["categories"]) <= set(MOTIVE_CATEGORIES)


@pytest.mark.parametrize("term, text, hit", [("terror*", "counter-terrorism", True), ("drug", "drugstore", False), ("human rights", "for human rights", True)])
def test_category_terms_match_whole_words_or_word_beginnings(term, text, hit):
    assert bool(motives._term_pattern(term).search(text)) is hit
