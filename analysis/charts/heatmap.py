"""The dyad heatmap: mean stance score per actor pair and period.

By default it fits the observations it is given: the years are where they cluster
(analysis.charts.ranges.robust_years, weighing each cell by its observations; the chart says how
many lie outside), the period follows from their span (`period_for_span`: years up to 15 years,
five-year periods up to 60, else decades), and periods in which no pair has an observation are
left out, a white gap marking each break. The period used is in the data's `period` labels and
`period_start`/`period_end`; `data.attrs["heatmap"]` also records it, the years and why an empty
frame is empty.
"""

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
from analysis.charts.common import (
    PERIOD_WIDTHS as WIDTHS, actor_info, actor_names, cells_period, observed_table, period_first, period_label,
)
from analysis.charts.evidence import documents_behind
from analysis.charts.notes import NO_ACTOR, actor_list, none_chosen, title_with_note
from analysis.charts.ranges import YearRange, period_for_span, robust_years


HEATMAP_COLUMNS = ["source_id", "target_id", "pair", "period", "period_start", "period_end", "n_observations", "mean_score"]
PERIOD_NAMES = {"year": "year", "5y": "five-year period", "decade": "decade"}
LABELS_AND_BAR = 4.5  # inches of a heatmap's width taken by its row labels and colour bar, about


def _dyads(tables: Tables, period: str, knowledge_base) -> pd.DataFrame:
    if not tables.dyads.empty:
        return tables.dyads
    observed = observed_table(tables)
    if observed.empty:
        return schema.empty("dyads")
    from analysis import reversals

    return reversals.dyads(observed, knowledge_base=knowledge_base, period=period)


def _with_actors(dyads: pd.DataFrame, actors) -> pd.DataFrame:
    if actors is None:
        return dyads
    return dyads[(dyads["source_id"].isin(actors) | dyads["target_id"].isin(actors)).fillna(False)]


def _years(dyads: pd.DataFrame) -> YearRange | None:
    """Where the observations cluster: each dyad's start year once per observation."""
    counts = dyads["n_observations"].fillna(1).clip(lower=1).to_numpy(np.int64)
    return robust_years(np.repeat(dyads["period_start"].dt.year.to_numpy(np.int64), counts))


def _native_width(dyads: pd.DataFrame) -> int:
    """The widest period of the dyads themselves: a table of decades cannot be split into years."""
    return int((dyads["period_end"].dt.year - dyads["period_start"].dt.year + 1).max())


def dyad_heatmap_data(tables: Tables, *, actors=None, period: str | None = None, top: int = 25, knowledge_base=None) -> pd.DataFrame:
    """Mean stance score per actor pair and period ("year", "5y", "decade"; None: from the span of
    the years where the observations cluster, see the module docstring): the mean of the pair's
    document means of its stance observations (events and language together, on the Goldstein
    scale), and their number. From tables.dyads, re-binned by each dyad's start year (observations
    summed, means weighted by each dyad's documents), or, when that table is empty, from the stances
    table — else the events — folded into actor families (analysis.reversals.dyads). Pairs with any
    of `actors`; the `top` pairs with most observations; cells outside the clustered years left out.
    Columns: HEATMAP_COLUMNS; `attrs["heatmap"]`: period, years (a YearRange), empty (why, when empty)."""
    check_tables(tables)
    actors = ids_option("actors", actors)
    if period is not None:
        check_one("period", period, PERIODS)
    check_int("top", top, minimum=1)
    # Without a dyads table every dyad is computed from the observations: at the period asked for when there is
    # one (computing them twice, by year and by period, doubled a redraw), else by year to choose the period.
    yearly = _with_actors(_dyads(tables, period if period is not None and tables.dyads.empty else "year", knowledge_base), actors)
    if yearly.empty:
        return _empty(_why_empty(tables, actors), period)
    years = _years(yearly)
    chosen = period or period_for_span(*years)
    if WIDTHS[chosen] < _native_width(yearly):
        chosen = next(name for name, width in WIDTHS.items() if width >= _native_width(yearly))
    # Without a dyads table the dyads are computed at the period itself rather than re-binned.
    computed_at = period if period is not None and tables.dyads.empty else "year"
    dyads = yearly if chosen == computed_at or not tables.dyads.empty else _with_actors(_dyads(tables, chosen, knowledge_base), actors)
    dyads = dyads[(dyads["period_end"].dt.year >= years.first) & (dyads["period_start"].dt.year <= years.last)]
    cells = _cells(tables, dyads, chosen, top)
    cells.attrs["heatmap"] = {"period": chosen, "years": years, "empty": ""}
    return cells


