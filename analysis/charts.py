"""Tables → matplotlib figures in one report style (analysis/data/report.mplstyle), and their export.

Each chart comes in three parts, so notebooks, widgets and tests take the part they need:

    <chart>_data(tables, **filters)        the tidy DataFrame the chart plots
    draw_<chart>(data, *, documents, ...)  that DataFrame → a Figure whose source note names `documents`
    <chart>(tables, **filters)             both: tables → Figure, crediting the documents behind it

Charts: actor_ranking, cooccurrence_network (cooccurrence_graph, cooccurrence_subset, export_graphml),
event_timeline, dyad_heatmap, motives_by_actor and reversal_panel (reversal_list: the reversals it can show).
`chart_evidence(tables, data, chart=...)` gives the sentences behind a chart's rows; `export(fig, name)`
writes PNG, SVG and PDF into a folder.

Filters (actors, kinds, roots, quad_classes) are keyword-only: None means "no filter", an empty
list matches nothing, and a value outside the declared vocabulary is an error naming the allowed ones.
Figures are `ReportFigure`s (a `matplotlib.figure.Figure` that renders itself in a notebook), not
pyplot figures: nothing is registered globally, so a redrawn chart is freed with its last reference
and a notebook shows it once.
Empty data never raises: the chart keeps its title and axes and says "no data for these filters".
"""

from __future__ import annotations

import io
import math
import os
import re
import textwrap
import unicodedata
from pathlib import Path
from typing import Iterable, Mapping

import matplotlib
import matplotlib.dates as mdates
import matplotlib.style
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.patheffects import withStroke
from matplotlib.ticker import MaxNLocator

from analysis import tables as schema
from analysis.tables import ACTOR_KINDS, MOTIVE_CATEGORIES, QUAD_CLASSES, Tables

STYLE_PATH = Path(__file__).resolve().parent / "data" / "report.mplstyle"
CHARTS = ("ranking", "network", "timeline", "heatmap", "motives", "reversal")
PERIODS = ("year", "5y", "decade")
TIMELINE_ROWS = ("dyad", "source")
CAMEO_ROOTS = tuple(f"{number:02d}" for number in range(1, 21))
FORMATS = ("png", "svg", "pdf")
SCREEN_DPI = 110  # notebooks and widgets; exports use 300
NO_DATA = "no data for these filters"
UNSTATED = "(unstated)"
GOLDSTEIN = Normalize(vmin=-10.0, vmax=10.0)  # the codebook's range, so 0 sits in the middle of the map
STANCE_SCALE = "mean stance score (Goldstein scale)"  # the heatmap: events and language on one scale
LAYOUT_SEED = 7  # a fixed seed: the same tables give the same network picture in every export
MAX_FILENAME = 100
# Windows refuses these as file names whatever the extension; an actor could be called "Con".
RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
# Reproducible exports: no time stamps inside the files, so re-exporting changes nothing.
_METADATA = {"png": {}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}

RANKING_COLUMNS = ["actor_id", "name", "kind", "n_mentions", "n_docs"]
EDGE_COLUMNS = ["source", "target", "source_name", "target_name", "weight", "evidence"]
TIMELINE_COLUMNS = [
    "row", "event_id", "doc_id", "sent_id", "date", "source_id", "target_id", "source", "target",
    "verb", "cameo_code", "cameo_root", "quad_class", "goldstein", "negated", "text",
]
HEATMAP_COLUMNS = ["source_id", "target_id", "pair", "period", "period_start", "period_end", "n_observations", "mean_score"]
MOTIVE_COLUMNS = ["actor_id", "name", "category", "n_motives"]
REVERSAL_COLUMNS = [
    "side", "stance_id", "event_id", "doc_id", "sent_id", "date", "source_id", "target_id", "source", "target",
    "kind", "score", "cue", "verb", "text",
]
REVERSAL_LIST_COLUMNS = [
    "position", "a_id", "b_id", "a", "b", "before_start", "before_end", "before_stance", "before_mean",
    "after_start", "after_end", "after_stance", "after_mean", "flip_date", "n_before", "n_after",
    "docs_before", "docs_after", "confidence", "strength",
]
EVIDENCE_COLUMNS = ["doc_id", "sent_id", "document", "date", "text"]
KIND = schema.SCHEMAS["actors"]["kind"]
CATEGORY = pd.CategoricalDtype(MOTIVE_CATEGORIES, ordered=True)


# ─── Style, notes, file names, export ─────────────────────────────────────────────────────


def report_style():
    """A context manager applying analysis/data/report.mplstyle (the kit's one report style)."""
    return matplotlib.style.context(STYLE_PATH)


def _palette(keys: Iterable[str]) -> dict[str, str]:
    """Fixed colours for a declared vocabulary, from the style's colour cycle, in declared order."""
    colours = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
    return {key: colours[index % len(colours)] for index, key in enumerate(keys)}


