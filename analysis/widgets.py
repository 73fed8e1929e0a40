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

The filters' cut of the tables lives in analysis/widget_filtering.py, the chart's data, evidence and
drawing in analysis/widget_charts.py, the option lists and evidence HTML in analysis/widget_options.py.
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
from analysis.tables import Tables
from analysis.widget_charts import CHART_LABELS, PERIOD_CHARTS, TWO_ACTOR_CHARTS, ChartChoice
from analysis.widget_filtering import FilterCuts
from analysis.widget_options import (  # noqa: F401 (evidence_html and the option lists are part of this module's API)
    Recent, actor_options, check_tables, check_years, collection_paused, default_years, empty_reason, evidence_html,
    explain_empty, flat, kind_options, most_mentions, root_options, warm_knowledge_base, year_options, year_range,
)

# Short labels keep the chart buttons on one line in a notebook cell; the long ones are tooltips.
CHART_BUTTONS = {"ranking": "Ranking", "network": "Network", "timeline": "Timeline", "heatmap": "Heatmap", "motives": "Motives",
                 "dyad": "Dyad", "compare": "Compare"}
EVENT_CHARTS = ("timeline", "heatmap", "dyad", "compare")
QUAD_LABELS = {1: "1 verbal cooperation", 2: "2 material cooperation", 3: "3 verbal conflict", 4: "4 material conflict"}
REMEMBERED_WINDOWS = 2  # cuts of the tables by years, roots and quads, and their unfiltered co-occurrence edges
REMEMBERED_RESULTS = 16  # chart data and evidence of recent filter settings
REMEMBERED_PICTURES = 8  # drawn figures and their PNGs: a few MB each


class ActorExplorer(FilterCuts, ChartChoice):
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
