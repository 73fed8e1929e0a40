"""Where a network picture puts things: actors grouped into communities and the groups packed apart,
and places for node labels that overlap neither each other nor the nodes.

One spring layout of a whole co-occurrence graph is a hairball: every actor is pulled towards the
few that co-occur with everyone. Here (network_layout) the actors are first split into communities
(Louvain on the shared-sentence weights), each community is laid out alone (a spring layout;
Kamada–Kawai would need SciPy, which the kit does not install) in a disc whose area grows with its
size, and the discs are packed apart from a spring layout of the communities themselves, so
communities that share many sentences sit side by side. fit_layout then puts it in the plot: nodes
drawn bigger than the layout spaced them are parted, the discs grown to hold them and parted again.
Everything is deterministic (LAYOUT_SEED; sorted nodes and edges): the same graph gives the same
picture, whatever order it was built in and whatever Python's hash seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import numpy as np


LAYOUT_SEED = 7  # a fixed seed: the same tables give the same network picture in every export
NODE_SPACING = 1.0  # layout units between neighbouring actors in a community
CLEARANCE = 0.5  # from an outer actor to the edge of its community's disc
GROUP_GAP = 0.75  # between the discs of two communities: the white space that shows the groups


@dataclass(frozen=True)
class NetworkLayout:
    """Positions of the nodes, and the communities as discs (`centres`, `radii`), in layout units."""

    positions: dict
    groups: list[list]
    centres: np.ndarray
    radii: np.ndarray


def canonical(graph: nx.Graph) -> nx.Graph:
    """`graph` rebuilt with sorted nodes and edges and only the weights: community detection and
    spring layouts follow node order, so this makes the layout independent of how `graph` was built
    (and of Python's hash seed, which orders the nodes of a subgraph view)."""
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes, key=str))
    edges = ((*sorted((a, b), key=str), data.get("weight", 1)) for a, b, data in graph.edges(data=True))
    ordered.add_weighted_edges_from(sorted(edges, key=lambda edge: (str(edge[0]), str(edge[1]))))
    return ordered


def communities(graph: nx.Graph, *, seed: int = LAYOUT_SEED) -> list[list]:
    """Groups of nodes, largest first: Louvain communities weighted by shared sentences, each cut
    into its connected parts (a group in pieces would be laid out as if its pieces belonged together)."""
    graph = canonical(graph)
    groups = []
    for community in nx.community.louvain_communities(graph, weight="weight", seed=seed):
        for part in nx.connected_components(canonical(graph.subgraph(community))):
            groups.append(sorted(part, key=str))
    return sorted(groups, key=lambda group: (-len(group), str(group[0])))


def network_layout(graph: nx.Graph, *, seed: int = LAYOUT_SEED) -> NetworkLayout:
    """Communities of `graph` laid out one by one and packed apart (see the module docstring)."""
    ordered = canonical(graph)
    groups = communities(ordered, seed=seed)
    shapes = [_group_shape(ordered, group, seed=seed) for group in groups]
    radii = np.array([np.linalg.norm(shape, axis=1).max() + CLEARANCE for shape in shapes])
    centres = _pack(ordered, groups, radii, seed=seed)
    positions = {node: centre + point for group, shape, centre in zip(groups, shapes, centres)
                 for node, point in zip(group, shape)}
    return NetworkLayout(positions, groups, centres, radii)


def _group_shape(graph: nx.Graph, nodes: list, *, seed: int) -> np.ndarray:
    """The positions of one community's `nodes` (in their order) around (0, 0), about NODE_SPACING
    apart: the disc's area grows with the number of actors."""
    count = len(nodes)
    group = canonical(graph.subgraph(nodes))  # a subgraph view iterates its nodes in set order: hash-seed dependent
    if count == 1:
        return np.zeros((1, 2))
    if count == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]]) * NODE_SPACING
    # Unweighted: weights set line widths; letting them pull would stack the busiest actors on one spot.
    layout = nx.spring_layout(group, weight=None, seed=seed, iterations=200, k=1.6 / math.sqrt(count))
    shape = np.array([layout[node] for node in nodes])
    shape -= shape.mean(axis=0)
    reach = np.linalg.norm(shape, axis=1).max() or 1.0
    return shape / reach * NODE_SPACING * (0.62 * math.sqrt(count) - 0.1)


