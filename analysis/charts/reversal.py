"""The reversal panel: one role reversal's observations before and after its flip, with counts and confidence."""

from __future__ import annotations

from typing import Mapping

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patheffects import withStroke

from analysis.tables import Tables
from analysis.charts.style import goldstein_colours, new_figure, no_data, report_style, shorten, source_note
from analysis.charts.options import check_tables
from analysis.charts.common import actor_info, actor_names, observed_table, sentence_texts
from analysis.charts.evidence import documents_behind


REVERSAL_COLUMNS = [
    "side", "stance_id", "event_id", "doc_id", "sent_id", "date", "source_id", "target_id", "source", "target",
    "kind", "score", "cue", "verb", "text",
]
REVERSAL_LIST_COLUMNS = [
    "position", "a_id", "b_id", "a", "b", "before_start", "before_end", "before_stance", "before_mean",
    "after_start", "after_end", "after_stance", "after_mean", "flip_date", "n_before", "n_after",
    "docs_before", "docs_after", "confidence", "strength",
]
REVERSAL_KEYS = ("a_id", "b_id", "before_stance", "after_stance", "flip_date", "evidence_before", "evidence_after")
SIDES = ("before", "after")


def _reversal_table(tables: Tables, knowledge_base) -> pd.DataFrame:
    """tables.reversals as it comes (strongest and surest first: analysis.reversals ranks it), else
    the reversals of the stance observations, else of the events."""
    if not tables.reversals.empty:
        return tables.reversals.reset_index(drop=True)
    observed = observed_table(tables)
    if observed.empty:
        return tables.reversals
    from analysis import reversals

    return reversals.reversals(observed, knowledge_base=knowledge_base)


def reversal_list(tables: Tables, *, knowledge_base=None) -> pd.DataFrame:
    """The reversals pick_reversal chooses from, in their order (strength · confidence, then strength),
    with the actors' names and the evidence behind each side: n_before/n_after observations,
    docs_before/docs_after documents, and the confidence. `position` is what pick_reversal takes.
    Columns: REVERSAL_LIST_COLUMNS."""
    check_tables(tables)
    found = _reversal_table(tables, knowledge_base)
    info = actor_info(tables)
    listed = found.assign(position=np.arange(len(found), dtype=np.int64),
                          a=actor_names(found["a_id"], info), b=actor_names(found["b_id"], info))
    return listed[REVERSAL_LIST_COLUMNS].reset_index(drop=True)


def pick_reversal(tables: Tables, *, reversal=None, knowledge_base=None) -> pd.Series | None:
    """The reversal to show: `reversal` itself (a row of the reversals table or a mapping with its
    columns), the row at that position (an int) or the first (None) of the reversals table's order
    (reversal_list) — tables.reversals, else computed from the stance observations or the events
    (analysis.reversals). None when there is none."""
    check_tables(tables)
    if isinstance(reversal, (pd.Series, Mapping)):
        row = pd.Series(dict(reversal))
        missing = [key for key in REVERSAL_KEYS if key not in row.index]
        if missing:
            raise ValueError(f"reversal lacks {missing}; allowed: a row of the reversals table, with {list(REVERSAL_KEYS)}")
        return row
    if reversal is not None and (isinstance(reversal, bool) or not isinstance(reversal, (int, np.integer))):
        raise TypeError(f"reversal={reversal!r} is not allowed; allowed: None, a row of the reversals table, or its position (int)")
    found = _reversal_table(tables, knowledge_base)
    if found.empty:
        return None
    position = 0 if reversal is None else int(reversal)
    if not 0 <= position < len(found):
        raise ValueError(f"reversal={position} is not a position in the reversals table; allowed: 0 … {len(found) - 1}")
    return found.iloc[position]


def _evidence_ids(row: pd.Series) -> pd.DataFrame:
    """side, stance_id and position (in the side's evidence list) of every evidence id of `row`."""
    listed = [(side, str(found), position) for side in SIDES for position, found in enumerate(row[f"evidence_{side}"])]
    return pd.DataFrame(listed, columns=["side", "stance_id", "position"])