class ReportFigure(Figure):
    """A Figure that shows itself in a notebook: it is not a pyplot figure, so the inline backend,
    which renders pyplot figures only once pyplot is imported, would otherwise print its repr."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        with report_style():
            self.savefig(buffer, format="png", dpi=SCREEN_DPI)
        return buffer.getvalue()


def _figure(width: float, height: float, **subplots):
    figure = ReportFigure(figsize=(width, min(max(height, 3.2), 14.0)))
    return figure, figure.subplots(**subplots)


def _no_data(ax, message: str = NO_DATA) -> None:
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", fontsize=11, color="#666666")
    ax.set_xticks([])
    ax.set_yticks([])


def _shorten(text: object, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _document_labels(documents: pd.DataFrame) -> list[str]:
    titles = documents["title"].astype("object").where(documents["title"].notna() & (documents["title"] != ""))
    labels = titles.fillna(documents["path"].astype("object")).fillna(documents["doc_id"].astype("object"))
    return [_shorten(label, 48) for label in labels]


def source_note(fig: Figure, documents: pd.DataFrame):
    """Add "Source: <n> documents: <titles or paths>" at the bottom of `fig`, with room kept for it."""
    if not isinstance(documents, pd.DataFrame):
        raise TypeError(f"documents must be a DataFrame (rows of the documents table), not {type(documents).__name__}")
    documents = documents.drop_duplicates("doc_id") if "doc_id" in documents else documents
    count = len(documents)
    note = f"Source: {count} document{'' if count == 1 else 's'}"
    if count:
        labels = _document_labels(documents)
        listed = "; ".join(labels[:4]) + (f"; and {count - 4} more" if count > 4 else "")
        note += f": {listed}"
    fontsize = 7.5
    width, height = fig.get_size_inches()
    lines = textwrap.wrap(note, width=max(int(width * 72 / (fontsize * 0.55)), 30), max_lines=2, placeholder=" …")
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        # Constrained layout ignores free figure text; keep a band at the bottom for the note.
        band = (len(lines) * fontsize * 1.35 + 6) / 72 / height
        engine.set(rect=(0, band, 1, 1 - band))
    return fig.text(0.01, 3 / 72 / height, "\n".join(lines), ha="left", va="bottom", fontsize=fontsize, color="#555555")


def safe_filename(name: object, *, fallback: str = "chart") -> str:
    """A file name safe whatever `name` holds: ASCII letters, digits, ".", "_" and "-" only, no path
    separators, no leading dot, no "..", at most 100 characters, never empty ("chart" instead). Other scripts
    are transliterated ("Путин" → "Putin"), so non-Latin names do not all become "chart"."""
    from anyascii import anyascii

    ascii_name = anyascii(unicodedata.normalize("NFC", str(name)))
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name)
    cleaned = re.sub(r"\.{2,}", "_", cleaned)  # ".." never survives, even between other characters
    cleaned = re.sub(r"_{2,}", "_", cleaned).strip("._-")[:MAX_FILENAME].strip("._-")
    if not cleaned:
        return fallback
    if cleaned.split(".")[0].upper() in RESERVED_NAMES:
        cleaned = f"_{cleaned}"[:MAX_FILENAME]
    return cleaned


def output_path(directory: str | os.PathLike, name: object, suffix: str) -> Path:
    """`directory/<safe name>.<suffix>`, refusing any path that resolves outside `directory`
    (a symlink planted under the name included)."""
    if not re.fullmatch(r"[a-z0-9]{1,8}", suffix):
        raise ValueError(f"suffix={suffix!r} is not a file suffix; allowed: 1–8 lower-case letters or digits, such as 'png'")
    root = Path(directory).resolve()
    path = root / f"{safe_filename(name)}.{suffix}"
    if path.resolve().parent != root:
        raise ValueError(f"refusing to write {str(path)!r}: it resolves to {str(path.resolve())!r}, outside {str(root)!r}")
    return path


def export(fig: Figure, name: object, *, directory: str | os.PathLike = "reports", formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write `fig` as `<safe name>.png` (300 dpi), `.svg` and `.pdf` into `directory` (created)
    and return the paths; nothing is ever written outside `directory`."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, not {type(fig).__name__}")
    formats = _choices("formats", formats, FORMATS) or FORMATS
    Path(directory).mkdir(parents=True, exist_ok=True)
    paths = [output_path(directory, name, suffix) for suffix in formats]
    with report_style():
        for path, suffix in zip(paths, formats):
            fig.savefig(path, format=suffix, dpi=300, metadata=_METADATA[suffix])
    return paths


# ─── Option checks ────────────────────────────────────────────────────────────────────────


def _check_tables(tables) -> None:
    if not isinstance(tables, Tables):
        raise TypeError(f"tables must be an analysis.Tables (from analysis.load_tables), not {type(tables).__name__}")


def _ids(name: str, values) -> tuple[str, ...] | None:
    """Actor ids as a tuple: None means "no filter", an empty tuple "no actor at all"."""
    if values is None:
        return None
    if isinstance(values, str):
        values = (values,)
    try:
        ids = tuple(str(value) for value in values)
    except TypeError:
        raise TypeError(f"{name}={values!r} is not a list of actor ids; allowed: None or ids such as ['RUS', 'taliban']") from None
    return ids


def _choices(name: str, values, allowed: tuple, *, normalise=lambda value: value) -> tuple | None:
    """`values` checked against the declared vocabulary `allowed`; None means "no filter", empty "none"."""
    if values is None:
        return None
    if isinstance(values, (str, int)):
        values = (values,)
    chosen = tuple(normalise(value) for value in values)
    unknown = [value for value in chosen if value not in allowed]
    if unknown:
        raise ValueError(f"{name}={list(values)!r} has unknown value(s) {unknown}; allowed: {', '.join(map(str, allowed))}")
    return chosen


def _root(value) -> str:
    text = str(value).strip()
    return text.zfill(2) if text.isdigit() else text


def _quad(value):
    return int(value) if isinstance(value, str) and value.strip().isdigit() else value


def _check_int(name: str, value, *, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name}={value!r} is not allowed; allowed: an integer ≥ {minimum}")


def _check_one(name: str, value, allowed: tuple) -> None:
    if value not in allowed:
        raise ValueError(f"{name}={value!r} is not allowed; allowed: {', '.join(map(repr, allowed))}")


# ─── Actor names ──────────────────────────────────────────────────────────────────────────


def _actor_info(tables: Tables) -> pd.DataFrame:
    return tables.actors.drop_duplicates("actor_id").set_index("actor_id")[["name", "kind"]]


def _names(ids: pd.Series, info: pd.DataFrame) -> pd.Series:
    """Actor names for ids (the id itself for an actor missing from the actors table)."""
    names = ids.map(info["name"]).astype("object")
    return names.where(names.notna(), ids.astype("object")).fillna(UNSTATED).astype(str)


def _kinds(ids: pd.Series, info: pd.DataFrame) -> pd.Series:
    return ids.map(info["kind"].astype("object")).astype(KIND)


def _mention_counts(tables: Tables) -> pd.DataFrame:
    """Mentions and documents per actor, counted in the mentions table (so date filters apply)."""
    known = tables.mentions.loc[tables.mentions["actor_id"].notna(), ["actor_id", "doc_id"]]
    counts = known.groupby("actor_id", sort=False).agg(n_mentions=("doc_id", "size"), n_docs=("doc_id", "nunique"))
    return counts.reset_index().astype({"actor_id": "string", "n_mentions": "int64", "n_docs": "int64"})


# ─── Actor ranking ────────────────────────────────────────────────────────────────────────


def actor_ranking_data(tables: Tables, *, actors=None, kinds=None, min_mentions: int = 1, top: int = 20) -> pd.DataFrame:
    """Mentions per actor, most mentioned first. Columns: actor_id, name, kind, n_mentions, n_docs."""
    _check_tables(tables)
    actors, kinds = _ids("actors", actors), _choices("kinds", kinds, ACTOR_KINDS)
    _check_int("min_mentions", min_mentions, minimum=1)
    _check_int("top", top, minimum=1)
    data = _mention_counts(tables)
    info = _actor_info(tables)
    data["name"], data["kind"] = _names(data["actor_id"], info), _kinds(data["actor_id"], info)
    keep = data["n_mentions"] >= min_mentions
    if actors is not None:
        keep &= data["actor_id"].isin(actors)
    if kinds is not None:
        keep &= data["kind"].isin(kinds)
    data = data[keep].sort_values(["n_mentions", "name"], ascending=[False, True], kind="stable")
    return data.head(top)[RANKING_COLUMNS].reset_index(drop=True)


def _kind_legend(ax, kinds: Iterable, colours: Mapping[str, str], **options) -> None:
    present = [kind for kind in ACTOR_KINDS if kind in set(kinds)]
    handles = [Patch(color=colours[kind], label=kind.replace("_", " ")) for kind in present]
    if handles:
        ax.legend(handles=handles, title="kind", **options)


def draw_actor_ranking(data: pd.DataFrame, *, documents: pd.DataFrame, title: str | None = None) -> Figure:
    """Horizontal bars of mentions per actor (an actor_ranking_data frame), coloured by kind."""
    with report_style():
        fig, ax = _figure(8, 1.5 + 0.3 * len(data))
        ax.set_title(title or "Mentions per actor")
        ax.set_xlabel("mentions")
        ax.set_ylabel("actor")
        if data.empty:
            _no_data(ax)
        else:
            colours = _palette(ACTOR_KINDS)
            rows = data.iloc[::-1]  # most mentioned at the top
            positions = np.arange(len(rows))
            bars = ax.barh(positions, rows["n_mentions"], color=[colours.get(kind, "#bbbbbb") for kind in rows["kind"].astype("object")])
            ax.set_yticks(positions, [_shorten(name, 36) for name in rows["name"]])
            ax.bar_label(bars, padding=3, fontsize=8, color="#333333")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_xlim(0, rows["n_mentions"].max() * 1.12)
            ax.grid(axis="x")
            _kind_legend(ax, rows["kind"].dropna(), colours, loc="lower right")
        source_note(fig, documents)
    return fig


def actor_ranking(tables: Tables, *, actors=None, kinds=None, min_mentions: int = 1, top: int = 20, title: str | None = None) -> Figure:
    """Bar chart of mentions per actor (see actor_ranking_data for the options)."""
    data = actor_ranking_data(tables, actors=actors, kinds=kinds, min_mentions=min_mentions, top=top)
    return draw_actor_ranking(data, documents=documents_behind(tables, data, chart="ranking"), title=title)


# ─── Co-occurrence network ────────────────────────────────────────────────────────────────


def _sentence_keys(doc_ids, sent_ids, doc_index: pd.Index) -> np.ndarray:
    """One int64 per (doc_id, sent_id), -1 for a document outside `doc_index`: joins on strings of
    hundreds of thousands of rows are what makes a redraw slow."""
    codes = doc_index.get_indexer(doc_ids)
    keys = (codes.astype(np.int64) << 32) | np.asarray(sent_ids, dtype=np.int64)
    return np.where(codes >= 0, keys, -1)


def _sentence_texts(tables: Tables, doc_ids, sent_ids) -> np.ndarray:
    """The text of each (doc_id, sent_id) from the sentences table; None where it has no such row."""
    sentences = tables.sentences
    doc_index = pd.Index(pd.unique(np.asarray(doc_ids, dtype=object)))
    keys = _sentence_keys(sentences["doc_id"], sentences["sent_id"], doc_index)
    inside = np.flatnonzero(keys >= 0)  # sentences of other documents are not asked for
    known = pd.Index(keys[inside])
    if not known.is_unique:  # a sentence listed twice: its first row counts
        first = ~known.duplicated()
        inside, known = inside[first], known[first]
    found = known.get_indexer(_sentence_keys(doc_ids, sent_ids, doc_index))
    texts = np.append(sentences["text"].to_numpy(dtype=object)[inside], None)
    return texts[np.where(found >= 0, found, len(texts) - 1)]


def _cooccurring(tables: Tables, *, actors=None, kinds=None, among=None) -> pd.DataFrame:
    """One row per sentence and pair of different actors mentioned in it (source < target), in
    document and sentence order. Columns: doc_id, sent_id, source, target, and `pair`, an int64 that
    sorts like (source, target)."""
    mentions = tables.mentions
    found = mentions.loc[mentions["actor_id"].notna(), ["doc_id", "sent_id", "actor_id"]]
    if among is not None:
        found = found[found["actor_id"].isin(among)]
    if kinds is not None:
        found = found[_kinds(found["actor_id"], _actor_info(tables)).isin(kinds)]
    doc_codes, doc_ids = pd.factorize(found["doc_id"].to_numpy(dtype=object))
    actor_codes, actor_ids = pd.factorize(found["actor_id"].to_numpy(dtype=object), sort=True)  # code order = id order
    coded = pd.DataFrame({"sentence": (doc_codes.astype(np.int64) << 32) | found["sent_id"].to_numpy(np.int64),
                          "actor": actor_codes}).drop_duplicates()
    if actors is not None:
        # Only sentences naming a chosen actor can give its pairs: join those alone.
        chosen = np.isin(actor_ids, list(actors))
        coded = coded[coded["sentence"].isin(coded.loc[chosen[coded["actor"].to_numpy()], "sentence"])]
    pairs = coded.merge(coded, on="sentence", suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_a"] < pairs["actor_b"]]
    if actors is not None:
        pairs = pairs[chosen[pairs["actor_a"].to_numpy()] | chosen[pairs["actor_b"].to_numpy()]]
    pairs = pairs.sort_values(["sentence", "actor_a", "actor_b"])
    sentence = pairs["sentence"].to_numpy()
    return pd.DataFrame({
        "doc_id": doc_ids[sentence >> 32], "sent_id": sentence & 0xFFFFFFFF,
        "source": actor_ids[pairs["actor_a"].to_numpy()], "target": actor_ids[pairs["actor_b"].to_numpy()],
        "pair": pairs["actor_a"].to_numpy(np.int64) * len(actor_ids) + pairs["actor_b"].to_numpy(np.int64),
    })


def cooccurrence_data(tables: Tables, *, actors=None, kinds=None, min_weight: int = 1) -> pd.DataFrame:
    """Pairs of actors mentioned in one sentence: both of `kinds`, at least one of `actors`, in at least
    `min_weight` sentences. Columns: source, target, source_name, target_name, weight (sentences),
    evidence (the sentences' texts, a list), heaviest first."""
    _check_tables(tables)
    actors, kinds = _ids("actors", actors), _choices("kinds", kinds, ACTOR_KINDS)
    _check_int("min_weight", min_weight, minimum=1)
    pairs = _cooccurring(tables, actors=actors, kinds=kinds)
    if pairs.empty:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in EDGE_COLUMNS}).astype({"weight": "int64"})
    texts = _sentence_texts(tables, pairs["doc_id"], pairs["sent_id"])
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
    info = _actor_info(tables)
    edges["source_name"], edges["target_name"] = _names(edges["source"], info), _names(edges["target"], info)
    edges = edges.sort_values(["weight", "source", "target"], ascending=[False, True, True], kind="stable")
    return edges[EDGE_COLUMNS].astype({"source": "string", "target": "string", "weight": "int64"}).reset_index(drop=True)


