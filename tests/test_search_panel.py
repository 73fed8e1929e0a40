"""analysis/search_panel.py: the query and filters drive the hits, a hit's button shows its context; escaping."""

from __future__ import annotations

import dataclasses

import pytest

from analysis.search import HIT_COLUMNS
from analysis.search_panel import SearchPanel
from analysis.tables import Tables, frame
from table_helpers import actors_table, mentions_table, sentences_table

D1, D2, D3 = "d1d1d1d1d1d1d1d1", "d2d2d2d2d2d2d2d2", "d3d3d3d3d3d3d3d3"
SCRIPT = "<script>alert('owned')</script>"
SENTENCES = {
    (D1, 0): "Kabul fell in August.",
    (D1, 1): "Russia recognised the Taliban government.",
    (D1, 2): "Pakistan welcomed the recognition.",
    (D2, 0): f"{SCRIPT} The Soviet Union invaded Afghanistan.",
    (D2, 1): "The United States armed the Mujahideen.",
    (D3, 0): "The Taliban recognised nobody.",
}
MENTIONS = [(D1, 1, "RUS"), (D1, 1, "taliban"), (D1, 2, "PAK"), (D2, 0, "SUN"), (D2, 0, "AFG"), (D2, 1, "USA"),
            (D2, 1, "mujahideen"), (D3, 0, "taliban")]
ACTORS = [("RUS", "Russia", "state"), ("taliban", "Taliban", "armed_group"), ("PAK", "Pakistan", "state"),
          ("SUN", "Soviet Union", "state"), ("AFG", "Afghanistan", "state"), ("USA", "United States", "state"),
          ("mujahideen", "Mujahideen", "armed_group")]


@pytest.fixture(scope="module")
def tables() -> Tables:
    return Tables(
        documents=frame("documents", [
            {"doc_id": D1, "path": "news/kabul.txt", "title": "Recognition", "date": "2025-07-06", "n_chars": 100},
            {"doc_id": D2, "path": "history/1979.txt", "title": f"<b>1979</b>{SCRIPT}", "date": "1979-12-27", "n_chars": 80},
            {"doc_id": D3, "path": "undated.txt", "title": None, "date": None, "n_chars": 30},
        ]),
        sentences=sentences_table(SENTENCES),
        mentions=mentions_table(MENTIONS),
        actors=actors_table(ACTORS, MENTIONS),
        events=frame("events", [
            {"event_id": "e1", "doc_id": D1, "sent_id": 1, "date": "2025-07-05", "date_precision": "day", "source_id": "RUS",
             "target_id": "taliban", "verb": "recognise", "cameo_code": "054", "cameo_root": "05", "quad_class": 1,
             "goldstein": 6.0, "negated": False, "text": SENTENCES[(D1, 1)]},
        ]),
    )


def test_nothing_is_searched_without_words_or_filters(tables):
    panel = SearchPanel(tables)
    assert panel.hits.empty and list(panel.hits.columns) == HIT_COLUMNS
    assert panel.context_buttons == [] and "Type words" in panel.status.value


def test_a_query_shows_each_hit_with_its_document_actors_and_events(tables):
    panel = SearchPanel(tables)
    panel.query.value = "recogni"
    assert list(zip(panel.hits["doc_id"], panel.hits["sent_id"])) == [(D1, 1), (D1, 2), (D3, 0)]
    assert len(panel.context_buttons) == 3 and len(panel.results.children) == 3
    first = panel.results.children[0].children[1].value
    assert "Recognition" in first and "2025-07-06" in first and "Russia recognised the Taliban government." in first
    assert "Russia, Taliban" in first and "RUS → recognise → taliban (054)" in first
    assert "undated.txt" in panel.results.children[2].children[1].value  # no title: the path names the document
    panel.query.value = 'recogni -Taliban'
    assert list(panel.hits["sent_id"]) == [2]
    panel.query.value = '"the Taliban government"'
    assert list(panel.hits["sent_id"]) == [1]


def test_actor_kind_and_year_filters_narrow_the_hits(tables):
    panel = SearchPanel(tables)
    panel.query.value = "recogni"
    panel.actor_select.value = ("PAK",)
    assert list(panel.hits["sent_id"]) == [2]
    panel.actor_select.value = ()
    panel.kind_select.value = ("armed_group",)
    assert list(zip(panel.hits["doc_id"], panel.hits["sent_id"])) == [(D1, 1), (D3, 0)]
    panel.kind_select.value = ()
    panel.years.value = (2025, 2025)  # a range that is not the whole one leaves undated documents out
    assert set(panel.hits["doc_id"]) == {D1}
    panel.query.value = ""
    assert set(panel.hits["doc_id"]) == {D1} and len(panel.hits) == 3  # a filter alone searches too
    assert panel.filters() == {"query": "", "actors": [], "kinds": [], "years": (2025, 2025)}


def test_clicking_context_shows_the_sentences_around_the_hit(tables):
    panel = SearchPanel(tables, window=1)
    panel.query.value = "Pakistan"
    panel.context_buttons[0].click()
    assert panel.chosen == 0 and list(panel.context["sent_id"]) == [1, 2]
    assert list(panel.context["hit"]) == [False, True]
    assert "<b>Pakistan welcomed the recognition.</b>" in panel.context_view.value
    assert "Russia recognised" in panel.context_view.value and "Recognition" in panel.context_view.value
    panel.query.value = "Kabul"  # a new search forgets the context
    assert panel.chosen is None and panel.context_view.value == ""
    with pytest.raises(ValueError, match="position=3 is not a hit shown"):
        panel.show_context(3)


def test_every_text_is_escaped(tables):
    panel = SearchPanel(tables)
    panel.query.value = "invaded"
    shown = panel.results.children[0].children[1].value
    assert SCRIPT not in shown and "&lt;script&gt;" in shown and "<b>1979</b>" not in shown
    panel.show_context(0)
    assert SCRIPT not in panel.context_view.value and "&lt;script&gt;" in panel.context_view.value


def test_many_hits_are_cut_and_said(tables):
    panel = SearchPanel(tables, hits_shown=2)
    panel.query.value = "the"
    assert len(panel.hits) == 2 and len(panel.context_buttons) == 2 and "more match" in panel.status.value


def test_the_years_start_on_the_projects_years(tables):
    panel = SearchPanel(tables, years=(2000, 2030))
    assert panel.years.value == (2000, 2030) and panel.years.options[0][1] == 1979 and panel.years.options[-1][1] == 2030
    assert panel.filters()["years"] == (2000, 2030)
    with pytest.raises(ValueError, match="years="):
        SearchPanel(tables, years=(2030, 2000))


def test_use_tables_searches_the_new_tables_and_keeps_the_choices_they_hold(tables):
    panel = SearchPanel(tables)
    panel.query.value = "recogni"
    panel.actor_select.value = ("RUS", "PAK")
    merged = dataclasses.replace(
        tables,
        mentions=tables.mentions.assign(actor_id=tables.mentions["actor_id"].replace({"PAK": "RUS"})),
        actors=tables.actors[tables.actors["actor_id"] != "PAK"],
    )
    panel.use_tables(merged)
    assert panel.tables is merged and panel.actor_select.value == ("RUS",)
    assert "PAK" not in {value for _, value in panel.actor_select.options}
    assert list(panel.hits["sent_id"]) == [1, 2] and panel.query.value == "recogni"
    assert "Russia" in panel.results.children[1].children[1].value
