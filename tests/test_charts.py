"""analysis/charts/: chart data, the report style, source notes, GraphML, export and safe file names."""

from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ElementTree

import matplotlib

matplotlib.use("Agg")

import networkx as nx  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from analysis import charts  # noqa: E402
from analysis.tables import MOTIVE_CATEGORIES, Tables, frame  # noqa: E402
from table_helpers import actors_table, mentions_table, sentences_table  # noqa: E402

D1, D2 = "d1d1d1d1d1d1d1d1", "d2d2d2d2d2d2d2d2"
SENTENCES = {
    (D1, 0): "Russia recognised the Taliban government.",
    (D1, 1): "Russia and the United States met.",
    (D1, 2): "Russian President Vladimir Putin welcomed the Taliban envoy.",
    (D2, 0): "The Soviet Union invaded Afghanistan.",
    (D2, 1): "The United States armed the Mujahideen.",
}
MENTIONS = [  # (doc, sentence, actor)
    (D1, 0, "RUS"), (D1, 0, "taliban"), (D1, 1, "RUS"), (D1, 1, "USA"),
    (D1, 2, "RUS"), (D1, 2, "vladimir_putin"), (D1, 2, "taliban"),
    (D2, 0, "SUN"), (D2, 0, "AFG"), (D2, 1, "USA"), (D2, 1, "mujahideen"),
]
ACTORS = [
    ("RUS", "Russia", "state"), ("taliban", "Taliban", "armed_group"), ("USA", "United States", "state"),
    ("vladimir_putin", "Vladimir Putin", "person"), ("SUN", "Soviet Union", "state"),
    ("AFG", "Afghanistan", "state"), ("mujahideen", "Mujahideen", "armed_group"),
]
EVENTS = [  # (id, doc, sentence, date, source, target, verb, code, quad, goldstein, negated)
    ("e1", D1, 0, "2025-07-05", "RUS", "taliban", "recognise", "054", 1, 6.0, False),
    ("e2", D2, 0, "1979-12-27", "SUN", "AFG", "invade", "190", 4, -10.0, False),
    ("e3", D2, 1, "1980-01-01", "USA", "mujahideen", "arm", "072", 2, 8.3, False),
    ("e4", D1, 1, "2025-07-06", "RUS", "USA", "blame", "112", 3, -2.0, True),
]


STANCE_ROWS = [  # (id, doc, sentence, date, source, target, kind, score, cue, event)
    ("s1", D1, 0, "2025-07-05", "RUS", "taliban", "event", 6.0, "054", "e1"),
    ("s2", D2, 0, "1979-12-27", "SUN", "AFG", "event", -10.0, "190", "e2"),
    ("s3", D2, 1, "1980-01-01", "USA", "mujahideen", "event", 8.3, "072", "e3"),
    ("s4", D1, 2, "2025-07-06", "RUS", "taliban", "language", 4.0, "welcomed", None),
]
STANCES = frame("stances", [
    {"stance_id": stance_id, "doc_id": doc, "sent_id": sent, "date": date, "date_precision": "day", "source_id": source,
     "target_id": target, "kind": kind, "score": score, "cue": cue, "event_id": event, "evidence": SENTENCES[(doc, sent)]}
    for stance_id, doc, sent, date, source, target, kind, score, cue, event in STANCE_ROWS
])


def reversal_row(a_id, b_id, *, strength, confidence, before, after, n_before=1, n_after=1):
    return {"a_id": a_id, "b_id": b_id, "before_stance": "hostile", "after_stance": "cooperative",
            "before_start": "1979-01-01", "before_end": "1980-12-31", "before_mean": -10.0,
            "after_start": "2025-01-01", "after_end": "2025-12-31", "after_mean": 5.0, "flip_date": "2025-07-05",
            "n_before": n_before, "n_after": n_after, "docs_before": 1, "docs_after": 1, "confidence": confidence,
            "strength": strength, "evidence_before": before, "evidence_after": after}


