"""The network picture itself: community discs, lines, nodes, names and the key beside them.

The figure has a fixed geometry (no constrained layout): the plot is a box of PLOT inches whose data
units are inches, so node sizes (points), names (measured in points) and positions share one unit
and names can be placed where they overlap nothing before anything is rendered.
"""

from __future__ import annotations

import textwrap

import networkx as nx
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle, Rectangle
from matplotlib.patheffects import withStroke
from matplotlib.textpath import TextToPath

from analysis.tables import ACTOR_KINDS
from analysis.charts.style import new_figure, palette, shorten
from analysis.charts.layout import fit_layout, network_layout, place_labels


FIGURE = (8.0, 6.5)  # inches
PLOT = (0.15, 1.0, 5.7, 5.0)  # left, bottom, width, height in inches: room for the title above, notes below
KEY_WIDTH = 1.95
LABEL_SIZE = 8  # points
LABEL_HEIGHT = (LABEL_SIZE * 1.25 + 2) / 72  # inches: a line of a name, its white outline included
NAME_LIMIT = 28  # characters of a name before it is shortened
MAX_SCALE = 1.1  # inches per layout unit: a picture of three actors does not spread them over the page
MIN_COMMUNITY = 3  # actors in a community before it gets a disc: a pair is a line, not a group
LINE_COLOUR, LINE_ALPHA = "#7f7f7f", 0.55  # see-through: where many lines cross, the crossing is darker
DISC_COLOUR = "#f0f0f0"
LEADER_COLOUR = "#333333"  # darker and thinner than the lines: a leader is not read as a pair


def network_figure():
    """A figure with the plot box at PLOT (axis lines and ticks off: positions are a layout, not a scale)."""
    fig, ax = new_figure(*FIGURE)
    fig.set_layout_engine("none")
    width, height = FIGURE
    left, bottom, plot_width, plot_height = PLOT
    ax.set_position([left / width, bottom / height, plot_width / width, plot_height / height])
    ax.set_xlim(0, plot_width)
    ax.set_ylim(0, plot_height)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_ylabel("")
    return fig, ax


def node_sizes(mentions: np.ndarray, most: float) -> np.ndarray:
    """Marker areas (points²), area growing with the square root of mentions: one actor named a
    thousand times must not hide the rest."""
    return 30 + 520 * np.sqrt(np.asarray(mentions, dtype=float) / max(most, 1))


def line_widths(weights: np.ndarray, most: float) -> np.ndarray:
    return 0.5 + 3.5 * np.asarray(weights, dtype=float) / max(most, 1)


def draw_network(fig, ax, graph: nx.Graph, *, min_weight: int, labels: int, first=()) -> int:
    """Draw `graph` (lines only for pairs of ≥ `min_weight` sentences) and its key; name `labels`
    actors in the order of _name_order (`first`: the chosen ones). Returns how many names found room."""
    nodes = sorted(graph.nodes, key=str)
    mentions = np.array([graph.nodes[node].get("n_mentions", 0) for node in nodes], dtype=float)
    sizes = node_sizes(mentions, mentions.max())
    radii = np.sqrt(sizes) / 2 / 72  # inches
    layout = network_layout(graph)
    named = _name_order(nodes, mentions, layout.groups, first)[:labels]
    room = radii + 0.01
    room[named] += LABEL_HEIGHT  # so a name can sit right beside its node
    xy, centres, reach, shrink = fit_layout(layout, nodes, room, PLOT[2:], max_scale=MAX_SCALE)
    sizes, radii = sizes * shrink ** 2, radii * shrink  # a crowd too big for the plot: smaller nodes, never overlapping ones
    discs = _draw_discs(ax, layout.groups, centres, reach)
    weights, most_weight = _draw_lines(ax, graph, nodes, xy, min_weight)
    colours = palette(ACTOR_KINDS)
    kinds = [graph.nodes[node].get("kind", "") for node in nodes]
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=[colours.get(kind, "#bbbbbb") for kind in kinds], edgecolors="white",
               linewidths=0.8, zorder=2)
    drawn = _draw_names(ax, graph, nodes, xy, radii, named)
    _draw_key(fig, kinds=kinds, colours=colours, mentions=mentions, weights=weights, most_weight=most_weight, discs=discs,
              area=shrink ** 2)
    return drawn


def _draw_discs(ax, groups: list[list], centres: np.ndarray, radii: np.ndarray) -> bool:
    """A light disc behind each community of MIN_COMMUNITY actors or more; none when there is only
    one such community, since a disc round everything says nothing. Returns whether any was drawn."""
    communities = [(centre, radius) for group, centre, radius in zip(groups, centres, radii) if len(group) >= MIN_COMMUNITY]
    if len(communities) < 2:
        return False
    for centre, radius in communities:
        ax.add_artist(Circle(centre, radius, facecolor=DISC_COLOUR, edgecolor="none", zorder=0))  # limits are fixed: skip their update
    return True


def _draw_lines(ax, graph: nx.Graph, nodes: list, xy: np.ndarray, min_weight: int):
    """The lines of pairs sharing ≥ `min_weight` sentences, lightest first so heavy ones lie on top;
    widths scaled to the heaviest pair of `graph`. Returns the drawn weights and that heaviest."""
    index = {node: number for number, node in enumerate(nodes)}
    most_weight = max((weight for *_, weight in graph.edges(data="weight", default=1)), default=1)
    edges = sorted((weight, index[a], index[b]) for a, b, weight in graph.edges(data="weight", default=1) if weight >= min_weight)
    weights = np.array([edge[0] for edge in edges], dtype=float)
    if edges:
        segments = [(xy[a], xy[b]) for _, a, b in edges]
        ax.add_collection(LineCollection(segments, linewidths=line_widths(weights, most_weight), colors=LINE_COLOUR,
                                         alpha=LINE_ALPHA, zorder=1))
    return weights, most_weight