def cooccurrence_subset(edges: pd.DataFrame, tables: Tables, *, actors=None, kinds=None) -> pd.DataFrame:
    """The rows of `edges` (cooccurrence_data(tables), no filters) that cooccurrence_data(tables,
    actors=actors, kinds=kinds) gives, in the same order, without pairing the sentences again: a
    pair's sentences do not depend on the filters, so a panel keeps the unfiltered edges and cuts them."""
    _check_tables(tables)
    actors, kinds = _ids("actors", actors), _choices("kinds", kinds, ACTOR_KINDS)
    keep = np.ones(len(edges), dtype=bool)
    if actors is not None:
        keep &= (edges["source"].isin(actors) | edges["target"].isin(actors)).to_numpy(dtype=bool, na_value=False)
    if kinds is not None:
        info = _actor_info(tables)
        for end in ("source", "target"):
            keep &= _kinds(edges[end], info).isin(kinds).to_numpy(dtype=bool, na_value=False)
    return edges[keep].reset_index(drop=True)


def _ends(edges: pd.DataFrame) -> set:
    """The actor ids at either end of the edges (through NumPy: iterating a string column is slow)."""
    return set(edges["source"].to_numpy(dtype=object)) | set(edges["target"].to_numpy(dtype=object))


def graph_from_edges(edges: pd.DataFrame, tables: Tables, *, actors=None, top: int | None = None) -> nx.Graph:
    """The graph of a cooccurrence_data frame: nodes with name, kind and n_mentions, edges with weight
    and evidence; the chosen `actors` stay in the graph even without an edge. `top` keeps only the
    most mentioned actors of the edges (and the edges among them), as a drawing shows them; the graph
    attribute `n_actors` says how many actors there were before (draw_cooccurrence_network notes it)."""
    actors = _ids("actors", actors) or ()
    counts = _mention_counts(tables).set_index("actor_id")["n_mentions"]
    n_actors = len(_ends(edges) | (set(actors) & set(counts.index)))
    if top is not None:
        _check_int("top", top, minimum=1)
        ends = pd.Index(pd.unique(np.r_[edges["source"].to_numpy(dtype=object), edges["target"].to_numpy(dtype=object)]))
        ranked = pd.DataFrame({"actor": ends, "n": counts.reindex(ends).fillna(0).to_numpy()})
        kept = ranked.sort_values(["n", "actor"], ascending=[False, True], kind="stable")["actor"].head(top)
        edges = edges[edges["source"].isin(kept) & edges["target"].isin(kept)]
    nodes = pd.Series(sorted(_ends(edges) | (set(actors) & set(counts.index))), dtype="string")
    info = _actor_info(tables)
    graph = nx.Graph(n_actors=n_actors)
    for node, name, kind, mentions in zip(nodes, _names(nodes, info), _kinds(nodes, info).astype("object"), nodes.map(counts)):
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
    _check_int("top", top, minimum=1)
    with report_style():
        fig, ax = _figure(8, 6.5)
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
            _no_data(ax)
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
    labels = [_shorten(graph.nodes[node].get("name", node), 28) for node in nodes]
    xy = _separate_labels(np.array([position[node] for node in nodes]), labels, width=4.4, height=4.2, fontsize=8)
    position = dict(zip(nodes, xy))
    weights = np.array([graph.edges[edge].get("weight", 1) for edge in graph.edges], dtype=float)
    if len(weights):
        segments = [(position[a], position[b]) for a, b in graph.edges]
        ax.add_collection(LineCollection(segments, linewidths=0.6 + 3.4 * weights / weights.max(), colors="#8c8c8c", alpha=0.6, zorder=1))
    mentions = np.array([graph.nodes[node].get("n_mentions", 0) for node in nodes], dtype=float)
    sizes = 50 + 850 * np.sqrt(mentions / max(mentions.max(), 1))
    colours = _palette(ACTOR_KINDS)
    kinds = [graph.nodes[node].get("kind", "") for node in nodes]
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=[colours.get(kind, "#bbbbbb") for kind in kinds], edgecolors="white", linewidths=1.0, zorder=2)
    for (x, y), label, size in zip(xy, labels, sizes):
        # Labels sit above their node, white-outlined so crossing edges do not hide them.
        ax.annotate(label, (x, y), xytext=(0, math.sqrt(size) / 2 + 2),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8, zorder=3,
                    path_effects=[withStroke(linewidth=3, foreground="white")])
    ax.margins(x=0.2, y=0.1)  # room for the labels of the outermost nodes
    _kind_legend(ax, kinds, colours, loc="upper left", bbox_to_anchor=(1.0, 1.0))