def _cells(tables: Tables, dyads: pd.DataFrame, period: str, top: int) -> pd.DataFrame:
    # A dyad without a document count (a table built by hand) weighs as one document.
    documents = dyads["n_documents"].where(dyads["n_documents"] > 0, 1)
    cells = pd.DataFrame({
        "source_id": dyads["source_id"], "target_id": dyads["target_id"],
        "first": period_first(dyads["period_start"].dt.year, period),
        "n_observations": dyads["n_observations"], "weight": documents, "weighted": dyads["mean_score"] * documents,
    }).groupby(["source_id", "target_id", "first"], sort=True).sum().reset_index()
    cells["mean_score"] = cells["weighted"] / cells["weight"]
    totals = cells.groupby(["source_id", "target_id"])["n_observations"].sum().sort_values(ascending=False, kind="stable")
    cells = cells.merge(totals.head(top).rename("total").reset_index(), on=["source_id", "target_id"])
    info = actor_info(tables)
    cells["pair"] = actor_names(cells["source_id"], info) + " → " + actor_names(cells["target_id"], info)
    cells["period"] = [period_label(first, period) for first in cells["first"]]
    cells["period_start"] = pd.to_datetime(dict(year=cells["first"], month=1, day=1))
    cells["period_end"] = pd.to_datetime(dict(year=cells["first"] + WIDTHS[period] - 1, month=12, day=31))
    cells = cells.sort_values(["total", "source_id", "target_id", "first"], ascending=[False, True, True, True], kind="stable")
    return cells[HEATMAP_COLUMNS].astype({"n_observations": "int64", "mean_score": "float64"}).reset_index(drop=True)


def _empty(why: str, period: str | None) -> pd.DataFrame:
    empty = pd.DataFrame({column: pd.Series(dtype="object") for column in HEATMAP_COLUMNS})
    empty.attrs["heatmap"] = {"period": period, "years": None, "empty": why}
    return empty


def _why_empty(tables: Tables, actors) -> str:
    if none_chosen(actors):
        return NO_ACTOR
    if actors is not None and not (tables.dyads.empty and observed_table(tables).empty):
        return f"no stance observations for a pair with {actor_list(tables, actors)}"
    return "no stance observations between two actors in these tables"


def data_period(data: pd.DataFrame) -> str | None:
    """The period a dyad_heatmap_data frame is binned by: recorded, else read off its cells' widths."""
    recorded = data.attrs.get("heatmap", {}).get("period")
    if recorded or data.empty:
        return recorded
    return cells_period(data)


def _columns(firsts: np.ndarray, period: str) -> tuple[list[int], list[int]]:
    """The periods with an observation, in order, and the positions after which a break falls."""
    columns = sorted({int(first) for first in firsts})
    breaks = [index for index in range(len(columns) - 1) if columns[index + 1] - columns[index] > WIDTHS[period]]
    return columns, breaks


