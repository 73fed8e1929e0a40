"""Tables → interactive filter panels over the charts (ipywidgets), with the evidence and an export.

    explorer = ActorExplorer(tables, chart="timeline")   # "ranking", "network", "timeline", "heatmap", "motives",
                                                         # "dyad", "compare" (the two actors chosen in the list)
    explorer                                             # in JupyterLab: filters, chart, evidence sentences

Filters: actors (a search box narrows the list; none chosen = all), actor kinds, a range of years,
minimum mentions, and for the event charts CAMEO roots and quad classes. Every change redraws the
chart and the evidence table (the sentences behind the chart's rows). The years keep mentions and
motives of documents dated in the range, and events and stance observations dated in it (their own
date: a 2025 article recalling 1979 puts that event in 1979); CAMEO roots and quad classes keep the
events of those codes and the observations that come from them (evaluative words, which have no
CAMEO code, drop out). The dyad heatmap (mean stance score) reads the built dyads whose periods lie
within the years, and is recomputed from the filtered stance observations (from the events when the
tables have none) whenever an event filter is set, so every filter applies to it. Kinds and minimum mentions choose the actors a chart may show (counted within
the years); a chosen actor outside them shows nothing.

The years slider starts on `years` (the project's, `project.year_range(tables)`) when given, else on
the years where the data's dates cluster (a few far-off dates left out: analysis.project.data_years);
it offers every year of the data and the given ones. A chart the filters leave empty says why, in the
words of the filters ("no actor has ≥ 5 mentions in 2003–2005"). "dyad" and "compare" show the two
actors chosen in the list (in the order chosen): every observation between them, or their stance
toward each other and toward third parties side by side; with another number chosen they ask for two.

For tests and notebooks: `.filters()`, `.data` (the frame behind the chart), `.evidence`, `.figure`,
`.widget`, `.redraw()` and `.export()` (PNG, SVG, PDF, the rows as CSV and the filters as JSON, under
a name unique to the filter set; cells that would start a spreadsheet formula are neutralised), and
`.export_workbook()` (the *Excel* button: `.filtered_tables()` as an Excel workbook with a sheet of
the filters, analysis.workbook).
`.use_tables(tables)` shows new tables (those a correction produced: `session.on_change(explorer.use_tables)`),
`.chosen_events(tables)` are the events the filters keep, and `.on_redraw(callback)` calls back after
every redraw (a panel of those events follows the explorer's choice).

Interactive on big tables: the explorer takes its tables as fixed, and remembers the last few cuts
of the tables by years, roots and quad classes, the unfiltered co-occurrence edges of each cut, and the
data and evidence of the last filter settings and the pictures drawn for the last few, so narrowing
the actors of a network only draws and going back to a setting shows its picture at once (`.data`,
`.evidence` and `.figure` are those remembered objects: copy before changing them); the sliders
redraw when released, not at every step of a drag. Opening a panel on tables with events or stance
observations builds the kit's knowledge base (about a second, once per process), which the charts
fold actors into families with.
"""

from __future__ import annotations

import base64
import contextlib
import html
import os
import time
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from analysis import charts
from analysis.charts.ranges import period_for_span
from analysis.export import check_filters, export_name, filters_json, write_csv
from analysis.tables import Tables, empty
from analysis.widget_options import (  # noqa: F401 (evidence_html and the option lists are part of this module's API)
    Recent, actor_options, check_tables, check_years, collection_paused, default_years, empty_reason, evidence_html,
    explain_empty, flat, kind_options, most_mentions, root_options, warm_knowledge_base, year_options, year_range,
)

CHART_LABELS = {
    "ranking": "Actor ranking", "network": "Co-occurrence network", "timeline": "Event timeline",
    "heatmap": "Dyad heatmap", "motives": "Motives by actor", "dyad": "Dyad timeline of two chosen actors",
    "compare": "Two chosen actors side by side",
}
# Short labels keep the chart buttons on one line in a notebook cell; the long ones are tooltips.
CHART_BUTTONS = {"ranking": "Ranking", "network": "Network", "timeline": "Timeline", "heatmap": "Heatmap", "motives": "Motives",
                 "dyad": "Dyad", "compare": "Compare"}
