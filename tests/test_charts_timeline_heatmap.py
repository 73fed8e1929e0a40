"""analysis/charts/timeline.py, heatmap.py, density.py and notes.py: defaults that fit the data, rows
with unknown ends, aggregation of dense timelines, dropped empty periods and empty charts that say why."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402

from analysis import charts  # noqa: E402
from analysis.charts import density  # noqa: E402
from analysis.tables import Tables, frame  # noqa: E402

ACTORS = [("RUS", "Russia", "state"), ("USA", "United States", "state"), ("IRQ", "Iraq", "state"),
          ("IRN", "Iran", "state"), ("taliban", "Taliban", "armed_group")]


def texts(fig) -> list[str]:
    found = [text.get_text() for text in fig.texts]
    for ax in fig.axes:
        found += [ax.get_title("left"), ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        found += [text.get_text() for text in ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            found += [text.get_text() for text in legend.get_texts()]
    return [text for text in found if text]


def said(fig, words: str) -> bool:
    return any(words in text for text in texts(fig))


def event(number: int, date: str, source: str | None, target: str | None, *, goldstein=1.0, root="05", negated=False) -> dict:
    doc = f"doc{number % 4:013d}"
    return {"event_id": f"e{number}", "doc_id": doc, "sent_id": number, "date": date, "date_precision": "day",
            "source_id": source, "target_id": target, "verb": "meet", "cameo_code": root + "1", "cameo_root": root,
            "quad_class": 1, "goldstein": goldstein, "negated": negated, "text": f"Sentence {number}."}


def event_tables(events: list[dict], **replace) -> Tables:
    docs = sorted({row["doc_id"] for row in events})
    built = dict(
        documents=frame("documents", [{"doc_id": doc, "path": f"news/{doc}.txt", "title": f"Article {doc[-1]}",
                                       "date": "2005-01-01", "n_chars": 10} for doc in docs]),
        sentences=frame("sentences", [{"doc_id": row["doc_id"], "sent_id": row["sent_id"], "start": 0, "end": 10,
                                       "text": row["text"]} for row in events]),
        actors=frame("actors", [{"actor_id": actor, "name": name, "kind": kind, "n_mentions": 1, "n_docs": 1}
                                for actor, name, kind in ACTORS]),
        events=frame("events", events),
    )
    built.update(replace)
    return Tables(**built)


def spread(count: int, first: int, last: int, pairs, *, start: int = 0) -> list[dict]:
    """`count` events spread evenly over first–last, taking turns among `pairs`."""
    days = pd.date_range(f"{first}-01-01", f"{last}-12-31", periods=count)
    return [event(start + index, str(day.date()), *pairs[index % len(pairs)], goldstein=float(index % 21 - 10))
            for index, day in enumerate(days)]


PAIRS = [("USA", "IRQ"), ("RUS", "USA"), ("IRN", "IRQ")]


@pytest.fixture(scope="module")
def news() -> Tables:
    """400 events 2001–2008 and one that recalls 1800."""
    return event_tables(spread(400, 2001, 2008, PAIRS) + [event(999, "1800-06-01", "USA", "IRQ")])


# ─── Timeline: years from the data ─────────────────────────────────────────────────────────


def test_default_years_are_where_the_dates_cluster_and_the_chart_names_those_outside(news):
    data = charts.event_timeline_data(news)
    years = data.attrs["timeline"]["years"]
    assert (years.first, years.last, years.outside, years.total) == (2001, 2008, 1, 401)
    assert "e999" not in set(data["event_id"]) and len(data) == 400
    fig = charts.event_timeline(news)
    assert fig.axes[0].get_title("left") == "Events by actor pair, 2001–2008"
    assert said(fig, "1 of 401 dated events lie outside 2001–2008")
    low, high = fig.axes[0].get_xlim()
    assert matplotlib.dates.num2date(low).year >= 2000 and matplotlib.dates.num2date(high).year <= 2009


def test_explicit_years_are_kept_and_state_nothing_outside(news):
    data = charts.event_timeline_data(news, start=1800, end=2008)
    assert "e999" in set(data["event_id"])
    fig = charts.event_timeline(news, start=1979, end=2025)
    assert fig.axes[0].get_title("left") == "Events by actor pair, 1979–2025"
    assert not said(fig, "lie outside")


def test_one_bound_given_the_other_comes_from_the_data(news):
    assert tuple(charts.event_timeline_data(news, start=1790).attrs["timeline"]["years"]) == (1790, 2008)
    assert tuple(charts.event_timeline_data(news, end=2005).attrs["timeline"]["years"]) == (2001, 2005)


def test_years_follow_the_filters_not_the_whole_table():
    events = spread(50, 2001, 2008, [("USA", "IRQ")]) + spread(50, 1950, 1960, [("RUS", "IRN")], start=100)
    tables = event_tables(events)
    assert tuple(charts.event_timeline_data(tables, actors=["IRQ"]).attrs["timeline"]["years"]) == (2001, 2008)
    assert tuple(charts.event_timeline_data(tables).attrs["timeline"]["years"]) == (1950, 2008)


# ─── Timeline: unknown ends ────────────────────────────────────────────────────────────────

MIXED = [event(1, "2003-01-01", "USA", "IRQ"), event(2, "2003-02-01", None, "IRQ"), event(3, "2003-03-01", "RUS", None),
         event(4, "2003-06-01", None, "USA"), event(5, "2002-01-01", "RUS", "USA")]


def test_rows_with_an_unstated_end_are_left_out_unless_asked_for():
    tables = event_tables(MIXED)
    data = charts.event_timeline_data(tables)
    assert list(dict.fromkeys(data["row"])) == ["Russia → United States", "United States → Iraq"]
    assert data.attrs["timeline"]["unstated"] == 3
    assert said(charts.event_timeline(tables), "3 events with an unstated source or target left out (unstated=True shows them)")
    every = charts.event_timeline_data(tables, unstated=True)
    # Known pairs first, then the rest, each in order of its first event.
    assert list(dict.fromkeys(every["row"])) == ["Russia → United States", "United States → Iraq", "(unstated) → Iraq",
                                                 "Russia → (unstated)", "(unstated) → United States"]
    assert not said(charts.event_timeline(tables, unstated=True), "unstated=True")


def test_known_pairs_come_before_an_earlier_row_with_an_unstated_end():
    tables = event_tables([event(1, "2003-01-01", None, "IRQ"), event(2, "2003-05-01", "USA", "IRQ")])
    assert list(charts.event_timeline_data(tables, unstated=True)["row"]) == ["United States → Iraq", "(unstated) → Iraq"]


def test_rows_by_source_leave_out_only_an_unstated_source():
    data = charts.event_timeline_data(event_tables(MIXED), by="source")
    assert set(data["event_id"]) == {"e1", "e3", "e5"} and data.attrs["timeline"]["unstated"] == 2


def test_the_years_are_those_of_the_events_shown():
    """An unstated event beyond the known ones' years neither stretches the axis nor counts as left out."""
    tables = event_tables(MIXED + [event(6, "1990-01-01", None, "IRQ")])
    recorded = charts.event_timeline_data(tables).attrs["timeline"]
    assert tuple(recorded["years"]) == (2002, 2003) and recorded["unstated"] == 3
    assert tuple(charts.event_timeline_data(tables, unstated=True).attrs["timeline"]["years"]) == (1990, 2003)


