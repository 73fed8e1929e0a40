"""Timeline events too many to read as dots → one marker per row and period, sized by their number.

A dot that lies mostly under the dot before it in its row hides an event: a reader counts one where
there are two, or twenty. Once more than HIDDEN_SHARE of the events (and at least MIN_HIDDEN) would
be hidden so, at the axis' scale, the timeline draws one marker per row and period instead — its
area the number of events, its colour their mean Goldstein weight — with a legend of sizes. The
period is a month for spans of up to two years, else the heatmap's (analysis.charts.ranges): a
year up to 15 years, five years up to 60, then decades, so a marker has room to show its size.
"""

from __future__ import annotations

import math

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator

from analysis.charts.common import period_first, period_label
from analysis.charts.ranges import period_for_span
from analysis.charts.style import goldstein_colours

DOT_AREA = 70  # points²: one event's dot
AXIS_WIDTH = 340  # points: the date axis of a 9-inch timeline once its row labels and colour bar are placed
HIDDEN_SHARE = 0.1  # of the events: beyond one in ten hidden, the dots misstate how much happened
MIN_HIDDEN = 3  # a pair of events on one day is a detail the dots may keep
MONTHS_UP_TO = 2  # years: a span this short is aggregated by month
SMALLEST_AREA = 6  # points²: one event among hundreds stays visible
PERIOD_NAMES = {"month": "month", "year": "year", "5y": "five-year period", "decade": "decade"}
GREY = (0.45, 0.45, 0.45, 1.0)


def _axis_days(first: int, last: int) -> float:
    return (pd.Timestamp(last, 12, 31) - pd.Timestamp(first, 1, 1)).days + 1


def hidden_events(data: pd.DataFrame, first: int, last: int) -> int:
    """Events whose dot lies less than half a dot's width after the previous one of its row."""
    half_dot = pd.Timedelta(days=_axis_days(first, last) * math.sqrt(DOT_AREA) / 2 / AXIS_WIDTH)
    ordered = data[["row", "date"]].sort_values(["row", "date"], kind="stable")
    return int((ordered.groupby("row", sort=False)["date"].diff() < half_dot).sum())


def too_dense(data: pd.DataFrame, first: int, last: int) -> bool:
    hidden = hidden_events(data, first, last)
    return hidden >= MIN_HIDDEN and hidden > HIDDEN_SHARE * len(data)


def bin_period(first: int, last: int) -> str:
    return "month" if last - first + 1 <= MONTHS_UP_TO else period_for_span(first, last)


def _period_starts(dates: pd.Series, period: str) -> pd.Series:
    if period == "month":
        return dates.dt.to_period("M").dt.start_time
    years = period_first(dates.dt.year, period)
    return pd.Series(pd.to_datetime(pd.DataFrame({"year": years, "month": 1, "day": 1})).to_numpy(), index=dates.index)


def _period_end(starts: pd.Series, period: str) -> pd.Series:
    months = {"month": 1, "year": 12, "5y": 60, "decade": 120}[period]
    return starts + pd.DateOffset(months=months)


def aggregate(data: pd.DataFrame, period: str) -> pd.DataFrame:
    """One row per timeline row and period: its start and middle, the number of events and the mean
    Goldstein weight of those that happened (negated ones count in the number, not in the colour)."""
    happened = data["goldstein"].where(~data["negated"].astype(bool))
    cells = pd.DataFrame({"row": data["row"], "start": _period_starts(data["date"], period), "weight": happened,
                          "happened": ~data["negated"].astype(bool)})
    cells = cells.groupby(["row", "start"], sort=False).agg(n=("row", "size"), goldstein=("weight", "mean"),
                                                            happened=("happened", "sum")).reset_index()
    cells["middle"] = cells["start"] + (_period_end(cells["start"], period) - cells["start"]) / 2
    return cells