def small_tables(**replace) -> Tables:
    """Two documents (2025 and 1979) with their sentences, mentions, actors, events, motives and a
    reversal whose evidence lists event ids (as a build from before the stances table did); no stances."""
    built = dict(
        documents=frame("documents", [
            {"doc_id": D1, "path": "news/kabul.txt", "title": "Russia recognises the Taliban", "date": "2025-07-06", "n_chars": 100},
            {"doc_id": D2, "path": "history/1979.txt", "title": None, "date": "1979-12-27", "n_chars": 80},
        ]),
        sentences=sentences_table(SENTENCES),
        mentions=mentions_table(MENTIONS),
        actors=actors_table(ACTORS, MENTIONS),
        events=frame("events", [
            {"event_id": event_id, "doc_id": doc, "sent_id": sent, "date": date, "date_precision": "day",
             "source_id": source, "target_id": target, "verb": verb, "cameo_code": code, "cameo_root": code[:2],
             "quad_class": quad, "goldstein": goldstein, "negated": negated, "text": SENTENCES[(doc, sent)]}
            for event_id, doc, sent, date, source, target, verb, code, quad, goldstein, negated in EVENTS
        ]),
        motives=frame("motives", [
            {"doc_id": D1, "sent_id": 0, "actor_id": "RUS", "category": "security", "cue": "to", "text": SENTENCES[(D1, 0)]},
            {"doc_id": D1, "sent_id": 0, "actor_id": "RUS", "category": "counter_terrorism", "cue": "to", "text": SENTENCES[(D1, 0)]},
            {"doc_id": D1, "sent_id": 2, "actor_id": "RUS", "category": "security", "cue": "to", "text": SENTENCES[(D1, 2)]},
            {"doc_id": D2, "sent_id": 0, "actor_id": "SUN", "category": "territorial", "cue": "to", "text": SENTENCES[(D2, 0)]},
        ]),
        reversals=frame("reversals", [reversal_row("RUS", "taliban", strength=0.8, confidence=0.4, before=["e2"], after=["e1"])]),
    )
    built.update(replace)
    return Tables(**built)


@pytest.fixture(scope="module")
def tables() -> Tables:
    return small_tables()


def texts(fig: Figure) -> list[str]:
    """Every piece of text on a figure: figure texts, suptitle, axes titles, labels and texts."""
    found = [text.get_text() for text in fig.texts]
    if fig._suptitle is not None:
        found.append(fig._suptitle.get_text())
    for ax in fig.axes:
        found += [ax.get_title(loc) for loc in ("left", "center", "right")]
        found += [ax.get_xlabel(), ax.get_ylabel()] + [text.get_text() for text in ax.texts]
    return [text for text in found if text]


# ─── Data ─────────────────────────────────────────────────────────────────────────────────


def test_ranking_puts_the_most_mentioned_actor_first(tables):
    data = charts.actor_ranking_data(tables)
    assert list(data.columns) == charts.RANKING_COLUMNS
    assert data.loc[0, "actor_id"] == "RUS" and data.loc[0, "n_mentions"] == 3
    assert data["n_mentions"].is_monotonic_decreasing
    assert data.loc[data["actor_id"] == "USA", "n_docs"].item() == 2


@pytest.mark.parametrize("options, expected", [
    ({"kinds": ["armed_group"]}, {"taliban", "mujahideen"}),
    ({"kinds": "person"}, {"vladimir_putin"}),
    ({"min_mentions": 2}, {"RUS", "taliban", "USA"}),
    ({"actors": ["USA", "SUN"]}, {"USA", "SUN"}),
    ({"actors": []}, set()),
    ({"kinds": ["state"], "min_mentions": 2}, {"RUS", "USA"}),
])
def test_ranking_filters(tables, options, expected):
    assert set(charts.actor_ranking_data(tables, **options)["actor_id"]) == expected


def test_ranking_top_keeps_the_first_rows(tables):
    assert list(charts.actor_ranking_data(tables, top=1)["actor_id"]) == ["RUS"]