def test_a_chart_of_only_unstated_ends_says_so():
    tables = event_tables([event(2, "2003-02-01", None, "IRQ"), event(3, "2007-03-01", "RUS", None)])
    data = charts.event_timeline_data(tables)
    assert data.empty and list(data.columns) == charts.TIMELINE_COLUMNS
    assert said(charts.event_timeline(tables), "only events with an unstated source or target in 2003–2007; unstated=True shows them")


def test_unstated_must_be_a_flag():
    with pytest.raises(ValueError, match="unstated='yes'.*True or False"):
        charts.event_timeline_data(event_tables(MIXED), unstated="yes")


# ─── Timeline: empty charts say why ────────────────────────────────────────────────────────


@pytest.mark.parametrize("options, message", [
    ({"actors": ["RUS"], "start": 2003, "end": 2005}, "no events involving Russia in 2003–2005"),
    ({"actors": ["RUS", "taliban"], "roots": ["19"]}, "no events of CAMEO root 19 involving Russia or Taliban"),
    ({"quad_classes": [3, 4]}, "no events of quad classes 3, 4"),
    ({"start": 1900, "end": 1901}, "no events in 1900–1901"),
    ({"actors": []}, "no actor is chosen"),
])
def test_an_empty_timeline_names_the_filters_that_emptied_it(options, message):
    tables = event_tables([event(1, "2001-05-01", "USA", "IRQ"), event(2, "2008-05-01", "RUS", "USA")])
    fig = charts.event_timeline(tables, **options)
    assert said(fig, message) and not said(fig, "no data for these filters")
    fig.savefig(io.BytesIO(), format="png", dpi=40)


