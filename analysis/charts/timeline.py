"""The event timeline: dated events on one row per actor pair or source actor, coloured by Goldstein weight.

By default it fits the events it is given: its years are where their dates cluster
(analysis.charts.ranges.robust_years; the chart says how many lie outside), events whose source or
target is unknown are left out (`unstated=True` shows them, on rows after the known pairs), and
events too many to read as dots are drawn one marker per row and period (analysis.charts.density).
What it leaves out, and why an empty chart is empty, `event_timeline_data` records in
`data.attrs["timeline"]` for the drawing to state.
"""

from __future__ import annotations

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patheffects import withStroke
from matplotlib.transforms import ScaledTranslation

from analysis.tables import QUAD_CLASSES, Tables
from analysis.charts import density
from analysis.charts.style import (
    goldstein_colorbar, goldstein_colours, new_figure, no_data, report_style, shorten, source_note,
)
from analysis.charts.options import (
    CAMEO_ROOTS, TIMELINE_ROWS, check_int, check_one, check_tables, choices_option, ids_option, quad_number,
    root_code, year_option,
)
from analysis.charts.common import actor_info, actor_names
from analysis.charts.evidence import documents_behind
from analysis.charts.notes import NO_ACTOR, EventFilters, none_chosen, plural, title_with_note
from analysis.charts.ranges import YearRange, robust_years


TIMELINE_COLUMNS = [
    "row", "event_id", "doc_id", "sent_id", "date", "source_id", "target_id", "source", "target",
    "verb", "cameo_code", "cameo_root", "quad_class", "goldstein", "negated", "text",
]
DOT_AREA = density.DOT_AREA
ROW_INCHES = 0.42
LEGEND_DROP = 34  # points from the axis to the legend: tick labels and the axis label lie between


def event_timeline_data(
    tables: Tables, *, actors=None, roots=None, quad_classes=None, start: int | None = None, end: int | None = None,
    by: str = "dyad", top: int = 20, unstated: bool = False,
) -> pd.DataFrame:
    """Dated events from `start` to `end` (years, inclusive; None: where the kept events' dates
    cluster, see analysis.charts.ranges) involving any of `actors`, of the CAMEO `roots` ("05") and
    `quad_classes` (1–4), one timeline row per dyad ("Russia → Taliban") or per source actor (`by`),
    at most `top` rows (the busiest): pairs with both ends known in order of their first event, then,
    with `unstated=True`, those with an unstated source or target (else left out). Columns:
    TIMELINE_COLUMNS; `attrs["timeline"]`: years (a YearRange), auto (the years came from the data),
    unstated (events left out for an unknown end), rows (rows before `top`), empty (why, when empty)."""
    check_tables(tables)
    actors = ids_option("actors", actors)
    roots = choices_option("roots", roots, CAMEO_ROOTS, normalise=root_code)
    quad_classes = choices_option("quad_classes", quad_classes, QUAD_CLASSES, normalise=quad_number)
    start, end = (None if year is None else year_option(name, year) for name, year in (("start", start), ("end", end)))
    if start is not None and end is not None and start > end:
        raise ValueError(f"start={start} is after end={end}; allowed: start ≤ end")
    check_one("by", by, TIMELINE_ROWS)
    check_int("top", top, minimum=1)
    if not isinstance(unstated, bool):
        raise ValueError(f"unstated={unstated!r} is not allowed; allowed: True or False")
    events = _filtered(tables.events, actors, roots, quad_classes)
    known = events["source_id"].notna() & (events["target_id"].notna() if by == "dyad" else True)
    years = _years(events if unstated or not known.any() else events[known], start, end)
    inside = _inside(events["date"], years)
    data = _rows(tables, events[inside & (known | unstated)], by, top)
    data.attrs["timeline"] = {
        "years": years, "auto": start is None or end is None, "unstated": 0 if unstated else int((inside & ~known).sum()),
        "rows": data.attrs.pop("rows"), "by": by,
        "empty": _why_empty(tables, events, inside, years, EventFilters(actors, roots, quad_classes, start, end, by)) if data.empty else "",
    }
    return data


def _filtered(events: pd.DataFrame, actors, roots, quad_classes) -> pd.DataFrame:
    keep = events["date"].notna()
    if roots is not None:
        keep &= events["cameo_root"].isin(roots)
    if quad_classes is not None:
        keep &= events["quad_class"].isin(quad_classes).fillna(False)
    if actors is not None:
        keep &= (events["source_id"].isin(actors) | events["target_id"].isin(actors)).fillna(False)
    return events[keep]


def _years(events: pd.DataFrame, start: int | None, end: int | None) -> YearRange | None:
    """The explicit years, or where the dates cluster within the one bound given (None: no dates)."""
    if start is not None and end is not None:
        return YearRange(start, end)
    years = events["date"].dt.year
    bounded = years[years.between(start if start is not None else -np.inf, end if end is not None else np.inf)]
    found = robust_years(bounded)
    if found is None:
        given = start if start is not None else end
        return None if given is None else YearRange(given, given)
    first, last = (start if start is not None else found.first), (end if end is not None else found.last)
    return YearRange(first, last, int((~bounded.between(first, last)).sum()), len(bounded))


