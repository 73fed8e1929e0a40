"""The co-occurrence network: actors named in one sentence, as a networkx graph, a drawing and GraphML.

The drawing fits the corpus it is given, from a handful of actors to thousands:

- actors: the `top` most mentioned, grouped into communities (Louvain on the shared sentences)
  that are laid out each alone and packed apart (analysis.charts.layout); the same tables give the
  same picture (LAYOUT_SEED, and nothing read in set or insertion order);
- lines: only pairs sharing at least a minimum number of sentences: by default the smallest number
  that leaves at most EDGES_PER_NODE lines per shown actor (readable_min_weight); an explicit
  `min_weight` wins. The note under the picture states the minimum and how many lines it shows;
- names: `labels` actors — the chosen ones, then each community's most mentioned (a group with
  no name in it tells a reader nothing), then the most mentioned. Mentions rather than degree:
  node size shows mentions, so the largest circles are the named ones, and mentions do not
  change with the filters. A name sits where it overlaps no other name or node (a thin leader
  when it had to move out), or is left out and the note says how many are named;
- key (analysis.charts.network_drawing): colour = actor kind, as in the other charts (the kind is
  what a reader looks up); the communities are shown by place and by a light disc behind each
  (a second colour code would fight the kinds); size = mentions; width = shared sentences;
- an empty picture says which filter left nothing ("no actor is named in the same sentence as Russia").

The events graph and GraphML export are in analysis.charts.event_graph.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.tables import ACTOR_KINDS, Tables
from analysis.charts.style import no_data, report_style, source_note
from analysis.charts.options import check_int, check_tables, choices_option, ids_option
from analysis.charts.common import actor_info, actor_kinds, actor_names, cooccurring, edge_ends, mention_totals, sentence_texts
from analysis.charts.evidence import documents_behind
from analysis.charts.event_graph import actor_nodes, export_graphml  # noqa: F401 (export_graphml: its old home)
from analysis.charts.layout import LAYOUT_SEED  # noqa: F401 (re-exported: analysis.charts.LAYOUT_SEED)
from analysis.charts.network_drawing import draw_network, network_figure


EDGE_COLUMNS = ["source", "target", "source_name", "target_name", "weight", "evidence"]
EDGES_PER_NODE = 3  # lines per shown actor the default minimum weight allows: more is a hairball
LABELS = 15  # names in one picture of 40 actors that stay readable at report size


def cooccurrence_data(tables: Tables, *, actors=None, kinds=None, min_weight: int = 1, pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Pairs of actors mentioned in one sentence: both of `kinds`, at least one of `actors`, in at least
    `min_weight` sentences. Columns: source, target, source_name, target_name, weight (sentences),
    evidence (the sentences' texts, a list), heaviest first. `pairs`: charts.cooccurring(tables) when
    the caller has them (a panel keeps them for its evidence), given without `actors` and `kinds`."""
    check_tables(tables)
    actors, kinds = ids_option("actors", actors), choices_option("kinds", kinds, ACTOR_KINDS)
    check_int("min_weight", min_weight, minimum=1)
    if pairs is not None and (actors is not None or kinds is not None):
        raise ValueError("pairs= are all the tables' pairs: give them without actors= or kinds= (cut the edges with cooccurrence_subset)")
    pairs = cooccurring(tables, actors=actors, kinds=kinds) if pairs is None else pairs
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
    most mentioned actors of the edges (and the edges among them), as a drawing shows them. Graph
    attributes: `n_actors`, how many actors there were before (draw_cooccurrence_network notes it),
    `actors`, the chosen ids (None: no choice), and `actor_names`, their names: a drawing names them
    first, and an empty one says none of them shares a sentence."""
    chosen = ids_option("actors", actors)
    counts = mention_totals(tables)
    known_chosen = set(chosen or ()) & set(counts.index)
    n_actors = len(edge_ends(edges) | known_chosen)
    if top is not None:
        check_int("top", top, minimum=1)
        ends = pd.Index(pd.unique(np.r_[edges["source"].to_numpy(dtype=object), edges["target"].to_numpy(dtype=object)]))
        ranked = pd.DataFrame({"actor": ends, "n": counts.reindex(ends).fillna(0).to_numpy()})
        kept = ranked.sort_values(["n", "actor"], ascending=[False, True], kind="stable")["actor"].head(top)
        edges = edges[edges["source"].isin(kept) & edges["target"].isin(kept)]
    names = None if chosen is None else actor_names(pd.Series(chosen, dtype="string"), actor_info(tables)).tolist()
    graph = nx.Graph(n_actors=n_actors, actors=None if chosen is None else list(chosen), actor_names=names)
    graph.add_nodes_from(actor_nodes(tables, sorted(edge_ends(edges) | known_chosen), counts=counts))
    for source, target, weight, evidence in zip(edges["source"], edges["target"], edges["weight"], edges["evidence"]):
        graph.add_edge(source, target, weight=int(weight), evidence=list(evidence))
    return graph


def cooccurrence_graph(tables: Tables, *, actors=None, kinds=None, min_weight: int = 1) -> nx.Graph:
    """Actors co-occurring in a sentence as a networkx Graph (options as cooccurrence_data)."""
    edges = cooccurrence_data(tables, actors=actors, kinds=kinds, min_weight=min_weight)
    return graph_from_edges(edges, tables, actors=actors)


def readable_min_weight(weights, nodes: int, *, per_node: int = EDGES_PER_NODE) -> int:
    """The smallest number of shared sentences that leaves at most `per_node` lines per actor of
    `nodes`: the lines of a picture with `weights` (one per pair) a reader can still follow. When
    even the heaviest tie is more, those heaviest stay: the rule never leaves a picture without lines."""
    weights = np.sort(np.asarray(weights, dtype=np.int64))
    if len(weights) == 0:
        return 1
    budget = per_node * max(int(nodes), 1)
    for weight in np.unique(weights):  # ascending: the first that fits keeps the most lines
        if len(weights) - np.searchsorted(weights, weight) <= budget:
            return int(weight)
    return int(weights[-1])


def draw_cooccurrence_network(
    graph: nx.Graph, *, documents: pd.DataFrame, top: int = 40, labels: int = LABELS, min_weight: int | None = None,
    title: str | None = None,
) -> Figure:
    """The co-occurrence graph: the `top` most mentioned actors in communities laid out apart, node size
    by mentions, colour by kind, lines for pairs sharing ≥ `min_weight` sentences (None: the
    readable_min_weight of the shown pairs), `labels` actors named (the chosen ones — the graph's
    `actors` attribute — first, then each community's most mentioned, then the most mentioned).
    The line under the picture says how many actors and lines are shown of how many; an empty
    picture says which filter left nothing."""
    check_int("top", top, minimum=1)
    check_int("labels", labels, minimum=0)
    if min_weight is not None:
        check_int("min_weight", min_weight, minimum=1)
    with report_style():
        fig, ax = network_figure()
        ax.set_title(title or "Actors mentioned in the same sentence")
        kept = sorted(graph.nodes, key=lambda node: (-graph.nodes[node].get("n_mentions", 0), str(node)))[:top]
        shown = graph.subgraph(kept)
        weights = [weight for *_, weight in shown.edges(data="weight", default=1)]
        threshold = readable_min_weight(weights, len(kept)) if min_weight is None else min_weight
        drawn = sum(weight >= threshold for weight in weights)
        if drawn:
            named = draw_network(fig, ax, shown, min_weight=threshold, labels=labels, first=graph.graph.get("actors") or ())
            notes = [_actors_note(len(kept), graph, named), _lines_note(threshold, drawn, len(weights))]
        else:  # lone actors say nothing: say why there are no lines instead
            no_data(ax)
            ax.text(0.5, 0.43, _empty_reason(graph, min_weight), transform=ax.transAxes, ha="center", va="center",
                    fontsize=10, color="#444444")
            notes = [_lines_note(threshold, 0, len(weights))]
        ax.set_xlabel("\n".join(note for note in notes if note), fontsize=9)
        source_note(fig, documents)
    return fig


def _actors_note(shown: int, graph: nx.Graph, named: int) -> str:
    """"the 40 most mentioned of 6,790 actors, 15 of them named"; each part only when it leaves some out."""
    total = max(int(graph.graph.get("n_actors", 0)), graph.number_of_nodes())
    actors = f"the {shown:,} most mentioned of {total:,} actors" if shown < total else f"{shown:,} actors"
    if named < shown:
        return f"{actors}, {named:,} of them named"
    return actors if shown < total else ""


def _lines_note(threshold: int, drawn: int, pairs: int) -> str:
    """"lines: pairs sharing ≥ 9 sentences, 110 of 415 shown" (the pairs among the shown actors)."""
    if drawn == 0:
        return "lines: none shown"
    sentences = "a sentence" if threshold == 1 else f"≥ {threshold:,} sentences"
    return f"lines: pairs sharing {sentences}, {drawn:,} of {pairs:,} shown"


def _empty_reason(graph: nx.Graph, min_weight: int | None) -> str:
    """Which filter left no line, in words, from the graph attributes `actors` and `actor_names` (set
    by graph_from_edges), `kinds` (set by cooccurrence_network) and the minimum weight."""
    chosen, kinds = graph.graph.get("actors"), graph.graph.get("kinds")
    if chosen is not None and not chosen:
        return "no actor chosen"
    if kinds is not None and not kinds:
        return "no actor kind chosen"
    of_kind = f" of kind {' or '.join(kind.replace('_', ' ') for kind in kinds)}" if kinds else ""
    heavy = min_weight is not None and min_weight > 1
    if not chosen:
        together = f"together in ≥ {min_weight:,} sentences" if heavy else "in the same sentence"
        return f"no two actors{of_kind} are named {together}"
    present = [graph.nodes[actor].get("name", actor) for actor in chosen if actor in graph]
    if not present:
        names = graph.graph.get("actor_names") or chosen
        if len(names) == 1:
            return f"{names[0]} is not mentioned in these documents"
        return f"none of {_listed(names, 'and')} is mentioned in these documents"
    together = f"in ≥ {min_weight:,} sentences with" if heavy else "in the same sentence as"
    return f"no actor{of_kind} is named {together} {_listed(present, 'or')}"


def _listed(names: list[str], conjunction: str) -> str:
    """"Russia", "Russia or Iran", "Russia, Iran or 3 more"."""
    if len(names) <= 2:
        return f" {conjunction} ".join(names)
    return f"{names[0]}, {names[1]} {conjunction} {len(names) - 2:,} more"


def cooccurrence_network(
    tables: Tables, *, actors=None, kinds=None, min_weight: int | None = None, top: int = 40, labels: int = LABELS,
    title: str | None = None,
) -> Figure:
    """Draw the co-occurrence graph (options as cooccurrence_data and draw_cooccurrence_network;
    `min_weight` None: the readable minimum of the shown pairs)."""
    edges = cooccurrence_data(tables, actors=actors, kinds=kinds, min_weight=min_weight or 1)
    graph = graph_from_edges(edges, tables, actors=actors, top=top)
    graph.graph["kinds"] = choices_option("kinds", kinds, ACTOR_KINDS)
    documents = documents_behind(tables, edges, chart="network")
    return draw_cooccurrence_network(graph, documents=documents, top=top, labels=labels, min_weight=min_weight, title=title)
