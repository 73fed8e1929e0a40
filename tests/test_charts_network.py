"""analysis/charts/network.py, layout.py, network_drawing.py and event_graph.py: the co-occurrence
picture (communities apart, named actors, lines by weight, key, empty states) and the events graph."""

from __future__ import annotations

import itertools
import json
import os
import random
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree

import matplotlib

matplotlib.use("Agg")

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.collections import LineCollection, PathCollection  # noqa: E402
from matplotlib.patches import Circle  # noqa: E402

from analysis import charts  # noqa: E402
from analysis.charts import layout  # noqa: E402
from analysis.charts.network import readable_min_weight  # noqa: E402
from analysis.tables import Tables, frame  # noqa: E402

DOC = "n1n1n1n1n1n1n1n1"


def actor_graph(edges, *, mentions=None, kinds=None) -> nx.Graph:
    """A co-occurrence graph as graph_from_edges makes one, from (a, b, weight) triples."""
    graph = nx.Graph()
    for a, b, weight in edges:
        graph.add_edge(a, b, weight=weight, evidence=[])
    for node in graph.nodes:
        graph.nodes[node].update(name=f"Actor {node}", kind=(kinds or {}).get(node, "state"), n_mentions=(mentions or {}).get(node, 10))
    return graph


def two_cliques(size: int = 6) -> nx.Graph:
    """Two cliques of `size` actors (a0…, b0…) joined by one edge a0–b0."""
    edges = [(f"a{i}", f"a{j}", 3) for i, j in itertools.combinations(range(size), 2)]
    edges += [(f"b{i}", f"b{j}", 3) for i, j in itertools.combinations(range(size), 2)]
    return actor_graph(edges + [("a0", "b0", 1)])


def draw(graph: nx.Graph, **options):
    return charts.draw_cooccurrence_network(graph, documents=frame("documents"), **options)


def node_positions(fig, graph: nx.Graph) -> dict:
    """Node → drawn position (inches in the plot) of a graph drawn whole: nodes are drawn in sorted order."""
    offsets = next(c for c in fig.axes[0].collections if isinstance(c, PathCollection)).get_offsets()
    return dict(zip(sorted(graph.nodes, key=str), np.asarray(offsets)))


def lines(fig) -> int:
    return sum(len(c.get_segments()) for c in fig.axes[0].collections if isinstance(c, LineCollection))


def key_texts(fig) -> list[str]:
    key = next(ax for ax in fig.axes if ax.get_label() == "key")
    return [text.get_text() for text in key.texts]


# ─── Layout ───────────────────────────────────────────────────────────────────────────────


def test_two_cliques_joined_by_one_edge_are_drawn_as_two_separate_groups():
    graph = two_cliques()
    assert sorted(map(sorted, layout.communities(graph))) == [[f"a{i}" for i in range(6)], [f"b{i}" for i in range(6)]]
    position = node_positions(draw(graph), graph)
    groups = [np.array([position[f"{side}{i}"] for i in range(6)]) for side in "ab"]
    centres = [group.mean(axis=0) for group in groups]
    spread = max(np.linalg.norm(group - centre, axis=1).max() for group, centre in zip(groups, centres))
    # A spring layout of the whole graph puts the two cliques side by side, touching at a0–b0; the
    # community layout packs them apart: the gap between them is wider than either group.
    assert np.linalg.norm(centres[0] - centres[1]) > 2.2 * spread
    for group, own, other in ((groups[0], centres[0], centres[1]), (groups[1], centres[1], centres[0])):
        assert (np.linalg.norm(group - own, axis=1) < np.linalg.norm(group - other, axis=1)).all()


def test_communities_get_a_light_disc_and_the_key_says_what_it_is():
    fig = draw(two_cliques())
    discs = [patch for patch in fig.axes[0].artists + fig.axes[0].patches if isinstance(patch, Circle)]
    assert len(discs) == 2
    assert any("community" in text for text in key_texts(fig))
    star = actor_graph([("hub", f"s{i}", 1) for i in range(8)])  # one community: a disc round everything says nothing
    fig = draw(star)
    assert not [patch for patch in fig.axes[0].artists + fig.axes[0].patches if isinstance(patch, Circle)]
    assert not any("community" in text for text in key_texts(fig))