@pytest.mark.parametrize("call, words", [
    (lambda t: charts.actor_ranking_data(t, kinds=["country"]), ["'country'", "state", "armed_group"]),
    (lambda t: charts.actor_ranking_data(t, min_mentions=0), ["min_mentions=0", "≥ 1"]),
    (lambda t: charts.event_timeline_data(t, roots=["21"]), ["'21'", "01"]),
    (lambda t: charts.event_timeline_data(t, quad_classes=[5]), ["5", "1, 2, 3, 4"]),
    (lambda t: charts.event_timeline_data(t, start=2020, end=2000), ["start=2020", "end=2000"]),
    (lambda t: charts.dyad_heatmap_data(t, period="month"), ["'month'", "'decade'"]),
])
def test_bad_options_name_the_value_and_the_allowed_ones(tables, call, words):
    with pytest.raises(ValueError) as error:
        call(tables)
    for word in words:
        assert word in str(error.value)


def test_cooccurrence_edges_carry_their_sentences(tables):
    edges = charts.cooccurrence_data(tables)
    edge = edges[(edges["source"] == "RUS") & (edges["target"] == "taliban")].iloc[0]
    assert edge["weight"] == 2
    assert edge["evidence"] == [SENTENCES[(D1, 0)], SENTENCES[(D1, 2)]]
    assert edge["source_name"] == "Russia"
    assert edges["weight"].is_monotonic_decreasing
    assert (edges["source"] < edges["target"]).all()


def test_cooccurrence_filters(tables):
    around_usa = charts.cooccurrence_data(tables, actors=["USA"])
    assert set(around_usa["source"]) | set(around_usa["target"]) == {"USA", "RUS", "mujahideen"}
    states = charts.cooccurrence_data(tables, kinds=["state"])
    assert set(zip(states["source"], states["target"])) == {("RUS", "USA"), ("AFG", "SUN")}
    assert set(charts.cooccurrence_data(tables, min_weight=2)["target"]) == {"taliban"}


def test_cooccurrence_graph_round_trips_through_graphml(tables, tmp_path):
    graph = charts.cooccurrence_graph(tables)
    assert graph.nodes["RUS"] == {"name": "Russia", "kind": "state", "n_mentions": 3}
    assert graph.edges["RUS", "taliban"]["evidence"] == [SENTENCES[(D1, 0)], SENTENCES[(D1, 2)]]
    path = charts.export_graphml(graph, tmp_path / "graphs" / "actors.graphml")
    read = nx.read_graphml(path)
    assert set(read.nodes) == set(graph.nodes) and read.number_of_edges() == graph.number_of_edges()
    assert read.nodes["taliban"]["kind"] == "armed_group" and read.nodes["taliban"]["n_mentions"] == 2
    assert read.edges["RUS", "taliban"]["weight"] == 2
    assert read.edges["RUS", "taliban"]["evidence"] == f"{SENTENCES[(D1, 0)]} | {SENTENCES[(D1, 2)]}"


def test_graph_keeps_a_chosen_actor_without_edges_and_top_trims(tables):
    edges = charts.cooccurrence_data(tables, actors=["SUN"])
    assert set(charts.graph_from_edges(edges, tables, actors=["SUN", "vladimir_putin"]).nodes) == {"SUN", "AFG", "vladimir_putin"}
    trimmed = charts.graph_from_edges(charts.cooccurrence_data(tables), tables, top=3)
    assert set(trimmed.nodes) == {"RUS", "taliban", "USA"}
    assert set(map(frozenset, trimmed.edges)) == {frozenset({"RUS", "taliban"}), frozenset({"RUS", "USA"})}


