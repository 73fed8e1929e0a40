"""analysis/widgets.py: the ActorExplorer's filters drive its data, evidence and figure; export; escaping."""

from __future__ import annotations

import dataclasses
import json
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.tables import Tables, frame  # noqa: E402
from table_helpers import actors_table, mentions_table, sentences_table  # noqa: E402
from analysis.widgets import ActorExplorer, evidence_html  # noqa: E402

D1, D2 = "d1d1d1d1d1d1d1d1", "d2d2d2d2d2d2d2d2"
SCRIPT = "<script>alert('owned')</script>"
HYPERLINK = '=HYPERLINK("http://evil.example/","Russia")'
SENTENCES = {
    (D1, 0): "Russia recognised the Taliban government.",
    (D1, 1): "Russia and the United States met.",
    (D2, 0): f"{SCRIPT} The Soviet Union invaded Afghanistan.",
    (D2, 1): "The United States armed the Mujahideen.",
}
MENTIONS = [
    (D1, 0, "RUS"), (D1, 0, "taliban"), (D1, 1, "RUS"), (D1, 1, "USA"),
    (D2, 0, "SUN"), (D2, 0, "AFG"), (D2, 1, "USA"), (D2, 1, "mujahideen"),
]
ACTORS = [
    ("RUS", "Russia", "state"), ("taliban", "Taliban", "armed_group"), ("USA", "United States", "state"),
    ("SUN", "Soviet Union", "state"), ("AFG", "Afghanistan", "state"), ("mujahideen", "Mujahideen", "armed_group"),
]
EVENTS = [  # (id, doc, sentence, date, source, target, code, quad, goldstein)
    ("e1", D1, 0, "2025-07-05", "RUS", "taliban", "054", 1, 6.0),
    ("e2", D2, 0, "1979-12-27", "SUN", "AFG", "190", 4, -10.0),
    ("e3", D2, 1, "1980-01-01", "USA", "mujahideen", "072", 2, 8.3),
    ("e4", D1, 1, "2025-07-06", "RUS", "USA", "112", 3, -2.0),
]


@pytest.fixture(scope="module")
def tables() -> Tables:
    return Tables(
        documents=frame("documents", [
            {"doc_id": D1, "path": "news/kabul.txt", "title": "Recognition", "date": "2025-07-06", "n_chars": 100},
            {"doc_id": D2, "path": "history/1979.txt", "title": f"<b>1979</b>{SCRIPT}", "date": "1979-12-27", "n_chars": 80},
        ]),
        sentences=sentences_table(SENTENCES),
        mentions=mentions_table(MENTIONS),
        actors=actors_table(ACTORS, MENTIONS),
        events=frame("events", [
            {"event_id": event_id, "doc_id": doc, "sent_id": sent, "date": date, "date_precision": "day",
             "source_id": source, "target_id": target, "verb": "act", "cameo_code": code, "cameo_root": code[:2],
             "quad_class": quad, "goldstein": goldstein, "negated": False, "text": SENTENCES[(doc, sent)]}
            for event_id, doc, sent, date, source, target, code, quad, goldstein in EVENTS
        ]),
        motives=frame("motives", [
            {"doc_id": D1, "sent_id": 0, "actor_id": "RUS", "category": "diplomatic", "cue": "to", "text": SENTENCES[(D1, 0)]},
            {"doc_id": D2, "sent_id": 0, "actor_id": "SUN", "category": "territorial", "cue": "to", "text": SENTENCES[(D2, 0)]},
        ]),
    )


STANCES = [  # (id, doc, sentence, date, source, target, kind, score, cue, event)
    ("s1", D1, 0, "2025-07-05", "RUS", "taliban", "event", 6.0, "054", "e1"),
    ("s2", D2, 0, "1979-12-27", "SUN", "AFG", "event", -10.0, "190", "e2"),
    ("s3", D2, 1, "1980-01-01", "USA", "mujahideen", "event", 8.3, "072", "e3"),
    ("s4", D1, 1, "2025-07-06", "RUS", "USA", "language", -4.0, "hegemonism", None),
]


