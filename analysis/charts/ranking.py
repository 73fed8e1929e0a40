"""The actor ranking: mentions per actor, coloured by kind."""

from __future__ import annotations

from typing import Iterable, Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from analysis.tables import ACTOR_KINDS, Tables
from analysis.charts.style import new_figure, no_data, palette, report_style, shorten, source_note
from analysis.charts.options import check_int, check_tables, choices_option, ids_option
from analysis.charts.common import actor_info, actor_kinds, actor_names, mention_counts
from analysis.charts.evidence import documents_behind


RANKING_COLUMNS = ["actor_id", "name", "kind", "n_mentions", "n_docs"]


def actor_ranking_data(tables: Tables, *, actors=None, kinds=None, min_mentions: int = 1, top: int = 20) -> pd.DataFrame:
    """Mentions per actor, most mentioned first. Columns: actor_id, name, kind, n_mentions, n_docs."""
    check_tables(tables)
    actors, kinds = ids_option("actors", actors), choices_option("kinds", kinds, ACTOR_KINDS)
    check_int("min_mentions", min_mentions, minimum=1)
    check_int("top", top, minimum=1)
    data = mention_counts(tables)
    info = actor_info(tables)
    data["name"], data["kind"] = actor_names(data["actor_id"], info), actor_kinds(data["actor_id"], info)
    keep = data["n_mentions"] >= min_mentions
    if actors is not None:
        keep &= data["actor_id"].isin(actors)
    if kinds is not None:
        keep &= data["kind"].isin(kinds)
    data = data[keep].sort_values(["n_mentions", "name"], ascending=[False, True], kind="stable")
    return data.head(top)[RANKING_COLUMNS].reset_index(drop=True)


def kind_legend(ax, kinds: Iterable, colours: Mapping[str, str], **options) -> None:
    present = [kind for kind in ACTOR_KINDS if kind in set(kinds)]
    handles = [Patch(color=colours[kind], label=kind.replace("_", " ")) for kind in present]
    if handles:
        ax.legend(handles=handles, title="kind", **options)


def draw_actor_ranking(data: pd.DataFrame, *, documents: pd.DataFrame, title: str | None = None) -> Figure:
    """Horizontal bars of mentions per actor (an actor_ranking_data frame), coloured by kind."""
    with report_style():
        fig, ax = new_figure(8, 1.5 + 0.3 * len(data))
        ax.set_title(title or "Mentions per actor")
        ax.set_xlabel("mentions")
        ax.set_ylabel("actor")
        if data.empty:
            no_data(ax)
        else:
            colours = palette(ACTOR_KINDS)
            rows = data.iloc[::-1]  # most mentioned at the top
            positions = np.arange(len(rows))
            bars = ax.barh(positions, rows["n_mentions"], color=[colours.get(kind, "#bbbbbb") for kind in rows["kind"].astype("object")])
            ax.set_yticks(positions, [shorten(name, 36) for name in rows["name"]])
            ax.bar_label(bars, padding=3, fontsize=8, color="#333333")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_xlim(0, rows["n_mentions"].max() * 1.12)
            ax.grid(axis="x")
            kind_legend(ax, rows["kind"].dropna(), colours, loc="lower right")
        source_note(fig, documents)
    return fig


def actor_ranking(tables: Tables, *, actors=None, kinds=None, min_mentions: int = 1, top: int = 20, title: str | None = None) -> Figure:
    """Bar chart of mentions per actor (see actor_ranking_data for the options)."""
    data = actor_ranking_data(tables, actors=actors, kinds=kinds, min_mentions=min_mentions, top=top)
    return draw_actor_ranking(data, documents=documents_behind(tables, data, chart="ranking"), title=title)
