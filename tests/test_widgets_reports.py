"""analysis/widgets.py for report work: the two-actor charts, empty charts that say why, the Excel export
and years that start where the data's dates cluster."""

from __future__ import annotations

import dataclasses

import matplotlib

matplotlib.use("Agg")

import openpyxl  # noqa: E402
import pytest  # noqa: E402

from analysis.tables import Tables, frame  # noqa: E402
from table_helpers import actors_table, mentions_table, sentences_table  # noqa: E402
from analysis.widgets import ActorExplorer  # noqa: E402

# Made-up wire copy on the India–Pakistan ceasefire of 2003 and the Kargil war of 1999.
D1, D2 = "k1k1k1k1k1k1k1k1", "k2k2k2k2k2k2k2k2"
SENTENCES = {
    (D1, 0): "Pakistan shelled Indian posts in Kargil.",
    (D1, 1): "India accused Pakistan of infiltration.",
    (D2, 0): "India and Pakistan agreed a ceasefire along the Line of Control.",
    (D2, 1): "China welcomed the ceasefire.",
}
MENTIONS = [(D1, 0, "PAK"), (D1, 0, "IND"), (D1, 1, "IND"), (D1, 1, "PAK"), (D2, 0, "IND"), (D2, 0, "PAK"), (D2, 1, "CHN")]
ACTORS = [("IND", "India", "state"), ("PAK", "Pakistan", "state"), ("CHN", "China", "state")]
EVENTS = [  # id, doc, sentence, date, source, target, code, quad, goldstein
    ("k1", D1, 0, "1999-05-20", "PAK", "IND", "195", 4, -10.0),
    ("k2", D1, 1, "1999-05-22", "IND", "PAK", "112", 3, -2.0),
    ("k3", D2, 0, "2003-11-25", "IND", "PAK", "057", 1, 8.0),
    ("k4", D2, 1, "2003-11-26", "CHN", "IND", "051", 1, 3.4),
]


def make_tables(extra_events=()) -> Tables:
    rows = [*EVENTS, *extra_events]
    return Tables(
        documents=frame("documents", [
            {"doc_id": D1, "path": "wire/kargil.txt", "title": "Shelling in Kargil", "date": "1999-05-22", "n_chars": 80},
            {"doc_id": D2, "path": "wire/ceasefire.txt", "title": "Ceasefire holds", "date": "2003-11-26", "n_chars": 80},
        ]),
        sentences=sentences_table(SENTENCES),
        mentions=mentions_table(MENTIONS),
        actors=actors_table(ACTORS, MENTIONS),
        events=frame("events", [
            {"event_id": event, "doc_id": doc, "sent_id": sent, "date": date, "date_precision": "day", "source_id": source,
             "target_id": target, "verb": "act", "cameo_code": code, "cameo_root": code[:2], "quad_class": quad,
             "goldstein": weight, "negated": False, "text": SENTENCES[(doc, sent)]}
            for event, doc, sent, date, source, target, code, quad, weight in rows]),
    )


@pytest.fixture(scope="module")
def tables() -> Tables:
    return make_tables()


def messages(explorer: ActorExplorer) -> list[str]:
    return [text.get_text() for ax in explorer.figure.axes for text in ax.texts if text.get_gid() == "no-data"]


def test_the_dyad_chart_shows_the_two_chosen_actors_and_asks_for_two_otherwise(tables):
    explorer = ActorExplorer(tables, chart="dyad")
    assert messages(explorer) == ["choose two actors in the list (ctrl/cmd-click); 0 chosen"]
    explorer.actor_select.value = ("PAK", "IND")
    assert list(explorer.data["event_id"]) == ["k1", "k2", "k3"]  # China's welcome is not between them
    assert list(explorer.data["direction"]) == ["a → b", "b → a", "b → a"]
    assert set(explorer.evidence["text"]) == {SENTENCES[(D1, 0)], SENTENCES[(D1, 1)], SENTENCES[(D2, 0)]}
    assert messages(explorer) == []


def test_the_compare_chart_has_periods_and_draws_two_panels(tables):
    explorer = ActorExplorer(tables, chart="compare")
    assert explorer.period_select.layout.display == ""
    explorer.actor_select.value = ("IND", "PAK")
    assert explorer.figure.axes[0].get_title("left") == "India toward …"