@pytest.fixture(scope="module")
def with_stances(tables) -> Tables:
    stances = frame("stances", [
        {"stance_id": stance_id, "doc_id": doc, "sent_id": sent, "date": date, "date_precision": "day", "source_id": source,
         "target_id": target, "kind": kind, "score": score, "cue": cue, "event_id": event, "evidence": SENTENCES[(doc, sent)]}
        for stance_id, doc, sent, date, source, target, kind, score, cue, event in STANCES
    ])
    return Tables(**{name: table for name, table in tables.items()} | {"stances": stances})


def plotted_labels(explorer: ActorExplorer) -> list[str]:
    return [label.get_text() for label in explorer.figure.axes[0].get_yticklabels()]


def test_choosing_actors_redraws_data_evidence_and_figure(tables):
    explorer = ActorExplorer(tables)
    assert explorer.data.loc[0, "actor_id"] in {"RUS", "USA"} and len(explorer.data) == 6
    before = explorer.figure
    explorer.actor_select.value = ("RUS",)
    assert list(explorer.data["actor_id"]) == ["RUS"]
    assert set(explorer.evidence["text"]) == {SENTENCES[(D1, 0)], SENTENCES[(D1, 1)]}
    assert explorer.figure is not before and plotted_labels(explorer) == ["Russia"]
    assert explorer.filters()["actors"] == ["RUS"]


def test_kinds_and_minimum_mentions_choose_the_actors(tables):
    explorer = ActorExplorer(tables)
    explorer.kind_select.value = ("armed_group",)
    assert set(explorer.data["actor_id"]) == {"taliban", "mujahideen"}
    explorer.kind_select.value = ()
    explorer.min_mentions.value = 2
    assert set(explorer.data["actor_id"]) == {"RUS", "USA"}
    explorer.actor_select.value = ("taliban",)  # chosen but below the minimum: nothing to show
    assert explorer.data.empty and explorer.evidence.empty
    assert "Taliban has fewer than 2 mentions in 1979–2025" in [text.get_text() for text in explorer.figure.axes[0].texts]


def test_years_cut_events_by_their_own_date_and_mentions_by_their_document(tables):
    explorer = ActorExplorer(tables, chart="timeline")
    assert explorer.years.value == (1979, 2025)
    assert set(explorer.data["event_id"]) == {"e1", "e2", "e3", "e4"}
    explorer.years.value = (1979, 1990)
    assert set(explorer.data["event_id"]) == {"e2", "e3"}
    assert set(explorer.evidence["doc_id"]) == {D2}
    explorer.chart_select.value = "ranking"
    assert set(explorer.data["actor_id"]) == {"SUN", "AFG", "USA", "mujahideen"}
    assert explorer.filters()["years"] == [1979, 1990]


def test_event_roots_and_quad_classes_filter_the_event_charts(tables):
    explorer = ActorExplorer(tables, chart="timeline")
    assert not explorer.root_select.disabled
    explorer.root_select.value = ("19",)
    assert list(explorer.data["event_id"]) == ["e2"]
    assert list(explorer.evidence["text"]) == [SENTENCES[(D2, 0)]]
    explorer.root_select.value = ()
    explorer.quad_select.value = (1, 2)
    assert set(explorer.data["event_id"]) == {"e1", "e3"}
    explorer.chart_select.value = "heatmap"
    assert (explorer.data["mean_score"] > 0).all() and not explorer.data.empty
    explorer.chart_select.value = "motives"
    assert explorer.root_select.disabled and explorer.quad_select.disabled