def test_the_same_graph_built_in_another_order_gives_the_same_picture():
    graph = two_cliques()
    edges = list(graph.edges(data=True))
    random.Random(3).shuffle(edges)
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(graph.nodes(data=True), reverse=True))
    shuffled.add_edges_from((b, a, data) for a, b, data in edges)
    first, second = node_positions(draw(graph), graph), node_positions(draw(shuffled), shuffled)
    assert first.keys() == second.keys()
    assert all(np.allclose(first[node], second[node]) for node in first)
    assert layout.LAYOUT_SEED == charts.LAYOUT_SEED


LAYOUT_IN_A_PROCESS = """
import json, networkx as nx
from analysis.charts.layout import network_layout
graph = nx.relabel_nodes(nx.gnp_random_graph(30, 0.2, seed=1), lambda node: f"actor {node}")
nx.set_edge_attributes(graph, {edge: 1 + sum(map(len, edge)) % 5 for edge in graph.edges}, "weight")
print(json.dumps({node: [round(float(value), 9) for value in point] for node, point in network_layout(graph).positions.items()}))
"""


def test_the_layout_does_not_depend_on_the_hash_seed():
    """Set iteration order changes with PYTHONHASHSEED: a layout reading a set in its order would
    give another picture in every notebook session."""
    runs = [subprocess.run([sys.executable, "-c", LAYOUT_IN_A_PROCESS], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")]
    assert runs[0] == runs[1] and len(json.loads(runs[0])) == 30


def crowd(count: int = 40, *, mentions=None, seed: int = 5) -> nx.Graph:
    """`count` actors, about a third of all pairs sharing 1–20 sentences; each mentioned `mentions`
    times (None: 5–900 at random)."""
    rng = random.Random(seed)
    nodes = [f"n{i}" for i in range(count)]
    edges = [(a, b, rng.randint(1, 20)) for a, b in itertools.combinations(nodes, 2) if rng.random() < 0.3]
    return actor_graph(edges, mentions={node: mentions or rng.randint(5, 900) for node in nodes})


def test_nodes_do_not_overlap_and_stay_in_the_plot():
    graph = crowd(mentions=500)  # forty nodes, all of the largest size: more than the plot holds at that size
    fig = draw(graph)
    points = np.array(list(node_positions(fig, graph).values()))
    sizes = next(c for c in fig.axes[0].collections if isinstance(c, PathCollection)).get_sizes()
    radii = np.sqrt(np.broadcast_to(sizes, len(points))) / 2 / 72
    for i, j in itertools.combinations(range(len(points)), 2):
        assert np.linalg.norm(points[i] - points[j]) >= radii[i] + radii[j]
    width, height = fig.axes[0].get_xlim()[1], fig.axes[0].get_ylim()[1]
    assert (points - radii[:, None] >= 0).all() and (points[:, 0] + radii <= width).all() and (points[:, 1] + radii <= height).all()
    key = next(ax for ax in fig.axes if ax.get_label() == "key")
    assert max(c.get_sizes().max() for c in key.collections if isinstance(c, PathCollection)) == pytest.approx(sizes.max())  # drawn smaller, and so said


def test_only_the_shown_nodes_are_laid_out_so_a_big_graph_draws_fast():
    rng = random.Random(1)
    nodes = [f"n{i}" for i in range(3000)]
    edges = {(a, b) for a, b in (rng.sample(nodes, 2) for _ in range(30000))}
    graph = actor_graph([(a, b, rng.randint(1, 9)) for a, b in edges], mentions={node: rng.randint(1, 500) for node in nodes})
    start = time.perf_counter()
    fig = draw(graph, top=40)
    assert time.perf_counter() - start < 5  # a layout of 3,000 nodes would take minutes
    points = next(c for c in fig.axes[0].collections if isinstance(c, PathCollection)).get_offsets()
    assert len(points) == 40
    assert "the 40 most mentioned of 3,000 actors" in fig.axes[0].get_xlabel()


# ─── Names ────────────────────────────────────────────────────────────────────────────────


def label_texts(fig) -> list[str]:
    return [text.get_text() for text in fig.axes[0].texts]


def test_only_labels_actors_are_named_the_most_mentioned():
    graph = actor_graph([(f"x{i}", f"x{j}", 1) for i, j in itertools.combinations(range(12), 2)],
                        mentions={f"x{i}": 100 - i for i in range(12)})
    fig = draw(graph, labels=4)
    assert sorted(label_texts(fig)) == ["Actor x0", "Actor x1", "Actor x2", "Actor x3"]
    assert "12 actors, 4 of them named" in fig.axes[0].get_xlabel()
    assert label_texts(draw(graph, labels=0)) == []
    assert len(label_texts(draw(graph))) == 12  # the default (15) names all of a small picture


def test_each_community_has_its_most_mentioned_actor_named_before_the_rest():
    graph = two_cliques()
    for i in range(6):
        graph.nodes[f"a{i}"]["n_mentions"] = 100 + i  # every a more mentioned than any b
        graph.nodes[f"b{i}"]["n_mentions"] = 10 + i
    assert sorted(label_texts(draw(graph, labels=3))) == ["Actor a4", "Actor a5", "Actor b5"]


def test_a_chosen_actor_is_named_first():
    graph = actor_graph([(f"x{i}", f"x{j}", 1) for i, j in itertools.combinations(range(6), 2)],
                        mentions={f"x{i}": 100 - i for i in range(6)})
    graph.graph["actors"] = ["x5"]
    assert sorted(label_texts(draw(graph, labels=2))) == ["Actor x0", "Actor x5"]


def test_names_overlap_neither_each_other_nor_other_nodes():
    graph = crowd()
    for node in graph.nodes:
        graph.nodes[node]["name"] = f"A rather long actor name {node}"
    fig = draw(graph, labels=40)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [text.get_window_extent(renderer) for text in fig.axes[0].texts]
    assert len(boxes) >= 15  # crowded, but most still find room
    for first, second in itertools.combinations(boxes, 2):
        assert not first.overlaps(second), (first, second)
    named = len(boxes)
    assert (f"40 actors, {named} of them named" in fig.axes[0].get_xlabel()) == (named < 40)


def test_place_labels_keeps_off_nodes_and_inside_the_box():
    points = np.array([[1.0, 1.0], [1.0, 1.3], [1.3, 1.0]])
    radii = np.full(3, 0.1)
    spots = layout.place_labels(points, radii, [0], np.array([[0.6, 0.12]]), (0, 0, 2, 2))
    (x, y), = spots
    nearest = np.clip(points, [x - 0.3, y - 0.06], [x + 0.3, y + 0.06])
    assert (np.hypot(*(points - nearest).T) >= radii).all()
    assert 0 <= x - 0.3 and x + 0.3 <= 2 and 0 <= y - 0.06 and y + 0.06 <= 2
    assert layout.place_labels(points, radii, [0], np.array([[5.0, 0.12]]), (0, 0, 2, 2)) == [None]  # no room: no name


# ─── Lines ────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("weights, nodes, expected", [
    ([1] * 50 + [5] * 6, 4, 5),  # 56 lines for 4 actors: only the 6 heavy ones
    ([1, 2, 3], 4, 1),  # few lines: all of them
    ([2] * 40 + [3] * 5, 10, 3),  # 45 lines ≥ 2 are more than 30; the 5 ≥ 3 fit
    ([3] * 20, 2, 3),  # even the heaviest tie is too many: those stay
    ([], 5, 1),
])
def test_readable_min_weight_is_the_smallest_that_leaves_three_lines_an_actor(weights, nodes, expected):
    assert readable_min_weight(weights, nodes) == expected


