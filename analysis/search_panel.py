"""Tables → a sentence search panel (ipywidgets): query, filters, the hits, and the context of a chosen hit.

    panel = SearchPanel(tables, years=project.year_range(tables))
    panel.widget            # in JupyterLab: a query box, actor/kind/year filters, the hits, the context of one

The query is analysis.search's: words (a word from its start: "recogni" finds "recognised"), "quoted
phrases" and -excluded words. The filters keep sentences naming one of the chosen actors, an actor of
one of the chosen kinds, in documents dated within the chosen years (the whole range keeps undated
documents too). Each hit shows its document's title (else its path), its date, the sentence, the actors
named in it and the events coded from it; "context" beside a hit shows the sentences around it
(`search.context`), the hit marked. With neither words nor filters, nothing is searched.

Every change of the query (on Enter or leaving the box) or of a filter searches again; nothing is
written. For tests and notebooks: `.search()`, `.hits` (analysis.search.HIT_COLUMNS), `.context_buttons`
(one per hit shown), `.show_context(position)`, `.context` (the frame shown), `.use_tables(tables)` (new
tables, e.g. after a correction: `session.on_change(panel.use_tables)`). Every text shown is escaped.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from analysis import search as search_module
from analysis.tables import Tables
from analysis.widget_options import actor_options, check_tables, check_years, kind_options, year_options, year_range

HITS_SHOWN = 50  # hits drawn at once; a search finding more says so
CONTEXT_WINDOW = 2  # sentences before and after a hit


def _escape(value) -> str:
    return "" if value is None or (not isinstance(value, (str, list)) and pd.isna(value)) else html.escape(str(value))


def _day(value) -> str:
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def hit_html(hit: pd.Series) -> str:
    """One hit as the analyst reads it: document title (else path) and date, the sentence, its actors and events."""
    document = _escape(hit["title"]) if isinstance(hit["title"], str) and hit["title"].strip() else _escape(hit["path"])
    actors = ", ".join(map(html.escape, hit["actors"])) or "none"
    events = "; ".join(map(html.escape, hit["events"])) or "none"
    return (f"<b>{document}</b> · {_day(hit['date'])} · sentence {int(hit['sent_id'])}<br>{_escape(hit['text'])}<br>"
            f"<small style='color:#555'>actors: {actors} · events: {events}</small>")


def context_html(around: pd.DataFrame, *, title: str = "") -> str:
    """The sentences around a hit as HTML, the hit itself in bold."""
    if around.empty:
        return "<i>No sentences around this hit.</i>"
    lines = [f"<p style='margin:2px 0'>{'<b>' if hit else ''}{html.escape(str(text))}{'</b>' if hit else ''}</p>"
             for text, hit in zip(around["text"], around["hit"])]
    return f"<h4>{html.escape(title)}</h4>" + "".join(lines) if title else "".join(lines)


class SearchPanel:
    """A query box, actor/kind/year filters, the hits and the context of a chosen hit, over a `Tables`."""

    def __init__(self, tables: Tables, *, years: tuple[int, int] | None = None, hits_shown: int = HITS_SHOWN,
                 window: int = CONTEXT_WINDOW):
        check_tables(tables)
        self.tables = tables
        self.hits_shown, self.window = hits_shown, window
        self._wanted_years = check_years(years)
        self._years = year_options(tables, self._wanted_years)
        wide, initial = widgets.Layout(width="98%"), {"description_width": "initial"}
        self.query = widgets.Text(placeholder='words, "a phrase", -excluded; Enter searches', description="search",
                                  continuous_update=False, layout=wide, style=initial)
        self.actor_select = widgets.SelectMultiple(options=actor_options(tables), rows=6, description="actors",
                                                   layout=wide, style=initial)
        self.kind_select = widgets.SelectMultiple(options=kind_options(tables), rows=4, description="kinds",
                                                  layout=wide, style=initial)
        self.years = widgets.SelectionRangeSlider(options=[(str(year), year) for year in self._years],
                                                  value=year_range(self._years, self._wanted_years), description="years",
                                                  continuous_update=False, layout=wide, style=initial)
        self.status = widgets.HTML()
        self.results = widgets.VBox()
        self.context_view = widgets.HTML()
        self.hits = pd.DataFrame(columns=search_module.HIT_COLUMNS)
        self.context = pd.DataFrame(columns=["doc_id", "sent_id", "text", "hit"])
        self.chosen: int | None = None
        self.context_buttons: list[widgets.Button] = []
        filters = widgets.VBox([self.actor_select, self.kind_select, self.years], layout=widgets.Layout(width="340px", flex="0 0 340px"))
        self.widget = widgets.VBox([
            self.query,
            widgets.HBox([filters, widgets.VBox([self.status, self.results], layout=widgets.Layout(flex="1 1 auto"))]),
            widgets.HTML("<b>Context of the chosen hit</b>"), self.context_view,
        ])
        self._muted = False
        for control in (self.query, self.actor_select, self.kind_select, self.years):
            control.observe(self._changed, names="value")
        self.search()

    def _changed(self, _change) -> None:
        if not self._muted:
            self.search()

    def filters(self) -> dict:
        """The query and the filters as search_sentences takes them (years None while the range is whole)."""
        first, last = self.years.value
        whole = (first, last) == (self._years[0], self._years[-1])
        return {"query": self.query.value.strip(), "actors": list(self.actor_select.value), "kinds": list(self.kind_select.value),
                "years": None if whole else (int(first), int(last))}

    def search(self) -> pd.DataFrame:
        """Search with the query and the filters, show the hits and forget the context; return the hits."""
        filters = self.filters()
        self.chosen, self.context = None, self.context.iloc[0:0]
        self.context_view.value = ""
        if not filters["query"] and not filters["actors"] and not filters["kinds"] and filters["years"] is None:
            self.hits = pd.DataFrame(columns=search_module.HIT_COLUMNS)
            self.context_buttons, self.results.children = [], []
            self.status.value = "<small>Type words to search the sentences, or choose actors, kinds or years.</small>"
            return self.hits
        found = search_module.search_sentences(self.tables, filters.pop("query"), limit=self.hits_shown + 1, **filters)
        more = len(found) > self.hits_shown
        self.hits = found.head(self.hits_shown)
        self.context_buttons = []
        rows = []
        for position, (_, hit) in enumerate(self.hits.iterrows()):
            button = widgets.Button(description="context", tooltip="show the sentences around this one",
                                    layout=widgets.Layout(width="80px", flex="0 0 80px"))
            button.on_click(lambda _button, chosen=position: self.show_context(chosen))
            self.context_buttons.append(button)
            rows.append(widgets.HBox([button, widgets.HTML(hit_html(hit))]))
        self.results.children = rows
        if self.hits.empty:
            self.status.value = "<small>No sentence matches.</small>"
        else:
            shown = f"the first {len(self.hits)} hits; more match — narrow the search" if more else f"{len(self.hits)} hits"
            self.status.value = f"<small>{shown}</small>"
        return self.hits

    def show_context(self, position: int) -> pd.DataFrame:
        """Show the sentences around hit `position` (0: the first shown) and return them."""
        if not 0 <= position < len(self.hits):
            raise ValueError(f"position={position} is not a hit shown; allowed: 0 … {len(self.hits) - 1}")
        hit = self.hits.iloc[position]
        self.chosen = position
        self.context = search_module.context(self.tables, hit["doc_id"], int(hit["sent_id"]), window=self.window)
        title = hit["title"] if isinstance(hit["title"], str) and hit["title"].strip() else str(hit["path"])
        self.context_view.value = context_html(self.context, title=f"{title} · {_day(hit['date'])}")
        return self.context

    def use_tables(self, tables: Tables) -> None:
        """Search `tables` from now on (those a correction produced), keeping the query and the choices they still hold."""
        check_tables(tables)
        self.tables = tables
        chosen_years = self.years.value
        whole = tuple(chosen_years) == (self._years[0], self._years[-1])
        self._years = year_options(tables, self._wanted_years)
        self._muted = True  # one search once every control holds its new options
        try:
            for select, options in ((self.actor_select, actor_options(tables)), (self.kind_select, kind_options(tables))):
                chosen = select.value
                select.options = options
                select.value = tuple(value for value in chosen if value in {offered for _, offered in options})
            self.years.options = [(str(year), year) for year in self._years]
            self.years.value = year_range(self._years, None if whole else chosen_years)
        finally:
            self._muted = False
        self.search()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