def test_the_heatmap_reads_the_filtered_stance_observations(with_stances):
    """Years cut observations by their own date; roots and quad classes keep the observations of the
    events they keep, so evaluative language (no CAMEO code) drops out."""
    explorer = ActorExplorer(with_stances, chart="heatmap")
    pairs = lambda: set(zip(explorer.data["source_id"], explorer.data["target_id"]))  # noqa: E731
    assert ("RUS", "USA") in pairs()  # language only: the events' e4 is not in the stances table
    assert explorer.data.loc[explorer.data["target_id"] == "USA", "mean_score"].tolist() == [-4.0]
    assert SENTENCES[(D1, 1)] in set(explorer.evidence["text"])
    explorer.years.value = (2020, 2025)
    assert pairs() == {("RUS", "taliban"), ("RUS", "USA")}
    explorer.quad_select.value = (1, 3)  # e1 is of quad class 1; the language observation has none
    assert pairs() == {("RUS", "taliban")}
    assert set(explorer.evidence["text"]) == {SENTENCES[(D1, 0)]}


def test_every_chart_draws_and_tracks_its_data(tables):
    explorer = ActorExplorer(tables)
    for chart in ("network", "timeline", "heatmap", "motives", "ranking"):
        previous = explorer.figure
        explorer.chart_select.value = chart
        assert explorer.figure is not previous and not explorer.data.empty, chart
        output = explorer.output.outputs[0]
        assert output["output_type"] == "display_data" and output["data"]["image/png"], chart


def test_network_filters_match_the_chart_functions_and_a_setting_comes_back_the_same(tables):
    from analysis import charts

    explorer = ActorExplorer(tables, chart="network")
    everything = explorer.data
    pd.testing.assert_frame_equal(everything, charts.cooccurrence_data(tables))
    explorer.kind_select.value = ("state",)
    pd.testing.assert_frame_equal(explorer.data, charts.cooccurrence_data(tables, actors=["RUS", "USA", "SUN", "AFG"], kinds=["state"]))
    explorer.kind_select.value = ()
    explorer.actor_select.value = ("USA",)
    assert set(zip(explorer.data["source"], explorer.data["target"])) == {("RUS", "USA"), ("USA", "mujahideen")}
    assert set(explorer.evidence["text"]) == {SENTENCES[(D1, 1)], SENTENCES[(D2, 1)]}
    explorer.years.value = (1979, 1990)
    assert set(zip(explorer.data["source"], explorer.data["target"])) == {("USA", "mujahideen")}
    explorer.years.value = (1979, 2025)
    explorer.actor_select.value = ()
    figure = explorer.figure
    explorer.min_mentions.value = 2
    assert explorer.figure is not figure
    explorer.min_mentions.value = 1  # back where it started: the same rows and the picture drawn for them, not drawn again
    pd.testing.assert_frame_equal(explorer.data, everything)
    assert explorer.figure is figure and set(explorer.evidence["text"]) == set(SENTENCES.values())


def test_sliders_redraw_when_released_not_at_every_step(tables):
    explorer = ActorExplorer(tables)
    assert not explorer.years.continuous_update and not explorer.min_mentions.continuous_update


def test_search_narrows_the_list_and_keeps_the_choice(tables):
    explorer = ActorExplorer(tables)
    explorer.actor_select.value = ("USA",)
    figure = explorer.figure
    explorer.search.value = "tali"
    assert [value for _, value in explorer.actor_select.options] == ["USA", "taliban"]  # the match and the choice
    assert explorer.actor_select.value == ("USA",)
    assert explorer.figure is figure  # narrowing the list changes no filter
    explorer.search.value = ""
    assert len(explorer.actor_select.options) == len(ACTORS)


def test_evidence_html_escapes_document_text(tables):
    explorer = ActorExplorer(tables)
    shown = explorer.evidence_view.value
    assert "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;" in shown
    assert "<script" not in shown and "<b>1979" not in shown and "&lt;b&gt;1979" in shown
    assert SCRIPT in set(explorer.evidence["text"].str.slice(0, len(SCRIPT)))