def test_the_default_minimum_drops_the_light_lines_and_says_how_many_are_shown():
    nodes = [f"x{i}" for i in range(10)]
    heavy = {("x0", "x1"), ("x2", "x3"), ("x4", "x5"), ("x6", "x7"), ("x8", "x9"), ("x0", "x9")}
    graph = actor_graph([(a, b, 5 if (a, b) in heavy else 1) for a, b in itertools.combinations(nodes, 2)])
    fig = draw(graph)
    assert lines(fig) == 6
    assert "lines: pairs sharing ≥ 5 sentences, 6 of 45 shown" in fig.axes[0].get_xlabel()
    every = draw(graph, min_weight=1)  # an explicit minimum wins
    assert lines(every) == 45 and "lines: pairs sharing a sentence, 45 of 45 shown" in every.axes[0].get_xlabel()


def test_an_explicit_min_weight_of_the_chart_function_keeps_working():
    tables = make_tables([["RUS", "taliban"], ["RUS", "taliban"], ["RUS", "USA"], ["USA", "mujahideen"]])
    fig = charts.cooccurrence_network(tables, min_weight=2)
    assert lines(fig) == 1 and "lines: pairs sharing ≥ 2 sentences, 1 of 1 shown" in fig.axes[0].get_xlabel()
    fig = charts.cooccurrence_network(tables)
    assert lines(fig) == 3 and "lines: pairs sharing a sentence, 3 of 3 shown" in fig.axes[0].get_xlabel()