def _largest_area(period: str, first: int, last: int, row_points: float) -> float:
    """A marker fills at most 90% of its period's width on the axis and of its row's height."""
    sample = pd.Series([pd.Timestamp(first, 1, 1)])
    period_days = (_period_end(sample, period) - sample).dt.days.iloc[0]
    slot = AXIS_WIDTH * period_days / _axis_days(first, last)
    return (0.9 * min(slot, row_points)) ** 2


def draw_aggregated(ax, data: pd.DataFrame, y_of_row: dict, cmap, *, period: str, first: int, last: int,
                    row_points: float) -> list:
    """The markers on `ax`; returns the legend handles (sizes, and hollow = only negated events)."""
    cells = aggregate(data, period)
    largest = _largest_area(period, first, last, row_points)
    most = int(cells["n"].max())
    areas = np.maximum(largest * cells["n"].to_numpy(float) / most, SMALLEST_AREA)
    colours = goldstein_colours(cmap, cells["goldstein"].to_numpy(float))
    negated = cells["happened"].to_numpy() == 0
    y = cells["row"].map(y_of_row).to_numpy(float)
    x = cells["middle"].to_numpy()
    ax.scatter(x[~negated], y[~negated], s=areas[~negated], c=colours[~negated], edgecolors="#333333",
               linewidths=0.5, zorder=3)
    handles = _size_handles(most, largest)
    if negated.any():
        ax.scatter(x[negated], y[negated], s=areas[negated], facecolors="none", edgecolors=[GREY], linewidths=1.5, zorder=3)
        handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="none", markeredgecolor=GREY,
                              markersize=7, label="only negated events (did not happen)"))
    _period_axis(ax, cells["start"], period, first, last)
    return handles


def _size_handles(most: int, largest: float) -> list:
    """Legend markers for 1, a round number near half the largest count, and the largest count."""
    middle = most / 2
    magnitude = 10 ** math.floor(math.log10(middle)) if middle >= 1 else 1
    round_middle = max(step * magnitude for step in (1, 2, 5) if step * magnitude <= max(middle, 1))
    counts = sorted({1, int(round_middle), most})
    return [Line2D([], [], marker="o", linestyle="", markerfacecolor="#bbbbbb", markeredgecolor="#333333",
                   markeredgewidth=0.5, markersize=math.sqrt(max(largest * count / most, SMALLEST_AREA)),
                   label=f"{count:,} event{'' if count == 1 else 's'}") for count in counts]


def _period_axis(ax, starts: pd.Series, period: str, first: int, last: int) -> None:
    """Grid lines between periods; each period labelled under its middle when the labels fit there,
    else the boundaries labelled by their year (or month), as many as fit."""
    sample = pd.Series(pd.date_range(pd.Timestamp(first, 1, 1), pd.Timestamp(last, 12, 31), freq="MS"))
    edges = pd.Series(pd.unique(_period_starts(sample, period)))
    ends = _period_end(edges, period)
    ax.set_xlim(edges.iloc[0], ends.iloc[-1])
    slot = AXIS_WIDTH / len(edges)
    labels = [edge.strftime("%b %Y") if period == "month" else period_label(edge.year, period) for edge in edges]
    if _label_points(labels) <= slot:
        ax.set_xticks((edges + (ends - edges) / 2).to_numpy(), labels)
        ax.tick_params(axis="x", length=0)
    else:
        boundaries = pd.concat([edges, ends.tail(1)], ignore_index=True)
        names = [edge.strftime("%b %Y") if period == "month" else str(edge.year) for edge in boundaries]
        step = math.ceil(_label_points(names) / slot)
        ax.set_xticks(boundaries.iloc[::step].to_numpy(), names[::step])
    boundaries = pd.concat([edges, ends.tail(1)]).to_numpy()
    ax.xaxis.set_minor_locator(FixedLocator(mdates.date2num(boundaries)))
    ax.grid(axis="x", which="both")  # minor ticks where major ones are are dropped, so both


def _label_points(labels: list[str], fontsize: float = 9) -> float:
    """About how wide the longest label prints, with a little room either side."""
    return max(map(len, labels)) * fontsize * 0.6 + 6