@pytest.mark.parametrize("options", [
    {}, {"actors": ["USA"]}, {"actors": ["RUS", "SUN"]}, {"actors": []}, {"kinds": ["state"]},
    {"kinds": ["state", "armed_group"], "actors": ["RUS"]}, {"actors": ["nobody"]},
], ids=str)
def test_cooccurrence_subset_cuts_the_unfiltered_edges_as_the_filters_would(tables, options):
    subset = charts.cooccurrence_subset(charts.cooccurrence_data(tables), tables, **options)
    expected = charts.cooccurrence_data(tables, **options)
    columns = ["source", "target", "weight", "evidence"]
    assert subset[columns].astype(object).values.tolist() == expected[columns].astype(object).values.tolist()


def test_network_says_how_many_actors_it_leaves_out(tables):
    edges = charts.cooccurrence_data(tables)
    trimmed = charts.draw_cooccurrence_network(charts.graph_from_edges(edges, tables, top=3), documents=tables.documents, top=3)
    assert "the 3 most mentioned of 7 actors" in trimmed.axes[0].get_xlabel()
    whole = charts.draw_cooccurrence_network(charts.graph_from_edges(edges, tables), documents=tables.documents, top=3)
    assert "the 3 most mentioned of 7 actors" in whole.axes[0].get_xlabel()  # trimmed while drawing, said the same
    every = charts.cooccurrence_network(tables, top=40)
    assert "most mentioned" not in every.axes[0].get_xlabel()


@pytest.mark.parametrize("options, expected", [
    ({}, ["e2", "e3", "e4", "e1"]),
    ({"roots": ["19"]}, ["e2"]),
    ({"roots": [5]}, ["e1"]),
    ({"quad_classes": [2, "4"]}, ["e2", "e3"]),
    ({"actors": ["USA"]}, ["e3", "e4"]),
    ({"start": 2000}, ["e4", "e1"]),
    ({"start": 1979, "end": 1979}, ["e2"]),
    ({"top": 1}, ["e2"]),
])
def test_timeline_filters(tables, options, expected):
    data = charts.event_timeline_data(tables, **options)
    assert list(data.columns) == charts.TIMELINE_COLUMNS
    assert sorted(data["event_id"]) == sorted(expected)


def test_timeline_rows_are_dyads_or_sources_in_order_of_first_event(tables):
    data = charts.event_timeline_data(tables)
    assert list(dict.fromkeys(data["row"])) == ["Soviet Union → Afghanistan", "United States → Mujahideen", "Russia → Taliban", "Russia → United States"]
    assert list(dict.fromkeys(charts.event_timeline_data(tables, by="source")["row"])) == ["Soviet Union", "United States", "Russia"]


def dyad(source, target, year, observations, documents, mean):
    return {"source_id": source, "target_id": target, "period_start": f"{year}-01-01", "period_end": f"{year}-12-31",
            "n_observations": observations, "n_documents": documents, "mean_score": mean}


def test_heatmap_from_the_dyads_table_rebins_by_period(tables):
    dyads = frame("dyads", [
        dyad("RUS", "taliban", 2021, 5, 1, 6.0), dyad("RUS", "taliban", 2025, 3, 3, 2.0), dyad("SUN", "AFG", 1979, 1, 1, -10.0),
    ])
    with_dyads = small_tables(dyads=dyads)
    decades = charts.dyad_heatmap_data(with_dyads, period="decade")  # the default now follows the span (5y here)
    assert list(decades.columns) == charts.HEATMAP_COLUMNS
    row = decades[decades["source_id"] == "RUS"].iloc[0]
    # Documents are the units: one document at +6 and three at +2 give +3, whatever the observations.
    assert (row["pair"], row["period"], row["n_observations"], row["mean_score"]) == ("Russia → Taliban", "2020s", 8, 3.0)
    assert decades.dtypes[["n_observations", "mean_score"]].tolist() == ["int64", "float64"]
    assert len(charts.dyad_heatmap_data(with_dyads, period="year")) == 3
    assert set(charts.dyad_heatmap_data(with_dyads, period="5y")["period"]) == {"2020–24", "2025–29", "1975–79"}
    assert set(charts.dyad_heatmap_data(with_dyads, actors=["AFG"])["pair"]) == {"Soviet Union → Afghanistan"}


