"""The co-occurrence network: actors named in one sentence, as a networkx graph, a drawing and GraphML."""

from __future__ import annotations

import math
import os
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patheffects import withStroke

from analysis.tables import ACTOR_KINDS, Tables
from analysis.charts.style import new_figure, no_data, palette, report_style, shorten, source_note
from analysis.charts.options import check_int, check_tables, choices_option, ids_option
from analysis.charts.common import (
    actor_info, actor_kinds, actor_names, cooccurring, edge_ends, mention_counts, sentence_texts,
)
from analysis.charts.evidence import documents_behind
from analysis.charts.ranking import kind_legend


EDGE_COLUMNS = ["source", "target", "source_name", "target_name", "weight", "evidence"]
LAYOUT_SEED = 7  # a fixed seed: the same tables give the same network picture in every export


def cooccurrence_data(tables: Tables, *, actors=None, kinds=None, min_weight: int = 1) -> pd.DataFrame:
    """Pairs of actors mentioned in one sentence: both of `kinds`, at least one of `actors`, in at least
    `min_weight` sentences. Columns: source, target, source_name, target_name, weight (sentences),
    evidence (the sentences' texts, a list), heaviest first."""
    check_tables(tables)
    actors, kinds = ids_option("actors", actors), choices_option("kinds", kinds, ACTOR_KINDS)
    check_int("min_weight", min_weight, minimum=1)
    pairs = cooccurring(tables, actors=actors, kinds=kinds)
    if pairs.empty:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in EDGE_COLUMNS}).astype({"weight": "int64"})
    texts = sentence_texts(tables, pairs["doc_id"], pairs["sent_id"])
    texts[pd.isna(texts)] = ""
    # Sorted by pair, each pair's sentences are one block: cut the texts at the block boundaries
    # (list slices: np.split makes one array view per edge, slow with tens of thousands of edges).
    order = np.argsort(pairs["pair"].to_numpy(), kind="stable")
    codes, texts = pairs["pair"].to_numpy()[order], texts[order].tolist()
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    ends = np.r_[starts[1:], len(order)]
    first = order[starts]
    edges = pd.DataFrame({
        "source": pairs["source"].to_numpy()[first], "target": pairs["target"].to_numpy()[first],
        "weight": ends - starts,
        "evidence": [texts[start:end] for start, end in zip(starts.tolist(), ends.tolist())],
    })
    edges = edges[edges["weight"] >= min_weight]
    info = actor_info(tables)
    edges["source_name"], edges["target_name"] = actor_names(edges["source"], info), actor_names(edges["target"], info)
    edges = edges.sort_values(["weight", "source", "target"], ascending=[False, True, True], kind="stable")
    return edges[EDGE_COLUMNS].astype({"source": "string", "target": "string", "weight": "int64"}).reset_index(drop=True)


def cooccurrence_subset(edges: pd.DataFrame, tables: Tables, *, actors=None, kinds=None) -> pd.DataFrame:
    """The rows of `edges` (cooccurrence_data(tables), no filters) that cooccurrence_data(tables,
    actors=actors, kinds=kinds) gives, in the same order, without pairing the sentences again: a
    pair's sentences do not depend on the filters, so a panel keeps the unfiltered edges and cuts them."""
    check_tables(tables)
    actors, kinds = ids_option("actors", actors), choices_option("kinds", kinds, ACTOR_KINDS)
    keep = np.ones(len(edges), dtype=bool)
    if actors is not None:
        keep &= (edges["source"].isin(actors) | edges["target"].isin(actors)).to_numpy(dtype=bool, na_value=False)
    if kinds is not None:
        info = actor_info(tables)
        for end in ("source", "target"):
            keep &= actor_kinds(edges[end], info).isin(kinds).to_numpy(dtype=bool, na_value=False)
    return edges[keep].reset_index(drop=True)