def cooccurrence_network(tables: Tables, *, actors=None, kinds=None, min_weight: int = 1, top: int = 40, title: str | None = None) -> Figure:
    """Draw the co-occurrence graph (options as cooccurrence_data; `top` most mentioned actors shown)."""
    edges = cooccurrence_data(tables, actors=actors, kinds=kinds, min_weight=min_weight)
    graph = graph_from_edges(edges, tables, actors=actors, top=top)
    return draw_cooccurrence_network(graph, documents=documents_behind(tables, edges, chart="network"), top=top, title=title)


# ─── Event timeline ───────────────────────────────────────────────────────────────────────


def _year(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name}={value!r} is not a year; allowed: an integer year such as 1979")
    return int(value)


def event_timeline_data(
    tables: Tables, *, actors=None, roots=None, quad_classes=None, start: int = 1979, end: int = 2025,
    by: str = "dyad", top: int = 20,
) -> pd.DataFrame:
    """Dated events from `start` to `end` (years, inclusive) involving any of `actors`, of the CAMEO
    `roots` ("05") and `quad_classes` (1–4), one timeline row per dyad ("Russia → Taliban") or per
    source actor (`by`), at most `top` rows (the busiest), rows in order of their first event.
    Columns: TIMELINE_COLUMNS."""
    _check_tables(tables)
    actors = _ids("actors", actors)
    roots = _choices("roots", roots, CAMEO_ROOTS, normalise=_root)
    quad_classes = _choices("quad_classes", quad_classes, QUAD_CLASSES, normalise=_quad)
    start, end = _year("start", start), _year("end", end)
    if start > end:
        raise ValueError(f"start={start} is after end={end}; allowed: start ≤ end")
    _check_one("by", by, TIMELINE_ROWS)
    _check_int("top", top, minimum=1)
    events = tables.events
    years = events["date"].dt.year
    keep = events["date"].notna() & (years >= start) & (years <= end)
    if roots is not None:
        keep &= events["cameo_root"].isin(roots)
    if quad_classes is not None:
        keep &= events["quad_class"].isin(quad_classes).fillna(False)
    if actors is not None:
        keep &= (events["source_id"].isin(actors) | events["target_id"].isin(actors)).fillna(False)
    data = events[keep].copy()
    info = _actor_info(tables)
    data["source"], data["target"] = _names(data["source_id"], info), _names(data["target_id"], info)
    data["row"] = data["source"] + " → " + data["target"] if by == "dyad" else data["source"]
    rows = data.groupby("row").agg(n=("event_id", "size"), first=("date", "min"))
    rows = rows.sort_values(["n", "first"], ascending=[False, True], kind="stable").head(top).sort_values("first", kind="stable")
    data = data[data["row"].isin(rows.index)]
    data = data.assign(_order=data["row"].map({row: index for index, row in enumerate(rows.index)}))
    data = data.sort_values(["_order", "date", "event_id"], kind="stable")
    return data[TIMELINE_COLUMNS].reset_index(drop=True)


def _year_axis(ax, start: int, end: int) -> None:
    first, last = pd.Timestamp(start, 1, 1), pd.Timestamp(end, 12, 31)
    pad = (last - first) * 0.015  # a marker on 1 January of the first year stays whole
    ax.set_xlim(first - pad, last + pad)
    span = end - start + 1
    base = next(step for step in (1, 2, 5, 10, 20, 50, 100) if span / step <= 12)
    ax.xaxis.set_major_locator(mdates.YearLocator(base))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))


def _goldstein_colorbar(fig: Figure, ax, cmap, *, label: str = "Goldstein weight", **options) -> None:
    bar = fig.colorbar(ScalarMappable(norm=GOLDSTEIN, cmap=cmap), ax=ax, ticks=[-10, -5, 0, 5, 10], **options)
    bar.set_label(label)
    bar.ax.set_yticklabels(["−10 conflict", "−5", "0", "+5", "+10 cooperation"])


def draw_event_timeline(
    data: pd.DataFrame, *, documents: pd.DataFrame, start: int = 1979, end: int = 2025, by: str = "dyad",
    title: str | None = None,
) -> Figure:
    """Events (an event_timeline_data frame) on a date axis, coloured by Goldstein weight; negated events hollow."""
    rows = list(dict.fromkeys(data["row"]))
    with report_style():
        fig, ax = _figure(9, 1.7 + 0.42 * len(rows))
        ax.set_title(title or f"Events by {'actor pair' if by == 'dyad' else 'source actor'}, {start}–{end}")
        ax.set_xlabel("date of the event")
        ax.set_ylabel("source → target" if by == "dyad" else "source actor")
        cmap = matplotlib.colormaps[matplotlib.rcParams["image.cmap"]]
        if data.empty:
            _no_data(ax)
        else:
            _year_axis(ax, start, end)
            _plot_events(ax, data, rows, cmap)
            ax.grid(axis="x")
        _goldstein_colorbar(fig, ax, cmap, fraction=0.04, pad=0.02)
        source_note(fig, documents)
    return fig


def _goldstein_colours(cmap, weights: np.ndarray) -> np.ndarray:
    """One RGBA row per Goldstein weight on `cmap` (grey for a missing weight), in one call: colouring
    thousands of events one by one is what made a timeline slow to redraw."""
    colours = cmap(GOLDSTEIN(np.nan_to_num(weights)))
    colours[np.isnan(weights)] = (0.6, 0.6, 0.6, 1.0)
    return colours


def _plot_events(ax, data: pd.DataFrame, rows: list[str], cmap) -> None:
    y = data["row"].map({row: len(rows) - 1 - index for index, row in enumerate(rows)}).to_numpy(float)
    weights = data["goldstein"].to_numpy(float)
    colours = _goldstein_colours(cmap, weights)
    negated = data["negated"].to_numpy(bool)
    dates = data["date"].to_numpy()
    ax.scatter(dates[~negated], y[~negated], s=70, c=colours[~negated], edgecolors="#333333", linewidths=0.5, zorder=3)
    if negated.any():
        # A hollow ring in the event's colour; near-white colours (weights near 0) would vanish, so they go grey.
        rings = np.where((colours[:, :3].mean(axis=1) > 0.8)[:, None], np.array([0.45, 0.45, 0.45, 1.0]), colours)
        ax.scatter(dates[negated], y[negated], s=70, facecolors="none", edgecolors=rings[negated], linewidths=2.0, zorder=3)
        ax.legend(handles=[Line2D([], [], marker="o", linestyle="", markerfacecolor="none", markeredgecolor="#333333", label="negated (did not happen)")],
                  loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=8, borderaxespad=0.2)
    if len(data) <= 30:
        _label_verbs(ax, data, y)
    ax.set_yticks(range(len(rows)), [_shorten(row, 44) for row in reversed(rows)])
    ax.set_ylim(-0.7, len(rows) - 0.3)