def test_heatmap_without_dyads_or_stances_comes_from_the_events(tables):
    data = charts.dyad_heatmap_data(tables, period="decade")  # as chart_evidence's default period
    russia = data[(data["source_id"] == "RUS") & (data["period"] == "2020s")]
    assert russia["mean_score"].tolist() == [6.0]  # the negated event does not count
    assert (data["mean_score"].between(-10, 10)).all()
    evidence = charts.chart_evidence(tables, data, chart="heatmap")
    assert SENTENCES[(D1, 0)] in set(evidence["text"]) and SENTENCES[(D1, 1)] not in set(evidence["text"])


def test_heatmap_without_dyads_comes_from_the_stances(tables):
    """Events and evaluative language both count; the cells' evidence is the observations' sentences."""
    with_stances = small_tables(stances=STANCES)
    data = charts.dyad_heatmap_data(with_stances, period="decade")  # as chart_evidence's default period
    russia = data[(data["source_id"] == "RUS") & (data["target_id"] == "taliban")].iloc[0]
    assert (russia["n_observations"], russia["mean_score"]) == (2, 5.0)  # one document: (6 + 4) / 2
    # Folded into families: the Soviet Union → Russia, the Mujahideen → the Taliban.
    assert set(zip(data["source_id"], data["target_id"])) == {("RUS", "taliban"), ("RUS", "AFG"), ("USA", "taliban")}
    evidence = charts.chart_evidence(with_stances, data[data["target_id"] == "taliban"].head(1), chart="heatmap")
    assert set(evidence["text"]) == {SENTENCES[(D1, 0)], SENTENCES[(D1, 2)]}
    fig = charts.dyad_heatmap(with_stances)
    assert "Mean stance score per actor pair" in texts(fig)
    assert any(ax.get_ylabel() == "mean stance score (Goldstein scale)" for ax in fig.axes)  # the colour bar


def test_motives_by_actor_counts_in_the_declared_category_order(tables):
    data = charts.motives_by_actor_data(tables)
    assert list(data.columns) == charts.MOTIVE_COLUMNS
    assert list(data["category"].cat.categories) == list(MOTIVE_CATEGORIES) and data["category"].cat.ordered
    russia = data[data["actor_id"] == "RUS"]
    assert list(russia["category"]) == ["counter_terrorism", "security"] and list(russia["n_motives"]) == [1, 2]
    assert list(dict.fromkeys(data["actor_id"])) == ["RUS", "SUN"]
    assert set(charts.motives_by_actor_data(tables, actors=["SUN"])["actor_id"]) == {"SUN"}


def test_reversal_panel_data_takes_a_row_and_splits_its_evidence(tables):
    row = {"a_id": "RUS", "b_id": "taliban", "before_stance": "hostile", "after_stance": "cooperative",
           "before_start": "1979-01-01", "before_end": "1979-12-31", "after_start": "2025-01-01", "after_end": "2025-12-31",
           "flip_date": "2002-07-01", "strength": 0.3, "evidence_before": ["e2"], "evidence_after": ["e1"]}
    data = charts.reversal_panel_data(tables, reversal=row)
    assert list(data.columns) == charts.REVERSAL_COLUMNS
    # An events-only build: the evidence ids are event ids, read from the events table.
    assert list(zip(data["side"], data["event_id"], data["kind"], data["score"], data["cue"])) == [
        ("before", "e2", "event", -10.0, "190"), ("after", "e1", "event", 6.0, "054")]
    assert list(data["text"]) == [SENTENCES[(D2, 0)], SENTENCES[(D1, 0)]]
    fig = charts.reversal_panel(small_tables(reversals=frame("reversals", [row])))
    assert "Role reversal: Russia and Taliban, hostile → cooperative" in texts(fig)
    with pytest.raises(ValueError, match="evidence_before"):
        charts.reversal_panel_data(tables, reversal={"a_id": "RUS"})