def test_an_empty_timeline_without_dates_says_so():
    undated = [dict(event(1, "2001-05-01", "USA", "IRQ"), date=None)]
    assert said(charts.event_timeline(event_tables(undated)), "no dated events (1 event without a date)")
    assert said(charts.event_timeline(Tables()), "no events in these tables")
    assert said(charts.draw_event_timeline(charts.event_timeline_data(Tables()).iloc[0:0].copy(), documents=Tables().documents), "no ")


# ─── Timeline: too many to read as dots ────────────────────────────────────────────────────


def scatter_points(fig) -> int:
    return sum(len(collection.get_offsets()) for collection in fig.axes[0].collections)


def test_a_dense_timeline_draws_one_marker_per_row_and_year(news):
    fig = charts.event_timeline(news)
    assert scatter_points(fig) == 3 * 8  # three pairs × eight years, not 400 dots
    assert said(fig, "aggregated: one marker per actor pair and year")
    assert said(fig, "1 event") and any(text.endswith(" events") for text in texts(fig))  # the size legend
    assert said(fig, "mean Goldstein weight") and fig.axes[0].get_xlabel() == "year of the events"
    assert [label.get_text() for label in fig.axes[0].get_xticklabels()] == [str(year) for year in range(2001, 2009)]
    data = charts.event_timeline_data(news)  # the data keeps one row per event, for its evidence
    assert len(data) == 400 and len(charts.chart_evidence(news, data, chart="timeline")) == 400
    fig.savefig(io.BytesIO(), format="png", dpi=40)


def test_marker_areas_grow_with_the_number_of_events():
    events = spread(60, 2001, 2001, [("USA", "IRQ")]) + spread(6, 2005, 2005, [("USA", "IRQ")], start=100)
    fig = charts.event_timeline(event_tables(events), start=2001, end=2005)
    sizes = np.concatenate([collection.get_sizes() for collection in fig.axes[0].collections])
    assert sorted(sizes)[-1] == pytest.approx(10 * sorted(sizes)[0])


def test_a_sparse_timeline_keeps_its_dots_and_verbs():
    events = spread(12, 2001, 2008, PAIRS)
    fig = charts.event_timeline(event_tables(events))
    assert scatter_points(fig) == 12 and not said(fig, "aggregated") and said(fig, "meet")


@pytest.mark.parametrize("same_day, total, aggregated", [
    (3, 10, False),   # two hidden dots: a detail, however few the events
    (4, 10, True),    # three hidden of ten: more than one in ten
    (5, 40, False),   # four hidden of forty: no more than one in ten
    (7, 50, True),    # six hidden of fifty
])
def test_aggregation_starts_when_more_than_a_tenth_of_the_dots_would_hide(same_day, total, aggregated):
    apart = spread(total - same_day, 2001, 2008, [("USA", "IRQ")])
    together = [event(500 + index, "2004-06-01", "RUS", "USA") for index in range(same_day)]
    data = charts.event_timeline_data(event_tables(apart + together))
    assert density.hidden_events(data, 2001, 2008) == same_day - 1
    assert density.too_dense(data, 2001, 2008) is aggregated