def _label_verbs(ax, data: pd.DataFrame, y: np.ndarray) -> None:
    """With few events the verb says what happened; an event close to the one before it in its row
    gets its label below the marker instead of above, so the two do not overprint."""
    dates = data["date"]
    low, high = ax.get_xlim()  # in days: a label is about a tenth of the axis wide
    close = (dates.groupby(data["row"]).diff() < pd.Timedelta(days=(high - low) * 0.1)).to_numpy()
    below = np.zeros(len(data), dtype=bool)
    for index in range(1, len(data)):
        below[index] = close[index] and not below[index - 1]
    for date, row_y, verb, under in zip(dates.to_numpy(), y, data["verb"].astype("object").fillna(""), below):
        ax.annotate(_shorten(verb, 18), (date, row_y), xytext=(0, -7 if under else 7), textcoords="offset points",
                    ha="center", va="top" if under else "bottom", fontsize=7, color="#444444",
                    path_effects=[withStroke(linewidth=2.5, foreground="white")])


def event_timeline(
    tables: Tables, *, actors=None, roots=None, quad_classes=None, start: int = 1979, end: int = 2025,
    by: str = "dyad", top: int = 20, title: str | None = None,
) -> Figure:
    """Events on a date axis (options as event_timeline_data)."""
    data = event_timeline_data(tables, actors=actors, roots=roots, quad_classes=quad_classes, start=start, end=end, by=by, top=top)
    return draw_event_timeline(data, documents=documents_behind(tables, data, chart="timeline"), start=start, end=end, by=by, title=title)


# ─── Dyad heatmap ─────────────────────────────────────────────────────────────────────────


def _period_first(years: pd.Series | np.ndarray, period: str) -> np.ndarray:
    years = np.asarray(years, dtype=np.int64)
    width = {"year": 1, "5y": 5, "decade": 10}[period]
    return years - years % width


def _period_label(first: int, period: str) -> str:
    if period == "year":
        return str(first)
    if period == "decade":
        return f"{first}s"
    return f"{first}–{str(first + 4)[-2:]}"


def _observed(tables: Tables) -> pd.DataFrame:
    """The table dyads and reversals are computed from: the stance observations when there are any,
    else the events (builds from before the stances table)."""
    return tables.stances if not tables.stances.empty else tables.events


def _dyads(tables: Tables, period: str, knowledge_base) -> pd.DataFrame:
    if not tables.dyads.empty:
        return tables.dyads
    observed = _observed(tables)
    if observed.empty:
        return schema.empty("dyads")
    from analysis import reversals

    return reversals.dyads(observed, knowledge_base=knowledge_base, period=period)


def dyad_heatmap_data(tables: Tables, *, actors=None, period: str = "decade", top: int = 25, knowledge_base=None) -> pd.DataFrame:
    """Mean stance score per actor pair and period ("year", "5y", "decade"): the mean of the pair's
    document means of its stance observations (events and language together, on the Goldstein
    scale), and their number. From tables.dyads, re-binned by each dyad's start year (observations
    summed, means weighted by each dyad's documents), or, when that table is empty, from the stances
    table — else the events — folded into actor families (analysis.reversals.dyads). Pairs with any
    of `actors`; the `top` pairs with most observations. Columns: HEATMAP_COLUMNS."""
    _check_tables(tables)
    actors = _ids("actors", actors)
    _check_one("period", period, PERIODS)
    _check_int("top", top, minimum=1)
    dyads = _dyads(tables, period, knowledge_base)
    if actors is not None:
        dyads = dyads[(dyads["source_id"].isin(actors) | dyads["target_id"].isin(actors)).fillna(False)]
    if dyads.empty:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in HEATMAP_COLUMNS})
    # A dyad without a document count (a table built by hand) weighs as one document.
    documents = dyads["n_documents"].where(dyads["n_documents"] > 0, 1)
    cells = pd.DataFrame({
        "source_id": dyads["source_id"], "target_id": dyads["target_id"],
        "first": _period_first(dyads["period_start"].dt.year, period),
        "n_observations": dyads["n_observations"], "weight": documents, "weighted": dyads["mean_score"] * documents,
    }).groupby(["source_id", "target_id", "first"], sort=True).sum().reset_index()
    cells["mean_score"] = cells["weighted"] / cells["weight"]
    totals = cells.groupby(["source_id", "target_id"])["n_observations"].sum().sort_values(ascending=False, kind="stable")
    chosen = totals.head(top)
    cells = cells.merge(chosen.rename("total").reset_index(), on=["source_id", "target_id"])
    info = _actor_info(tables)
    cells["pair"] = _names(cells["source_id"], info) + " → " + _names(cells["target_id"], info)
    cells["period"] = [_period_label(first, period) for first in cells["first"]]
    cells["period_start"] = pd.to_datetime(dict(year=cells["first"], month=1, day=1))
    width = {"year": 1, "5y": 5, "decade": 10}[period]
    cells["period_end"] = pd.to_datetime(dict(year=cells["first"] + width - 1, month=12, day=31))
    cells = cells.sort_values(["total", "source_id", "target_id", "first"], ascending=[False, True, True, True], kind="stable")
    return cells[HEATMAP_COLUMNS].astype({"n_observations": "int64", "mean_score": "float64"}).reset_index(drop=True)