def _inside(dates: pd.Series, years: YearRange | None) -> pd.Series:
    if years is None:
        return pd.Series(False, index=dates.index)
    return dates.dt.year.between(years.first, years.last)


def _rows(tables: Tables, data: pd.DataFrame, by: str, top: int) -> pd.DataFrame:
    """The `top` busiest rows, known pairs first, each group in order of its first event."""
    data = data.copy()
    info = actor_info(tables)
    data["source"], data["target"] = actor_names(data["source_id"], info), actor_names(data["target_id"], info)
    data["row"] = data["source"] + " → " + data["target"] if by == "dyad" else data["source"]
    unknown = data["source_id"].isna() | (data["target_id"].isna() if by == "dyad" else False)
    rows = data.assign(_unknown=unknown).groupby("row").agg(n=("event_id", "size"), first=("date", "min"), unknown=("_unknown", "any"))
    chosen = rows.sort_values(["n", "first"], ascending=[False, True], kind="stable").head(top)
    chosen = chosen.sort_values(["unknown", "first"], kind="stable")
    data = data[data["row"].isin(chosen.index)]
    data = data.assign(_order=data["row"].map({row: index for index, row in enumerate(chosen.index)}))
    data = data.sort_values(["_order", "date", "event_id"], kind="stable")
    result = data[TIMELINE_COLUMNS].reset_index(drop=True)
    result.attrs["rows"] = len(rows)
    return result


def _why_empty(tables: Tables, events: pd.DataFrame, inside: pd.Series, years: YearRange | None, filters: EventFilters) -> str:
    """Why no event is left, from the first step that left none."""
    if tables.events.empty:
        return "no events in these tables"
    if not tables.events["date"].notna().any():
        return f"no dated events ({plural(len(tables.events), 'event')} without a date)"
    if none_chosen(filters.actors):
        return NO_ACTOR
    which, span = filters.which(tables), f"in {years.label}" if years is not None else ""
    if events.empty or not inside.any():  # the filters, or the years given, left no event
        given = span if filters.start is not None or filters.end is not None else ""
        return " ".join(filter(None, ["no events", which, given])) if which or given else "no dated events"
    ends = "source" if filters.by == "source" else "source or target"
    return " ".join(filter(None, [f"only events with an unstated {ends}", which, span])) + "; unstated=True shows them"


def _scope(data: pd.DataFrame, start: int | None, end: int | None) -> tuple[YearRange | None, dict]:
    """The years to draw (given, else recorded by event_timeline_data, else the data's) and the record."""
    recorded = dict(data.attrs.get("timeline", {}))
    if start is not None and end is not None:
        return YearRange(start, end), {**recorded, "auto": False}
    years = recorded.get("years") or robust_years(data["date"])
    if years is None:
        return None, recorded
    return YearRange(start if start is not None else years.first, end if end is not None else years.last,
                     years.outside, years.total), recorded


def _notes(data: pd.DataFrame, years, recorded: dict, by: str, aggregated_by: str | None) -> list[str]:
    """How to read the chart, then what it leaves out: one line each."""
    rows = "actor pairs" if by == "dyad" else "source actors"
    shown = data["row"].nunique()
    notes = [f"aggregated: one marker per {rows[:-1]} and {density.PERIOD_NAMES[aggregated_by]}, area by number of "
             "events, colour by their mean Goldstein weight" if aggregated_by else ""]
    scope = [f"the {shown} busiest of {recorded['rows']:,} {rows}" if recorded.get("rows", 0) > shown > 0 else "",
             years.note("dated events") if years is not None and recorded.get("auto", True) else ""]
    notes.append(" · ".join(filter(None, scope)))
    if recorded.get("unstated") and not data.empty:
        ends = "source" if by == "source" else "source or target"
        notes.append(f"{plural(recorded['unstated'], 'event')} with an unstated {ends} left out (unstated=True shows them)")
    return notes