def _pack(graph: nx.Graph, groups: list[list], radii: np.ndarray, *, seed: int) -> np.ndarray:
    """Centres for the community discs: a spring layout of the communities (weighted by the
    sentences they share) shrunk to about the discs' total area, then discs pushed apart until
    none overlaps — compact, with related communities next to each other."""
    if len(groups) == 1:
        return np.zeros((1, 2))
    index = {node: number for number, group in enumerate(groups) for node in group}
    between = nx.Graph()
    between.add_nodes_from(range(len(groups)))
    for a, b, weight in graph.edges(data="weight", default=1):
        if index[a] != index[b]:
            pair = (index[a], index[b])
            previous = between.edges[pair]["weight"] if between.has_edge(*pair) else 0
            between.add_edge(*pair, weight=previous + weight)
    start = nx.spring_layout(between, weight="weight", seed=seed)
    centres = np.array([start[number] for number in range(len(groups))]) * math.sqrt((radii ** 2).sum())
    for _ in range(6):  # push apart, then draw in a little: the spring layout leaves loose groups far out
        centres = separate(centres, radii)
        centres = (centres - centres.mean(axis=0)) * 0.85
    return separate(centres, radii)


def separate(centres: np.ndarray, radii: np.ndarray, *, gap: float = GROUP_GAP) -> np.ndarray:
    """Move discs apart until every two are at least `gap` apart, keeping their centroid
    (deterministic: coinciding centres part along a fixed direction). Communities' discs, and nodes
    drawn bigger than a spring layout spaced them."""
    centres = centres.astype(float).copy()
    start = centres.mean(axis=0)
    need = radii[:, None] + radii[None, :] + gap
    np.fill_diagonal(need, 0.0)
    fallback = np.stack([np.cos(np.arange(len(radii))), np.sin(np.arange(len(radii)))], axis=1)
    for _ in range(500):
        difference = centres[:, None, :] - centres[None, :, :]
        distance = np.linalg.norm(difference, axis=2)
        short = np.clip(need - distance, 0.0, None)
        if short.max() < 1e-3:
            break
        direction = np.where(distance[..., None] > 1e-9, difference / np.maximum(distance, 1e-9)[..., None],
                             (fallback[:, None, :] - fallback[None, :, :]))
        push = (short[..., None] * direction).sum(axis=1) * 0.5
        # No further than its largest overlap: summed, the pushes of a crowd would fling a disc
        # far out, and the picture would grow much more than it needs.
        length = np.linalg.norm(push, axis=1)
        limit = short.max(axis=1) * 0.5
        centres += push * np.where(length > limit, limit / np.maximum(length, 1e-12), 1.0)[:, None]
    return centres - centres.mean(axis=0) + start


def fit_layout(layout: NetworkLayout, nodes: list, room: np.ndarray, size: tuple[float, float], *,
               max_scale: float, margin: float = 0.1, node_gap: float = 0.03, group_gap: float = 0.12):
    """The layout in a box of `size` (width, height) inches: (positions of `nodes` in their order,
    community disc centres, disc radii, shrink). Each node needs `room` inches round its centre (its
    drawn radius, and a name's height when it is named); nodes a community packs closer are parted,
    the communities' discs grown to hold them and parted again, and the layout scaled down until it
    fits (at most `max_scale` inches a layout unit: three actors are not spread over the page). When
    even the tightest packing is too big, all of it is shrunk by `shrink` < 1, and the nodes must be
    drawn that much smaller so that they still do not overlap."""
    width, height = size
    members = [[nodes.index(node) for node in group] for group in layout.groups]
    low = (layout.centres - layout.radii[:, None]).min(axis=0)
    span = np.maximum((layout.centres + layout.radii[:, None]).max(axis=0) - low, 1e-9)
    scale = min((width - 2 * margin) / span[0], (height - 2 * margin) / span[1], max_scale)
    start = np.array([layout.positions[node] for node in nodes])
    for _ in range(8):  # parting grows the picture; a smaller scale, and again, until it fits
        xy, centres = start * scale, layout.centres * scale
        for group, centre in zip(members, centres):
            xy[group] = separate(xy[group], room[group], gap=node_gap)
        radii = np.array([(np.linalg.norm(xy[group] - centre, axis=1) + room[group]).max() for group, centre in zip(members, centres)])
        moved = separate(centres, radii, gap=group_gap)
        for group, old, new in zip(members, centres, moved):
            xy[group] += new - old
        low, high = (moved - radii[:, None]).min(axis=0), (moved + radii[:, None]).max(axis=0)
        ratio = min((width - 2 * margin) / max(high[0] - low[0], 1e-9), (height - 2 * margin) / max(high[1] - low[1], 1e-9))
        if ratio >= 1:
            break
        scale *= max(ratio, 0.6)
    middle = (low + high) / 2
    shrink = min(ratio, 1.0)
    centre_of_box = np.array([width, height]) / 2
    return (xy - middle) * shrink + centre_of_box, (moved - middle) * shrink + centre_of_box, radii * shrink, shrink


