"""Graphs for Gephi and Cytoscape: the events as a directed multigraph (one edge per event), the actor
node attributes both graphs share, and GraphML export that keeps parallel edges."""

from __future__ import annotations

import math
import os
from pathlib import Path

import networkx as nx
import pandas as pd

from analysis.tables import QUAD_CLASSES, Tables
from analysis.charts.options import CAMEO_ROOTS, check_tables, choices_option, ids_option, quad_number, root_code
from analysis.charts.common import actor_info, actor_kinds, actor_names, mention_totals


EVENT_EDGE_ATTRIBUTES = (
    "event_id", "cameo_code", "cameo_root", "quad_class", "goldstein", "date", "date_precision", "verb", "negated",
    "doc_id", "sent_id", "text",
)


def actor_nodes(tables: Tables, ids, *, counts: pd.Series | None = None) -> list[tuple[str, dict]]:
    """(actor id, {name, kind, n_mentions}) for each of `ids`, as networkx's add_nodes_from takes
    them: kind "" and 0 mentions for an actor the tables do not know. `counts`: mention_totals(tables)
    when the caller has them."""
    nodes = pd.Series(list(ids), dtype="string")
    counts = mention_totals(tables) if counts is None else counts
    info = actor_info(tables)
    names, kinds, mentions = actor_names(nodes, info), actor_kinds(nodes, info).astype("object"), nodes.map(counts)
    return [(node, {"name": name, "kind": "" if pd.isna(kind) else str(kind), "n_mentions": 0 if pd.isna(count) else int(count)})
            for node, name, kind, count in zip(nodes, names, kinds, mentions)]


def events_graph(tables: Tables, *, actors=None, roots=None, quad_classes=None) -> nx.MultiDiGraph:
    """The events as a MultiDiGraph: one edge source → target per event (keyed by event_id), with the
    attributes EVENT_EDGE_ATTRIBUTES — goldstein a float, date an ISO string ("" when undated),
    quad_class 0 when missing — and nodes as in graph_from_edges (name, kind, n_mentions). Filters
    as the event timeline: events involving any of `actors`, of the CAMEO `roots` and
    `quad_classes`. Events without a known source or target have no edge and are left out."""
    check_tables(tables)
    actors = ids_option("actors", actors)
    roots = choices_option("roots", roots, CAMEO_ROOTS, normalise=root_code)
    quad_classes = choices_option("quad_classes", quad_classes, QUAD_CLASSES, normalise=quad_number)
    events = tables.events
    keep = (events["source_id"].notna() & events["target_id"].notna()).to_numpy(dtype=bool)
    if roots is not None:
        keep &= events["cameo_root"].isin(roots).to_numpy(dtype=bool, na_value=False)
    if quad_classes is not None:
        keep &= events["quad_class"].isin(quad_classes).to_numpy(dtype=bool, na_value=False)
    if actors is not None:
        keep &= (events["source_id"].isin(actors) | events["target_id"].isin(actors)).to_numpy(dtype=bool, na_value=False)
    events = events[keep].sort_values(["doc_id", "sent_id", "event_id"], kind="stable")
    graph = nx.MultiDiGraph()
    ends = sorted(set(events["source_id"].astype(str)) | set(events["target_id"].astype(str)))
    graph.add_nodes_from(actor_nodes(tables, ends))
    for row in _event_attributes(events):
        graph.add_edge(row.pop("source_id"), row.pop("target_id"), key=row["event_id"], **row)
    return graph


def _event_attributes(events: pd.DataFrame) -> list[dict]:
    """One dict per event, each attribute of a single type whether or not a value is missing:
    GraphML declares one type per attribute, so "" stands for a missing string, never None."""
    strings = ("event_id", "source_id", "target_id", "cameo_code", "cameo_root", "date_precision", "verb", "doc_id", "text")
    clean = pd.DataFrame({column: events[column].astype("object").where(events[column].notna(), "").astype(str) for column in strings})
    clean["date"] = events["date"].dt.strftime("%Y-%m-%d").astype("object").where(events["date"].notna(), "")
    clean["quad_class"] = events["quad_class"].fillna(0).astype("int64")
    clean["goldstein"] = events["goldstein"].astype("float64")
    clean["negated"] = events["negated"].astype("boolean").fillna(False).astype(bool)
    clean["sent_id"] = events["sent_id"].astype("int64")
    return clean.to_dict("records")


def export_graphml(graph: nx.Graph, path: str | os.PathLike) -> Path:
    """Write `graph` as GraphML, for Gephi or Cytoscape. A multigraph keeps its parallel edges (one per
    event, with the event id as edge id); list attributes (edge evidence) are joined with " | "
    because GraphML holds only scalars; None becomes an empty string. A missing float (NaN) is left out
    of its element, as GraphML means a missing value, so the attribute keeps its one declared type and
    Gephi, which cannot read "nan" as a number, reads the file."""
    flat = graph.copy()  # new attribute dicts: joining lists here leaves `graph` as it was (and a view becomes a graph)

    def scalar(value):
        if isinstance(value, (list, tuple, set)):
            return " | ".join(map(str, value))
        return "" if value is None else value

    flat.graph.update({key: scalar(value) for key, value in flat.graph.items()})
    for attributes in [attributes for _, attributes in flat.nodes(data=True)] + [attributes for *_, attributes in flat.edges(data=True)]:
        for key, value in list(attributes.items()):
            if isinstance(value, float) and math.isnan(value):
                del attributes[key]
            else:
                attributes[key] = scalar(value)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(flat, path)
    return path