def draw_event_timeline(
    data: pd.DataFrame, *, documents: pd.DataFrame, start: int | None = None, end: int | None = None, by: str | None = None,
    title: str | None = None,
) -> Figure:
    """Events (an event_timeline_data frame) on a date axis, coloured by Goldstein weight; negated
    events hollow; too many to read as dots, one marker per row and period (analysis.charts.density).
    `start`/`end`: the years on the axis (None: those event_timeline_data chose, else the data's)."""
    years, recorded = _scope(data, start, end)
    by = by or recorded.get("by", "dyad")
    rows = list(dict.fromkeys(data["row"]))
    period = density.bin_period(*years) if not data.empty and density.too_dense(data, *years) else None
    notes = _notes(data, years, recorded, by, period)
    with report_style():
        fig, ax = new_figure(9, 1.7 + ROW_INCHES * len(rows) + 0.15 * len([note for note in notes if note]))
        what = "actor pair" if by == "dyad" else "source actor"
        title_with_note(ax, title or f"Events by {what}" + (f", {years.label}" if years is not None else ""), notes)
        ax.set_ylabel("source → target" if by == "dyad" else "source actor")
        cmap = matplotlib.colormaps[matplotlib.rcParams["image.cmap"]]
        if data.empty:
            ax.set_xlabel("date of the event")
            no_data(ax, recorded.get("empty") or _drawn_empty(years))
        else:
            ax.set_xlabel(f"{density.PERIOD_NAMES[period]} of the events" if period else "date of the event")
            _draw_rows(fig, ax, data, rows, cmap, years, period)
        goldstein_colorbar(fig, ax, cmap, label="mean Goldstein weight" if period else "Goldstein weight", fraction=0.04, pad=0.02)
        source_note(fig, documents)
    return fig


def _legend_below(ax, handles: list) -> None:
    """The legend in a row under the axis label: an axes legend, so the layout makes room for it
    (a figure legend "outside" would sit on the source note)."""
    below_label = ScaledTranslation(0, -LEGEND_DROP / 72, ax.figure.dpi_scale_trans)
    widest = max(handle.get_markersize() for handle in handles)  # points; a handle's length is in font sizes
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=ax.transAxes + below_label,
              ncol=len(handles), fontsize=8, borderaxespad=0.0, handletextpad=0.5, columnspacing=1.6,
              handlelength=max(1.5, widest / 8), handleheight=max(0.7, widest / 8))


def _drawn_empty(years: YearRange | None) -> str:
    return f"no events in {years.label}" if years is not None else "no dated events"


def _draw_rows(fig: Figure, ax, data: pd.DataFrame, rows: list[str], cmap, years: YearRange, period: str | None) -> None:
    y_of_row = {row: len(rows) - 1 - index for index, row in enumerate(rows)}
    if period:
        height = fig.get_size_inches()[1]
        row_points = (height - 1.7) * 72 / len(rows)
        handles = density.draw_aggregated(ax, data, y_of_row, cmap, period=period, first=years.first, last=years.last,
                                          row_points=min(row_points, ROW_INCHES * 72))
    else:
        _year_axis(ax, years.first, years.last)
        handles = _plot_events(ax, data, y_of_row, cmap)
        ax.grid(axis="x")
    ax.set_yticks(range(len(rows)), [shorten(row, 44) for row in reversed(rows)])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    if handles:
        _legend_below(ax, handles)


def _year_axis(ax, start: int, end: int) -> None:
    first, last = pd.Timestamp(start, 1, 1), pd.Timestamp(end, 12, 31)
    pad = (last - first) * 0.015  # a marker on 1 January of the first year stays whole
    ax.set_xlim(first - pad, last + pad)
    span = end - start + 1
    if span <= 2:  # one or two years: months, or the axis would carry a single tick
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, 3 * span)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        return
    base = next(step for step in (1, 2, 5, 10, 20, 50, 100) if span / step <= 12)
    ax.xaxis.set_major_locator(mdates.YearLocator(base))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))


def _plot_events(ax, data: pd.DataFrame, y_of_row: dict, cmap) -> list:
    """One dot per event; returns the legend handles (hollow = negated)."""
    y = data["row"].map(y_of_row).to_numpy(float)
    colours = goldstein_colours(cmap, data["goldstein"].to_numpy(float))
    negated = data["negated"].to_numpy(bool)
    dates = data["date"].to_numpy()
    ax.scatter(dates[~negated], y[~negated], s=DOT_AREA, c=colours[~negated], edgecolors="#333333", linewidths=0.5, zorder=3)
    if len(data) <= 30:
        _label_verbs(ax, data, y)
    if not negated.any():
        return []
    # A hollow ring in the event's colour; near-white colours (weights near 0) would vanish, so they go grey.
    rings = np.where((colours[:, :3].mean(axis=1) > 0.8)[:, None], np.array([density.GREY]), colours)
    ax.scatter(dates[negated], y[negated], s=DOT_AREA, facecolors="none", edgecolors=rings[negated], linewidths=2.0, zorder=3)
    return [Line2D([], [], marker="o", linestyle="", markerfacecolor="none", markeredgecolor="#333333", label="negated (did not happen)")]


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
    tables: Tables, *, actors=None, roots=None, quad_classes=None, start: int | None = None, end: int | None = None,
    by: str = "dyad", top: int = 20, unstated: bool = False, title: str | None = None,
) -> Figure:
    """Events on a date axis (options as event_timeline_data)."""
    data = event_timeline_data(tables, actors=actors, roots=roots, quad_classes=quad_classes, start=start, end=end,
                               by=by, top=top, unstated=unstated)
    return draw_event_timeline(data, documents=documents_behind(tables, data, chart="timeline"), start=start, end=end,
                               by=by, title=title)
