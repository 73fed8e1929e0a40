"""The event timeline: dated events on one row per actor pair or source actor, coloured by Goldstein weight."""

from __future__ import annotations

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patheffects import withStroke

from analysis.tables import QUAD_CLASSES, Tables
from analysis.charts.style import (
    goldstein_colorbar, goldstein_colours, new_figure, no_data, report_style, shorten, source_note,
)
from analysis.charts.options import (
    CAMEO_ROOTS, TIMELINE_ROWS, check_int, check_one, check_tables, choices_option, ids_option, quad_number,
    root_code, year_option,
)
from analysis.charts.common import actor_info, actor_names
from analysis.charts.evidence import documents_behind


TIMELINE_COLUMNS = [
    "row", "event_id", "doc_id", "sent_id", "date", "source_id", "target_id", "source", "target",
    "verb", "cameo_code", "cameo_root", "quad_class", "goldstein", "negated", "text",
]


def event_timeline_data(
    tables: Tables, *, actors=None, roots=None, quad_classes=None, start: int = 1979, end: int = 2025,
    by: str = "dyad", top: int = 20,
) -> pd.DataFrame:
    """Dated events from `start` to `end` (years, inclusive) involving any of `actors`, of the CAMEO
    `roots` ("05") and `quad_classes` (1–4), one timeline row per dyad ("Russia → Taliban") or per
    source actor (`by`), at most `top` rows (the busiest), rows in order of their first event.
    Columns: TIMELINE_COLUMNS."""
    check_tables(tables)
    actors = ids_option("actors", actors)
    roots = choices_option("roots", roots, CAMEO_ROOTS, normalise=root_code)
    quad_classes = choices_option("quad_classes", quad_classes, QUAD_CLASSES, normalise=quad_number)
    start, end = year_option("start", start), year_option("end", end)
    if start > end:
        raise ValueError(f"start={start} is after end={end}; allowed: start ≤ end")
    check_one("by", by, TIMELINE_ROWS)
    check_int("top", top, minimum=1)
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
    info = actor_info(tables)
    data["source"], data["target"] = actor_names(data["source_id"], info), actor_names(data["target_id"], info)
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


def draw_event_timeline(
    data: pd.DataFrame, *, documents: pd.DataFrame, start: int = 1979, end: int = 2025, by: str = "dyad",
    title: str | None = None,
) -> Figure:
    """Events (an event_timeline_data frame) on a date axis, coloured by Goldstein weight; negated events hollow."""
    rows = list(dict.fromkeys(data["row"]))
    with report_style():
        fig, ax = new_figure(9, 1.7 + 0.42 * len(rows))
        ax.set_title(title or f"Events by {'actor pair' if by == 'dyad' else 'source actor'}, {start}–{end}")
        ax.set_xlabel("date of the event")
        ax.set_ylabel("source → target" if by == "dyad" else "source actor")
        cmap = matplotlib.colormaps[matplotlib.rcParams["image.cmap"]]
        if data.empty:
            no_data(ax)
        else:
            _year_axis(ax, start, end)
            _plot_events(ax, data, rows, cmap)
            ax.grid(axis="x")
        goldstein_colorbar(fig, ax, cmap, fraction=0.04, pad=0.02)
        source_note(fig, documents)
    return fig


def _plot_events(ax, data: pd.DataFrame, rows: list[str], cmap) -> None:
    y = data["row"].map({row: len(rows) - 1 - index for index, row in enumerate(rows)}).to_numpy(float)
    weights = data["goldstein"].to_numpy(float)
    colours = goldstein_colours(cmap, weights)
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
    ax.set_yticks(range(len(rows)), [shorten(row, 44) for row in reversed(rows)])
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
        ax.annotate(shorten(verb, 18), (date, row_y), xytext=(0, -7 if under else 7), textcoords="offset points",
                    ha="center", va="top" if under else "bottom", fontsize=7, color="#444444",
                    path_effects=[withStroke(linewidth=2.5, foreground="white")])


def event_timeline(
    tables: Tables, *, actors=None, roots=None, quad_classes=None, start: int = 1979, end: int = 2025,
    by: str = "dyad", top: int = 20, title: str | None = None,
) -> Figure:
    """Events on a date axis (options as event_timeline_data)."""
    data = event_timeline_data(tables, actors=actors, roots=roots, quad_classes=quad_classes, start=start, end=end, by=by, top=top)
    return draw_event_timeline(data, documents=documents_behind(tables, data, chart="timeline"), start=start, end=end, by=by, title=title)