def draw_dyad_heatmap(data: pd.DataFrame, *, documents: pd.DataFrame, period: str = "decade", title: str | None = None) -> Figure:
    """Actor pair × period matrix of mean stance score (a dyad_heatmap_data frame), each cell with its
    number of observations; blank cells had none."""
    _check_one("period", period, PERIODS)
    pairs = list(dict.fromkeys(data["pair"]))
    firsts = data["period_start"].dt.year.to_numpy() if len(data) else np.array([], dtype=int)
    width = {"year": 1, "5y": 5, "decade": 10}[period]
    columns = list(range(int(firsts.min()), int(firsts.max()) + 1, width)) if len(firsts) else []
    with report_style():
        fig, ax = _figure(min(max(4.5 + 0.55 * len(columns), 7), 14), 1.9 + 0.38 * len(pairs))
        ax.set_title(title or "Mean stance score per actor pair")
        ax.set_xlabel({"year": "year", "5y": "five-year period", "decade": "decade"}[period])
        ax.set_ylabel("source → target")
        cmap = matplotlib.colormaps[matplotlib.rcParams["image.cmap"]].with_extremes(bad="#f2f2f2")
        if data.empty:
            _no_data(ax)
        else:
            matrix = np.full((len(pairs), len(columns)), np.nan)
            rows = data["pair"].map({pair: index for index, pair in enumerate(pairs)}).to_numpy()
            cols = ((firsts - columns[0]) // width).astype(int)
            matrix[rows, cols] = data["mean_score"].to_numpy(float)
            ax.imshow(matrix, cmap=cmap, norm=GOLDSTEIN, aspect="auto", interpolation="none")
            _annotate_cells(ax, matrix, data["n_observations"].to_numpy(), rows, cols)
            ax.set_yticks(range(len(pairs)), [_shorten(pair, 44) for pair in pairs])
            step = max(1, math.ceil(len(columns) / 16))
            ax.set_xticks(range(0, len(columns), step), [_period_label(first, period) for first in columns[::step]])
            ax.tick_params(length=0)
            for side in ("left", "bottom"):
                ax.spines[side].set_visible(False)
        _goldstein_colorbar(fig, ax, cmap, label=STANCE_SCALE, fraction=0.04, pad=0.02)
        source_note(fig, documents)
    return fig


def _annotate_cells(ax, matrix: np.ndarray, counts: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> None:
    if matrix.size > 400:  # beyond this the numbers are too small to read
        return
    for row, col, count in zip(rows, cols, counts):
        value = matrix[row, col]
        # Inside its cell by construction, so the layout need not measure it (hundreds of texts).
        ax.text(col, row, f"{value:+.1f}\nn={count}", ha="center", va="center", fontsize=7,
                color="white" if abs(value) > 6 else "#222222", in_layout=False)


def dyad_heatmap(tables: Tables, *, actors=None, period: str = "decade", top: int = 25, knowledge_base=None, title: str | None = None) -> Figure:
    """Heatmap of mean stance score per actor pair and period (options as dyad_heatmap_data)."""
    data = dyad_heatmap_data(tables, actors=actors, period=period, top=top, knowledge_base=knowledge_base)
    documents = documents_behind(tables, data, chart="heatmap", period=period, knowledge_base=knowledge_base)
    return draw_dyad_heatmap(data, documents=documents, period=period, title=title)


# ─── Motives by actor ─────────────────────────────────────────────────────────────────────


def motives_by_actor_data(tables: Tables, *, actors=None, top: int = 20) -> pd.DataFrame:
    """Stated motives per actor and category (motives without an actor are left out), the `top` actors
    with most motives first, categories in the declared order. Columns: actor_id, name, category, n_motives."""
    _check_tables(tables)
    actors = _ids("actors", actors)
    _check_int("top", top, minimum=1)
    motives = tables.motives[tables.motives["actor_id"].notna()]
    if actors is not None:
        motives = motives[motives["actor_id"].isin(actors)]
    counts = motives.groupby(["actor_id", "category"], observed=True).size().rename("n_motives").reset_index()
    info = _actor_info(tables)
    counts["name"] = _names(counts["actor_id"], info)
    totals = counts.groupby("actor_id")["n_motives"].transform("sum")
    counts = counts.assign(_total=totals).sort_values(["_total", "name", "category"], ascending=[False, True, True], kind="stable")
    chosen = list(dict.fromkeys(counts["actor_id"]))[:top]
    counts = counts[counts["actor_id"].isin(chosen)]
    counts["category"] = counts["category"].astype("object").astype(CATEGORY)
    return counts[MOTIVE_COLUMNS].astype({"n_motives": "int64"}).reset_index(drop=True)


def draw_motives_by_actor(data: pd.DataFrame, *, documents: pd.DataFrame, title: str | None = None) -> Figure:
    """Stacked horizontal bars of stated motives per actor (a motives_by_actor_data frame), by category."""
    actors = list(dict.fromkeys(data["actor_id"]))
    with report_style():
        fig, ax = _figure(8.5, 1.6 + 0.35 * len(actors))
        ax.set_title(title or "Stated motives per actor")
        ax.set_xlabel("stated motives")
        ax.set_ylabel("actor")
        if data.empty:
            _no_data(ax)
        else:
            _stack_motives(ax, data, actors)
        source_note(fig, documents)
    return fig


def _stack_motives(ax, data: pd.DataFrame, actors: list[str]) -> None:
    table = data.pivot_table(index="actor_id", columns="category", values="n_motives", aggfunc="sum", observed=True, fill_value=0)
    table = table.reindex(index=actors[::-1], fill_value=0)  # most motives at the top
    names = data.drop_duplicates("actor_id").set_index("actor_id")["name"]
    colours = _palette(MOTIVE_CATEGORIES)
    left = np.zeros(len(table))
    positions = np.arange(len(table))
    for category in [category for category in MOTIVE_CATEGORIES if category in table.columns]:
        values = table[category].to_numpy(float)
        some = values > 0  # an empty segment shows nothing: not drawing it keeps a redraw quick
        ax.barh(positions[some], values[some], left=left[some], color=colours[category], label=category.replace("_", " "),
                edgecolor="white", linewidth=0.5)
        left += values
    for position, total in zip(positions, left):
        ax.text(total, position, f" {int(total)}", va="center", fontsize=8, color="#333333")
    ax.set_yticks(positions, [_shorten(names[actor], 36) for actor in table.index])
    ax.set_xlim(0, left.max() * 1.1)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x")
    ax.legend(title="motive category", loc="upper left", bbox_to_anchor=(1.01, 1.0))


def motives_by_actor(tables: Tables, *, actors=None, top: int = 20, title: str | None = None) -> Figure:
    """Stacked bars of stated motives per actor and category (options as motives_by_actor_data)."""
    data = motives_by_actor_data(tables, actors=actors, top=top)
    return draw_motives_by_actor(data, documents=documents_behind(tables, data, chart="motives"), title=title)


# ─── Reversal panel ───────────────────────────────────────────────────────────────────────

REVERSAL_KEYS = ("a_id", "b_id", "before_stance", "after_stance", "flip_date", "evidence_before", "evidence_after")
SIDES = ("before", "after")


def _reversal_table(tables: Tables, knowledge_base) -> pd.DataFrame:
    """tables.reversals as it comes (strongest and surest first: analysis.reversals ranks it), else
    the reversals of the stance observations, else of the events."""
    if not tables.reversals.empty:
        return tables.reversals.reset_index(drop=True)
    observed = _observed(tables)
    if observed.empty:
        return tables.reversals
    from analysis import reversals

    return reversals.reversals(observed, knowledge_base=knowledge_base)


def reversal_list(tables: Tables, *, knowledge_base=None) -> pd.DataFrame:
    """The reversals pick_reversal chooses from, in their order (strength · confidence, then strength),
    with the actors' names and the evidence behind each side: n_before/n_after observations,
    docs_before/docs_after documents, and the confidence. `position` is what pick_reversal takes.
    Columns: REVERSAL_LIST_COLUMNS."""
    _check_tables(tables)
    found = _reversal_table(tables, knowledge_base)
    info = _actor_info(tables)
    listed = found.assign(position=np.arange(len(found), dtype=np.int64),
                          a=_names(found["a_id"], info), b=_names(found["b_id"], info))
    return listed[REVERSAL_LIST_COLUMNS].reset_index(drop=True)


def pick_reversal(tables: Tables, *, reversal=None, knowledge_base=None) -> pd.Series | None:
    """The reversal to show: `reversal` itself (a row of the reversals table or a mapping with its
    columns), the row at that position (an int) or the first (None) of the reversals table's order
    (reversal_list) — tables.reversals, else computed from the stance observations or the events
    (analysis.reversals). None when there is none."""
    _check_tables(tables)
    if isinstance(reversal, (pd.Series, Mapping)):
        row = pd.Series(dict(reversal))
        missing = [key for key in REVERSAL_KEYS if key not in row.index]
        if missing:
            raise ValueError(f"reversal lacks {missing}; allowed: a row of the reversals table, with {list(REVERSAL_KEYS)}")
        return row
    if reversal is not None and (isinstance(reversal, bool) or not isinstance(reversal, (int, np.integer))):
        raise TypeError(f"reversal={reversal!r} is not allowed; allowed: None, a row of the reversals table, or its position (int)")
    found = _reversal_table(tables, knowledge_base)
    if found.empty:
        return None
    position = 0 if reversal is None else int(reversal)
    if not 0 <= position < len(found):
        raise ValueError(f"reversal={position} is not a position in the reversals table; allowed: 0 … {len(found) - 1}")
    return found.iloc[position]


def _evidence_ids(row: pd.Series) -> pd.DataFrame:
    """side, stance_id and position (in the side's evidence list) of every evidence id of `row`."""
    listed = [(side, str(found), position) for side in SIDES for position, found in enumerate(row[f"evidence_{side}"])]
    return pd.DataFrame(listed, columns=["side", "stance_id", "position"])


def _stance_evidence(tables: Tables) -> pd.DataFrame:
    """The stance observations keyed by stance_id, with the verb of their event and the sentence."""
    stances = tables.stances
    verbs = tables.events.drop_duplicates("event_id").set_index("event_id")["verb"].astype("object")
    return pd.DataFrame({
        "stance_id": stances["stance_id"].astype("object"), "event_id": stances["event_id"].astype("object"),
        "doc_id": stances["doc_id"], "sent_id": stances["sent_id"], "date": stances["date"],
        "source_id": stances["source_id"], "target_id": stances["target_id"], "kind": stances["kind"].astype("object"),
        "score": stances["score"], "cue": stances["cue"], "verb": stances["event_id"].astype("object").map(verbs),
        "text": stances["evidence"],
    })


def _event_evidence(tables: Tables) -> pd.DataFrame:
    """The events as stance observations of kind "event", keyed by event id (evidence ids of an
    events-only build are event ids)."""
    events = tables.events
    return pd.DataFrame({
        "stance_id": events["event_id"].astype("object"), "event_id": events["event_id"].astype("object"),
        "doc_id": events["doc_id"], "sent_id": events["sent_id"], "date": events["date"],
        "source_id": events["source_id"], "target_id": events["target_id"], "kind": "event",
        "score": events["goldstein"], "cue": events["cameo_code"], "verb": events["verb"], "text": events["text"],
    })


def reversal_panel_data(tables: Tables, *, reversal=None, knowledge_base=None) -> pd.DataFrame:
    """The observations on both sides of one reversal (see pick_reversal): the before side, then the
    after side, each by date. Each evidence id is looked up among the stance observations
    (tables.stances: kind, score, cue, event, sentence), and an id that is none of theirs among the
    events (an events-only build lists event ids: kind "event", score the Goldstein weight, cue the
    CAMEO code). `verb` is the verb of the event an observation comes from (none for evaluative
    words); `text` the sentence, from the sentences table where the observation lacks it.
    Columns: REVERSAL_COLUMNS."""
    row = pick_reversal(tables, reversal=reversal, knowledge_base=knowledge_base)
    if row is None:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in REVERSAL_COLUMNS})
    ids = _evidence_ids(row)
    stances = _stance_evidence(tables).drop_duplicates("stance_id")
    events = _event_evidence(tables).drop_duplicates("stance_id")
    events = events[~events["stance_id"].isin(stances["stance_id"])]
    known = [table for table in (stances, events) if not table.empty]
    data = ids.merge(pd.concat(known, ignore_index=True) if known else stances, on="stance_id", how="inner")
    missing = data["text"].isna() | (data["text"].astype("object") == "")
    if missing.any():
        texts = _sentence_texts(tables, data.loc[missing, "doc_id"], data.loc[missing, "sent_id"])
        data.loc[missing, "text"] = texts
    info = _actor_info(tables)
    data["source"], data["target"] = _names(data["source_id"], info), _names(data["target_id"], info)
    data["_side"] = data["side"].map({side: index for index, side in enumerate(SIDES)})
    data = data.sort_values(["_side", "date", "position"], kind="stable", na_position="last")
    return data[REVERSAL_COLUMNS].astype({"sent_id": "int64", "score": "float64"}).reset_index(drop=True)