def test_evidence_html_limits_rows_and_says_so():
    evidence = pd.DataFrame({"document": ["d"] * 3, "date": pd.to_datetime(["2020-01-01"] * 3), "text": ["a", "b", "c"]})
    assert evidence_html(evidence, limit=2).count("<tr><td") == 2 and "2 of 3 sentences shown" in evidence_html(evidence, limit=2)
    assert "No sentences" in evidence_html(evidence.iloc[0:0])


def test_export_writes_chart_rows_and_filters(tables, tmp_path):
    explorer = ActorExplorer(tables, chart="network", reports_dir=tmp_path / "reports")
    explorer.actor_select.value = ("RUS", "USA")
    paths = explorer.export()
    assert [path.suffix for path in paths] == [".png", ".svg", ".pdf", ".csv", ".json"]
    assert all(path.parent == (tmp_path / "reports").resolve() and path.stat().st_size > 0 for path in paths)
    assert re.fullmatch(r"network_1979-2025_RUS-USA_[0-9a-f]{10}\.png", paths[0].name)  # readable part, hash of the filters
    assert len({path.stem for path in paths}) == 1
    assert paths[0].read_bytes().startswith(b"\x89PNG") and paths[2].read_bytes().startswith(b"%PDF")
    rows = pd.read_csv(paths[3])
    assert len(rows) == len(explorer.data)
    assert list(rows["evidence"]) == [" | ".join(sentences) for sentences in explorer.data["evidence"]]  # lists flattened
    assert json.loads(paths[4].read_text()) == explorer.filters()
    explorer.export_button.click()  # the button writes the same files again and says where
    assert "Wrote 5 files" in explorer.status.value and len(list((tmp_path / "reports").iterdir())) == 5


def test_export_of_other_filters_gets_other_files(tables, tmp_path):
    explorer = ActorExplorer(tables, reports_dir=tmp_path)
    first = explorer.export()
    explorer.min_mentions.value = 2  # not in the readable part of the name: only the hash tells the two apart
    second = explorer.export()
    assert {path.stem for path in first}.isdisjoint(path.stem for path in second)
    assert json.loads(first[-1].read_text())["min_mentions"] == 1 and json.loads(second[-1].read_text())["min_mentions"] == 2
    assert explorer.export() == second and len(list(tmp_path.iterdir())) == 10  # a re-export rewrites its own files


def test_export_never_overwrites_an_export_of_other_filters(tables, tmp_path):
    explorer = ActorExplorer(tables, reports_dir=tmp_path)
    record = explorer.export()[-1]
    record.write_text(json.dumps({**explorer.filters(), "min_mentions": 5}), encoding="utf-8")  # as if two filter sets shared the hash
    before = {path: path.stat().st_mtime_ns for path in tmp_path.iterdir()}
    with pytest.raises(FileExistsError, match="refusing to overwrite"):
        explorer.export()
    explorer.export_button.click()
    assert "Export failed: refusing to overwrite" in explorer.status.value
    assert {path: path.stat().st_mtime_ns for path in tmp_path.iterdir()} == before


def test_export_neutralises_formula_cells(tables, tmp_path):
    actors = tables.actors.copy()
    actors["name"] = actors["name"].astype("object").where(actors["actor_id"] != "RUS", HYPERLINK)
    explorer = ActorExplorer(dataclasses.replace(tables, actors=actors), chart="ranking", reports_dir=tmp_path)
    table_path = next(path for path in explorer.export() if path.suffix == ".csv")
    rows = pd.read_csv(table_path, dtype={"name": str}).set_index("actor_id")
    assert rows.loc["RUS", "name"] == "'" + HYPERLINK and rows.loc["USA", "name"] == "United States"
    assert rows["n_mentions"].dtype == "int64"  # numbers stay numbers