def test_reversal_panel_evidence_comes_from_the_stances_table():
    row = reversal_row("RUS", "taliban", strength=0.75, confidence=0.6, before=["s2"], after=["s1", "s4"], n_after=2)
    with_stances = small_tables(stances=STANCES, reversals=frame("reversals", [row]))
    data = charts.reversal_panel_data(with_stances)
    assert list(zip(data["side"], data["stance_id"], data["kind"], data["score"], data["cue"])) == [
        ("before", "s2", "event", -10.0, "190"), ("after", "s1", "event", 6.0, "054"), ("after", "s4", "language", 4.0, "welcomed")]
    assert list(data["text"]) == [SENTENCES[(D2, 0)], SENTENCES[(D1, 0)], SENTENCES[(D1, 2)]]  # the stances' evidence
    assert data["event_id"].tolist()[:2] == ["e2", "e1"] and pd.isna(data["event_id"].iloc[2])
    assert data["verb"].tolist()[:2] == ["invade", "recognise"]  # the event's verb, for its label
    assert list(data["date"]) == [pd.Timestamp("1979-12-27"), pd.Timestamp("2025-07-05"), pd.Timestamp("2025-07-06")]
    evidence = charts.chart_evidence(with_stances, data, chart="reversal")
    assert set(evidence["text"]) == {SENTENCES[(D2, 0)], SENTENCES[(D1, 0)], SENTENCES[(D1, 2)]}


def test_reversal_panel_falls_back_to_the_events_for_event_ids_and_to_the_sentences_for_text():
    stances = STANCES.assign(evidence=pd.Series([None] * len(STANCES), dtype="string"))
    row = reversal_row("RUS", "taliban", strength=0.75, confidence=0.6, before=["e2"], after=["s4"])
    data = charts.reversal_panel_data(small_tables(stances=stances), reversal=row)
    assert list(zip(data["stance_id"], data["kind"])) == [("e2", "event"), ("s4", "language")]
    assert list(data["text"]) == [SENTENCES[(D2, 0)], SENTENCES[(D1, 2)]]


def test_reversal_panel_keeps_the_order_of_the_reversals_table():
    """The table comes ranked by strength · confidence: a stronger but unsure reversal stays second."""
    surer = reversal_row("RUS", "taliban", strength=0.5, confidence=0.9, before=["s2"], after=["s1"], n_before=3, n_after=4)
    stronger = reversal_row("USA", "mujahideen", strength=0.9, confidence=0.2, before=["s2"], after=["s3"])
    with_both = small_tables(stances=STANCES, reversals=frame("reversals", [surer, stronger]))
    listed = charts.reversal_list(with_both)
    assert list(listed.columns) == charts.REVERSAL_LIST_COLUMNS
    assert list(zip(listed["position"], listed["a"], listed["b"])) == [(0, "Russia", "Taliban"), (1, "United States", "Mujahideen")]
    assert list(zip(listed["n_before"], listed["n_after"], listed["confidence"])) == [(3, 4, 0.9), (1, 1, 0.2)]
    assert charts.pick_reversal(with_both)["a_id"] == "RUS"
    assert charts.pick_reversal(with_both, reversal=1)["a_id"] == "USA"
    shown = texts(charts.reversal_panel(with_both))
    assert "Role reversal: Russia and Taliban, hostile → cooperative (confidence 0.90)" in shown
    assert "Before: 1979–1980 · hostile · 3 observations, 1 document" in shown
    assert "After: 2025 · cooperative · 4 observations, 1 document" in shown


def test_reversal_panel_says_so_when_there_is_none():
    fig = charts.reversal_panel(Tables())
    assert "no role reversals found in these tables" in texts(fig)
    assert charts.reversal_panel_data(Tables()).empty
    assert charts.reversal_list(Tables()).empty and list(charts.reversal_list(Tables()).columns) == charts.REVERSAL_LIST_COLUMNS