def _span(start, end) -> str:
    first, last = pd.Timestamp(start).year, pd.Timestamp(end).year
    return str(first) if first == last else f"{first}–{last}"


def reversal_panel(tables: Tables, *, reversal=None, knowledge_base=None, title: str | None = None) -> Figure:
    """Before/after panels of one reversal (see pick_reversal): the pair's stance observations on each
    side with their scores (events as dots, language as diamonds), each side's number of
    observations and documents, the confidence and the flip date marked; a figure saying so when
    there is no reversal."""
    row = pick_reversal(tables, reversal=reversal, knowledge_base=knowledge_base)
    data = reversal_panel_data(tables, reversal=row, knowledge_base=knowledge_base) if row is not None else None
    documents = documents_behind(tables, data, chart="reversal") if data is not None else tables.documents.iloc[0:0]
    with report_style():
        if row is None:
            fig, ax = _figure(9, 4.2)
            ax.set_title(title or "Role reversal")
            ax.set_xlabel("date of the observation")
            ax.set_ylabel("stance score (Goldstein scale)")
            _no_data(ax, "no role reversals found in these tables")
        else:
            fig = _draw_reversal(row, data, _actor_info(tables), title)
        source_note(fig, documents)
    return fig


def _count(number, noun: str) -> str:
    return f"{int(number)} {noun}{'' if int(number) == 1 else 's'}"


def _evidence_amount(row: pd.Series, side: str) -> str:
    """"3 observations, 2 documents" for a side of a reversals-table row; "" for a row without the counts."""
    observations, documents = row.get(f"n_{side}"), row.get(f"docs_{side}")
    if observations is None or pd.isna(observations):
        return ""
    amount = f" · {_count(observations, 'observation')}"
    return amount + (f", {_count(documents, 'document')}" if documents is not None and not pd.isna(documents) else "")


def _draw_reversal(row: pd.Series, data: pd.DataFrame, info: pd.DataFrame, title: str | None) -> Figure:
    names = _names(pd.Series([row["a_id"], row["b_id"]], dtype="string"), info)
    flip = pd.Timestamp(row["flip_date"])
    confidence = row.get("confidence")
    sure = "" if confidence is None or pd.isna(confidence) else f" (confidence {float(confidence):.2f})"
    fig, (before, after) = _figure(10, 5.2, ncols=2, sharey=True)
    fig.suptitle(title or f"Role reversal: {names[0]} and {names[1]}, {row['before_stance']} → {row['after_stance']}{sure}")
    cmap = matplotlib.colormaps[matplotlib.rcParams["image.cmap"]]
    for ax, side, stance, start, end in (
        (before, "before", row["before_stance"], row.get("before_start"), flip),
        (after, "after", row["after_stance"], flip, row.get("after_end")),
    ):
        observed = data[data["side"] == side]
        span = _span(row.get(f"{side}_start", start), row.get(f"{side}_end", end))
        ax.set_title(f"{side.capitalize()}: {span} · {stance}{_evidence_amount(row, side)}", fontsize=10)
        ax.set_xlabel("date of the observation")
        _lollipops(ax, observed, cmap)
        ax.axvline(flip, color="#333333", linestyle="--", linewidth=1)
        _date_range(ax, observed, start, end)
        _label_lollipops(ax, observed)
    before.set_ylabel("stance score (Goldstein scale)")
    before.set_ylim(-11.5, 11.5)
    for y, label in ((10.9, "cooperative (above +1)"), (-10.9, "hostile (below −1)")):
        before.text(0.01, y, label, transform=before.get_yaxis_transform(), fontsize=7, color="#555555", va="center")
    after.annotate(f"flip ≈ {flip:%Y-%m-%d}", (flip, 10.6), xytext=(4, 0), textcoords="offset points", fontsize=8, va="center")
    if (data["kind"] == "language").any():
        marker = dict(linestyle="", markerfacecolor="#bbbbbb", markeredgecolor="#333333")
        after.legend(handles=[Line2D([], [], marker="o", label="event", **marker),
                              Line2D([], [], marker="D", label="language", **marker)],
                     loc="lower right", fontsize=7, borderaxespad=0.3)
    return fig