def _stance_evidence(tables: Tables) -> pd.DataFrame:
    """The stance observations keyed by stance_id, with the verb of their event and the sentence."""
    stances = tables.stances
    verbs = tables.events.drop_duplicates("event_id").set_index("event_id")["verb"].astype("object")
    return pd.DataFrame({
        "stance_id": stances["stance_id"].astype("object"), "event_id": stances["event_id"].astype("object"),
        "doc_id": stances["doc_id"], "sent_id": stances["sent_id"], "date": stances["date"],
        "source_id": stances["source_id"], "target_id": stances["target_id"], "kind": stances["kind"].astype("object"),
        "score": stances["score"], "cue": stances["cue"], "verb": stances["event_id"].astype("object").map(verbs),
        "text": stances["evidence"],
    })


def _event_evidence(tables: Tables) -> pd.DataFrame:
    """The events as stance observations of kind "event", keyed by event id (evidence ids of an
    events-only build are event ids)."""
    events = tables.events
    return pd.DataFrame({
        "stance_id": events["event_id"].astype("object"), "event_id": events["event_id"].astype("object"),
        "doc_id": events["doc_id"], "sent_id": events["sent_id"], "date": events["date"],
        "source_id": events["source_id"], "target_id": events["target_id"], "kind": "event",
        "score": events["goldstein"], "cue": events["cameo_code"], "verb": events["verb"], "text": events["text"],
    })


def reversal_panel_data(tables: Tables, *, reversal=None, knowledge_base=None) -> pd.DataFrame:
    """The observations on both sides of one reversal (see pick_reversal): the before side, then the
    after side, each by date. Each evidence id is looked up among the stance observations
    (tables.stances: kind, score, cue, event, sentence), and an id that is none of theirs among the
    events (an events-only build lists event ids: kind "event", score the Goldstein weight, cue the
    CAMEO code). `verb` is the verb of the event an observation comes from (none for evaluative
    words); `text` the sentence, from the sentences table where the observation lacks it.
    Columns: REVERSAL_COLUMNS."""
    row = pick_reversal(tables, reversal=reversal, knowledge_base=knowledge_base)
    if row is None:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in REVERSAL_COLUMNS})
    ids = _evidence_ids(row)
    stances = _stance_evidence(tables).drop_duplicates("stance_id")
    events = _event_evidence(tables).drop_duplicates("stance_id")
    events = events[~events["stance_id"].isin(stances["stance_id"])]
    known = [table for table in (stances, events) if not table.empty]
    data = ids.merge(pd.concat(known, ignore_index=True) if known else stances, on="stance_id", how="inner")
    missing = data["text"].isna() | (data["text"].astype("object") == "")
    if missing.any():
        texts = sentence_texts(tables, data.loc[missing, "doc_id"], data.loc[missing, "sent_id"])
        data.loc[missing, "text"] = texts
    info = actor_info(tables)
    data["source"], data["target"] = actor_names(data["source_id"], info), actor_names(data["target_id"], info)
    data["_side"] = data["side"].map({side: index for index, side in enumerate(SIDES)})
    data = data.sort_values(["_side", "date", "position"], kind="stable", na_position="last")
    return data[REVERSAL_COLUMNS].astype({"sent_id": "int64", "score": "float64"}).reset_index(drop=True)


def _span(start, end) -> str:
    first, last = pd.Timestamp(start).year, pd.Timestamp(end).year
    return str(first) if first == last else f"{first}–{last}"