# ─── Key ──────────────────────────────────────────────────────────────────────────────────


def test_the_key_shows_kinds_node_sizes_and_line_widths_at_the_pictures_scales():
    graph = actor_graph([("a", "b", 2), ("b", "c", 40), ("c", "d", 7), ("a", "c", 1)],
                        mentions={"a": 12, "b": 300, "c": 45, "d": 3}, kinds={"a": "armed_group", "d": "person"})
    key = key_texts(draw(graph))
    assert key[0] == "colour: actor kind"
    assert {"state", "armed group", "person"} <= set(key) and "organization" not in key  # only the kinds shown
    assert "size: mentions" in key and {"300", "3"} <= set(key)
    assert any(text.startswith("line width: sentences") for text in key) and {"40", "1"} <= set(key)


# ─── Empty states ─────────────────────────────────────────────────────────────────────────

SENTENCE_ACTORS = [["RUS", "taliban"], ["RUS", "taliban"], ["RUS", "USA"], ["USA", "mujahideen"], ["vladimir_putin"]]
NAMES = {"RUS": ("Russia", "state"), "taliban": ("Taliban", "armed_group"), "USA": ("United States", "state"),
         "mujahideen": ("Mujahideen", "armed_group"), "vladimir_putin": ("Vladimir Putin", "person")}


def make_tables(sentence_actors=SENTENCE_ACTORS, events=()) -> Tables:
    """One document whose sentence i names the actors sentence_actors[i]."""
    texts = {index: " and ".join(NAMES[actor][0] for actor in actors) + " met." for index, actors in enumerate(sentence_actors)}
    mentions = [{"doc_id": DOC, "sent_id": index, "start": 0, "end": 1, "text": actor, "label": "GPE", "actor_id": actor,
                 "method": "knowledge_base"} for index, actors in enumerate(sentence_actors) for actor in actors]
    return Tables(
        documents=frame("documents", [{"doc_id": DOC, "path": "news/one.txt", "title": "One day", "date": "2025-07-06", "n_chars": 100}]),
        sentences=frame("sentences", [{"doc_id": DOC, "sent_id": index, "start": 0, "end": len(text), "text": text} for index, text in texts.items()]),
        mentions=frame("mentions", mentions),
        actors=frame("actors", [{"actor_id": actor, "name": name, "kind": kind} for actor, (name, kind) in NAMES.items()]),
        events=frame("events", list(events)),
    )


