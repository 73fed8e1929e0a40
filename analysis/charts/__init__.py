"""Tables → matplotlib figures in one report style (analysis/data/report.mplstyle), and their export.

Each chart comes in three parts, so notebooks, widgets and tests take the part they need:

    <chart>_data(tables, **filters)        the tidy DataFrame the chart plots
    draw_<chart>(data, *, documents, ...)  that DataFrame → a Figure whose source note names `documents`
    <chart>(tables, **filters)             both: tables → Figure, crediting the documents behind it

Charts: actor_ranking, cooccurrence_network (cooccurrence_graph, cooccurrence_subset, export_graphml; cooccurring:
the sentence-by-sentence pairs its edges and evidence are counted from),
event_timeline, dyad_heatmap, motives_by_actor and reversal_panel (reversal_list: the reversals it can show).
`chart_evidence(tables, data, chart=...)` gives the sentences behind a chart's rows (`folded_observations`: the
rows a heatmap's cells average); `export(fig, name)`
writes PNG, SVG and PDF into a folder.

Filters (actors, kinds, roots, quad_classes) are keyword-only: None means "no filter", an empty
list matches nothing, and a value outside the declared vocabulary is an error naming the allowed ones.
Figures are `ReportFigure`s (a `matplotlib.figure.Figure` that renders itself in a notebook), not
pyplot figures: nothing is registered globally, so a redrawn chart is freed with its last reference
and a notebook shows it once.
Ranges default to the data: the timeline's start/end=None are the years where the kept events' dates
cluster (charts.ranges.robust_years) and the heatmap's period=None follows their span; the chart
states its years and what it leaves out (dates outside, unstated ends, dropped periods).
Empty data never raises: the chart keeps its title and axes and says why it is empty where it can
tell ("no events involving Russia in 2003–2005"), else "no data for these filters".

The package has one module per chart (ranking, network — its layout in layout, its drawing in
network_drawing —, timeline with density for crowded rows, heatmap, motives, reversal, and dyad for two
actors at a time), event_graph (the events as a GraphML multigraph) and the shared parts: style (the
report style, figures, source notes, the Goldstein colours), files (safe names, export), options
(checks against the declared vocabularies), ranges (default years and periods from the data), notes
(what a chart leaves out, why it is empty), common (names, counts, sentences several charts read) and
evidence (the sentences behind a chart's rows). Everything public is
importable from `analysis.charts`.
"""

from analysis.charts.style import (
    GOLDSTEIN, NO_DATA, SCREEN_DPI, STANCE_SCALE, STYLE_PATH, UNSTATED, ReportFigure, report_style, source_note,
)
from analysis.charts.files import FORMATS, MAX_FILENAME, export, output_path, safe_filename
from analysis.charts.options import CAMEO_ROOTS, CHARTS, PERIODS, TIMELINE_ROWS
from analysis.charts.evidence import EVIDENCE_COLUMNS, chart_evidence, documents_behind, folded_observations
from analysis.charts.common import cooccurring
from analysis.charts.ranking import RANKING_COLUMNS, actor_ranking, actor_ranking_data, draw_actor_ranking
from analysis.charts.network import (
    EDGE_COLUMNS, LAYOUT_SEED, cooccurrence_data, cooccurrence_graph, cooccurrence_network, cooccurrence_subset,
    draw_cooccurrence_network, export_graphml, graph_from_edges,
)
from analysis.charts.event_graph import EVENT_EDGE_ATTRIBUTES, events_graph
from analysis.charts.timeline import TIMELINE_COLUMNS, draw_event_timeline, event_timeline, event_timeline_data
from analysis.charts.heatmap import HEATMAP_COLUMNS, draw_dyad_heatmap, dyad_heatmap, dyad_heatmap_data
from analysis.charts.motives import MOTIVE_COLUMNS, draw_motives_by_actor, motives_by_actor, motives_by_actor_data
from analysis.charts.dyad import (
    COMPARISON_COLUMNS, DYAD_COLUMNS, actor_comparison, actor_comparison_data, actor_comparison_evidence, draw_actor_comparison,
    draw_dyad_timeline, dyad_timeline, dyad_timeline_data, pair_names,
)
from analysis.charts.reversal import (
    REVERSAL_COLUMNS, REVERSAL_LIST_COLUMNS, pick_reversal, reversal_list, reversal_panel, reversal_panel_data,
)

__all__ = [
    "COMPARISON_COLUMNS",
    "DYAD_COLUMNS",
    "actor_comparison",
    "actor_comparison_data",
    "actor_comparison_evidence",
    "draw_actor_comparison",
    "draw_dyad_timeline",
    "dyad_timeline",
    "dyad_timeline_data",
    "pair_names",
    "CAMEO_ROOTS",
    "CHARTS",
    "EDGE_COLUMNS",
    "EVENT_EDGE_ATTRIBUTES",
    "EVIDENCE_COLUMNS",
    "FORMATS",
    "GOLDSTEIN",
    "HEATMAP_COLUMNS",
    "LAYOUT_SEED",
    "MAX_FILENAME",
    "MOTIVE_COLUMNS",
    "NO_DATA",
    "PERIODS",
    "RANKING_COLUMNS",
    "REVERSAL_COLUMNS",
    "REVERSAL_LIST_COLUMNS",
    "ReportFigure",
    "SCREEN_DPI",
    "STANCE_SCALE",
    "STYLE_PATH",
    "TIMELINE_COLUMNS",
    "TIMELINE_ROWS",
    "UNSTATED",
    "actor_ranking",
    "actor_ranking_data",
    "chart_evidence",
    "cooccurrence_data",
    "cooccurrence_graph",
    "cooccurrence_network",
    "cooccurrence_subset",
    "cooccurring",
    "documents_behind",
    "folded_observations",
    "draw_actor_ranking",
    "draw_cooccurrence_network",
    "draw_dyad_heatmap",
    "draw_event_timeline",
    "draw_motives_by_actor",
    "dyad_heatmap",
    "dyad_heatmap_data",
    "event_timeline",
    "event_timeline_data",
    "events_graph",
    "export",
    "export_graphml",
    "graph_from_edges",
    "motives_by_actor",
    "motives_by_actor_data",
    "output_path",
    "pick_reversal",
    "report_style",
    "reversal_list",
    "reversal_panel",
    "reversal_panel_data",
    "safe_filename",
    "source_note",
]