def test_an_empty_chart_says_which_filters_emptied_it(tables):
    explorer = ActorExplorer(tables, chart="ranking")
    explorer.years.value = (1999, 2000)
    explorer.min_mentions.value = 3
    assert messages(explorer) == ["no actor has ≥ 3 mentions in 1999–2000"]
    explorer.min_mentions.value = 1
    explorer.chart_select.value = "timeline"
    explorer.actor_select.value = ("CHN",)
    assert messages(explorer) == ["China has no mentions in 1999–2000"]
    explorer.years.value = (1999, 2003)
    explorer.root_select.value = ("19",)
    assert messages(explorer) == ["no dated events of China in 1999–2003 with CAMEO roots 19"]


def test_a_remembered_picture_is_shown_only_for_the_very_same_filters(tables):
    # With or without China chosen, ≥ 3 mentions leave no actor in 1999–2000: the same (empty) data, two reasons.
    explorer = ActorExplorer(tables, chart="ranking")
    explorer.years.value = (1999, 2000)
    explorer.min_mentions.value = 3
    anyone = explorer.figure
    explorer.actor_select.value = ("CHN",)
    assert explorer.figure is not anyone and messages(explorer) != ["no actor has ≥ 3 mentions in 1999–2000"]
    explorer.actor_select.value = ()
    assert explorer.figure is anyone and messages(explorer) == ["no actor has ≥ 3 mentions in 1999–2000"]


def test_a_redraw_runs_without_the_garbage_collector_and_restores_it(tables):
    import gc

    from analysis.widget_options import collection_paused

    explorer = ActorExplorer(tables, chart="ranking")
    seen = []
    explorer.on_redraw(lambda: seen.append(gc.isenabled()))
    explorer.min_mentions.value = 2
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()  # a caller that switched it off keeps it off
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("a failed redraw")
    assert gc.isenabled()


def test_opening_a_panel_on_events_builds_the_knowledge_base_the_charts_fold_with(tables):
    from analysis import knowledge

    knowledge._load_cached.cache_clear()
    ActorExplorer(dataclasses.replace(tables, events=tables.events.iloc[:0], stances=tables.stances.iloc[:0]), chart="ranking")
    assert knowledge._load_cached.cache_info().currsize == 0  # nothing to fold: nothing built
    ActorExplorer(tables, chart="ranking")
    assert knowledge._load_cached.cache_info().currsize == 1


def test_the_excel_export_holds_the_filtered_tables_and_the_filters(tables, tmp_path):
    explorer = ActorExplorer(tables, chart="timeline", reports_dir=tmp_path)
    explorer.actor_select.value = ("CHN",)
    path = explorer.export_workbook()
    assert path.suffix == ".xlsx" and path.parent == tmp_path
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames[0] == "filters"
    listed = {(part, name): value for part, name, value in book["filters"].iter_rows(values_only=True)}
    assert listed[("filter", "actors")] == "CHN" and listed[("rows", "events")] == 1
    events = list(book["events"].iter_rows(values_only=True))
    header = events[0]
    assert [row[header.index("event_id")] for row in events[1:]] == ["k4"]  # only China's event
    mentions = list(book["mentions"].iter_rows(values_only=True))
    assert {row[mentions[0].index("actor_id")] for row in mentions[1:]} == {"CHN"}


def test_the_years_start_where_the_dates_cluster(tables):
    # A wire archive of 1999–2003 whose one event is misdated to 1815: the slider offers 1815, starts on 1999.
    many = [(f"x{index}", D2, 0, f"{2000 + index % 4}-01-0{1 + index % 9}", "IND", "PAK", "057", 1, 8.0) for index in range(60)]
    odd = make_tables([*many, ("old", D1, 0, "1815-06-18", "PAK", "IND", "195", 4, -10.0)])
    explorer = ActorExplorer(odd, chart="timeline")
    assert explorer.years.value == (1999, 2003)
    assert explorer.years.options[0] == ("1815", 1815)
    assert ActorExplorer(odd, chart="timeline", years=(1990, 2010)).years.value == (1990, 2010)


def test_filtered_tables_keep_the_rows_of_the_chosen_actors(tables):
    explorer = ActorExplorer(dataclasses.replace(tables), chart="ranking")
    explorer.actor_select.value = ("PAK",)
    frames = explorer.filtered_tables()
    assert set(frames["events"]["event_id"]) == {"k1", "k2", "k3"}
    assert set(frames["actors"]["actor_id"]) == {"PAK"}
