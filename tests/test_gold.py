"""Acceptance against the analyst's gold annotation in ../shared/gold (skipped when ../shared is absent)."""

from __future__ import annotations

import pytest

from analysis import evaluate
from conftest import SHARED

GOLD = SHARED / "gold" / "000_1e9d3a2641c16e74.gold.yaml"
pytestmark = pytest.mark.skipif(not GOLD.exists(), reason=f"gold annotation {GOLD} is not here (../shared is absent)")


@pytest.fixture(scope="module")
def gold():
    return evaluate.load_gold(GOLD)


def test_document_date_and_header(seed_tables, gold):
    document = seed_tables.documents.iloc[0]
    assert document["date"].strftime("%Y-%m-%d") == str(gold["document"]["date"])
    assert seed_tables.sentences.iloc[0]["text"].startswith("Russia has become")


def test_at_least_19_of_21_gold_actors(seed_tables, gold):
    score = evaluate.score_actors(seed_tables, gold)
    assert score.total == 21
    assert score.found >= 19, str(score)


def test_no_gold_not_actor_is_an_actor(seed_tables, gold):
    score = evaluate.score_not_actors(seed_tables, gold)
    assert score.found == 0, str(score)


def test_metonymy_resolves(seed_tables, gold):
    score = evaluate.score_metonymy(seed_tables, gold)
    assert score.found == score.total == 3, str(score)


def test_at_least_8_of_9_gold_events(seed_tables, gold):
    score = evaluate.score_events(seed_tables, gold)
    assert score.total == 9
    assert score.found >= 8, str(score)


def test_every_gold_time_expression_has_the_gold_value(seed_tables, gold):
    score = evaluate.score_timexes(seed_tables, gold)
    assert score.found == score.total == 8, str(score)


def test_russia_motives_cover_the_gold_categories_with_evidence(seed_tables, gold):
    wanted = {"counter_terrorism", "counter_narcotics", "economic", "energy"}
    assert wanted <= evaluate.motive_categories(seed_tables, gold, "russia")


def test_both_gold_reversals_are_found_with_evidence_on_both_sides(seed_tables, gold):
    score = evaluate.score_reversals(seed_tables, gold)
    assert score.found == score.total == 2, str(score)
