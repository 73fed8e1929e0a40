"""Two actors at a time: the dyad timeline (every event and stance observation between them, with its
sentence) and the comparison of the two (their stance toward each other and toward third parties).

    dyad_timeline_data(tables, a, b)       one row per observation or event between a and b, either way
    dyad_timeline(tables, a, b)            those rows on a date axis: score by direction, yearly means
    actor_comparison_data(tables, a, b)    mean stance of a and of b toward each other and shared targets, by period
    actor_comparison(tables, a, b)         the two side by side, one heatmap each, targets in the same rows

The dyad timeline reads the stance observations (tables.stances: events and evaluative language) and
adds the pair's events that count for no stance (negated ones, or all of them in a build without
stances) as `counted=False`, so an analyst sees what was left out and why. Ids are matched as given;
`fold=True` folds actors into their families first (the Soviet Union's rows count for Russia), as the
heatmap and the reversals do. The comparison reads the dyads table (families folded), re-binned by
period as the heatmap does.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.charts.common import actor_info, actor_names, sentence_texts
from analysis.charts.evidence import documents_behind
from analysis.charts.options import check_int, check_tables
from analysis.charts.ranges import robust_years
from analysis.charts.style import GOLDSTEIN, STANCE_SCALE, goldstein_colorbar, new_figure, no_data, palette, report_style, shorten, source_note
from analysis.tables import Tables

DYAD_COLUMNS = [
    "direction", "source_id", "target_id", "source", "target", "date", "kind", "score", "cue", "verb", "counted",
    "stance_id", "event_id", "doc_id", "sent_id", "text",
]
COMPARISON_COLUMNS = [
    "actor_id", "actor", "target_id", "target", "role", "period", "period_start", "period_end", "n_observations", "mean_score",
]
DIRECTIONS = ("a → b", "b → a")
EACH_OTHER = "each other"


def _pair(name_a: str, a, name_b: str, b) -> tuple[str, str]:
    for name, value in ((name_a, a), (name_b, b)):
        if not isinstance(value, str) or not value:
            raise ValueError(f"{name}={value!r} is not an actor id; allowed: an id of the actors table, such as 'RUS'")
    if a == b:
        raise ValueError(f"a and b are both {a!r}; allowed: two different actors")
    return a, b


def _folded(table: pd.DataFrame, fold: bool, knowledge_base) -> pd.DataFrame:
    """`table` with the ids its rows are matched by: the families' when `fold`, else its own."""
    if not fold or table.empty:
        return table.assign(source_match=table["source_id"], target_match=table["target_id"])
    from analysis import reversals

    folded = reversals.fold_actors(table, knowledge_base=knowledge_base)
    return folded.assign(source_match=folded["source_family"], target_match=folded["target_family"])