def graph_from_edges(edges: pd.DataFrame, tables: Tables, *, actors=None, top: int | None = None) -> nx.Graph:
    """The graph of a cooccurrence_data frame: nodes with name, kind and n_mentions, edges with weight
    and evidence; the chosen `actors` stay in the graph even without an edge. `top` keeps only the
    most mentioned actors of the edges (and the edges among them), as a drawing shows them; the graph
    attribute `n_actors` says how many actors there were before (draw_cooccurrence_network notes it)."""
    actors = ids_option("actors", actors) or ()
    counts = mention_counts(tables).set_index("actor_id")["n_mentions"]
    n_actors = len(edge_ends(edges) | (set(actors) & set(counts.index)))
    if top is not None:
        check_int("top", top, minimum=1)
        ends = pd.Index(pd.unique(np.r_[edges["source"].to_numpy(dtype=object), edges["target"].to_numpy(dtype=object)]))
        ranked = pd.DataFrame({"actor": ends, "n": counts.reindex(ends).fillna(0).to_numpy()})
        kept = ranked.sort_values(["n", "actor"], ascending=[False, True], kind="stable")["actor"].head(top)
        edges = edges[edges["source"].isin(kept) & edges["target"].isin(kept)]
    nodes = pd.Series(sorted(edge_ends(edges) | (set(actors) & set(counts.index))), dtype="string")
    info = actor_info(tables)
    graph = nx.Graph(n_actors=n_actors)
    for node, name, kind, mentions in zip(nodes, actor_names(nodes, info), actor_kinds(nodes, info).astype("object"), nodes.map(counts)):
        graph.add_node(node, name=name, kind="" if pd.isna(kind) else str(kind), n_mentions=0 if pd.isna(mentions) else int(mentions))
    for source, target, weight, evidence in zip(edges["source"], edges["target"], edges["weight"], edges["evidence"]):
        graph.add_edge(source, target, weight=int(weight), evidence=list(evidence))
    return graph


def cooccurrence_graph(tables: Tables, *, actors=None, kinds=None, min_weight: int = 1) -> nx.Graph:
    """Actors co-occurring in a sentence as a networkx Graph (options as cooccurrence_data)."""
    edges = cooccurrence_data(tables, actors=actors, kinds=kinds, min_weight=min_weight)
    return graph_from_edges(edges, tables, actors=actors)


def export_graphml(graph: nx.Graph, path: str | os.PathLike) -> Path:
    """Write `graph` as GraphML; list attributes (edge evidence) are joined with " | " because
    GraphML holds only scalars, and missing values become empty strings."""
    flat = nx.Graph(graph) if not graph.is_directed() else nx.DiGraph(graph)

    def scalar(value):
        if isinstance(value, (list, tuple, set)):
            return " | ".join(map(str, value))
        return "" if value is None or (isinstance(value, float) and math.isnan(value)) else value

    for _, attributes in flat.nodes(data=True):
        attributes.update({key: scalar(value) for key, value in attributes.items()})
    for _, _, attributes in flat.edges(data=True):
        attributes.update({key: scalar(value) for key, value in attributes.items()})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(flat, path)
    return path


def _network_layout(graph: nx.Graph) -> dict:
    """Spring layout per connected component, components packed in rows (largest first): one
    layout of the whole graph would push a small separate component far away and crush the rest."""
    components = sorted(nx.connected_components(graph), key=lambda nodes: (-len(nodes), min(map(str, nodes))))
    row_width = 1.6 * math.sqrt(graph.number_of_nodes())
    position, x, y, row_height = {}, 0.0, 0.0, 0.0
    for nodes in components:
        side = math.sqrt(len(nodes))  # area in proportion to the number of actors
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        part = graph.subgraph(nodes)
        # Weights only set line widths: letting them pull would stack the busiest actors on one spot.
        layout = nx.spring_layout(part, seed=LAYOUT_SEED, weight=None, k=2.6 / side, iterations=300,
                                  center=(0, 0), scale=0.42 * side) if len(nodes) > 1 else {next(iter(nodes)): np.zeros(2)}
        for node, (node_x, node_y) in layout.items():
            position[node] = np.array([x + side / 2 + node_x, y - side / 2 + node_y])
        x, row_height = x + side, max(row_height, side)
    return position


def draw_cooccurrence_network(graph: nx.Graph, *, documents: pd.DataFrame, top: int = 40, title: str | None = None) -> Figure:
    """The co-occurrence graph: the `top` most mentioned actors, node size by mentions, line width by
    shared sentences, colour by kind (spring layout with a fixed seed). When the graph had more actors
    (its nodes, or its `n_actors` attribute from graph_from_edges), a line under the picture says how
    many are shown of how many."""
    check_int("top", top, minimum=1)
    with report_style():
        fig, ax = new_figure(8, 6.5)
        ax.set_title(title or "Actors mentioned in the same sentence")
        kept = sorted(graph.nodes, key=lambda node: (-graph.nodes[node].get("n_mentions", 0), str(node)))[:top]
        shown = graph.subgraph(kept)
        ax.set_xlabel("node size: mentions · line width: sentences shared" + _shown_note(len(kept), graph))
        ax.set_ylabel("")
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_xticks([])
        ax.set_yticks([])
        if shown.number_of_nodes() == 0:
            no_data(ax)
        else:
            _draw_network(ax, shown)
        source_note(fig, documents)
    return fig