EVENT_CHARTS = ("timeline", "heatmap", "dyad", "compare")
TWO_ACTOR_CHARTS = ("dyad", "compare")  # they show the two actors chosen in the list
PERIOD_CHARTS = ("heatmap", "compare")
QUAD_LABELS = {1: "1 verbal cooperation", 2: "2 material cooperation", 3: "3 verbal conflict", 4: "4 material conflict"}
NETWORK_NODES = 40  # more labelled nodes than this cannot be read in one picture
REMEMBERED_WINDOWS = 2  # cuts of the tables by years, roots and quads, and their unfiltered co-occurrence edges
REMEMBERED_RESULTS = 16  # chart data and evidence of recent filter settings
REMEMBERED_PICTURES = 8  # drawn figures and their PNGs: a few MB each


class ActorExplorer:
    """Filters, one chart of analysis.charts and the sentences behind it, over a `Tables`."""

    def __init__(self, tables: Tables, *, chart: str = "ranking", reports_dir: str | os.PathLike = "reports", evidence_rows: int = 50,
                 years: tuple[int, int] | None = None):
        check_tables(tables)
        if chart not in CHART_LABELS:
            raise ValueError(f"chart={chart!r} is not a chart; allowed: {', '.join(map(repr, CHART_LABELS))}")
        self.tables = tables
        self._wanted_years = check_years(years)
        self._listeners: list = []
        self.reports_dir = Path(reports_dir)
        self.evidence_rows = evidence_rows
        self.data = pd.DataFrame()
        self.evidence = pd.DataFrame(columns=charts.EVIDENCE_COLUMNS)
        self.figure = None
        self._muted = False
        self._windows = Recent(REMEMBERED_WINDOWS)
        # One list of sentences per edge: tens of thousands of lists the garbage collector walks, so few cuts.
        self._edges = Recent(REMEMBERED_WINDOWS)
        self._folded = Recent(REMEMBERED_WINDOWS)  # the cut's observations folded into families, for the heatmap's evidence
        self._results = Recent(REMEMBERED_RESULTS)
        self._pictures = Recent(REMEMBERED_PICTURES)
        self._all_actor_options = actor_options(tables)
        self._years = year_options(tables, self._wanted_years)
        warm_knowledge_base(tables)
        self._build_controls(chart)
        self.widget = self._layout()
        for control in self._filter_controls():
            control.observe(self._changed, names="value")
        self.search.observe(self._searched, names="value")
        self.export_button.on_click(lambda _button: self._export_clicked(self.export))
        self.workbook_button.on_click(lambda _button: self._export_clicked(lambda: [self.export_workbook()]))
        self.redraw()

    # ── controls ──────────────────────────────────────────────────────────────────────────

    def _build_controls(self, chart: str) -> None:
        wide = widgets.Layout(width="98%")
        initial = {"description_width": "initial"}
        self.chart_select = widgets.ToggleButtons(options=[(CHART_BUTTONS[key], key) for key in CHART_LABELS], value=chart,
                                                  tooltips=list(CHART_LABELS.values()), style={"button_width": "auto"})
        first_years = year_range(self._years, default_years(self.tables, self._wanted_years))
        # The heatmap's period starts from the span shown (years up to 15 years, then five-year periods, then decades).
        self.period_select = widgets.ToggleButtons(options=[("decade", "decade"), ("5 years", "5y"), ("year", "year")],
                                                   value=period_for_span(*first_years), description="period",
                                                   style={**initial, "button_width": "70px"})
        self.search = widgets.Text(placeholder="search actors…", description="actors", layout=wide, style=initial)
        self.actor_select = widgets.SelectMultiple(options=self._all_actor_options, rows=8, layout=wide)
        kinds = kind_options(self.tables)
        self.kind_select = widgets.SelectMultiple(options=kinds, rows=min(max(len(kinds), 2), 6), description="kinds",
                                                  layout=wide, style=initial)
        self.years = widgets.SelectionRangeSlider(options=[(str(year), year) for year in self._years],
                                                  value=first_years, description="years",
                                                  layout=wide, style=initial, continuous_update=False)
        self.min_mentions = widgets.IntSlider(value=1, min=1, max=max(most_mentions(self.tables), 2), description="min. mentions",
                                             layout=wide, style=initial, continuous_update=False)
        self.root_select = widgets.SelectMultiple(options=root_options(self.tables), rows=5, description="event roots", layout=wide, style=initial)
        self.quad_select = widgets.SelectMultiple(options=[(label, quad) for quad, label in QUAD_LABELS.items()], rows=4,
                                                  description="quad classes", layout=wide, style=initial)
        self.export_button = widgets.Button(description="Export", icon="download", tooltip="PNG, SVG, PDF, CSV and JSON into the reports folder")
        self.workbook_button = widgets.Button(description="Excel", icon="table",
                                              tooltip="the filtered tables as an Excel workbook, with a sheet of the filters")
        self.status = widgets.HTML()
        self.output = widgets.Output(layout=widgets.Layout(min_width="560px", flex="1 1 auto"))
        self.evidence_view = widgets.HTML()

    def _filter_controls(self) -> list:
        return [self.chart_select, self.period_select, self.actor_select, self.kind_select, self.years,
                self.min_mentions, self.root_select, self.quad_select]

    def _layout(self) -> widgets.Widget:
        hint = widgets.HTML("<small>none chosen = all; ctrl/cmd-click chooses several</small>")
        controls = widgets.VBox(
            [self.search, self.actor_select, self.kind_select, hint, self.years, self.min_mentions,
             self.root_select, self.quad_select, self.period_select, widgets.HBox([self.export_button, self.workbook_button]), self.status],
            layout=widgets.Layout(width="340px", flex="0 0 340px"),
        )
        return widgets.VBox([
            self.chart_select,
            widgets.HBox([controls, self.output]),
            widgets.HTML("<b>Evidence: the sentences behind the chart</b>"), self.evidence_view,
        ])

    @contextlib.contextmanager
    def _quiet(self):
        """Change controls without each change redrawing the chart."""
        self._muted = True
        try:
            yield
        finally:
            self._muted = False

    def _searched(self, change) -> None:
        # The search only narrows the list; chosen actors stay listed and chosen, so nothing redraws.
        with self._quiet():
            self._list_actors(self.actor_select.value)

    def _list_actors(self, chosen: tuple[str, ...]) -> None:
        query = self.search.value.strip().lower()
        shown = [option for option in self._all_actor_options if not query or query in option[0].lower() or option[1] in chosen]
        self.actor_select.options = shown
        self.actor_select.value = tuple(actor for actor in chosen if actor in {value for _, value in shown})

    def use_tables(self, tables: Tables) -> None:
        """Show `tables` from now on — those a correction produced: `session.on_change(explorer.use_tables)`.

        Forgets every remembered cut, chart and evidence, offers the actors, kinds, years and event roots of
        the new tables, keeps the choices they still hold (a merged actor's choice goes) and redraws."""
        check_tables(tables)
        self.tables = tables
        self._windows, self._edges, self._folded = Recent(REMEMBERED_WINDOWS), Recent(REMEMBERED_WINDOWS), Recent(REMEMBERED_WINDOWS)
        self._results, self._pictures = Recent(REMEMBERED_RESULTS), Recent(REMEMBERED_PICTURES)
        self._all_actor_options = actor_options(tables)
        warm_knowledge_base(tables)
        chosen_years, full = self.years.value, self.years.value == (self._years[0], self._years[-1])
        self._years = year_options(tables, self._wanted_years)
        with self._quiet():
            self._list_actors(self.actor_select.value)
            for select, options in ((self.kind_select, kind_options(tables)), (self.root_select, root_options(tables))):
                chosen = select.value
                select.options = options
                select.value = tuple(value for value in chosen if value in {offered for _, offered in options})
            self.years.options = [(str(year), year) for year in self._years]
            self.years.value = year_range(self._years, None if full else chosen_years)
            self.min_mentions.max = max(most_mentions(tables), 2)
        self.redraw()

    def on_redraw(self, callback) -> None:
        """Call `callback()` after every redraw (a panel that shows `chosen_events` follows the filters)."""
        self._listeners.append(callback)

    def _changed(self, change) -> None:
        if not self._muted:
            self.redraw()

    # ── filtering ─────────────────────────────────────────────────────────────────────────

    def filters(self) -> dict:
        """The current filter values (JSON-ready)."""
        first, last = self.years.value
        return {
            "chart": self.chart_select.value, "actors": list(self.actor_select.value), "kinds": list(self.kind_select.value),
            "years": [int(first), int(last)], "min_mentions": int(self.min_mentions.value),
            "roots": list(self.root_select.value), "quad_classes": [int(quad) for quad in self.quad_select.value],
            "period": self.period_select.value,
        }

    def _window_key(self) -> tuple:
        return (*self.years.value, tuple(sorted(self.root_select.value)), tuple(sorted(self.quad_select.value)))

    def _window(self) -> Tables:
        """The tables cut to the chosen years (documents' dates for mentions and motives, events' and
        stance observations' own dates) and to the chosen event roots and quad classes."""
        return self._windows.get(self._window_key(), self._cut)

    def _whole_years(self) -> bool:
        return tuple(self.years.value) == (self._years[0], self._years[-1])

    def _kept_events(self, events: pd.DataFrame) -> pd.Series:
        """Which events the years (their own dates), the roots and the quad classes keep."""
        (first, last), full = self.years.value, self._whole_years()
        roots, quads = self.root_select.value, self.quad_select.value
        # Undated rows cannot be placed in a range of years: they count only while the range is whole.
        keep = events["date"].dt.year.between(first, last) | (events["date"].isna() & full)
        if roots:
            keep &= events["cameo_root"].isin(roots)
        if quads:
            keep &= events["quad_class"].isin(quads).fillna(False)
        return keep

    def chosen_events(self, tables: Tables | None = None) -> pd.DataFrame:
        """The events of `tables` (default: the explorer's) that the filters keep: dated in the chosen years,
        of the chosen event roots and quad classes, and with a chosen actor as source or target (any actor
        when none is chosen). Kinds and minimum mentions, which choose a chart's actors, do not apply."""
        events = (tables if tables is not None else self.tables).events
        keep = self._kept_events(events)
        chosen = list(self.actor_select.value)
        if chosen:
            keep &= (events["source_id"].isin(chosen) | events["target_id"].isin(chosen)).fillna(False)
        return events[keep]

    def _cut(self) -> Tables:
        first, last = self.years.value
        roots, quads = self.root_select.value, self.quad_select.value
        full = self._whole_years()
        if full and not roots and not quads:
            return self.tables
        tables = self.tables
        documents = tables.documents
        # Undated rows cannot be placed in a range of years: they count only while the range is whole.
        in_years = documents["date"].dt.year.between(first, last) | (documents["date"].isna() & full)
        doc_ids = documents.loc[in_years, "doc_id"]
        events = tables.events
        keep = self._kept_events(events)
        stances = tables.stances
        observed = stances["date"].dt.year.between(first, last) | (stances["date"].isna() & full)
        if roots or quads:  # only events have CAMEO codes: the observations that come from the events kept
            observed &= stances["event_id"].isin(events.loc[keep, "event_id"]).fillna(False)
        # With the whole range, every document is in: only events and observations are cut.
        by_document = {name: tables[name] if full else tables[name][tables[name]["doc_id"].isin(doc_ids)]
                       for name in ("sentences", "mentions", "timexes", "motives")}
        return Tables(
            documents=documents, problems=tables.problems, actors=tables.actors, reversals=tables.reversals, **by_document,
            events=events[keep], stances=stances[observed], dyads=self._dyads_within(first, last) if not (roots or quads) else empty("dyads"),
        )

    def _dyads_within(self, first: int, last: int) -> pd.DataFrame:
        """The built dyads whose periods lie within the years: with years the only cut, the heatmap and the
        comparison read these instead of recomputing every dyad from the observations (seconds on a
        thousand speeches). A dyad straddling a bound (a build by decades) is left out."""
        dyads = self.tables.dyads
        return dyads[(dyads["period_start"].dt.year >= first) & (dyads["period_end"].dt.year <= last)]

    def _pool(self, window: Tables) -> tuple[str, ...] | None:
        """The actors a chart may show (chosen ∩ kinds ∩ min. mentions), or None when nothing narrows them."""
        chosen, kinds, minimum = self.actor_select.value, self.kind_select.value, self.min_mentions.value
        if not chosen and not kinds and minimum <= 1:
            return None
        counts = self._results.get(("counts", self._window_key()), lambda: window.mentions["actor_id"].dropna().value_counts())
        pool = counts.index[counts.to_numpy() >= minimum]
        if kinds:
            kind_of = self.tables.actors.drop_duplicates("actor_id").set_index("actor_id")["kind"].astype("object")
            pool = pool[pd.Index(pool).map(kind_of).isin(kinds)]
        if chosen:
            pool = pool[pool.isin(chosen)]
        return tuple(str(actor) for actor in pool)

    def _chart(self, window: Tables, pool):
        """(data, evidence, draw) for the chosen chart: `draw(documents)` makes the figure. Data and
        evidence depend only on the filters, so those of a recent setting are reused."""
        chart, (first, last), period = self.chart_select.value, self.years.value, self.period_select.value
        kinds = self.kind_select.value or None
        key = (chart, self._window_key(), pool, kinds if chart == "network" else None, period if chart in PERIOD_CHARTS else None)
        if chart in ("network", *TWO_ACTOR_CHARTS):
            key += (self.actor_select.value,)  # chosen actors stay in the graph even without an edge; the pair's order
        if chart in TWO_ACTOR_CHARTS:
            return self._pair_chart(window, key)

        def compute():
            data, graph, kept = self._chart_data(window, pool), None, {}
            if chart == "network":
                graph = charts.graph_from_edges(data, window, actors=self.actor_select.value, top=NETWORK_NODES)
                kept["pairs"] = self._pairs_and_edges(window)[0]
            if chart == "heatmap" and not data.empty:
                kept["folded"] = self._folded.get(self._window_key(), lambda: charts.folded_observations(window))
            return data, charts.chart_evidence(window, data, chart=chart, period=period, **kept), graph

        data, evidence, graph = self._results.get(key, compute)
        if chart == "ranking":
            return data, evidence, lambda documents: charts.draw_actor_ranking(data, documents=documents)
        if chart == "network":
            return data, evidence, lambda documents: charts.draw_cooccurrence_network(graph, documents=documents, top=NETWORK_NODES)
        if chart == "timeline":
            return data, evidence, lambda documents: charts.draw_event_timeline(data, documents=documents, start=first, end=last)
        if chart == "heatmap":
            return data, evidence, lambda documents: charts.draw_dyad_heatmap(data, documents=documents, period=period)
        return data, evidence, lambda documents: charts.draw_motives_by_actor(data, documents=documents)

    def _pair(self) -> tuple[str, str] | None:
        chosen = self.actor_select.value
        return (str(chosen[0]), str(chosen[1])) if len(chosen) == 2 else None

    def _pair_chart(self, window: Tables, key: tuple):
        """(data, evidence, draw) of the dyad timeline or the comparison of the two chosen actors; a figure
        asking for two actors when not exactly two are chosen."""
        chart, pair, period = self.chart_select.value, self._pair(), self.period_select.value
        if pair is None:
            data = pd.DataFrame(columns=charts.DYAD_COLUMNS if chart == "dyad" else charts.COMPARISON_COLUMNS)
            evidence = pd.DataFrame(columns=charts.EVIDENCE_COLUMNS)
            return data, evidence, lambda documents: self._ask_for_two(data, documents)

        def compute():
            if chart == "dyad":
                data = charts.dyad_timeline_data(window, *pair)
                return data, charts.chart_evidence(window, data, chart="timeline")
            data = charts.actor_comparison_data(window, *pair, period=period)
            return data, charts.actor_comparison_evidence(window, data)

        data, evidence = self._results.get(key, compute)
        names = charts.pair_names(self.tables, *pair)
        if chart == "dyad":
            return data, evidence, lambda documents: charts.draw_dyad_timeline(data, documents=documents, names=names)
        return data, evidence, lambda documents: charts.draw_actor_comparison(data, documents=documents, names=names)

    def _ask_for_two(self, data: pd.DataFrame, documents: pd.DataFrame):
        chart = self.chart_select.value
        draw = charts.draw_dyad_timeline if chart == "dyad" else charts.draw_actor_comparison
        figure = draw(data, documents=documents, names=("first actor", "second actor"), title=CHART_LABELS[chart])
        count = len(self.actor_select.value)
        explain_empty(figure, f"choose two actors in the list (ctrl/cmd-click); {count} chosen", always=True)
        return figure

    def _chart_data(self, window: Tables, pool) -> pd.DataFrame:
        chart, (first, last) = self.chart_select.value, self.years.value
        if chart == "ranking":
            return charts.actor_ranking_data(window, actors=pool)
        if chart == "network":
            edges = self._pairs_and_edges(window)[1]
            return charts.cooccurrence_subset(edges, window, actors=pool, kinds=self.kind_select.value or None)
        if chart == "timeline":
            return charts.event_timeline_data(window, actors=pool, start=first, end=last)
        if chart == "heatmap":
            return charts.dyad_heatmap_data(window, actors=pool, period=self.period_select.value)
        return charts.motives_by_actor_data(window, actors=pool)

    def _pairs_and_edges(self, window: Tables) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The cut's co-occurring pairs (one row per sentence and pair) and its unfiltered edges. Pairing the
        sentences is the slow part and depends on neither actors nor kinds: once per cut, for the edges and
        for the evidence."""
        def compute():
            pairs = charts.cooccurring(window)
            return pairs, charts.cooccurrence_data(window, pairs=pairs)

        return self._edges.get(self._window_key(), compute)

    # ── drawing ───────────────────────────────────────────────────────────────────────────

    def redraw(self) -> None:
        """Compute the chart's data and evidence from the filters (or take those of a recent setting)
        and show a newly drawn figure (or the one drawn for the same filters a few changes ago)."""
        with collection_paused():
            self._redraw()

    def _redraw(self) -> None:
        started = time.perf_counter()
        chart = self.chart_select.value
        self.root_select.disabled = self.quad_select.disabled = chart not in EVENT_CHARTS
        self.period_select.layout.display = "" if chart in PERIOD_CHARTS else "none"  # only these have periods
        window = self._window()
        pool = self._pool(window)
        data, evidence, draw = self._chart(window, pool)
        self.data, self.evidence = data, evidence
        # Every filter is in the key: an empty chart's reason names them all, not only those that shaped the data.
        self.figure, png = self._pictures.get(filters_json(self.filters()), lambda: self._picture(window, pool, data, evidence, draw))
        self._show(png)
        self.evidence_view.value = evidence_html(evidence, limit=self.evidence_rows)
        self.status.value = f"<small>{len(data):,} rows · {len(evidence):,} sentences · {time.perf_counter() - started:.2f} s</small>"
        for callback in self._listeners:
            callback()

    def _picture(self, window: Tables, pool, data: pd.DataFrame, evidence: pd.DataFrame, draw) -> tuple:
        """(figure, its PNG at screen resolution) for the current filters."""
        chart = self.chart_select.value
        # Figures are not registered with pyplot, so an old one is freed once nothing refers to it.
        figure = draw(window.documents[window.documents["doc_id"].isin(evidence["doc_id"])])
        if data.empty and not (chart in TWO_ACTOR_CHARTS and self._pair() is None):  # that figure asks for two already
            names = self.tables.actors.drop_duplicates("actor_id").set_index("actor_id")["name"].astype(str).to_dict()
            # The panel knows every filter, so its reason replaces the chart's own (which knows only its arguments).
            explain_empty(figure, empty_reason(chart, self.filters(), names, no_actor_left=pool == ()), always=True)
        return figure, figure._repr_png_()

    def _show(self, png: bytes) -> None:
        bundle = {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": f"<Figure: {self._title()}>"}
        # Set as a display output directly: this works with or without a running kernel.
        self.output.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)

    def _title(self) -> str:
        titles = [ax.get_title(loc) for ax in self.figure.axes for loc in ("left", "center") if ax.get_title(loc)]
        return titles[0] if titles else CHART_LABELS[self.chart_select.value]

    # ── export and display ────────────────────────────────────────────────────────────────

    def export(self) -> list[Path]:
        """Write the chart (PNG at 300 dpi, SVG, PDF), its rows (CSV, formula cells neutralised) and
        the filters (JSON) into reports_dir; return the paths. The files share one name: the chart,
        the years and the actors, then a short hash of all the filters (analysis.export.export_name),
        so each filter set has its own files and exporting it again rewrites only them. Raises
        FileExistsError, writing nothing, when those files hold an export of other filters."""
        filters = self.filters()
        actors = "-".join(filters["actors"]) or "all-actors"
        name = export_name(f"{filters['chart']}_{filters['years'][0]}-{filters['years'][1]}_{actors}", filters)
        filters_path = charts.output_path(self.reports_dir, name, "json")
        check_filters(filters_path, filters)
        paths = charts.export(self.figure, name, directory=self.reports_dir)
        table_path = write_csv(flat(self.data), charts.output_path(self.reports_dir, name, "csv"))
        filters_path.write_text(filters_json(filters), encoding="utf-8")
        return [*paths, table_path, filters_path]

    def filtered_tables(self) -> dict[str, pd.DataFrame]:
        """The tables as the filters cut them: the years, roots and quad classes (as the charts see them),
        and the actors a chart may show (chosen, of the kinds, with the minimum mentions) — mentions,
        motives and actors of those actors, events, stances and reversals with one of them at either end."""
        window = self._window()
        pool = self._pool(window)
        frames = {name: window[name] for name in ("documents", "actors", "mentions", "events", "stances", "reversals", "motives",
                                                  "timexes", "problems")}
        if pool is not None:
            frames["actors"] = frames["actors"][frames["actors"]["actor_id"].isin(pool)]
            for name, columns in (("mentions", ["actor_id"]), ("motives", ["actor_id"]), ("events", ["source_id", "target_id"]),
                                  ("stances", ["source_id", "target_id"]), ("reversals", ["a_id", "b_id"])):
                table = frames[name]
                keep = pd.Series(False, index=table.index)
                for column in columns:
                    keep |= table[column].isin(pool).fillna(False)
                frames[name] = table[keep]
        return frames

    def export_workbook(self) -> Path:
        """Write the filtered tables (filtered_tables) as an Excel workbook into reports_dir, its first sheet
        listing the filters, under the same name as `export` gives the chart; return its path."""
        from analysis.workbook import write_workbook

        filters = self.filters()
        actors = "-".join(filters["actors"]) or "all-actors"
        name = export_name(f"tables_{filters['years'][0]}-{filters['years'][1]}_{actors}", filters)
        return write_workbook(self.filtered_tables(), charts.output_path(self.reports_dir, name, "xlsx"), filters=filters)

    def _export_clicked(self, export) -> None:
        # A button's exception would land in the browser console, unseen; say what happened beside it.
        try:
            paths = export()
        except (OSError, ValueError) as error:
            self.status.value = f"<small>Export failed: {html.escape(str(error))}</small>"
            return
        self.status.value = f"<small>Wrote {len(paths)} file{'' if len(paths) == 1 else 's'} to {html.escape(str(paths[0].parent))}</small>"

    def display(self) -> None:
        from IPython.display import display

        display(self.widget)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
