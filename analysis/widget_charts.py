"""The chart an ActorExplorer shows: its data, evidence and drawing for the current filters, remembered
for recent settings (a mixin of analysis.widgets.ActorExplorer).
"""

from __future__ import annotations

import pandas as pd

from analysis import charts
from analysis.tables import Tables
from analysis.widget_options import explain_empty

CHART_LABELS = {
    "ranking": "Actor ranking", "network": "Co-occurrence network", "timeline": "Event timeline",
    "heatmap": "Dyad heatmap", "motives": "Motives by actor", "dyad": "Dyad timeline of two chosen actors",
    "compare": "Two chosen actors side by side",
}
TWO_ACTOR_CHARTS = ("dyad", "compare")  # they show the two actors chosen in the list
PERIOD_CHARTS = ("heatmap", "compare")
NETWORK_NODES = 40  # more labelled nodes than this cannot be read in one picture


class ChartChoice:
    """(data, evidence, draw) of the chosen chart over a cut of the tables."""

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