def reversal_panel(tables: Tables, *, reversal=None, knowledge_base=None, title: str | None = None) -> Figure:
    """Before/after panels of one reversal (see pick_reversal): the pair's stance observations on each
    side with their scores (events as dots, language as diamonds), each side's number of
    observations and documents, the confidence and the flip date marked; a figure saying so when
    there is no reversal."""
    row = pick_reversal(tables, reversal=reversal, knowledge_base=knowledge_base)
    data = reversal_panel_data(tables, reversal=row, knowledge_base=knowledge_base) if row is not None else None
    documents = documents_behind(tables, data, chart="reversal") if data is not None else tables.documents.iloc[0:0]
    with report_style():
        if row is None:
            fig, ax = new_figure(9, 4.2)
            ax.set_title(title or "Role reversal")
            ax.set_xlabel("date of the observation")
            ax.set_ylabel("stance score (Goldstein scale)")
            no_data(ax, "no role reversals found in these tables")
        else:
            fig = _draw_reversal(row, data, actor_info(tables), title)
        source_note(fig, documents)
    return fig


def _count(number, noun: str) -> str:
    return f"{int(number)} {noun}{'' if int(number) == 1 else 's'}"


def _evidence_amount(row: pd.Series, side: str) -> str:
    """"3 observations, 2 documents" for a side of a reversals-table row; "" for a row without the counts."""
    observations, documents = row.get(f"n_{side}"), row.get(f"docs_{side}")
    if observations is None or pd.isna(observations):
        return ""
    amount = f" · {_count(observations, 'observation')}"
    return amount + (f", {_count(documents, 'document')}" if documents is not None and not pd.isna(documents) else "")


def _draw_reversal(row: pd.Series, data: pd.DataFrame, info: pd.DataFrame, title: str | None) -> Figure:
    names = actor_names(pd.Series([row["a_id"], row["b_id"]], dtype="string"), info)
    flip = pd.Timestamp(row["flip_date"])
    confidence = row.get("confidence")
    sure = "" if confidence is None or pd.isna(confidence) else f" (confidence {float(confidence):.2f})"
    fig, (before, after) = new_figure(10, 5.2, ncols=2, sharey=True)
    fig.suptitle(title or f"Role reversal: {names[0]} and {names[1]}, {row['before_stance']} → {row['after_stance']}{sure}")
    cmap = matplotlib.colormaps[matplotlib.rcParams["image.cmap"]]
    for ax, side, stance, start, end in (
        (before, "before", row["before_stance"], row.get("before_start"), flip),
        (after, "after", row["after_stance"], flip, row.get("after_end")),
    ):
        observed = data[data["side"] == side]
        span = _span(row.get(f"{side}_start", start), row.get(f"{side}_end", end))
        ax.set_title(f"{side.capitalize()}: {span} · {stance}{_evidence_amount(row, side)}", fontsize=10)
        ax.set_xlabel("date of the observation")
        _lollipops(ax, observed, cmap)
        ax.axvline(flip, color="#333333", linestyle="--", linewidth=1)
        _date_range(ax, observed, start, end)
        labelled = _label_lollipops(ax, observed)
        if labelled < len(observed):  # say so, or a reader takes the labelled ones for all there are
            ax.set_xlabel(f"date of the observation · {labelled} of {len(observed)} points labelled (the strongest)")
    before.set_ylabel("stance score (Goldstein scale)")
    before.set_ylim(-11.5, 11.5)
    for y, label in ((10.9, "cooperative (above +1)"), (-10.9, "hostile (below −1)")):
        before.text(0.01, y, label, transform=before.get_yaxis_transform(), fontsize=7, color="#555555", va="center")
    # A flip on 1 January is the first observation of a year-precision date: the day would claim too much.
    after.annotate(f"flip ≈ {flip:%Y}" if (flip.month, flip.day) == (1, 1) else f"flip ≈ {flip:%Y-%m-%d}", (flip, 10.6), xytext=(4, 0), textcoords="offset points", fontsize=8, va="center")
    if (data["kind"] == "language").any():
        marker = dict(linestyle="", markerfacecolor="#bbbbbb", markeredgecolor="#333333")
        after.legend(handles=[Line2D([], [], marker="o", label="event", **marker),
                              Line2D([], [], marker="D", label="language", **marker)],
                     loc="lower right", fontsize=7, borderaxespad=0.3)
    return fig