def test_dots_closer_than_half_a_dot_hide_each_other_at_the_axis_scale():
    """Two weeks apart is one dot over eight years, two dots over one year."""
    pairs = [event(2 * index, f"{2001 + index}-03-01", "USA", "IRQ") for index in range(8)]
    pairs += [event(2 * index + 1, f"{2001 + index}-03-15", "USA", "IRQ") for index in range(8)]
    data = charts.event_timeline_data(event_tables(pairs))
    assert density.hidden_events(data, 2001, 2008) == 8
    assert density.hidden_events(data[data["date"].dt.year == 2001], 2001, 2001) == 0


@pytest.mark.parametrize("first, last, period", [(2007, 2008, "month"), (2001, 2008, "year"), (1966, 2017, "5y"), (1900, 2020, "decade")])
def test_the_aggregation_period_follows_the_span(first, last, period):
    assert density.bin_period(first, last) == period


def test_a_short_dense_span_is_aggregated_by_month():
    tables = event_tables(spread(300, 2007, 2008, PAIRS))
    fig = charts.event_timeline(tables)
    assert said(fig, "one marker per actor pair and month")
    assert scatter_points(fig) == 3 * 24


def test_events_that_did_not_happen_count_in_the_size_not_the_colour():
    events = [event(index, "2003-05-01", "USA", "IRQ", goldstein=-10.0, negated=index < 10) for index in range(12)]
    cells = density.aggregate(charts.event_timeline_data(event_tables(events)), "year")
    assert (cells["n"].item(), cells["goldstein"].item(), cells["happened"].item()) == (12, -10.0, 2)


# ─── Heatmap ──────────────────────────────────────────────────────────────────────────────


def dyad(source, target, year, observations=1, mean=1.0, *, width=1):
    return {"source_id": source, "target_id": target, "period_start": f"{year}-01-01", "period_end": f"{year + width - 1}-12-31",
            "n_observations": observations, "n_documents": 1, "mean_score": mean}


def dyad_tables(rows) -> Tables:
    return event_tables([event(1, "2001-01-01", "USA", "IRQ")], dyads=frame("dyads", rows))


@pytest.mark.parametrize("years, period, first_label", [
    (range(2001, 2009), "year", "2001"),
    (range(1950, 2021, 5), "decade", "1950s"),
    (range(1970, 2010, 3), "5y", "1970–74"),
])
def test_the_heatmap_period_follows_the_span_of_the_data(years, period, first_label):
    tables = dyad_tables([dyad("USA", "IRQ", year, 3) for year in years])
    data = charts.dyad_heatmap_data(tables)
    assert data.attrs["heatmap"]["period"] == period and data["period"].iloc[0] == first_label
    fig = charts.dyad_heatmap(tables)
    assert fig.axes[0].get_xlabel() == {"year": "year", "5y": "five-year period", "decade": "decade"}[period]


def test_an_explicit_period_is_kept():
    tables = dyad_tables([dyad("USA", "IRQ", year, 3) for year in range(2001, 2009)])
    assert set(charts.dyad_heatmap_data(tables, period="decade")["period"]) == {"2000s"}
    assert charts.dyad_heatmap(tables, period="decade").axes[0].get_xlabel() == "decade"