def test_redraws_leave_no_pyplot_figures_behind(tables):
    open_before = len(plt.get_fignums())
    explorer = ActorExplorer(tables)
    for minimum in (2, 1):
        explorer.min_mentions.value = minimum
    assert len(plt.get_fignums()) == open_before


def test_widget_displays_and_checks_its_chart(tables):
    explorer = ActorExplorer(tables)
    assert "application/vnd.jupyter.widget-view+json" in explorer._repr_mimebundle_()
    json.dumps(explorer.filters())
    with pytest.raises(ValueError, match="'ranking'"):
        ActorExplorer(tables, chart="pie")


def test_the_years_start_on_the_projects_years_and_offer_the_datas(tables):
    explorer = ActorExplorer(tables, chart="timeline", years=(1980, 2030))
    assert explorer.years.value == (1980, 2030)
    assert explorer.years.options[0][1] == 1979 and explorer.years.options[-1][1] == 2030
    assert set(explorer.data["event_id"]) == {"e1", "e3", "e4"}  # e2 is of 1979
    assert ActorExplorer(tables).years.value == (1979, 2025)
    with pytest.raises(ValueError, match=r"years=\(2025, 1979\) is not a range of years"):
        ActorExplorer(tables, years=(2025, 1979))


def test_use_tables_forgets_what_it_remembered_and_redraws(tables):
    explorer = ActorExplorer(tables)
    explorer.actor_select.value = ("RUS", "SUN")
    explorer.kind_select.value = ("state",)
    assert set(explorer.data["actor_id"]) == {"RUS", "SUN"}
    redrawn = []
    explorer.on_redraw(lambda: redrawn.append(explorer.data))
    # The analyst merged the Soviet Union into Russia: its rows are Russia's, its actor is gone.
    merged = dataclasses.replace(
        tables,
        mentions=tables.mentions.assign(actor_id=tables.mentions["actor_id"].replace({"SUN": "RUS"})),
        actors=tables.actors[tables.actors["actor_id"] != "SUN"],
        events=tables.events.assign(source_id=tables.events["source_id"].replace({"SUN": "RUS"})),
    )
    explorer.use_tables(merged)
    assert explorer.tables is merged and len(redrawn) == 1
    assert explorer.actor_select.value == ("RUS",) and explorer.kind_select.value == ("state",)
    assert "SUN" not in {value for _, value in explorer.actor_select.options}
    assert list(explorer.data["actor_id"]) == ["RUS"] and explorer.data.loc[0, "n_mentions"] == 3  # 2 + 1
    assert "Soviet Union" not in plotted_labels(explorer)
    explorer.actor_select.value = ()  # a setting seen before the new tables is computed again, not remembered
    assert "SUN" not in set(explorer.data["actor_id"])
    assert explorer.years.value == (1979, 2025)


def test_use_tables_keeps_a_narrowed_year_range_and_the_search(tables):
    explorer = ActorExplorer(tables, chart="timeline")
    explorer.years.value = (2025, 2025)
    explorer.search.value = "rus"
    fewer = dataclasses.replace(tables, events=tables.events[tables.events["event_id"] != "e4"])
    explorer.use_tables(fewer)
    assert explorer.years.value == (2025, 2025) and set(explorer.data["event_id"]) == {"e1"}
    assert [value for _, value in explorer.actor_select.options] == ["RUS"]


def test_chosen_events_follow_the_actors_years_and_roots(tables):
    explorer = ActorExplorer(tables, chart="timeline")
    assert set(explorer.chosen_events()["event_id"]) == {"e1", "e2", "e3", "e4"}
    explorer.actor_select.value = ("USA",)
    assert set(explorer.chosen_events()["event_id"]) == {"e3", "e4"}  # as source or as target
    explorer.years.value = (2000, 2025)
    assert set(explorer.chosen_events()["event_id"]) == {"e4"}
    explorer.actor_select.value = ()
    explorer.root_select.value = ("05",)
    assert set(explorer.chosen_events(tables)["event_id"]) == {"e1"}