def _name_order(nodes: list, mentions: np.ndarray, groups: list[list], first) -> list[int]:
    """Node indices in the order they get a name: the chosen actors (`first`), then the most mentioned
    actor of each community (a group nobody in it is named says nothing), then by mentions."""
    index = {node: number for number, node in enumerate(nodes)}
    by_mentions = sorted(range(len(nodes)), key=lambda number: (-mentions[number], str(nodes[number])))
    rank = {number: place for place, number in enumerate(by_mentions)}
    leaders = sorted(min((index[node] for node in group), key=rank.get) for group in groups if len(group) >= MIN_COMMUNITY)
    chosen = [index[node] for node in first if node in index]
    ordered = sorted(chosen, key=rank.get) + sorted(leaders, key=rank.get) + by_mentions
    return list(dict.fromkeys(ordered))


def _draw_names(ax, graph, nodes, xy, radii, priority) -> int:
    """Names of the `priority` nodes where they overlap no other name or node, white-outlined so lines
    crossing them do not hide them; a thin leader joins a name set farther out to its node."""
    texts = [shorten(graph.nodes[nodes[number]].get("name", nodes[number]), NAME_LIMIT) for number in priority]
    sizes = np.array([_text_size(text) for text in texts]).reshape(-1, 2)
    _, _, width, height = PLOT
    spots = place_labels(xy, radii, priority, sizes, (0.0, 0.0, width, height))
    named = 0
    for number, text, spot, (text_width, text_height) in zip(priority, texts, spots, sizes):
        if spot is None:
            continue
        named += 1
        nearest = np.clip(xy[number], spot - [text_width / 2, text_height / 2], spot + [text_width / 2, text_height / 2])
        reach = np.hypot(*(nearest - xy[number]))
        if reach > radii[number] + 0.05:  # set apart from its node: a leader from the node's rim
            rim = xy[number] + (nearest - xy[number]) * radii[number] / reach
            ax.plot(*np.array([rim, nearest]).T, color=LEADER_COLOUR, linewidth=0.5, zorder=2.5)
        ax.text(*spot, text, ha="center", va="center", fontsize=LABEL_SIZE, zorder=3,
                path_effects=[withStroke(linewidth=2.5, foreground="white")])
    return named


def _text_size(text: str) -> tuple[float, float]:
    """A name's box in inches at LABEL_SIZE, its white outline included."""
    width, _, _ = TextToPath().get_text_width_height_descent(text, FontProperties(size=LABEL_SIZE), ismath=False)
    return (width + 3) / 72, LABEL_HEIGHT


def _key_values(low: float, high: float) -> list[int]:
    """Up to three round values from `low` to `high` for a key: the extremes and one round middle
    (only `high` when `low` is within a fifth of it: two keys of one size tell nothing)."""
    low, high = int(round(low)), int(round(high))
    if low >= 0.8 * high:
        return [high]
    middle = np.sqrt(max(low, 1) * high)
    magnitude = 10 ** int(np.floor(np.log10(max(middle, 1))))
    middle = int(round(middle / magnitude) * magnitude)
    return sorted({low, middle, high} if low < middle < high else {low, high}, reverse=True)


def _draw_key(fig, *, kinds, colours, mentions, weights, most_weight, discs: bool, area: float = 1.0) -> None:
    """The key right of the plot, drawn at the picture's own scales: colour = actor kind, size =
    mentions (node areas times `area`, as the picture drew them), line width = shared sentences, and
    what a grey disc is."""
    width, height = FIGURE
    left, bottom, plot_width, plot_height = PLOT
    key = fig.add_axes([(left + plot_width + 0.1) / width, bottom / height, KEY_WIDTH / width, plot_height / height])
    key.set_label("key")
    key.set_axis_off()
    key.set_xlim(0, KEY_WIDTH)
    key.set_ylim(0, plot_height)
    y = plot_height

    def header(text):
        nonlocal y
        key.text(0, y, text, fontsize=9, fontweight="bold", va="top", color="#333333")
        y -= 0.26

    def entry(text, row_height=0.2):
        nonlocal y
        key.text(0.42, y - row_height / 2, text, fontsize=8.5, va="center", color="#333333")
        y -= row_height + 0.04

    header("colour: actor kind")
    for kind in [kind for kind in ACTOR_KINDS if kind in set(kinds)]:
        key.add_patch(Rectangle((0.05, y - 0.15), 0.26, 0.12, color=colours[kind]))
        entry(kind.replace("_", " "), 0.16)
    y -= 0.12
    header("size: mentions")
    for value in _key_values(mentions.min(), mentions.max()):
        size = node_sizes([value], mentions.max())[0] * area
        diameter = np.sqrt(size) / 72
        key.scatter([0.18], [y - max(diameter, 0.16) / 2], s=[size], color="#999999", edgecolors="white", linewidths=0.8)
        entry(f"{value:,}", max(diameter, 0.16))
    y -= 0.12
    header("line width: sentences\nshared by the pair")
    y -= 0.16
    for value in _key_values(weights.min(), weights.max()):
        key.plot([0.02, 0.34], [y - 0.1] * 2, color=LINE_COLOUR, alpha=LINE_ALPHA, linewidth=line_widths([value], most_weight)[0],
                 solid_capstyle="butt")
        entry(f"{value:,}", 0.2)
    if discs:
        y -= 0.12
        key.add_patch(Circle((0.18, y - 0.14), 0.14, facecolor=DISC_COLOUR, edgecolor="none"))
        key.text(0.42, y - 0.02, "\n".join(textwrap.wrap("community: actors named together more often than with the others", 22)),
                 fontsize=8, va="top", color="#333333")