def place_labels(points: np.ndarray, radii: np.ndarray, labelled: list[int], sizes: np.ndarray,
                 bounds: tuple[float, float, float, float], *, gap: float = 0.02, clearance: float = 0.06) -> list:
    """A centre for each label of `labelled` (node indices, most important first), or None where no
    free place is near its node. `points` and `radii` are every node's centre and radius, `sizes`
    each label's (width, height), `bounds` (x0, y0, x1, y1): all in one unit (inches). A label's
    place overlaps no other label, stays inside `bounds`, is `gap` from its own node and at least
    `clearance` from every other (a name touching two nodes could be either's); the first free one of
    the places beside its node (_candidates), then the same a little farther out."""
    placed, result = [], []
    for node, (width, height) in zip(labelled, sizes):
        spot = None
        for extra in (0.0, 0.5 * height, 1.2 * height, 2.2 * height, 3.5 * height, 5.0 * height):
            for centre in _candidates(points[node], radii[node] + gap + extra, width, height):
                if _free(centre, width, height, placed, points, radii + clearance, bounds, gap, own=node):
                    spot = centre
                    break
            if spot is not None:
                break
        if spot is not None:
            placed.append((spot, width, height))
        result.append(spot)
    return result


def _candidates(point: np.ndarray, reach: float, width: float, height: float):
    """Label centres round a node, nearest and plainest first: centred above, below, right, left;
    then slid along those sides (the label's end over the node, a line higher or lower); then the corners."""
    x, y = point
    above, below = y + reach + height / 2, y - reach - height / 2
    right, left = x + reach + width / 2, x - reach - width / 2
    slide, lift = max(width / 2 - reach, 0.0), 0.6 * height
    yield from (np.array(spot) for spot in ((x, above), (x, below), (right, y), (left, y)))
    yield from (np.array(spot) for spot in ((x - slide, above), (x + slide, above), (x - slide, below), (x + slide, below),
                                            (right, y + lift), (right, y - lift), (left, y + lift), (left, y - lift)))
    corner = reach * 0.72
    for sign_x, sign_y in ((1, 1), (-1, 1), (1, -1), (-1, -1)):
        yield np.array([x + sign_x * (corner + width / 2), y + sign_y * (corner + height / 2)])


def _free(centre, width, height, placed, points, radii, bounds, gap, *, own: int) -> bool:
    x, y = centre
    x0, y0, x1, y1 = bounds
    if x - width / 2 < x0 or x + width / 2 > x1 or y - height / 2 < y0 or y + height / 2 > y1:
        return False
    for other, other_width, other_height in placed:
        if abs(x - other[0]) < (width + other_width) / 2 + gap and abs(y - other[1]) < (height + other_height) / 2 + gap:
            return False
    # The nearest point of the label's box to each other node's centre must lie outside that node
    # (its own node is kept at `gap` by the candidates themselves).
    nearest_x = np.clip(points[:, 0], x - width / 2, x + width / 2)
    nearest_y = np.clip(points[:, 1], y - height / 2, y + height / 2)
    outside = np.hypot(points[:, 0] - nearest_x, points[:, 1] - nearest_y) >= radii
    outside[own] = True
    return bool(outside.all())
