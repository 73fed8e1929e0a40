"""The dyad heatmap: mean stance score per actor pair and period."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis import tables as schema
from analysis.tables import Tables
from analysis.charts.style import (
    GOLDSTEIN, STANCE_SCALE, goldstein_colorbar, new_figure, no_data, report_style, shorten, source_note,
)
from analysis.charts.options import PERIODS, check_int, check_one, check_tables, ids_option
from analysis.charts.common import actor_info, actor_names, observed_table, period_first, period_label
from analysis.charts.evidence import documents_behind


HEATMAP_COLUMNS = ["source_id", "target_id", "pair", "period", "period_start", "period_end", "n_observations", "mean_score"]


def _dyads(tables: Tables, period: str, knowledge_base) -> pd.DataFrame:
    if not tables.dyads.empty:
        return tables.dyads
    observed = observed_table(tables)
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
    check_tables(tables)
    actors = ids_option("actors", actors)
    check_one("period", period, PERIODS)
    check_int("top", top, minimum=1)
    dyads = _dyads(tables, period, knowledge_base)
    if actors is not None:
        dyads = dyads[(dyads["source_id"].isin(actors) | dyads["target_id"].isin(actors)).fillna(False)]
    if dyads.empty:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in HEATMAP_COLUMNS})
    # A dyad without a document count (a table built by hand) weighs as one document.
    documents = dyads["n_documents"].where(dyads["n_documents"] > 0, 1)
    cells = pd.DataFrame({
        "source_id": dyads["source_id"], "target_id": dyads["target_id"],
        "first": period_first(dyads["period_start"].dt.year, period),
        "n_observations": dyads["n_observations"], "weight": documents, "weighted": dyads["mean_score"] * documents,
    }).groupby(["source_id", "target_id", "first"], sort=True).sum().reset_index()
    cells["mean_score"] = cells["weighted"] / cells["weight"]
    totals = cells.groupby(["source_id", "target_id"])["n_observations"].sum().sort_values(ascending=False, kind="stable")
    chosen = totals.head(top)
    cells = cells.merge(chosen.rename("total").reset_index(), on=["source_id", "target_id"])
    info = actor_info(tables)
    cells["pair"] = actor_names(cells["source_id"], info) + " → " + actor_names(cells["target_id"], info)
    cells["period"] = [period_label(first, period) for first in cells["first"]]
    cells["period_start"] = pd.to_datetime(dict(year=cells["first"], month=1, day=1))
    width = {"year": 1, "5y": 5, "decade": 10}[period]
    cells["period_end"] = pd.to_datetime(dict(year=cells["first"] + width - 1, month=12, day=31))
    cells = cells.sort_values(["total", "source_id", "target_id", "first"], ascending=[False, True, True, True], kind="stable")
    return cells[HEATMAP_COLUMNS].astype({"n_observations": "int64", "mean_score": "float64"}).reset_index(drop=True)


def draw_dyad_heatmap(data: pd.DataFrame, *, documents: pd.DataFrame, period: str = "decade", title: str | None = None) -> Figure:
    """Actor pair × period matrix of mean stance score (a dyad_heatmap_data frame), each cell with its
    number of observations; blank cells had none."""
    check_one("period", period, PERIODS)
    pairs = list(dict.fromkeys(data["pair"]))
    firsts = data["period_start"].dt.year.to_numpy() if len(data) else np.array([], dtype=int)
    width = {"year": 1, "5y": 5, "decade": 10}[period]
    columns = list(range(int(firsts.min()), int(firsts.max()) + 1, width)) if len(firsts) else []
    with report_style():
        fig, ax = new_figure(min(max(4.5 + 0.55 * len(columns), 7), 14), 1.9 + 0.38 * len(pairs))
        ax.set_title(title or "Mean stance score per actor pair")
        ax.set_xlabel({"year": "year", "5y": "five-year period", "decade": "decade"}[period])
        ax.set_ylabel("source → target")
        cmap = matplotlib.colormaps[matplotlib.rcParams["image.cmap"]].with_extremes(bad="#f2f2f2")
        if data.empty:
            no_data(ax)
        else:
            matrix = np.full((len(pairs), len(columns)), np.nan)
            rows = data["pair"].map({pair: index for index, pair in enumerate(pairs)}).to_numpy()
            cols = ((firsts - columns[0]) // width).astype(int)
            matrix[rows, cols] = data["mean_score"].to_numpy(float)
            ax.imshow(matrix, cmap=cmap, norm=GOLDSTEIN, aspect="auto", interpolation="none")
            _annotate_cells(ax, matrix, data["n_observations"].to_numpy(), rows, cols)
            ax.set_yticks(range(len(pairs)), [shorten(pair, 44) for pair in pairs])
            step = max(1, math.ceil(len(columns) / 16))
            ax.set_xticks(range(0, len(columns), step), [period_label(first, period) for first in columns[::step]])
            ax.tick_params(length=0)
            for side in ("left", "bottom"):
                ax.spines[side].set_visible(False)
        goldstein_colorbar(fig, ax, cmap, label=STANCE_SCALE, fraction=0.04, pad=0.02)
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