def test_periods_without_observations_are_dropped_and_the_break_shows():
    tables = dyad_tables([dyad("USA", "IRQ", 2001, 4), dyad("RUS", "USA", 2002, 4), dyad("USA", "IRQ", 2005, 4), dyad("USA", "IRQ", 2006, 4)])
    fig = charts.dyad_heatmap(tables)
    ax = fig.axes[0]
    assert [label.get_text() for label in ax.get_xticklabels()] == ["2001", "2002", "2005", "2006"]
    assert ax.images[0].get_array().shape == (2, 4)
    assert [line.get_xdata()[0] for line in ax.lines] == [1.5]  # the gap between 2002 and 2005
    assert said(fig, "by year, 2001–2006 · 2 years without observations left out")


def test_the_note_names_the_datas_years_unless_the_columns_shown_cover_less():
    rows = [dyad("USA", "IRQ", year, 5) for year in range(1971, 2014, 3)] + [dyad("RUS", "USA", 1990, 1)]
    assert said(charts.dyad_heatmap(dyad_tables(rows)), "by five-year period, 1971–2013")  # columns 1970–2014
    rows = [dyad("USA", "IRQ", year, 5) for year in range(2004, 2009)] + [dyad("RUS", "USA", 2001, 1)]
    assert said(charts.dyad_heatmap(dyad_tables(rows), top=1), "by year, 2004–2008")  # the busiest pair starts later


def test_a_far_off_cell_is_left_out_and_counted():
    rows = [dyad("USA", "IRQ", year, 10) for year in range(2001, 2009)] + [dyad("RUS", "USA", 1800, 1)]
    data = charts.dyad_heatmap_data(dyad_tables(rows))
    assert data.attrs["heatmap"]["period"] == "year" and "1800" not in set(data["period"])
    assert said(charts.dyad_heatmap(dyad_tables(rows)), "1 of 81 stance observations lie outside 2001–2008")


def test_a_table_of_decades_is_not_split_into_years():
    tables = dyad_tables([dyad("USA", "IRQ", 2000, 5, width=10), dyad("USA", "IRQ", 2010, 5, width=10)])
    assert charts.dyad_heatmap_data(tables).attrs["heatmap"]["period"] == "decade"


def test_the_drawing_reads_the_period_off_the_data():
    data = charts.dyad_heatmap_data(dyad_tables([dyad("USA", "IRQ", year, 2) for year in range(1950, 2021, 5)]))
    data.attrs.clear()  # a frame filtered or rebuilt elsewhere: the cells' widths tell
    assert charts.draw_dyad_heatmap(data, documents=frame("documents")).axes[0].get_xlabel() == "decade"


def test_the_heatmap_credits_the_documents_of_the_period_it_drew():
    """No dyads table: the cells come from the events at the chosen period, and so does the evidence."""
    events = [event(index, f"{2001 + index % 8}-06-01", "USA", "IRQ", goldstein=4.0) for index in range(16)]
    tables = event_tables(events)
    data = charts.dyad_heatmap_data(tables)
    assert data.attrs["heatmap"]["period"] == "year" and len(data) == 8
    note = next(text.get_text() for text in charts.dyad_heatmap(tables).texts if text.get_text().startswith("Source:"))
    assert note.startswith("Source: 4 documents")
    assert len(charts.documents_behind(tables, data, chart="heatmap", period="year")) == 4


def test_heatmap_evidence_from_observations_a_panel_folded_once_is_the_same():
    events = [event(index, f"{2001 + index % 8}-06-01", "USA", "IRQ", goldstein=4.0) for index in range(16)]
    events += [event(16 + index, f"{2003 + index}-02-01", "IRQ", "KWT", goldstein=-6.0) for index in range(3)]
    tables = event_tables(events)
    data = charts.dyad_heatmap_data(tables, actors=["KWT"])
    folded = charts.folded_observations(tables)
    assert len(folded) == 19 and {"source_family", "target_family"} <= set(folded.columns)
    pd.testing.assert_frame_equal(charts.chart_evidence(tables, data, chart="heatmap", folded=folded),
                                  charts.chart_evidence(tables, data, chart="heatmap"))
    assert len(charts.chart_evidence(tables, data, chart="heatmap")) == 3  # Iraq toward Kuwait only