def test_edges_and_evidence_counted_from_pairs_kept_by_a_panel_are_those_counted_afresh():
    tables = make_tables()
    pairs = charts.cooccurring(tables)
    edges = charts.cooccurrence_data(tables, pairs=pairs)
    pd.testing.assert_frame_equal(edges, charts.cooccurrence_data(tables))
    chosen = charts.cooccurrence_subset(edges, tables, actors=["RUS"])
    pd.testing.assert_frame_equal(charts.chart_evidence(tables, chosen, chart="network", pairs=pairs),
                                  charts.chart_evidence(tables, chosen, chart="network"))
    assert 0 < len(charts.chart_evidence(tables, chosen, chart="network")) < len(charts.chart_evidence(tables, edges, chart="network"))
    with pytest.raises(ValueError, match="without actors= or kinds="):
        charts.cooccurrence_data(tables, actors=["RUS"], pairs=pairs)


@pytest.mark.parametrize("options, reason", [
    ({"actors": ["vladimir_putin"]}, "no actor is named in the same sentence as Vladimir Putin"),
    ({"actors": ["RUS"], "min_weight": 5}, "no actor is named in ≥ 5 sentences with Russia"),
    ({"actors": ["RUS"], "kinds": ["person"]}, "no actor of kind person is named in the same sentence as Russia"),
    ({"min_weight": 3}, "no two actors are named together in ≥ 3 sentences"),
    ({"kinds": ["person", "igo"]}, "no two actors of kind person or igo are named in the same sentence"),
    ({"actors": []}, "no actor chosen"),
    ({"kinds": []}, "no actor kind chosen"),
    ({"actors": ["nobody"]}, "nobody is not mentioned in these documents"),
    ({"actors": ["nobody", "no_one", "none"]}, "none of nobody, no_one and 1 more is mentioned in these documents"),
], ids=str)
def test_an_empty_network_says_which_filter_left_nothing(options, reason):
    fig = charts.cooccurrence_network(make_tables(), **options)
    shown = [text.get_text() for text in fig.axes[0].texts]
    assert "no data for these filters" in shown and reason in shown
    assert fig.axes[0].get_xlabel() == "lines: none shown"
    assert len(fig.axes) == 1  # no key for an empty picture


def test_the_widgets_path_names_the_chosen_actor_without_a_partner():
    tables = make_tables()
    edges = charts.cooccurrence_subset(charts.cooccurrence_data(tables), tables, actors=["vladimir_putin"])
    graph = charts.graph_from_edges(edges, tables, actors=["vladimir_putin"], top=40)
    shown = [text.get_text() for text in charts.draw_cooccurrence_network(graph, documents=tables.documents).axes[0].texts]
    assert "no actor is named in the same sentence as Vladimir Putin" in shown


@pytest.mark.parametrize("options, words", [
    ({"labels": -1}, ["labels=-1", "≥ 0"]), ({"min_weight": 0}, ["min_weight=0", "≥ 1"]), ({"top": 0}, ["top=0", "≥ 1"]),
])
def test_bad_drawing_options_name_the_value_and_the_allowed_ones(options, words):
    with pytest.raises(ValueError) as error:
        draw(two_cliques(), **options)
    assert all(word in str(error.value) for word in words)


# ─── The events graph ─────────────────────────────────────────────────────────────────────


def event(event_id, source, target, code, *, date="2025-07-06", goldstein=3.0, quad=1, sent=0, negated=False):
    return {"event_id": event_id, "doc_id": DOC, "sent_id": sent, "date": date, "date_precision": "day" if date else None,
            "source_id": source, "target_id": target, "verb": "meet", "cameo_code": code, "cameo_root": code[:2] if code else None,
            "quad_class": quad, "goldstein": goldstein, "negated": negated, "text": "Russia and Taliban met."}


EVENTS = [
    event("e1", "RUS", "taliban", "054", goldstein=6.0),
    event("e2", "RUS", "taliban", "036", date=None, goldstein=4.0, sent=1),  # parallel to e1, undated
    event("e3", "taliban", "RUS", "190", goldstein=-10.0, quad=4, negated=True),
    event("e4", "USA", None, "112", goldstein=-2.0, quad=3),  # no target: no edge
    event("e5", "USA", "mujahideen", "072", goldstein=None, quad=None, sent=3),  # no weight, no quad class
]


