"""Correcting in the notebooks: ipywidgets panels that write corrections.yaml and redraw with it applied.

    session = ReviewSession(corpus="../seeds", data="../data", corrections="../corrections.yaml")
    EventEvidence(session).widget       # events with "wrong" and "edit" on each row
    ActorPanel(session).widget          # merge two actors, rename one, set its kind or country
    ReversalReview(session).widget      # any reversal from a list: its counts, every evidence row, confirm/reject
    CorrectionsLog(session).widget      # the corrections made, each with "undo"

Every control calls analysis.review (which checks what it names against the tables and writes one entry),
then `ReviewSession.refresh`: a build that re-processes no document, so the tables are re-derived with
the corrections applied in seconds; panels and charts registered with `session.on_change` redraw.
Every text shown is escaped: a document holding "<script>" shows that text and runs nothing.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Callable

import ipywidgets as widgets
import pandas as pd

from analysis import review
from analysis.tables import ACTOR_KINDS, Tables, load_tables

ROWS_SHOWN = 25  # rows of evidence drawn at once; the rest are counted
PathLike = str | os.PathLike


class ReviewSession:
    """The project's tables and corrections file; each correction is followed by a rebuild and a reload."""

    def __init__(self, *, corpus: PathLike, data: PathLike, corrections: PathLike, **build_options):
        self.corpus, self.data, self.corrections = Path(corpus), Path(data), Path(corrections)
        self.build_options = build_options
        self.tables: Tables = load_tables(self.data)
        self.listeners: list[Callable[[Tables], None]] = []
        self.last_error: str | None = None

    def on_change(self, listener: Callable[[Tables], None]) -> None:
        """Call `listener(tables)` after every correction, with the tables it produced."""
        self.listeners.append(listener)

    def correct(self, make: Callable, *args, **options):
        """Make one correction through analysis.review, rebuild and tell every listener; a correction the
        tables do not support is said in `last_error`, and nothing is written."""
        try:
            entry = make(*args, **options)
        except ValueError as error:
            self.last_error = str(error)
            for listener in self.listeners:  # the panels say why
                listener(self.tables)
            return None
        self.last_error = None
        self.refresh()
        return entry

    def refresh(self) -> None:
        review.rebuild(self.corpus, self.data, self.corrections, **self.build_options)
        self.tables = load_tables(self.data)
        for listener in self.listeners:
            listener(self.tables)