def _notes(data: pd.DataFrame, period: str, columns: list[int], breaks: list[int]) -> list[str]:
    years = data.attrs.get("heatmap", {}).get("years")
    shown = YearRange(columns[0], columns[-1] + WIDTHS[period] - 1)
    # The data's years, unless the busiest pairs' columns start later or end sooner than the data.
    span = (years if years and shown.first <= years.first and years.last <= shown.last else shown).label
    missing = sum((columns[index + 1] - columns[index]) // WIDTHS[period] - 1 for index in breaks)
    gaps = f"{missing} {PERIOD_NAMES[period]}{'' if missing == 1 else 's'} without observations left out (white gaps)" if missing else ""
    by = {"year": "by year", "5y": "by five-year period", "decade": "by decade"}[period]
    return [" · ".join(filter(None, [f"{by}, {span}", gaps])), years.note("stance observations") if years else ""]


def draw_dyad_heatmap(data: pd.DataFrame, *, documents: pd.DataFrame, period: str | None = None, title: str | None = None) -> Figure:
    """Actor pair × period matrix of mean stance score (a dyad_heatmap_data frame), each cell with its
    number of observations; blank cells had none; periods without any left out, a white gap at
    each break. `period`: None reads it off the data."""
    if period is not None:
        check_one("period", period, PERIODS)
    period = period or data_period(data)
    pairs = list(dict.fromkeys(data["pair"]))
    columns, breaks = _columns(data["period_start"].dt.year.to_numpy() if len(data) else [], period or "year")
    with report_style():
        fig, ax = new_figure(min(max(5.0 + _column_inches(period) * len(columns), 7), 14), 2.2 + 0.38 * len(pairs))
        title = title or "Mean stance score per actor pair"
        ax.set_xlabel(PERIOD_NAMES.get(period, "period"))
        ax.set_ylabel("source → target")
        cmap = matplotlib.colormaps[matplotlib.rcParams["image.cmap"]].with_extremes(bad="#f2f2f2")
        if data.empty:
            title_with_note(ax, title, [])
            no_data(ax, data.attrs.get("heatmap", {}).get("empty") or "no stance observations for these filters")
        else:
            title_with_note(ax, title, _notes(data, period, columns, breaks))
            _draw_cells(ax, data, pairs, columns, breaks, period, cmap)
        goldstein_colorbar(fig, ax, cmap, label=STANCE_SCALE, fraction=0.04, pad=0.02)
        source_note(fig, documents)
    return fig


def _column_inches(period: str | None) -> float:
    """Wide enough for the cell's two lines and for its period's label ("1975–79") under it."""
    label = period_label(2000, period) if period else ""
    return max(0.55, (len(label) * 9 * 0.6 + 10) / 72)


def _draw_cells(ax, data: pd.DataFrame, pairs: list[str], columns: list[int], breaks: list[int], period: str, cmap) -> None:
    matrix = np.full((len(pairs), len(columns)), np.nan)
    rows = data["pair"].map({pair: index for index, pair in enumerate(pairs)}).to_numpy()
    cols = np.searchsorted(columns, data["period_start"].dt.year.to_numpy())
    matrix[rows, cols] = data["mean_score"].to_numpy(float)
    ax.imshow(matrix, cmap=cmap, norm=GOLDSTEIN, aspect="auto", interpolation="none")
    _annotate_cells(ax, matrix, data["n_observations"].to_numpy(), rows, cols)
    for index in breaks:  # the periods between these two columns had no observation
        ax.axvline(index + 0.5, color="white", linewidth=5, zorder=2)
    ax.set_yticks(range(len(pairs)), [shorten(pair, 44) for pair in pairs])
    # Every column labelled while the labels fit: with columns dropped, a neighbour's label does not tell a column's period.
    axis_points = (ax.figure.get_size_inches()[0] - LABELS_AND_BAR) * 72
    label_points = len(period_label(2000, period)) * 9 * 0.6 + 4
    step = max(1, math.ceil(label_points * len(columns) / axis_points))
    ax.set_xticks(range(0, len(columns), step), [period_label(first, period) for first in columns[::step]])
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)


def _annotate_cells(ax, matrix: np.ndarray, counts: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> None:
    if matrix.size > 400:  # beyond this the numbers are too small to read
        return
    for row, col, count in zip(rows, cols, counts):
        value = matrix[row, col]
        # Inside its cell by construction, so the layout need not measure it (hundreds of texts).
        ax.text(col, row, f"{value:+.1f}\nn={count}", ha="center", va="center", fontsize=7,
                color="white" if abs(value) > 6 else "#222222", in_layout=False)


def dyad_heatmap(tables: Tables, *, actors=None, period: str | None = None, top: int = 25, knowledge_base=None,
                 title: str | None = None) -> Figure:
    """Heatmap of mean stance score per actor pair and period (options as dyad_heatmap_data)."""
    data = dyad_heatmap_data(tables, actors=actors, period=period, top=top, knowledge_base=knowledge_base)
    used = data_period(data) or period or "year"  # the evidence's cells are those of the period drawn
    documents = documents_behind(tables, data, chart="heatmap", period=used, knowledge_base=knowledge_base)
    return draw_dyad_heatmap(data, documents=documents, period=used if not data.empty else period, title=title)
