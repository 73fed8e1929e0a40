"""Stated motives per actor, stacked by motive category."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from analysis.tables import MOTIVE_CATEGORIES, Tables
from analysis.charts.style import new_figure, no_data, palette, report_style, shorten, source_note
from analysis.charts.options import check_int, check_tables, ids_option
from analysis.charts.common import actor_info, actor_names
from analysis.charts.evidence import documents_behind


MOTIVE_COLUMNS = ["actor_id", "name", "category", "n_motives"]
CATEGORY = pd.CategoricalDtype(MOTIVE_CATEGORIES, ordered=True)


def motives_by_actor_data(tables: Tables, *, actors=None, top: int = 20) -> pd.DataFrame:
    """Stated motives per actor and category (motives without an actor are left out), the `top` actors
    with most motives first, categories in the declared order. Columns: actor_id, name, category, n_motives."""
    check_tables(tables)
    actors = ids_option("actors", actors)
    check_int("top", top, minimum=1)
    motives = tables.motives[tables.motives["actor_id"].notna()]
    if actors is not None:
        motives = motives[motives["actor_id"].isin(actors)]
    counts = motives.groupby(["actor_id", "category"], observed=True).size().rename("n_motives").reset_index()
    info = actor_info(tables)
    counts["name"] = actor_names(counts["actor_id"], info)
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
        fig, ax = new_figure(8.5, 1.6 + 0.35 * len(actors))
        ax.set_title(title or "Stated motives per actor")
        ax.set_xlabel("stated motives")
        ax.set_ylabel("actor")
        if data.empty:
            no_data(ax)
        else:
            _stack_motives(ax, data, actors)
        source_note(fig, documents)
    return fig


def _stack_motives(ax, data: pd.DataFrame, actors: list[str]) -> None:
    table = data.pivot_table(index="actor_id", columns="category", values="n_motives", aggfunc="sum", observed=True, fill_value=0)
    table = table.reindex(index=actors[::-1], fill_value=0)  # most motives at the top
    names = data.drop_duplicates("actor_id").set_index("actor_id")["name"]
    colours = palette(MOTIVE_CATEGORIES)
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
    ax.set_yticks(positions, [shorten(names[actor], 36) for actor in table.index])
    ax.set_xlim(0, left.max() * 1.1)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x")
    ax.legend(title="motive category", loc="upper left", bbox_to_anchor=(1.01, 1.0))


def motives_by_actor(tables: Tables, *, actors=None, top: int = 20, title: str | None = None) -> Figure:
    """Stacked bars of stated motives per actor and category (options as motives_by_actor_data)."""
    data = motives_by_actor_data(tables, actors=actors, top=top)
    return draw_motives_by_actor(data, documents=documents_behind(tables, data, chart="motives"), title=title)