def _escape(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else html.escape(str(value))


def _day(value) -> str:
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def event_line(tables: Tables, event: pd.Series) -> str:
    """One event as the analyst reads it: source → verb → target, code, date and document title (HTML)."""
    documents = tables.documents.drop_duplicates("doc_id").set_index("doc_id")
    title = documents["title"].get(event["doc_id"], None)
    if title is None or pd.isna(title):  # a document without a title is named by its path
        title = documents["path"].get(event["doc_id"], None)
    who = f"{_escape(event['source_id']) or '(unstated)'} → <b>{_escape(event['verb'])}</b> → " \
          f"{_escape(event['target_id']) or '(unstated)'}"
    marker = " <i>(analyst)</i>" if event.get("provenance") == "analyst" else ""
    return (f"{who} · {_escape(event['cameo_code'])} · {_day(event['date'])} · {_escape(title) or _escape(event['doc_id'])}"
            f"{marker}<br><span style='color:#555'>{_escape(event['text'])}</span>")


class EventEvidence:
    """Events (all, or those given) with "wrong" and "edit" controls on each row."""

    def __init__(self, session: ReviewSession, events: Callable[[Tables], pd.DataFrame] | None = None):
        self.session = session
        self.select = events or (lambda tables: tables.events)
        self.message = widgets.HTML()
        self.rows = widgets.VBox()
        self.widget = widgets.VBox([self.message, self.rows])
        self.buttons: dict[str, tuple[widgets.Button, widgets.Button]] = {}
        session.on_change(lambda _tables: self.redraw())
        self.redraw()

    def redraw(self) -> None:
        events = self.select(self.session.tables)
        self.buttons = {}
        rows = [self._row(event) for _, event in events.head(ROWS_SHOWN).iterrows()]
        more = f"<i>{ROWS_SHOWN} of {len(events):,} events shown.</i>" if len(events) > ROWS_SHOWN else ""
        self.rows.children = [*rows, widgets.HTML(more)] if more else rows
        if events.empty:
            self.rows.children = [widgets.HTML("<i>No events here.</i>")]
        self.message.value = f"<b style='color:#b00'>{_escape(self.session.last_error)}</b>" if self.session.last_error else ""

    def _row(self, event: pd.Series) -> widgets.Widget:
        wrong = widgets.Button(description="wrong", tooltip="reject this event", layout=widgets.Layout(width="70px", flex="0 0 70px"))
        edit = widgets.Button(description="edit", tooltip="recode this event", layout=widgets.Layout(width="60px", flex="0 0 60px"))
        form = widgets.VBox()
        event_id = str(event["event_id"])
        wrong.on_click(lambda _button: self.session.correct(review.reject_event, self.session.tables,
                                                            self.session.corrections, event_id))
        edit.on_click(lambda _button: self._open_form(form, event))
        self.buttons[event_id] = (wrong, edit)
        return widgets.VBox([widgets.HBox([wrong, edit, widgets.HTML(event_line(self.session.tables, event))]), form])

    def _open_form(self, form: widgets.VBox, event: pd.Series) -> None:
        fields = {name: widgets.Text(value="" if pd.isna(event[column]) else str(event[column]), description=name,
                                     layout=widgets.Layout(width="220px"))
                  for name, column in (("code", "cameo_code"), ("source", "source_id"), ("target", "target_id"))}
        fields["date"] = widgets.Text(value=_day(event["date"]), description="date", layout=widgets.Layout(width="220px"))
        save = widgets.Button(description="save", button_style="primary")

        def saved(_button) -> None:
            changed = {name: field.value.strip() for name, field in fields.items()
                       if field.value.strip() and field.value.strip() != _original(event, name)}
            if changed:
                self.session.correct(review.recode_event, self.session.tables, self.session.corrections,
                                     str(event["event_id"]), **changed)
            form.children = []

        save.on_click(saved)
        form.children = [widgets.HBox([*fields.values(), save])]
        self.forms = getattr(self, "forms", {})
        self.forms[str(event["event_id"])] = (fields, save)


def _original(event: pd.Series, name: str) -> str:
    column = {"code": "cameo_code", "source": "source_id", "target": "target_id"}.get(name)
    if column is None:
        return _day(event["date"])
    return "" if pd.isna(event[column]) else str(event[column])


def _actor_options(tables: Tables) -> list[tuple[str, str]]:
    """Every actor of the actors table, as "name (id, mentions)": a merge may name one no chart shows."""
    return [(f"{name} ({actor_id}, {count})", actor_id) for actor_id, name, count in
            zip(tables.actors["actor_id"], tables.actors["name"], tables.actors["n_mentions"])]


class ActorPanel:
    """Merge one actor into another; set an actor's name, kind or country."""

    def __init__(self, session: ReviewSession):
        self.session = session
        self.merged = widgets.Dropdown(description="merge")
        self.into = widgets.Dropdown(description="into")
        self.merge_button = widgets.Button(description="merge", button_style="warning")
        self.actor = widgets.Dropdown(description="actor")
        self.name = widgets.Text(description="name")
        self.kind = widgets.Dropdown(options=[("(unchanged)", None), *[(kind, kind) for kind in ACTOR_KINDS]], description="kind")
        self.country = widgets.Text(description="country", placeholder="ISO3, e.g. PAK")
        self.save_button = widgets.Button(description="save", button_style="primary")
        self.message = widgets.HTML()
        self.merge_button.on_click(lambda _button: self.session.correct(
            review.merge_actors, self.session.corrections, self.merged.value, self.into.value))
        self.save_button.on_click(lambda _button: self._save())
        self.widget = widgets.VBox([widgets.HBox([self.merged, self.into, self.merge_button]),
                                    widgets.HBox([self.actor, self.name, self.kind, self.country, self.save_button]),
                                    self.message])
        session.on_change(lambda _tables: self.redraw())
        self.redraw()

    def _save(self) -> None:
        self.session.correct(review.set_actor, self.session.corrections, self.actor.value,
                             name=self.name.value.strip() or None, kind=self.kind.value,
                             country=self.country.value.strip() or None)

    def redraw(self) -> None:
        options = _actor_options(self.session.tables)
        values = [value for _, value in options]
        for dropdown in (self.merged, self.into, self.actor):
            current = dropdown.value
            dropdown.options = options
            if current in values:
                dropdown.value = current
        if len(values) > 1 and self.merged.value == self.into.value:  # never offer "merge X into X"
            self.merged.value = next(value for value in values if value != self.into.value)
        self.message.value = f"<b style='color:#b00'>{_escape(self.session.last_error)}</b>" if self.session.last_error else ""


def reversal_label(row: pd.Series) -> str:
    return (f"{row['a_id']} → {row['b_id']}: {row['before_stance']} {row['before_start']:%Y}–{row['before_end']:%Y} "
            f"→ {row['after_stance']} {row['after_start']:%Y}–{row['after_end']:%Y} "
            f"(n {row['n_before']}/{row['n_after']}, confidence {row['confidence']:.2f})")


class ReversalReview:
    """Pick any reversal; see its counts and every evidence row on both sides; confirm or reject it."""

    def __init__(self, session: ReviewSession):
        self.session = session
        self.picker = widgets.Dropdown(description="reversal", layout=widgets.Layout(width="98%"))
        self.confirm_button = widgets.Button(description="confirm", button_style="success")
        self.reject_button = widgets.Button(description="reject", button_style="danger")
        self.summary = widgets.HTML()
        self.evidence = widgets.HTML()
        self.confirm_button.on_click(lambda _button: self._review(confirm=True))
        self.reject_button.on_click(lambda _button: self._review(confirm=False))
        self.picker.observe(lambda _change: self._show(), names="value")
        self.widget = widgets.VBox([self.picker, widgets.HBox([self.confirm_button, self.reject_button]),
                                    self.summary, self.evidence])
        session.on_change(lambda _tables: self.redraw())
        self.redraw()

    def redraw(self) -> None:
        reversals = self.session.tables.reversals
        options = [(reversal_label(row), number) for number, row in reversals.iterrows()]
        self.picker.options = options
        if options and self.picker.value is None:
            self.picker.value = options[0][1]
        self._show()

    def selected(self) -> pd.Series | None:
        reversals = self.session.tables.reversals
        if self.picker.value is None or self.picker.value >= len(reversals):
            return None
        return reversals.iloc[self.picker.value]

    def _review(self, *, confirm: bool) -> None:
        row = self.selected()
        if row is None:
            return
        pair = self.session.tables.reversals
        pair = pair[(pair["a_id"] == row["a_id"]) & (pair["b_id"] == row["b_id"])].reset_index(drop=True)
        number = next(index for index, other in pair.iterrows() if other["before_start"] == row["before_start"]
                      and other["after_start"] == row["after_start"])
        self.session.correct(review.review_reversal, self.session.tables, self.session.corrections, row["a_id"],
                             row["b_id"], confirm=confirm, number=number)

    def _show(self) -> None:
        row = self.selected()
        if row is None:
            self.summary.value, self.evidence.value = "<i>No reversal in these tables.</i>", ""
            return
        reviewed = " · <b>confirmed by the analyst</b>" if row["provenance"] == "analyst" else ""
        self.summary.value = (f"<p>before: <b>{row['n_before']}</b> observations in {row['docs_before']} documents, "
                              f"mean {row['before_mean']:+.2f}; after: <b>{row['n_after']}</b> in {row['docs_after']}, "
                              f"mean {row['after_mean']:+.2f}; confidence {row['confidence']:.2f}{reviewed}</p>")
        self.evidence.value = "".join(self._side(row, side) for side in ("before", "after"))

    def _side(self, row: pd.Series, side: str) -> str:
        stances = self.session.tables.stances.set_index("stance_id")
        ids = [found for found in row[f"evidence_{side}"] if found in stances.index]
        lines = []
        for found in ids:
            stance = stances.loc[found]
            stance = stance.iloc[0] if isinstance(stance, pd.DataFrame) else stance
            lines.append(f"<tr><td>{_day(stance['date'])}</td><td>{stance['score']:+.1f}</td><td>{_escape(stance['cue'])}</td>"
                         f"<td>{_escape(stance['evidence'])}</td></tr>")
        return (f"<h4>{side}: {len(ids)} observations</h4><div style='max-height:260px;overflow-y:auto'>"
                f"<table style='font-size:12px'>{''.join(lines)}</table></div>")


class CorrectionsLog:
    """The corrections made, newest last, each with "undo"."""

    def __init__(self, session: ReviewSession):
        self.session = session
        self.rows = widgets.VBox()
        self.widget = self.rows
        self.undo_buttons: dict[str, widgets.Button] = {}
        session.on_change(lambda _tables: self.redraw())
        self.redraw()

    def redraw(self) -> None:
        listing = review.listing(self.session.corrections)
        self.undo_buttons = {}
        rows = []
        for entry in listing.itertuples(index=False):
            button = widgets.Button(description="undo", layout=widgets.Layout(width="60px", flex="0 0 60px"))
            button.on_click(lambda _button, correction=entry.id: self._undo(correction))
            self.undo_buttons[entry.id] = button
            note = f" — {_escape(entry.note)}" if isinstance(entry.note, str) else ""
            rows.append(widgets.HBox([button, widgets.HTML(f"<code>{entry.id}</code> <b>{entry.kind}</b> "
                                                           f"{_escape(entry.what)} · {_escape(entry.when)}{note}")]))
        self.rows.children = rows or [widgets.HTML("<i>No corrections yet.</i>")]

    def _undo(self, correction: str) -> None:
        self.session.correct(review.undo, self.session.corrections, correction)