def test_events_graph_has_one_directed_edge_per_event_with_its_attributes():
    graph = charts.events_graph(make_tables(events=EVENTS))
    assert isinstance(graph, nx.MultiDiGraph)
    assert sorted(key for *_, key in graph.edges(keys=True)) == ["e1", "e2", "e3", "e5"]
    assert graph.number_of_edges("RUS", "taliban") == 2 and graph.number_of_edges("taliban", "RUS") == 1
    first = graph.edges["RUS", "taliban", "e1"]
    assert set(first) == set(charts.EVENT_EDGE_ATTRIBUTES)
    assert first["cameo_code"] == "054" and first["cameo_root"] == "05" and first["quad_class"] == 1
    assert first["goldstein"] == 6.0 and first["date"] == "2025-07-06" and first["negated"] is False
    assert graph.edges["RUS", "taliban", "e2"]["date"] == ""
    assert graph.edges["taliban", "RUS", "e3"]["negated"] is True
    missing = graph.edges["USA", "mujahideen", "e5"]
    assert np.isnan(missing["goldstein"]) and missing["quad_class"] == 0
    assert graph.nodes["RUS"] == {"name": "Russia", "kind": "state", "n_mentions": 3}
    assert "USA" in graph and None not in graph


@pytest.mark.parametrize("options, expected", [
    ({"roots": ["19"]}, ["e3"]), ({"roots": [5, "03"]}, ["e1", "e2"]), ({"quad_classes": [4]}, ["e3"]),
    ({"actors": ["mujahideen"]}, ["e5"]), ({"actors": []}, []),
])
def test_events_graph_filters(options, expected):
    graph = charts.events_graph(make_tables(events=EVENTS), **options)
    assert sorted(key for *_, key in graph.edges(keys=True)) == expected


def test_a_gephi_style_reader_gets_every_event_back_with_code_date_and_weight(tmp_path):
    graph = charts.events_graph(make_tables(events=EVENTS))
    path = charts.export_graphml(graph, tmp_path / "events.graphml")
    read = nx.read_graphml(path, force_multigraph=True)
    assert read.is_directed() and read.is_multigraph()
    edges = {key: data for *_, key, data in read.edges(keys=True, data=True)}
    assert sorted(edges) == ["e1", "e2", "e3", "e5"]
    assert [edges[key]["cameo_code"] for key in ("e1", "e2", "e3")] == ["054", "036", "190"]  # leading zeros kept
    assert edges["e1"]["date"] == "2025-07-06" and edges["e2"]["date"] == ""
    assert edges["e3"]["goldstein"] == -10.0 and isinstance(edges["e1"]["goldstein"], float)
    assert read.number_of_edges("RUS", "taliban") == 2
    assert read.nodes["taliban"]["name"] == "Taliban"
    # GraphML declares one type per attribute: a missing weight must not add a second, string one.
    keys = ElementTree.parse(path).getroot().findall("{http://graphml.graphdrawing.org/xmlns}key")
    names = [(key.get("for"), key.get("attr.name")) for key in keys]
    assert len(names) == len(set(names))
    assert dict(((key.get("for"), key.get("attr.name")), key.get("attr.type")) for key in keys)[("edge", "goldstein")] == "double"
    # An event without a weight has no goldstein value at all: Gephi reads no "nan" as a number.
    assert "goldstein" not in edges["e5"] and "nan" not in path.read_text(encoding="utf-8")


def test_export_keeps_the_cooccurrence_graph_a_graph_and_leaves_it_unchanged(tmp_path):
    tables = make_tables()
    graph = charts.cooccurrence_graph(tables)
    path = charts.export_graphml(graph, tmp_path / "actors.graphml")
    read = nx.read_graphml(path)
    assert type(read) is nx.Graph and read.number_of_edges() == graph.number_of_edges() == 3
    assert isinstance(graph.edges["RUS", "taliban"]["evidence"], list)  # joined only in the file
    assert read.edges["RUS", "taliban"]["weight"] == 2