def test_evidence_lists_the_sentences_with_their_documents(tables):
    data = charts.actor_ranking_data(tables, actors=["USA"])
    evidence = charts.chart_evidence(tables, data, chart="ranking")
    assert list(evidence.columns) == charts.EVIDENCE_COLUMNS
    assert list(evidence["text"]) == [SENTENCES[(D2, 1)], SENTENCES[(D1, 1)]]  # by document date
    assert list(evidence["document"]) == ["history/1979.txt", "Russia recognises the Taliban"]  # title, else path


# ─── Figures ──────────────────────────────────────────────────────────────────────────────

CHARTS = {
    "ranking": lambda t, empty: charts.actor_ranking(t, kinds=["igo"] if empty else None),
    "network": lambda t, empty: charts.cooccurrence_network(t, actors=[] if empty else None),
    "timeline": lambda t, empty: charts.event_timeline(t, start=1900 if empty else 1979, end=1901 if empty else 2025),
    "heatmap": lambda t, empty: charts.dyad_heatmap(t, actors=["nobody"] if empty else None),
    "motives": lambda t, empty: charts.motives_by_actor(t, actors=[] if empty else None),
    "reversal": lambda t, empty: charts.reversal_panel(Tables() if empty else t),
}


@pytest.mark.parametrize("empty", [False, True], ids=["data", "empty"])
@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_has_a_title_axis_labels_and_a_source_note(tables, name, empty):
    fig = CHARTS[name](tables, empty)
    assert isinstance(fig, Figure)
    assert fig._suptitle is not None or any(ax.get_title("left") or ax.get_title() for ax in fig.axes)
    assert fig.axes[0].get_xlabel()
    if name != "network":  # a network's positions are a layout, not a scale
        assert fig.axes[0].get_ylabel()
    notes = [text.get_text() for text in fig.texts if text.get_text().startswith("Source: ")]
    assert len(notes) == 1
    if empty:
        assert notes[0] == "Source: 0 documents"
        says_why = {"no events in 1900–1901", "no stance observations for a pair with nobody"}  # timeline, heatmap
        assert any("no data for these filters" in text or "no role reversals" in text or text in says_why for text in texts(fig))
    else:
        assert re.match(r"Source: [12] documents?: ", notes[0])
    fig.savefig(io.BytesIO(), format="png", dpi=50)  # draws without error


def test_source_note_names_titles_else_paths(tables):
    fig = charts.event_timeline(tables)
    note = next(text.get_text() for text in fig.texts if text.get_text().startswith("Source:"))
    assert note == "Source: 2 documents: Russia recognises the Taliban; history/1979.txt"


def test_negated_events_are_hollow(tables):
    fig = charts.event_timeline(tables)
    hollow = [collection for collection in fig.axes[0].collections if len(collection.get_facecolors()) == 0]
    assert len(hollow) == 1 and len(hollow[0].get_offsets()) == 1


def test_names_with_dollars_are_not_mathematics():
    odd = small_tables(actors=frame("actors", [{"actor_id": "RUS", "name": "A $5 $ deal_{x}", "kind": "state", "n_mentions": 3, "n_docs": 1}]))
    fig = charts.actor_ranking(odd)
    fig.savefig(io.BytesIO(), format="png", dpi=50)
    assert "A $5 $ deal_{x}" in [label.get_text() for label in fig.axes[0].get_yticklabels()]


def test_report_style_is_applied_only_inside_the_context():
    before = matplotlib.rcParams["axes.spines.top"]
    with charts.report_style():
        assert matplotlib.rcParams["savefig.dpi"] == 300
        assert matplotlib.rcParams["axes.spines.top"] is False and matplotlib.rcParams["axes.spines.right"] is False
        assert matplotlib.rcParams["figure.constrained_layout.use"] is True
    assert matplotlib.rcParams["axes.spines.top"] == before


# ─── Export ───────────────────────────────────────────────────────────────────────────────


def png_dpi(data: bytes) -> float:
    """Dots per inch from a PNG's pHYs chunk (pixels per metre)."""
    position = 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        if kind == b"pHYs":
            per_metre = struct.unpack(">I", data[position + 8:position + 12])[0]
            return per_metre * 0.0254
        position += 12 + length
    raise AssertionError("no pHYs chunk")