def _lollipops(ax, observed: pd.DataFrame, cmap) -> None:
    ax.axhline(0, color="#999999", linewidth=0.8)
    ax.axhspan(1, 11.5, color=cmap(0.85), alpha=0.08, linewidth=0)   # cooperative band (stance > +1)
    ax.axhspan(-11.5, -1, color=cmap(0.15), alpha=0.08, linewidth=0)  # hostile band (stance < −1)
    scores = observed["score"].to_numpy(float)
    colours = goldstein_colours(cmap, scores)
    dates = observed["date"].to_numpy()
    ax.vlines(dates, 0, scores, colors=colours, linewidth=2)
    language = (observed["kind"] == "language").to_numpy(bool)
    for marker, chosen in (("o", ~language), ("D", language)):
        if chosen.any():
            ax.scatter(dates[chosen], scores[chosen], c=colours[chosen], marker=marker, s=60 if marker == "o" else 48,
                       edgecolors="#333333", linewidths=0.5, zorder=3)


def _what(kind, cue, verb) -> str:
    """What an observation is, in a few words: an event's verb (else its cue), the quoted cue of language."""
    if kind == "language":
        return f"“{shorten(cue, 24)}”" if isinstance(cue, str) and cue else "language"
    return shorten(verb if isinstance(verb, str) and verb else cue if isinstance(cue, str) else "", 18)


MAX_LABELS = 8  # per panel: beyond this the labels hide the dots; every observation is in the evidence rows
LABEL_BOX = (0.36, 0.075)  # a two-line label's width and height as fractions of a panel, at 7 points


def _label_lollipops(ax, observed: pd.DataFrame) -> int:
    """Who said or did what beside the observations, the strongest first, each label only where it overlaps
    no label placed before it (labels in the right half of a panel point left, so they stay inside); the
    number labelled."""
    low, high = ax.get_xlim()
    bottom, top = ax.get_ylim()
    placed: list[tuple[float, float, float, float]] = []
    rows = observed[observed["date"].notna() & observed["score"].notna()]
    rows = rows.assign(_strength=rows["score"].abs()).sort_values(["_strength", "date"], ascending=[False, True], kind="stable")
    for date, score, source, target, kind, cue, verb in zip(
            rows["date"], rows["score"], rows["source"], rows["target"], rows["kind"].astype("object"),
            rows["cue"].astype("object"), rows["verb"].astype("object")):
        x, y = (mdates.date2num(pd.Timestamp(date)) - low) / (high - low), (score - bottom) / (top - bottom)
        left = x > 0.5
        box = (x - LABEL_BOX[0] if left else x, y - LABEL_BOX[1] - 0.01 if score > 0 else y + 0.01)
        box = (*box, box[0] + LABEL_BOX[0], box[1] + LABEL_BOX[1])
        if len(placed) == MAX_LABELS or any(_overlap(box, other) for other in placed):
            continue
        placed.append(box)
        ax.annotate(f"{shorten(source, 22)} → {shorten(target, 22)}\n{_what(kind, cue, verb)} ({score:+.1f})", (date, score),
                    xytext=(-7 if left else 7, -14 if score > 0 else 6), textcoords="offset points", fontsize=7,
                    ha="right" if left else "left", color="#333333", path_effects=[withStroke(linewidth=2.5, foreground="white")])
    return len(placed)


def _overlap(one: tuple, other: tuple) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


def _date_range(ax, events: pd.DataFrame, start, end) -> None:
    dates = [pd.Timestamp(value) for value in (start, end, *events["date"]) if value is not None and not pd.isna(value)]
    first, last = min(dates), max(dates)
    pad = max((last - first) * 0.08, pd.Timedelta(days=180))
    ax.set_xlim(first - pad, last + pad)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
    ax.xaxis.set_major_locator(locator)
    # Years for a long side; a side of a few months gets months, the year where it turns, not one year at every tick.
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