def _between(table: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    forward = (table["source_match"] == a) & (table["target_match"] == b)
    backward = (table["source_match"] == b) & (table["target_match"] == a)
    chosen = table[(forward | backward).fillna(False)]
    return chosen.assign(direction=np.where(chosen["source_match"] == a, DIRECTIONS[0], DIRECTIONS[1]))


def _stance_rows(tables: Tables, a: str, b: str, fold: bool, knowledge_base, also) -> pd.DataFrame:
    folded = _folded(tables.stances, fold, knowledge_base)
    stances = _between(folded, a, b)
    extra = folded[folded["stance_id"].isin(list(also)) & ~folded["stance_id"].isin(stances["stance_id"])]
    if not extra.empty:  # a reversal's evidence is the pair's, however its sides were folded ("Afghanistan" ruled by the Taliban)
        forward = ((extra["source_match"] == a) | (extra["source_id"] == a)).fillna(False)
        stances = pd.concat([stances, extra.assign(direction=np.where(forward, DIRECTIONS[0], DIRECTIONS[1]))])
    verbs = tables.events.drop_duplicates("event_id").set_index("event_id")["verb"].astype("object")
    return pd.DataFrame({
        "direction": stances["direction"], "source_id": stances["source_id"], "target_id": stances["target_id"],
        "date": stances["date"], "kind": stances["kind"].astype("object"), "score": stances["score"],
        "cue": stances["cue"], "verb": stances["event_id"].astype("object").map(verbs), "counted": True,
        "stance_id": stances["stance_id"], "event_id": stances["event_id"], "doc_id": stances["doc_id"],
        "sent_id": stances["sent_id"], "text": stances["evidence"],
    })


def _uncounted_events(tables: Tables, a: str, b: str, counted_ids, fold: bool, knowledge_base) -> pd.DataFrame:
    """The pair's events that no stance observation stands for: negated acts, or every event of a build without stances."""
    events = tables.events[~tables.events["event_id"].isin(counted_ids)]
    events = _between(_folded(events, fold, knowledge_base), a, b)
    return pd.DataFrame({
        "direction": events["direction"], "source_id": events["source_id"], "target_id": events["target_id"],
        "date": events["date"], "kind": "event", "score": events["goldstein"], "cue": events["cameo_code"],
        "verb": events["verb"], "counted": False, "stance_id": pd.Series(pd.NA, index=events.index, dtype="string"), "event_id": events["event_id"],
        "doc_id": events["doc_id"], "sent_id": events["sent_id"], "text": events["text"],
    })


def dyad_timeline_data(tables: Tables, a: str, b: str, *, fold: bool = False, also=(), knowledge_base=None) -> pd.DataFrame:
    """Every stance observation between actors `a` and `b` (either direction: `direction` is "a → b" or
    "b → a"), those whose stance ids are in `also` (a reversal's evidence: its sides may have been folded
    into the pair in ways ids alone do not show), and their events that count for none (`counted` False:
    negated, or a build without stances), by date, undated ones last; `text` is the sentence.
    Columns: DYAD_COLUMNS."""
    check_tables(tables)
    a, b = _pair("a", a, "b", b)
    stances = _stance_rows(tables, a, b, fold, knowledge_base, also)
    counted = tables.stances["event_id"].dropna()
    uncounted = _uncounted_events(tables, a, b, counted, fold, knowledge_base)
    data = uncounted if stances.empty else stances if uncounted.empty else pd.concat([stances, uncounted], ignore_index=True)
    missing = data["text"].isna() | (data["text"].astype("object") == "")
    if missing.any():
        data.loc[missing, "text"] = sentence_texts(tables, data.loc[missing, "doc_id"], data.loc[missing, "sent_id"])
    info = actor_info(tables)
    data["source"], data["target"] = actor_names(data["source_id"], info), actor_names(data["target_id"], info)
    data = data.sort_values(["date", "doc_id", "sent_id"], kind="stable", na_position="last")
    return data[DYAD_COLUMNS].astype({"score": "float64", "counted": "bool"}).reset_index(drop=True)


def pair_names(tables: Tables, a: str, b: str) -> tuple[str, str]:
    """The names of actors `a` and `b` (their ids when the actors table lacks them)."""
    first, second = actor_names(pd.Series([a, b], dtype="string"), actor_info(tables))
    return first, second


def draw_dyad_timeline(data: pd.DataFrame, *, documents: pd.DataFrame, names: tuple[str, str], title: str | None = None) -> Figure:
    """The observations of a dyad_timeline_data frame on a date axis, score on the Goldstein scale, one
    colour per direction (events dots, language diamonds, uncounted events hollow), each direction's
    yearly mean as a bar across its year."""
    name_a, name_b = names
    with report_style():
        fig, ax = new_figure(10, 4.8)
        dated = data[data["date"].notna() & data["score"].notna()]
        span = robust_years(dated["date"])
        heading = f"{name_a} and {name_b}: {len(data):,} observations" + (f", {span.label}" if span else "")
        ax.set_title(title or heading)
        ax.set_xlabel("date of the observation")
        ax.set_ylabel("stance score (Goldstein scale)")
        if dated.empty:
            no_data(ax, f"no dated events or stance observations between {name_a} and {name_b}")
        else:
            _plot_directions(ax, dated, span, (name_a, name_b))
        source_note(fig, documents)
    return fig


def _plot_directions(ax, dated: pd.DataFrame, span, names: tuple[str, str]) -> None:
    colours = palette(DIRECTIONS)
    shown = dated[(dated["date"].dt.year >= span.first) & (dated["date"].dt.year <= span.last)]
    ax.axhline(0, color="#999999", linewidth=0.8)
    handles = []
    for direction, label in zip(DIRECTIONS, (f"{names[0]} → {names[1]}", f"{names[1]} → {names[0]}")):
        rows = shown[shown["direction"] == direction]
        if rows.empty:
            continue
        colour = colours[direction]
        for kind, marker in (("event", "o"), ("language", "D")):
            counted = rows[(rows["kind"] == kind) & rows["counted"]]
            ax.scatter(counted["date"], counted["score"], marker=marker, s=36, color=colour, edgecolors="#333333", linewidths=0.4, zorder=3)
        left_out = rows[~rows["counted"]]
        ax.scatter(left_out["date"], left_out["score"], marker="o", s=36, facecolors="none", edgecolors=colour, linewidths=1.2, zorder=3)
        # Each year's mean as a bar across that year only: a line joining the years would invent the years between.
        yearly = rows[rows["counted"]].groupby(rows["date"].dt.year)["score"].mean()
        ax.hlines(yearly.to_numpy(), pd.to_datetime(dict(year=yearly.index, month=1, day=1)),
                  pd.to_datetime(dict(year=yearly.index, month=12, day=31)), color=colour, linewidth=2.5, alpha=0.7)
        handles.append(Line2D([], [], color=colour, marker="o", linewidth=2.5, label=f"{label} (bar: the year's mean)"))
    marker = dict(linestyle="", color="#888888")
    handles += [Line2D([], [], marker="o", label="event", **marker), Line2D([], [], marker="D", label="language", **marker),
                Line2D([], [], marker="o", markerfacecolor="none", label="event counted for no stance", **marker)]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    ax.set_ylim(-11, 11)
    if span.outside:
        ax.text(0.0, -0.16, span.note("observations"), transform=ax.transAxes, fontsize=7.5, color="#555555")


def dyad_timeline(tables: Tables, a: str, b: str, *, fold: bool = False, also=(), knowledge_base=None,
                  title: str | None = None) -> Figure:
    """Every observation between `a` and `b` on a date axis (see dyad_timeline_data)."""
    data = dyad_timeline_data(tables, a, b, fold=fold, also=also, knowledge_base=knowledge_base)
    documents = documents_behind(tables, data, chart="timeline")
    return draw_dyad_timeline(data, documents=documents, names=pair_names(tables, a, b), title=title)


def _third_parties(cells: pd.DataFrame, a: str, b: str, top: int) -> list[str]:
    """The targets both a and b address, most observed first; then either's, when fewer than `top` are shared."""
    counts = cells[~cells["target_id"].isin([a, b])].pivot_table(index="target_id", columns="source_id", values="n_observations", aggfunc="sum", fill_value=0)
    counts = counts.reindex(columns=[a, b], fill_value=0)
    shared = counts[(counts[a] > 0) & (counts[b] > 0)].sum(axis=1).sort_values(ascending=False, kind="stable")
    either = counts.sum(axis=1).drop(shared.index).sort_values(ascending=False, kind="stable")
    return [*shared.index, *either.index][:top]


def actor_comparison_data(tables: Tables, a: str, b: str, *, period: str | None = None, top: int = 6, knowledge_base=None) -> pd.DataFrame:
    """The mean stance of `a` and of `b` (as sources) per period toward each other (role "each other")
    and toward up to `top` third parties (role "third party": first those both address, most observed
    first). The cells of dyad_heatmap_data for the pairs with a or b: `period` None picks it from their
    span, and far-off cells are left out as there. Columns: COMPARISON_COLUMNS."""
    from analysis.charts.heatmap import dyad_heatmap_data

    check_tables(tables)
    a, b = _pair("a", a, "b", b)
    check_int("top", top, minimum=0)
    # The heatmap's cells of every pair with a or b: its period from their span, far-off cells left out.
    cells = dyad_heatmap_data(tables, actors=[a, b], period=period, top=10**9, knowledge_base=knowledge_base)
    cells = cells[cells["source_id"].isin([a, b])]
    targets = [*([b, a]), *_third_parties(cells, a, b, top)]
    cells = cells[cells["target_id"].isin(targets)]
    info = actor_info(tables)
    data = pd.DataFrame({
        "actor_id": cells["source_id"], "actor": actor_names(cells["source_id"], info), "target_id": cells["target_id"],
        "target": actor_names(cells["target_id"], info),
        "role": np.where(cells["target_id"].isin([a, b]), "each other", "third party"),
        "period": cells["period"], "period_start": cells["period_start"], "period_end": cells["period_end"],
        "n_observations": cells["n_observations"],
        "mean_score": cells["mean_score"],
    })
    order = {target: index for index, target in enumerate(targets)}
    data = data.assign(_actor=(data["actor_id"] != a).astype(int), _target=data["target_id"].map(order))
    data = data.sort_values(["_actor", "_target", "period_start"], kind="stable")
    return data[COMPARISON_COLUMNS].reset_index(drop=True)


def draw_actor_comparison(data: pd.DataFrame, *, documents: pd.DataFrame, names: tuple[str, str], title: str | None = None) -> Figure:
    """Two heatmaps side by side (an actor_comparison_data frame): a's and b's mean stance toward each
    target per period, targets in the same rows (the other actor first), each cell with its count."""
    name_a, name_b = names
    rows = _comparison_rows(data, name_a, name_b)
    periods = sorted(dict.fromkeys(data["period_start"]))
    labels = list(dict.fromkeys(data.sort_values("period_start")["period"]))
    with report_style():
        fig, axes = new_figure(min(max(6 + 0.9 * len(periods), 9), 15), 2.2 + 0.42 * len(rows), ncols=2, sharey=True)
        fig.suptitle(title or f"{name_a} and {name_b}: stance toward each other and toward third parties")
        cmap = matplotlib.colormaps[matplotlib.rcParams["image.cmap"]].with_extremes(bad="#f2f2f2")
        for ax, actor in zip(axes, (name_a, name_b)):
            ax.set_title(f"{actor} toward …", fontsize=10)
            ax.set_xlabel("period")
            part = data[data["actor"] == actor]
            if data.empty:
                no_data(ax, f"no stance of {name_a} or {name_b} toward anyone")
            elif part.empty:
                no_data(ax, f"no stance of {actor} toward these actors")
            else:
                _comparison_cells(ax, part, rows, periods, labels, cmap)
        axes[0].set_ylabel("target")
        goldstein_colorbar(fig, axes, cmap, label=STANCE_SCALE, fraction=0.03, pad=0.02)
        source_note(fig, documents)
    return fig


def _comparison_rows(data: pd.DataFrame, name_a: str, name_b: str) -> list[str]:
    """Row labels in the data's order: "each other" first (a toward b on the left, b toward a on the right)."""
    targets = list(dict.fromkeys(data["target"]))
    return [EACH_OTHER, *[target for target in targets if target not in (name_a, name_b)]]


def _comparison_cells(ax, part: pd.DataFrame, rows: list[str], periods: list, labels: list[str], cmap) -> None:
    matrix = np.full((len(rows), len(periods)), np.nan)
    row_index = {row: index for index, row in enumerate(rows)}
    column_index = {start: index for index, start in enumerate(periods)}
    row_of = part["target"].map(lambda target: row_index.get(target, 0))  # a's row for b and b's for a: "each other"
    columns = part["period_start"].map(column_index).to_numpy()
    matrix[row_of.to_numpy(), columns] = part["mean_score"].to_numpy(float)
    ax.imshow(matrix, cmap=cmap, norm=GOLDSTEIN, aspect="auto", interpolation="none")
    if matrix.size <= 300:
        for row, column, value, count in zip(row_of, columns, part["mean_score"], part["n_observations"]):
            ax.text(column, row, f"{value:+.1f}\nn={count}", ha="center", va="center", fontsize=7,
                    color="white" if abs(value) > 6 else "#222222", in_layout=False)
    ax.set_yticks(range(len(rows)), [shorten(row, 36) for row in rows])
    step = max(1, int(np.ceil(len(periods) / 10)))
    ax.set_xticks(range(0, len(periods), step), labels[::step], rotation=0)
    ax.tick_params(length=0)


def actor_comparison(tables: Tables, a: str, b: str, *, period: str | None = None, top: int = 6, knowledge_base=None,
                     title: str | None = None) -> Figure:
    """Side-by-side stance of `a` and `b` toward each other and third parties (see actor_comparison_data)."""
    data = actor_comparison_data(tables, a, b, period=period, top=top, knowledge_base=knowledge_base)
    documents = documents_behind(tables, _as_heatmap(data), chart="heatmap", knowledge_base=knowledge_base)
    return draw_actor_comparison(data, documents=documents, names=pair_names(tables, a, b), title=title)


def actor_comparison_evidence(tables: Tables, data: pd.DataFrame, *, knowledge_base=None) -> pd.DataFrame:
    """The sentences behind an actor_comparison_data frame (chart_evidence's columns)."""
    from analysis.charts.evidence import chart_evidence

    return chart_evidence(tables, _as_heatmap(data), chart="heatmap", knowledge_base=knowledge_base)


def _as_heatmap(data: pd.DataFrame) -> pd.DataFrame:
    # The heatmap's evidence reads the period off the cells' widths.
    return data.rename(columns={"actor_id": "source_id"})[["source_id", "target_id", "period_start", "period_end"]]