def _shown_note(shown: int, graph: nx.Graph) -> str:
    """A second line for the x label when the picture leaves actors out ("the 40 most mentioned of
    6,790 actors"), else nothing."""
    total = max(int(graph.graph.get("n_actors", 0)), graph.number_of_nodes())
    return f"\nthe {shown:,} most mentioned of {total:,} actors" if 0 < shown < total else ""


def _separate_labels(xy: np.ndarray, labels: list[str], *, width: float, height: float, fontsize: float) -> np.ndarray:
    """Nudge nodes apart vertically until their labels (`fontsize` points, drawn over a plot of about
    `width` × `height` inches) no longer overlap; a spring layout knows nothing of label widths."""
    low, span = xy.min(axis=0), np.ptp(xy, axis=0)
    span[span == 0] = 1.0
    inches = (xy - low) / span * [width, height]
    half_width = np.array([len(label) for label in labels]) * fontsize * 0.55 / 72 / 2 + 0.05
    line = 0.42  # a label's line plus the node under it
    order = np.arange(len(xy))
    for _ in range(200):
        dx = inches[:, 0][:, None] - inches[:, 0][None, :]
        dy = inches[:, 1][:, None] - inches[:, 1][None, :]
        overlap = (np.abs(dx) < half_width[:, None] + half_width[None, :]) & (np.abs(dy) < line)
        np.fill_diagonal(overlap, False)
        if not overlap.any():
            break
        direction = np.where(dy != 0, np.sign(dy), np.where(order[:, None] > order[None, :], 1.0, -1.0))
        inches[:, 1] += np.where(overlap, (line - np.abs(dy)) / 2 * direction, 0.0).sum(axis=1) * 0.5
    return inches / [width, height] * span + low


def _draw_network(ax, graph: nx.Graph) -> None:
    position = _network_layout(graph)
    nodes = list(graph.nodes)
    labels = [shorten(graph.nodes[node].get("name", node), 28) for node in nodes]
    xy = _separate_labels(np.array([position[node] for node in nodes]), labels, width=4.4, height=4.2, fontsize=8)
    position = dict(zip(nodes, xy))
    weights = np.array([graph.edges[edge].get("weight", 1) for edge in graph.edges], dtype=float)
    if len(weights):
        segments = [(position[a], position[b]) for a, b in graph.edges]
        ax.add_collection(LineCollection(segments, linewidths=0.6 + 3.4 * weights / weights.max(), colors="#8c8c8c", alpha=0.6, zorder=1))
    mentions = np.array([graph.nodes[node].get("n_mentions", 0) for node in nodes], dtype=float)
    sizes = 50 + 850 * np.sqrt(mentions / max(mentions.max(), 1))
    colours = palette(ACTOR_KINDS)
    kinds = [graph.nodes[node].get("kind", "") for node in nodes]
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=[colours.get(kind, "#bbbbbb") for kind in kinds], edgecolors="white", linewidths=1.0, zorder=2)
    for (x, y), label, size in zip(xy, labels, sizes):
        # Labels sit above their node, white-outlined so crossing edges do not hide them.
        ax.annotate(label, (x, y), xytext=(0, math.sqrt(size) / 2 + 2),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8, zorder=3,
                    path_effects=[withStroke(linewidth=3, foreground="white")])
    ax.margins(x=0.2, y=0.1)  # room for the labels of the outermost nodes
    kind_legend(ax, kinds, colours, loc="upper left", bbox_to_anchor=(1.0, 1.0))


def cooccurrence_network(tables: Tables, *, actors=None, kinds=None, min_weight: int = 1, top: int = 40, title: str | None = None) -> Figure:
    """Draw the co-occurrence graph (options as cooccurrence_data; `top` most mentioned actors shown)."""
    edges = cooccurrence_data(tables, actors=actors, kinds=kinds, min_weight=min_weight)
    graph = graph_from_edges(edges, tables, actors=actors, top=top)
    return draw_cooccurrence_network(graph, documents=documents_behind(tables, edges, chart="network"), top=top, title=title)