@pytest.mark.parametrize("tables, options, message", [
    (dyad_tables([dyad("USA", "IRQ", 2001)]), {"actors": ["RUS"]}, "no stance observations for a pair with Russia"),
    (dyad_tables([dyad("USA", "IRQ", 2001)]), {"actors": []}, "no actor is chosen"),
    (Tables(), {}, "no stance observations between two actors in these tables"),
])
def test_an_empty_heatmap_says_why(tables, options, message):
    fig = charts.dyad_heatmap(tables, **options)
    assert said(fig, message)
    fig.savefig(io.BytesIO(), format="png", dpi=40)


# ─── Layout: what a reader would stumble on ───────────────────────────────────────────────


def drawn(fig):
    FigureCanvasAgg(fig).draw()  # a report figure has no canvas of its own until it is saved
    return fig


def extents(fig, artists):
    renderer = fig.canvas.get_renderer()
    return [artist.get_window_extent(renderer) for artist in artists if artist.get_text()]


def test_the_note_sits_between_the_title_and_the_axes(news):
    fig = drawn(charts.event_timeline(news))
    ax = fig.axes[0]
    title, = extents(fig, [child for child in ax.get_children() if getattr(child, "get_text", lambda: "")() == ax.get_title("left")])
    note, = extents(fig, [text for text in ax.texts if "aggregated" in text.get_text()])
    assert title.y0 >= note.y1 - 1 and note.y0 >= ax.get_window_extent().y1


def test_one_event_among_thousands_stays_visible_and_the_busiest_rows_are_named():
    events = spread(2000, 2001, 2001, [("USA", "IRQ")]) + [event(5000, "2005-06-01", "RUS", "USA")]
    events += [event(6000 + index, "2003-06-01", "IRN", "IRQ") for index in range(3)]
    fig = charts.event_timeline(event_tables(events), start=2001, end=2005, top=2)
    sizes = np.concatenate([collection.get_sizes() for collection in fig.axes[0].collections])
    assert sizes.min() == density.SMALLEST_AREA
    assert said(fig, "the 2 busiest of 3 actor pairs")


def test_long_periods_are_labelled_at_their_boundaries_when_their_names_do_not_fit():
    fig = charts.event_timeline(event_tables(spread(600, 1966, 2017, PAIRS)))
    assert said(fig, "one marker per actor pair and five-year period")
    labels = [label.get_text() for label in fig.axes[0].get_xticklabels()]
    assert labels[:3] == ["1965", "1970", "1975"] and labels[-1] == "2020"


def test_a_timeline_of_one_year_has_month_ticks():
    fig = charts.event_timeline(event_tables([event(1, "2004-02-01", "USA", "IRQ"), event(2, "2004-11-01", "RUS", "USA")]))
    assert [label.get_text() for label in fig.axes[0].get_xticklabels()][:2] == ["Jan 2004", "Apr 2004"]


def test_heatmap_period_labels_do_not_overlap():
    rows = [dyad("USA", "IRQ", year, 2) for year in (1979, 1986, 1992, 2001, 2008, 2016, 2021, 2025)]
    rows += [dyad("RUS", "taliban", 2025, 1)]
    actors = frame("actors", [{"actor_id": "RUS", "name": "Molavi Gul Hassan Hassan of a long name", "kind": "person",
                               "n_mentions": 1, "n_docs": 1}, {"actor_id": "taliban", "name": "Andrei Yuryevich", "kind": "person",
                                                               "n_mentions": 1, "n_docs": 1}])
    tables = event_tables([event(1, "2001-01-01", "USA", "IRQ")], dyads=frame("dyads", rows), actors=actors)
    fig = drawn(charts.dyad_heatmap(tables))
    assert charts.dyad_heatmap_data(tables).attrs["heatmap"]["period"] == "5y"
    boxes = extents(fig, fig.axes[0].get_xticklabels())
    assert len(boxes) == 8 and all(left.x1 < right.x0 for left, right in zip(boxes, boxes[1:]))