def test_export_writes_png_svg_and_pdf(tables, tmp_path):
    fig = charts.actor_ranking(tables)
    paths = charts.export(fig, "Mentions / Russia → Taliban", directory=tmp_path / "reports")
    assert [path.name for path in paths] == [f"Mentions_Russia_Taliban.{suffix}" for suffix in ("png", "svg", "pdf")]
    png, svg, pdf = (path.read_bytes() for path in paths)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and round(png_dpi(png)) == 300
    width, height = struct.unpack(">II", png[16:24])
    assert width > 1500 and height > 1000
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000 and b"%%EOF" in pdf[-64:]


def test_export_is_reproducible(tables, tmp_path):
    """The same tables give byte-identical SVG and PDF files (no time stamps, no random ids)."""
    first, second = (
        [path.read_bytes() for path in charts.export(charts.motives_by_actor(tables), "a", directory=tmp_path / run, formats=["svg", "pdf"])]
        for run in ("first", "second")
    )
    assert first == second


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd", "etc_passwd"),
    ("", "chart"),
    ("..", "chart"),
    (".", "chart"),
    ("/", "chart"),
    (".hidden", "hidden"),
    ("Ünïcödé/name", "Unicode_name"),
    ("a" * 500, "a" * 100),
    ("first line\nsecond\r\nthird", "first_line_second_third"),
    ("Russia → Taliban (2025)", "Russia_Taliban_2025"),
    ("report..v2.png", "report_v2.png"),
    ("C:\\Windows\\system32", "C_Windows_system32"),
    ("CON", "_CON"),
    ("nul.txt", "_nul.txt"),
    ("timeline_1979-2025_RUS", "timeline_1979-2025_RUS"),
    ("台北", "TaiBei"),              # transliterated, not one shared "chart"
    ("ℹ", "i"),
])
def test_safe_filename(name, expected):
    safe = charts.safe_filename(name)
    assert safe == expected
    assert re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,99}", safe) and ".." not in safe


@pytest.mark.parametrize("name", ["../../outside", "/tmp/absolute", "..", "sub/dir/name", "~/home"])
def test_export_never_writes_outside_its_directory(tables, tmp_path, name):
    directory = tmp_path / "reports"
    paths = charts.export(charts.motives_by_actor(tables), name, directory=directory, formats=["svg"])
    assert all(path.resolve().parent == directory.resolve() for path in paths)
    assert sorted(path.name for path in tmp_path.rglob("*") if path.is_file()) == sorted(path.name for path in paths)


def test_export_refuses_a_planted_symlink(tables, tmp_path):
    directory, outside = tmp_path / "reports", tmp_path / "precious.svg"
    directory.mkdir()
    outside.write_text("keep me")
    (directory / "chart.svg").symlink_to(outside)
    with pytest.raises(ValueError, match="outside"):
        charts.export(charts.actor_ranking(tables), "chart", directory=directory, formats=["svg"])
    assert outside.read_text() == "keep me"


# ─── Seeds ────────────────────────────────────────────────────────────────────────────────


def test_charts_on_the_seed_build(seed_tables):
    ranking = charts.actor_ranking_data(seed_tables)
    assert ranking.loc[0, "actor_id"] == "RUS"
    timeline = charts.event_timeline_data(seed_tables)
    recognition = timeline[(timeline["source_id"] == "RUS") & (timeline["target_id"] == "taliban")]
    assert "Russia → Taliban" in set(recognition["row"]) and (recognition["goldstein"] > 0).any()
    edges = charts.cooccurrence_data(seed_tables, actors=["RUS"])
    assert any("Taliban" in sentence for sentence in edges.loc[edges["target"] == "taliban", "evidence"].iloc[0])
    for name, build in CHARTS.items():
        fig = build(seed_tables, False)
        notes = [text.get_text() for text in fig.texts if text.get_text().startswith("Source: ")]
        assert notes and notes[0].startswith("Source: 1 document: "), name