def _lollipops(ax, observed: pd.DataFrame, cmap) -> None:
    ax.axhline(0, color="#999999", linewidth=0.8)
    ax.axhspan(1, 11.5, color=cmap(0.85), alpha=0.08, linewidth=0)   # cooperative band (stance > +1)
    ax.axhspan(-11.5, -1, color=cmap(0.15), alpha=0.08, linewidth=0)  # hostile band (stance < −1)
    scores = observed["score"].to_numpy(float)
    colours = _goldstein_colours(cmap, scores)
    dates = observed["date"].to_numpy()
    ax.vlines(dates, 0, scores, colors=colours, linewidth=2)
    language = (observed["kind"] == "language").to_numpy(bool)
    for marker, chosen in (("o", ~language), ("D", language)):
        if chosen.any():
            ax.scatter(dates[chosen], scores[chosen], c=colours[chosen], marker=marker, s=60 if marker == "o" else 48,
                       edgecolors="#333333", linewidths=0.5, zorder=3)


def _what(kind, cue, verb) -> str:
    """What an observation is, in a few words: an event's verb (else its cue), the quoted cue of language."""
    if kind == "language":
        return f"“{_shorten(cue, 24)}”" if isinstance(cue, str) and cue else "language"
    return _shorten(verb if isinstance(verb, str) and verb else cue if isinstance(cue, str) else "", 18)


def _label_lollipops(ax, observed: pd.DataFrame) -> None:
    """Who said or did what beside each observation; labels in the right half of a panel point left, so they stay inside."""
    low, high = ax.get_xlim()
    middle = mdates.num2date((low + high) / 2).replace(tzinfo=None)
    rows = zip(observed["date"], observed["score"], observed["source"], observed["target"],
               observed["kind"].astype("object"), observed["cue"].astype("object"), observed["verb"].astype("object"))
    for index, (date, score, source, target, kind, cue, verb) in enumerate(rows):
        if index >= 12:  # more labels than this would only overlap
            break
        if pd.isna(date) or pd.isna(score):
            continue
        left = pd.Timestamp(date) > middle
        ax.annotate(f"{_shorten(source, 22)} → {_shorten(target, 22)}\n{_what(kind, cue, verb)} ({score:+.1f})", (date, score),
                    xytext=(-7 if left else 7, -14 if score > 0 else 6), textcoords="offset points", fontsize=7,
                    ha="right" if left else "left", color="#333333", path_effects=[withStroke(linewidth=2.5, foreground="white")])


def _date_range(ax, events: pd.DataFrame, start, end) -> None:
    dates = [pd.Timestamp(value) for value in (start, end, *events["date"]) if value is not None and not pd.isna(value)]
    first, last = min(dates), max(dates)
    pad = max((last - first) * 0.08, pd.Timedelta(days=180))
    ax.set_xlim(first - pad, last + pad)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
    ax.xaxis.set_major_locator(locator)
    # Years for a long side; a side of a few months gets months, the year where it turns, not one year at every tick.
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


# ─── Evidence ─────────────────────────────────────────────────────────────────────────────


def chart_evidence(tables: Tables, data: pd.DataFrame, *, chart: str, period: str = "decade", knowledge_base=None) -> pd.DataFrame:
    """The sentences behind the rows of a `<chart>_data` frame, by document date.
    Columns: doc_id, sent_id, document (title, else path), date (the document's), text."""
    _check_tables(tables)
    _check_one("chart", chart, CHARTS)
    keys = _evidence_keys(tables, data, chart, period, knowledge_base)
    return _sentences(tables, keys)


def documents_behind(tables: Tables, data: pd.DataFrame, *, chart: str, period: str = "decade", knowledge_base=None) -> pd.DataFrame:
    """The rows of tables.documents that a chart's data comes from (for its source note)."""
    _check_one("chart", chart, CHARTS)
    keys = _evidence_keys(tables, data, chart, period, knowledge_base)
    return tables.documents[tables.documents["doc_id"].isin(keys["doc_id"])]


def _evidence_keys(tables: Tables, data: pd.DataFrame, chart: str, period: str, knowledge_base) -> pd.DataFrame:
    """(doc_id, sent_id[, text]) of the sentences behind `data`."""
    if data is None or data.empty:
        return pd.DataFrame({"doc_id": pd.Series(dtype="string"), "sent_id": pd.Series(dtype="int64")})
    if chart == "ranking":
        mentions = tables.mentions
        return mentions.loc[mentions["actor_id"].isin(data["actor_id"]).fillna(False), ["doc_id", "sent_id"]]
    if chart == "network":
        ends = _ends(data)
        pairs = _cooccurring(tables, among=ends)
        actors = pd.Index(sorted(ends))
        edge = actors.get_indexer(pairs["source"]) * len(actors) + actors.get_indexer(pairs["target"])
        shown = actors.get_indexer(data["source"]) * len(actors) + actors.get_indexer(data["target"])
        return pairs.loc[np.isin(edge, shown), ["doc_id", "sent_id"]]
    if chart in ("timeline", "reversal"):
        return data[["doc_id", "sent_id", "text"]]
    if chart == "motives":
        motives = tables.motives.astype({"category": "object"})
        chosen = data[["actor_id", "category"]].astype({"category": "object"})
        return motives.merge(chosen, on=["actor_id", "category"])[["doc_id", "sent_id", "text"]]
    return _heatmap_keys(tables, data, period, knowledge_base)


def _heatmap_keys(tables: Tables, data: pd.DataFrame, period: str, knowledge_base) -> pd.DataFrame:
    """The counted stance observations (else events), folded into families as the dyads were, that
    fall into the heatmap's cells; their sentences are the observations' evidence."""
    from analysis import reversals

    observed = _observed(tables)
    if observed.empty:  # a dyads table built elsewhere, without its observations: nothing to point to
        return pd.DataFrame({"doc_id": pd.Series(dtype="string"), "sent_id": pd.Series(dtype="int64")})
    # As analysis.reversals counts them: negated events dropped, both sides folded, a score and a date.
    folded = reversals.fold_actors(reversals.observations(observed), knowledge_base=knowledge_base)
    usable = folded[
        folded["source_family"].notna() & folded["target_family"].notna()
        & (folded["source_family"] != folded["target_family"]).fillna(False)
        & folded["date"].notna() & folded["score"].notna() & folded["doc_id"].notna()
    ]
    usable = usable.assign(source_id=usable["source_family"], target_id=usable["target_family"], text=usable["evidence"],
                           first=_period_first(usable["date"].dt.year, period))
    cells = data.assign(first=data["period_start"].dt.year.astype("int64"))[["source_id", "target_id", "first"]]
    return usable.merge(cells, on=["source_id", "target_id", "first"])[["doc_id", "sent_id", "text"]]


def _sentences(tables: Tables, keys: pd.DataFrame) -> pd.DataFrame:
    keys = keys.drop_duplicates(["doc_id", "sent_id"])
    texts = _sentence_texts(tables, keys["doc_id"], keys["sent_id"])
    # An event or motive row carries its own sentence, for when the sentences table lacks it.
    own = keys["text"].to_numpy(dtype=object) if "text" in keys else np.full(len(keys), None, dtype=object)
    found = pd.DataFrame({
        "doc_id": keys["doc_id"].to_numpy(dtype=object), "sent_id": keys["sent_id"].to_numpy(np.int64),
        "text": np.where(pd.isna(texts), own, texts),
    })
    documents = tables.documents.drop_duplicates("doc_id").set_index("doc_id")
    title = documents["title"].astype("object").where(documents["title"].notna() & (documents["title"] != ""))
    label = title.fillna(documents["path"].astype("object"))
    found["document"] = found["doc_id"].map(label).fillna(found["doc_id"])
    found["date"] = found["doc_id"].map(documents["date"]).astype("datetime64[ns]")
    found["text"] = found["text"].fillna("")
    found = found.sort_values(["date", "doc_id", "sent_id"], kind="stable", na_position="last")
    return found[EVIDENCE_COLUMNS].astype({"doc_id": "string", "text": "string", "document": "string"}).reset_index(drop=True)
