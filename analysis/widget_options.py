"""What the explorer panels (analysis.widgets) offer and remember: the options of their controls, the
years they start on, the evidence as HTML, a small memory of recent results, why a chart is empty, and
what keeps a redraw quick (the knowledge base built while a panel opens; no garbage collection inside a
redraw).

The years a panel starts on are the project's when given, else where the data's dates cluster
(`analysis.project.data_years`: a few far-off dates left out); the slider still offers every year.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import html

import pandas as pd

from analysis.cameo import load_codebook
from analysis.charts.common import observed_table
from analysis.families import knowledge_base_or_default
from analysis.tables import ACTOR_KINDS, Tables

DEFAULT_YEARS = (1979, 2025)


def check_tables(tables) -> None:
    if not isinstance(tables, Tables):
        raise TypeError(f"tables must be an analysis.Tables (from analysis.load_tables), not {type(tables).__name__}")


def check_years(years) -> tuple[int, int] | None:
    if years is None:
        return None
    if (not isinstance(years, (tuple, list)) or len(years) != 2
            or any(isinstance(year, bool) or not isinstance(year, int) for year in years) or years[0] > years[1]):
        raise ValueError(f"years={years!r} is not a range of years; allowed: None or (start, end), two whole years, start ≤ end")
    return int(years[0]), int(years[1])


def year_options(tables: Tables, years: tuple[int, int] | None = None) -> list[int]:
    """Every year from the first to the last of the documents' and events' dates, widened to `years` when given
    (DEFAULT_YEARS when there are neither)."""
    dates = pd.concat([tables.documents["date"], tables.events["date"]]).dropna()
    bounds = [*dates.dt.year.astype(int).agg(["min", "max"])] if not dates.empty else []
    bounds += list(years) if years is not None else []
    if not bounds:
        bounds = list(DEFAULT_YEARS)
    return list(range(min(bounds), max(bounds) + 1))


def year_range(options: list[int], wanted: tuple[int, int] | None) -> tuple[int, int]:
    """`wanted` cut to the years of `options` (all of them when `wanted` is None or outside them)."""
    if wanted is None:
        return options[0], options[-1]
    first, last = max(wanted[0], options[0]), min(wanted[1], options[-1])
    return (first, last) if first <= last else (options[0], options[-1])


def kind_options(tables: Tables) -> list[tuple[str, str]]:
    """("armed group", "armed_group") for every actor kind the actors table holds, in the declared order."""
    present = set(tables.actors["kind"].dropna().astype(str))
    return [(kind.replace("_", " "), kind) for kind in ACTOR_KINDS if kind in present]


def most_mentions(tables: Tables) -> int:
    counts = tables.mentions["actor_id"].value_counts()
    return int(counts.max()) if len(counts) else 1


def actor_options(tables: Tables) -> list[tuple[str, str]]:
    """("Russia · 11 (RUS)", "RUS") for every actor with mentions, most mentioned first."""
    counts = tables.mentions["actor_id"].dropna().value_counts()
    names = tables.actors.drop_duplicates("actor_id").set_index("actor_id")["name"]
    ids = sorted(counts.index, key=lambda actor: (-counts[actor], str(names.get(actor, actor))))
    return [(f"{names.get(actor, actor)} · {counts[actor]} ({actor})", str(actor)) for actor in ids]


def root_options(tables: Tables) -> list[tuple[str, str]]:
    codebook = load_codebook()
    roots = sorted(tables.events["cameo_root"].dropna().unique())
    return [(f"{root} {codebook[root].name.capitalize() if root in codebook else ''}".strip(), str(root)) for root in roots]


def evidence_html(evidence: pd.DataFrame, *, limit: int = 50) -> str:
    """The evidence sentences as an HTML table (document, date, sentence), every value escaped, so a
    document holding "<script>" shows that text and runs nothing."""
    if evidence.empty:
        return "<p><i>No sentences behind this chart.</i></p>"
    rows = []
    for document, date, text in zip(evidence["document"], evidence["date"], evidence["text"]):
        day = "" if pd.isna(date) else f"{pd.Timestamp(date):%Y-%m-%d}"
        cells = (html.escape(str(document)), html.escape(day), html.escape(str(text)))
        rows.append("<tr>" + "".join(f'<td style="padding:2px 8px;vertical-align:top{nowrap}">{cell}</td>'
                                     for cell, nowrap in zip(cells, ("", ";white-space:nowrap", ""))) + "</tr>")
        if len(rows) == limit:
            break
    shown = f"<p><i>{len(rows)} of {len(evidence):,} sentences shown.</i></p>" if len(evidence) > limit else ""
    return (
        '<div style="max-height:320px;overflow-y:auto">'
        '<table style="border-collapse:collapse;font-size:12px">'
        '<thead><tr><th style="text-align:left">document</th><th style="text-align:left">date</th>'
        '<th style="text-align:left">sentence</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>{shown}</div>"
    )


class Recent:
    """The last `size` values computed by key: `get(key, compute)` returns the remembered value or
    computes, remembers and returns it, forgetting the least recently used beyond `size`."""

    def __init__(self, size: int):
        self.size = size
        self._values: collections.OrderedDict = collections.OrderedDict()

    def get(self, key, compute):
        if key in self._values:
            self._values.move_to_end(key)
            return self._values[key]
        value = self._values[key] = compute()
        if len(self._values) > self.size:
            self._values.popitem(last=False)
        return value


def flat(data: pd.DataFrame) -> pd.DataFrame:
    """`data` with list cells joined by " | ", as a spreadsheet can hold them."""
    flat = data.copy()
    for column in flat.columns:
        if flat[column].dtype == object and flat[column].map(lambda value: isinstance(value, list)).any():
            flat[column] = flat[column].map(lambda value: " | ".join(map(str, value)) if isinstance(value, list) else value)
    return flat


def default_years(tables: Tables, wanted: tuple[int, int] | None) -> tuple[int, int]:
    """The years a panel starts on: `wanted` (the project's) when given, else where the data's dates cluster."""
    from analysis.project import data_years

    return wanted if wanted is not None else data_years(tables)


# What each chart counts, for the sentence that says why it is empty.
COUNTED = {
    "ranking": "mentions", "network": "actors named in one sentence", "timeline": "dated events",
    "heatmap": "stance observations", "motives": "stated motives", "dyad": "observations between the two actors",
    "compare": "stance observations of the two actors",
}


def _listed(values, limit: int = 3) -> str:
    values = [str(value) for value in values]
    return ", ".join(values[:limit]) + (f" and {len(values) - limit} more" if len(values) > limit else "")


def empty_reason(chart: str, filters: dict, actor_names: dict[str, str], *, no_actor_left: bool) -> str:
    """Why a chart of these `filters` (ActorExplorer.filters()) has nothing to show, in one line:
    "no actor has ≥ 5 mentions in 2003–2005", "no dated events of Russia in 2003–2005 with CAMEO roots 19"."""
    first, last = filters["years"]
    years = f"in {first}" if first == last else f"in {first}–{last}"
    kinds = [kind.replace("_", " ") for kind in filters["kinds"]]
    if no_actor_left and filters["actors"] and not kinds:
        chosen, minimum = [actor_names.get(actor, actor) for actor in filters["actors"]], filters["min_mentions"]
        if minimum <= 1:
            return f"{chosen[0]} has no mentions {years}" if len(chosen) == 1 else f"none of {_listed(chosen)} has mentions {years}"
        if len(chosen) == 1:
            return f"{chosen[0]} has fewer than {minimum} mentions {years}"
        return f"none of {_listed(chosen)} has ≥ {minimum} mentions {years}"
    if no_actor_left:
        who = f"actor of kind {_listed(kinds)}" if kinds else "actor"
        among = f" among {_listed(actor_names.get(actor, actor) for actor in filters['actors'])}" if filters["actors"] else ""
        return f"no {who}{among} has ≥ {filters['min_mentions']} mentions {years}"
    parts = [f"no {COUNTED.get(chart, 'data')}"]
    if filters["actors"]:
        parts.append(f"of {_listed(actor_names.get(actor, actor) for actor in filters['actors'])}")
    if kinds:
        parts.append(f"of actors of kind {_listed(kinds)}")
    parts.append(years)
    if chart in ("timeline", "heatmap", "dyad", "compare") and filters["roots"]:
        parts.append(f"with CAMEO roots {_listed(filters['roots'], 5)}")
    if chart in ("timeline", "heatmap", "dyad", "compare") and filters["quad_classes"]:
        parts.append(f"in quad classes {_listed(filters['quad_classes'], 4)}")
    return " ".join(parts)


def explain_empty(figure, reason: str, *, always: bool = False) -> bool:
    """Put `reason` where the figure says "no data for these filters" (a chart's own, more precise
    message stays unless `always`); True when a message was replaced."""
    from analysis.charts.style import NO_DATA, NO_DATA_GID

    replaced = False
    for ax in figure.axes:
        for text in ax.texts:
            if text.get_gid() == NO_DATA_GID and (always or text.get_text() == NO_DATA):
                text.set_text(reason)
                replaced = True
    return replaced


@contextlib.contextmanager
def collection_paused():
    """No cyclic garbage collection inside the block; the collector's state is restored after it.

    A redraw allocates hundreds of thousands of short-lived objects (matplotlib artists, pandas frames),
    which sets off dozens of collections, and with the tables and the knowledge base in memory each full
    one walks half a million live objects: a fifth to a third of a redraw on a thousand speeches. Paused,
    the collector runs once, after the redraw, over what the redraw left; reference counting still frees
    nearly everything at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def warm_knowledge_base(tables: Tables) -> None:
    """Build the kit's knowledge base now if these tables have events or stance observations: the charts
    fold their actors into families with it (the heatmap's evidence and recomputed cells, the comparison),
    and building it takes about a second once per process, better paid while the panel opens than on the
    first click that needs it."""
    if not observed_table(tables).empty:
        knowledge_base_or_default(None)
