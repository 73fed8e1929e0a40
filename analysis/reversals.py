"""Events → dyads (stance of each actor pair per period) and reversals (pairs whose stance flips sign).

Public functions; the four table functions are pure, from the events table to a table:

    fold_actors(events, *, knowledge_base)             events + source_family, target_family
    dyads(events, *, knowledge_base, period, directed) the "dyads" table (tables.SCHEMAS)
    reversals(events, *, knowledge_base, period, ...)  the "reversals" table (tables.SCHEMAS)
    role_swaps(events, *, knowledge_base, period, ...) ROLE_SWAP_COLUMNS: two actors trading stances
                                                       toward a third
    fold_actor(actor_id, *, knowledge_base, on)        one actor's family representative on a day
    change_point_periods(years, goldstein)             the segments of one yearly series
    stance(goldstein_mean)                             cooperative, neutral or hostile

`knowledge_base=None` loads the kit's default knowledge base (`analysis.knowledge`); any object with
its `get`, `lineage`, `family` and `governing_actor` will do.

Which events count
    An event counts when it has a source, a target, a date and a Goldstein weight, and is not
    negated. A negated event ("Russia did not recognise …", with no negated CAMEO code of its own;
    the events stage already recodes "refused to" and the like) is dropped: the absence of an act
    is not its opposite. Events whose two actors fold into the same family (the CIA → the United
    States) are dropped too.

Families (`fold_actors`) — one representative actor per event side, on the event's date:
    1. lineage: an actor folds into its latest successor through the links that continue it —
       succeeded_by, then merged_into, then gave_rise_to; a link is followed only when it is the
       actor's one successor of the best such relation (the Soviet Union → Russia, the Mujahideen →
       the Taliban; Yugoslavia → Serbia and Montenegro → Serbia, never into the states it split into);
    2. affiliation (option `by_affiliation`, on by default): an actor that is not a state folds into
       the actor it is affiliated with (the knowledge base defaults persons, organizations,
       governments and operations to their country: the CIA → the United States, a minister → his
       state, the Haqqani network → the Taliban);
    3. rulers: a state folds into the non-state actor (kind armed_group, group or organization)
       holding a "governs" role over it on the event's date — Afghanistan in 1998 and in 2025 → the
       Taliban, Afghanistan in 2010 stays Afghanistan. Persons and governments that govern a state
       fold back into it, so they never replace it. An undated event keeps the state.
    The steps repeat until nothing changes.

Periods (`period=`)
    "year"          calendar years;
    "5y"            five-year bins starting at a year divisible by five (1975–1979, 1980–1984);
    "decade"        1970–1979, 1980–1989, …;
    "changepoints"  the segments of each pair's yearly series found by `change_point_periods`:
                    an exact optimal partition of the events (years kept whole) that minimises the
                    squared deviations from each segment's mean Goldstein weight plus a penalty of
                    3·σ²·ln(N) per segment (a BIC-style penalty, made stricter because every pair of
                    a corpus is searched; σ² is the pooled within-year variance of the events, at
                    least MIN_NOISE_VARIANCE, N the number of events).
    A period runs from 1 January of its first year to 31 December of its last.

Stance of a period: its mean Goldstein weight above COOPERATIVE_ABOVE (+1) is cooperative, below
HOSTILE_BELOW (−1) hostile, else neutral.

Histories (reversals and role swaps only)
    A pair's history joins the dyads of the families on its two sides and, for an actor that
    governs a state at some time, the dyads with that state at any time: the gold reading of
    "historic roles have reversed" sets the Soviet invasion of Afghanistan (1979) against Russia's
    recognition of the Taliban (2025). To keep the Afghan Republic's years from speaking for the
    Taliban, a year in which the pair has events with the ruler itself uses those events only. A
    reversal is named after the ruler when the ruler's own events are on one of its sides, else
    after the state. When both sides fall into one history (Afghanistan 2010 ↔ the Taliban), the
    pair keeps its families.

Reversals — how a flip is found in a pair's history
    1. The non-neutral periods, in time order, form runs of equal stance.
    2. A run must be supported by its events: the median Goldstein weight on the stance's side of
       zero, and the events with a non-zero weight agreeing in sign — all of them when the run has
       fewer than `min_events` events, a majority otherwise. Unsupported runs are left out.
    3. A lone outlier is dropped: a run of fewer than `min_events` events that has a run of the
       opposite stance with at least `min_events` events on either side (+ + + − + + +).
    4. Runs of equal stance that now touch merge; each boundary between two runs is a reversal.
    A run of few events at either end of a history still counts — the seed article gives one
    event for the Soviet invasion — but with a low strength.

    flip_date  midway between the last event of the run before and the first of the run after.
    strength   (|median after − median before| / 20) · n/(n + min_events) · agreement, in [0, 1]:
               20 is the Goldstein range; n the event count of the smaller side, so one event per
               side gives at most a third; agreement the smaller share of sign-agreeing events.
    evidence   the ids of the run's events whose weight has the run's sign, by date.

Role swaps: actor A cooperative and actor B hostile toward C earlier, the opposite later (the United
States and the Soviet Union toward the Taliban and its forerunners). Built from two reversals of
the pairs (A, C) and (B, C) with opposite directions whose "before" spans overlap and which both
flip after both "before" spans end. `a_id` is the one cooperative before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Iterator, Mapping

import numpy as np
import pandas as pd

from analysis import tables

PERIODS = ("year", "5y", "decade", "changepoints")
COOPERATIVE_ABOVE = 1.0
HOSTILE_BELOW = -1.0
# Kinds of actor that replace the state they govern; persons and governments stand for the state.
RULER_KINDS = ("armed_group", "group", "organization")
# Lineage relations through which an actor continues, best first; split_into is never followed.
CONTINUING_RELATIONS = ("succeeded_by", "merged_into", "gave_rise_to")
# Floor of the noise variance in the change-point penalty: about two Goldstein points of spread,
# so that a series of identical weights is not cut at every wobble.
MIN_NOISE_VARIANCE = 4.0
# Penalty per segment, in units of σ²·ln(N). The textbook BIC uses 2; 3 is stricter because every
# pair of a corpus is searched: on pure noise (weights drawn from N(0, 4²), ~70 events over 78 years
# per pair) 2 lets 13% of pairs show a reversal, 3 lets 3%, while a shift of five points or more
# with two events a side is still cut.
PENALTY_FACTOR = 3.0
GOLDSTEIN_RANGE = 20.0
REQUIRED_COLUMNS = ("event_id", "date", "source_id", "target_id", "goldstein", "negated")

ROLE_SWAP_COLUMNS: dict[str, object] = {
    "a_id": tables.STRING, "b_id": tables.STRING, "target_id": tables.STRING,
    "before_start": tables.DATE, "before_end": tables.DATE, "after_start": tables.DATE, "after_end": tables.DATE,
    "a_before_stance": tables.SCHEMAS["reversals"]["before_stance"],
    "a_after_stance": tables.SCHEMAS["reversals"]["after_stance"],
    "b_before_stance": tables.SCHEMAS["reversals"]["before_stance"],
    "b_after_stance": tables.SCHEMAS["reversals"]["after_stance"],
    "a_flip_date": tables.DATE, "b_flip_date": tables.DATE, "strength": tables.FLOAT,
    "evidence_a_before": tables.LIST, "evidence_a_after": tables.LIST,
    "evidence_b_before": tables.LIST, "evidence_b_after": tables.LIST,
}


# ─── Options ──────────────────────────────────────────────────────────────────────────────


def _check_period(period: str) -> None:
    if period not in PERIODS:
        raise ValueError(f"period={period!r} is not a period; allowed: {', '.join(map(repr, PERIODS))}")


def _check_min_events(min_events: int) -> None:
    if isinstance(min_events, bool) or not isinstance(min_events, int) or min_events < 1:
        raise ValueError(f"min_events={min_events!r} is not allowed; allowed: an integer ≥ 1")


def _check_flag(name: str, value) -> None:
    if not isinstance(value, bool):
        raise ValueError(f"{name}={value!r} is not allowed; allowed: True, False")


def _check_events(events: pd.DataFrame) -> None:
    if not isinstance(events, pd.DataFrame):
        raise TypeError(f"events must be a pandas DataFrame (the events table), not {type(events).__name__}")
    missing = [column for column in REQUIRED_COLUMNS if column not in events.columns]
    if missing:
        raise ValueError(f"events has no column(s) {missing}; required: {list(REQUIRED_COLUMNS)}")


def _knowledge_base(knowledge_base):
    if knowledge_base is not None:
        return knowledge_base
    from analysis.knowledge import load_knowledge_base

    return load_knowledge_base()


def stance(goldstein_mean: float) -> str:
    """cooperative above +1, hostile below −1, neutral between (and for a missing mean)."""
    if goldstein_mean is None or pd.isna(goldstein_mean):
        return "neutral"
    if goldstein_mean > COOPERATIVE_ABOVE:
        return "cooperative"
    if goldstein_mean < HOSTILE_BELOW:
        return "hostile"
    return "neutral"


# ─── Families ─────────────────────────────────────────────────────────────────────────────


class _Folder:
    """Folds actor ids into family representatives with one knowledge base, caching what it looked up."""

    def __init__(self, knowledge_base, *, by_affiliation: bool):
        self.knowledge_base = knowledge_base
        self.by_affiliation = by_affiliation
        self.successor = self._successors(knowledge_base.lineage)
        self._static: dict[str, str] = {}
        self._rulers: dict[str, tuple[str, ...]] = {}
        self._governing: dict[tuple[str, date], str] = {}

    @staticmethod
    def _successors(lineage: Iterable) -> dict[str, str]:
        links: dict[str, list] = {}
        for link in lineage:
            if link.relation in CONTINUING_RELATIONS:
                links.setdefault(link.predecessor, []).append(link)
        chosen = {}
        for predecessor, found in links.items():
            best = min(CONTINUING_RELATIONS.index(link.relation) for link in found)
            candidates = {link.successor for link in found if CONTINUING_RELATIONS.index(link.relation) == best}
            if len(candidates) == 1:
                chosen[predecessor] = candidates.pop()
        return chosen

    def kind(self, actor_id: str) -> str | None:
        actor = self.knowledge_base.get(actor_id)
        return None if actor is None else actor.kind

    def static(self, actor_id: str) -> str:
        """The family through lineage and affiliation alone (no dates)."""
        if actor_id not in self._static:
            current, seen = actor_id, {actor_id}
            while True:
                actor = self.knowledge_base.get(current)
                following = self.successor.get(current)
                if following is None and self.by_affiliation and actor is not None and actor.kind != "state":
                    following = actor.affiliation
                if not following or following in seen:
                    break
                seen.add(following)
                current = following
            self._static[actor_id] = current
        return self._static[actor_id]

    def rulers(self, state_id: str) -> tuple[str, ...]:
        """Non-state actors with a "governs" role over `state_id` at some time, latest first."""
        if state_id not in self._rulers:
            found = []
            if self.kind(state_id) == "state":
                for candidate in sorted(self.knowledge_base.family(state_id)):
                    actor = self.knowledge_base.get(candidate)
                    if actor is None or actor.kind not in RULER_KINDS:
                        continue
                    starts = [role.start or date.min for role in actor.roles
                              if role.relation == "governs" and role.target == state_id]
                    if starts:
                        found.append((max(starts), candidate))
            self._rulers[state_id] = tuple(candidate for _, candidate in sorted(found, reverse=True))
        return self._rulers[state_id]

    def fold(self, actor_id: str, on: date | None) -> str:
        """The family representative of `actor_id` on the day `on` (None: undated)."""
        family = self.static(actor_id)
        if on is None or not self.rulers(family):
            return family
        key = (family, on)
        if key not in self._governing:
            governor = self.knowledge_base.governing_actor(family, on=on)
            folded = family
            if governor and governor != family and self.kind(governor) in RULER_KINDS:
                folded = self.static(governor)
            self._governing[key] = folded
        return self._governing[key]

    def history(self, family: str) -> str:
        """The actor whose history `family` belongs to: a state ever governed by a ruler → that ruler."""
        rulers = self.rulers(family)
        return self.static(rulers[0]) if rulers else family


def fold_actor(actor_id: str, *, knowledge_base, on: date | None = None, by_affiliation: bool = True) -> str:
    """The family representative of one actor on the day `on` (see the module docstring)."""
    _check_flag("by_affiliation", by_affiliation)
    return _Folder(_knowledge_base(knowledge_base), by_affiliation=by_affiliation).fold(actor_id, on)


def _fold_column(ids: pd.Series, days: pd.Series, folder: _Folder) -> pd.Series:
    actors = ids.astype("object").where(ids.notna(), None)
    static = {actor: folder.static(actor) for actor in actors.dropna().unique()}
    result = actors.map(static)
    # Only a state that some ruler governs at some time needs the event's date.
    dated_actors = [actor for actor, family in static.items() if folder.rulers(family)]
    dated = actors.isin(dated_actors) & days.notna()
    if dated.any():
        pairs = pd.DataFrame({"actor": actors[dated], "day": days[dated]})
        unique = pairs.drop_duplicates()
        folded = {
            (actor, day): folder.fold(actor, day.date())
            for actor, day in zip(unique["actor"], unique["day"])
        }
        result[dated] = [folded[key] for key in zip(pairs["actor"], pairs["day"])]
    return result.astype(tables.STRING)


def _fold(events: pd.DataFrame, folder: _Folder) -> pd.DataFrame:
    days = pd.to_datetime(events["date"], errors="coerce").dt.normalize()
    folded = events.copy()
    folded["source_family"] = _fold_column(events["source_id"], days, folder)
    folded["target_family"] = _fold_column(events["target_id"], days, folder)
    return folded


def fold_actors(events: pd.DataFrame, *, knowledge_base=None, by_affiliation: bool = True) -> pd.DataFrame:
    """The events table plus `source_family` and `target_family`: each side's family representative
    on the event's date (lineage, affiliation when `by_affiliation`, rulers; see the module docstring)."""
    _check_events(events)
    _check_flag("by_affiliation", by_affiliation)
    return _fold(events, _Folder(_knowledge_base(knowledge_base), by_affiliation=by_affiliation))


def _usable(folded: pd.DataFrame) -> pd.DataFrame:
    """The folded events that can count: two different families, a date, a weight, not negated."""
    dates = pd.to_datetime(folded["date"], errors="coerce")
    keep = (
        folded["source_family"].notna() & folded["target_family"].notna()
        & (folded["source_family"] != folded["target_family"]).fillna(False)
        & dates.notna() & folded["goldstein"].notna() & ~folded["negated"].fillna(False).astype(bool)
    )
    usable = pd.DataFrame({
        "event_id": folded.loc[keep, "event_id"].astype(str),
        "date": dates[keep],
        "goldstein": folded.loc[keep, "goldstein"].astype(float),
        "source": folded.loc[keep, "source_family"].astype(str),
        "target": folded.loc[keep, "target_family"].astype(str),
    })
    usable["year"] = usable["date"].dt.year.astype(int)
    return usable.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


# ─── Periods ──────────────────────────────────────────────────────────────────────────────


def change_point_periods(years: Iterable[int], goldstein: Iterable[float]) -> list[tuple[int, int]]:
    """(first year, last year) of each segment of a yearly Goldstein series, by exact optimal
    partitioning with a PENALTY_FACTOR·σ²·ln(N) penalty per segment (see the module docstring).

    One value per event; a year is never cut. Years without events fall between segments."""
    years = np.asarray(list(years), dtype=np.int64)
    values = np.asarray(list(goldstein), dtype=float)
    if len(years) != len(values):
        raise ValueError(f"years and goldstein differ in length ({len(years)} and {len(values)}); allowed: one weight per year")
    return _segments(years, values)


def _segments(years: np.ndarray, values: np.ndarray) -> list[tuple[int, int]]:
    if len(years) == 0:
        return []
    distinct, position = np.unique(years, return_inverse=True)
    counts = np.bincount(position).astype(float)
    sums = np.bincount(position, weights=values)
    squares = np.bincount(position, weights=values * values)
    n = np.concatenate([[0.0], np.cumsum(counts)])
    cumulative_sums = np.concatenate([[0.0], np.cumsum(sums)])
    cumulative_squares = np.concatenate([[0.0], np.cumsum(squares)])
    total, m = n[-1], len(distinct)
    within = float(np.sum(squares - sums ** 2 / counts))
    variance = max(within / (total - m) if total > m else 0.0, MIN_NOISE_VARIANCE)
    penalty = PENALTY_FACTOR * variance * math.log(max(total, 2.0))
    best = np.zeros(m + 1)
    best[0] = -penalty
    cut = np.zeros(m + 1, dtype=int)
    for end in range(1, m + 1):
        count = n[end] - n[:end]
        segment_sum = cumulative_sums[end] - cumulative_sums[:end]
        cost = (cumulative_squares[end] - cumulative_squares[:end]) - segment_sum ** 2 / count
        candidates = best[:end] + cost + penalty
        cut[end] = int(np.argmin(candidates))
        best[end] = candidates[cut[end]]
    segments, end = [], m
    while end > 0:
        segments.append((int(distinct[cut[end]]), int(distinct[end - 1])))
        end = cut[end]
    return segments[::-1]


def _period_years(usable: pd.DataFrame, keys: list[str], period: str) -> tuple[np.ndarray, np.ndarray]:
    """First and last year of each event's period (changepoints: per group of `keys`)."""
    years = usable["year"].to_numpy(np.int64)
    if period == "year":
        return years, years
    if period in ("5y", "decade"):
        width = 5 if period == "5y" else 10
        first = years - years % width
        return first, first + width - 1
    first, last = np.zeros_like(years), np.zeros_like(years)
    values = usable["goldstein"].to_numpy(float)
    for rows in usable.groupby(keys, sort=False).indices.values():
        group_years = years[rows]
        for start, end in _segments(group_years, values[rows]):
            inside = rows[(group_years >= start) & (group_years <= end)]
            first[inside], last[inside] = start, end
    return first, last


def _with_periods(usable: pd.DataFrame, keys: list[str], period: str) -> pd.DataFrame:
    first, last = _period_years(usable, keys, period)
    usable = usable.copy()
    usable["period_start"] = pd.to_datetime(pd.DataFrame({"year": first, "month": 1, "day": 1})).to_numpy()
    usable["period_end"] = pd.to_datetime(pd.DataFrame({"year": last, "month": 12, "day": 31})).to_numpy()
    return usable


def _undirect(usable: pd.DataFrame, left: str, right: str, *also: tuple[str, str]) -> pd.DataFrame:
    """Put each pair in one order (the smaller id first) so A→B and B→A fall together."""
    usable = usable.copy()
    swap = usable[left] > usable[right]
    for first, second in ((left, right), *also):
        usable.loc[swap, [first, second]] = usable.loc[swap, [second, first]].to_numpy()
    return usable


# ─── Dyads ────────────────────────────────────────────────────────────────────────────────


def dyads(
    events: pd.DataFrame,
    *,
    knowledge_base=None,
    period: str = "year",
    directed: bool = True,
    by_affiliation: bool = True,
) -> pd.DataFrame:
    """The dyads table: per (source family, target family, period) the number of events, their mean
    Goldstein weight and the stance. `directed=False` merges A→B and B→A (source_id is then the
    smaller id). Columns: source_id, target_id, period_start, period_end, n_events, goldstein_mean, stance."""
    _check_events(events)
    _check_period(period)
    _check_flag("directed", directed)
    _check_flag("by_affiliation", by_affiliation)
    folder = _Folder(_knowledge_base(knowledge_base), by_affiliation=by_affiliation)
    usable = _usable(_fold(events, folder))
    if usable.empty:
        return tables.empty("dyads")
    if not directed:
        usable = _undirect(usable, "source", "target")
    usable = _with_periods(usable, ["source", "target"], period)
    grouped = usable.groupby(["source", "target", "period_start", "period_end"], sort=True)["goldstein"]
    summary = grouped.agg(n_events="count", goldstein_mean="mean").reset_index()
    summary = summary.rename(columns={"source": "source_id", "target": "target_id"})
    summary["stance"] = summary["goldstein_mean"].map(stance)
    return tables.conform("dyads", summary)


# ─── Reversals ────────────────────────────────────────────────────────────────────────────


@dataclass
class _History:
    """One pair's usable events as arrays, in time order."""

    event_id: np.ndarray
    date: np.ndarray
    goldstein: np.ndarray
    source: np.ndarray
    target: np.ndarray

    @classmethod
    def of(cls, frame: pd.DataFrame) -> "_History":
        return cls(*(frame[column].to_numpy() for column in ("event_id", "date", "goldstein", "source", "target")))


@dataclass
class _Run:
    """Consecutive periods of one stance in a pair's history, with their events (rows of the history)."""

    stance: str
    start: pd.Timestamp
    end: pd.Timestamp
    rows: np.ndarray
    history: _History

    @property
    def size(self) -> int:
        return len(self.rows)

    @property
    def sign(self) -> int:
        return 1 if self.stance == "cooperative" else -1

    @property
    def values(self) -> np.ndarray:
        return self.history.goldstein[self.rows].astype(float)

    def agreement(self, min_events: int) -> float | None:
        """Share of sign-agreeing events when the run's events support its stance, else None."""
        values = self.values
        nonzero = values[values != 0]
        if len(nonzero) == 0 or self.sign * float(np.median(values)) <= 0:
            return None
        share = float(np.mean(self.sign * nonzero > 0))
        enough = share == 1.0 if self.size < min_events else share > 0.5
        return share if enough else None

    def evidence(self) -> list[str]:
        """Ids of the events whose weight has the run's sign, by date (the history is in time order)."""
        return [str(event_id) for event_id in self.history.event_id[self.rows[self.sign * self.values > 0]]]

    def first_date(self) -> pd.Timestamp:
        return pd.Timestamp(self.history.date[self.rows].min())

    def last_date(self) -> pd.Timestamp:
        return pd.Timestamp(self.history.date[self.rows].max())


def _merge(runs: list[_Run]) -> list[_Run]:
    merged: list[_Run] = []
    for run in runs:
        if merged and merged[-1].stance == run.stance:
            last = merged[-1]
            rows = np.sort(np.concatenate([last.rows, run.rows]))
            merged[-1] = _Run(run.stance, last.start, run.end, rows, run.history)
        else:
            merged.append(run)
    return merged


def _lone_outlier(runs: list[_Run], min_events: int) -> int | None:
    """Index of the smallest run of fewer than `min_events` events with big opposite runs on both sides."""
    outliers = [
        index for index in range(1, len(runs) - 1)
        if runs[index].size < min_events
        and runs[index - 1].size >= min_events and runs[index + 1].size >= min_events
    ]
    return min(outliers, key=lambda index: (runs[index].size, index)) if outliers else None


def _runs(frame: pd.DataFrame, min_events: int) -> tuple[_History, list[_Run]]:
    """The supported stance runs of one pair's history, lone outliers dropped (module docstring, 1–4)."""
    history = _History.of(frame)
    starts, ends = frame["period_start"].to_numpy(), frame["period_end"].to_numpy()
    # Events are in time order and periods do not overlap, so each period is one block of rows.
    boundaries = np.flatnonzero(np.r_[True, starts[1:] != starts[:-1], True])
    runs = []
    for first, stop in zip(boundaries[:-1], boundaries[1:]):
        period_stance = stance(float(history.goldstein[first:stop].mean()))
        if period_stance != "neutral":
            runs.append(_Run(period_stance, pd.Timestamp(starts[first]), pd.Timestamp(ends[first]),
                             np.arange(first, stop), history))
    runs = _merge(runs)
    while True:
        supported = _merge([run for run in runs if run.agreement(min_events) is not None])
        outlier = _lone_outlier(supported, min_events)
        if outlier is not None:
            supported = _merge(supported[:outlier] + supported[outlier + 1:])
        if len(supported) == len(runs):
            return history, supported
        runs = supported


def _strength(before: _Run, after: _Run, min_events: int) -> float:
    gap = abs(float(np.median(after.values)) - float(np.median(before.values)))
    smaller = min(before.size, after.size)
    agreement = min(before.agreement(min_events) or 0.0, after.agreement(min_events) or 0.0)
    return round(min(gap / GOLDSTEIN_RANGE, 1.0) * smaller / (smaller + min_events) * agreement, 4)


def _name(history_id: str, families: np.ndarray) -> str:
    """The history's ruler when its own events are present, else the family that stood in most often."""
    if (families == history_id).any():
        return history_id
    names, counts = np.unique(families.astype(str), return_counts=True)
    return str(names[np.argmax(counts)])


def _histories(usable: pd.DataFrame, folder: _Folder, *, directed: bool) -> pd.DataFrame:
    """Each usable event with the pair of histories it belongs to (`a`, `b`); in a year where the pair
    has events with the ruler itself, the events with the state it governs at other times are left out."""
    usable = usable.copy()
    usable["a"] = usable["source"].map(folder.history)
    usable["b"] = usable["target"].map(folder.history)
    same = usable["a"] == usable["b"]
    usable.loc[same, "a"] = usable.loc[same, "source"]
    usable.loc[same, "b"] = usable.loc[same, "target"]
    if not directed:
        usable = _undirect(usable, "a", "b", ("source", "target"))
    usable["direct"] = (usable["a"] == usable["source"]) & (usable["b"] == usable["target"])
    any_direct = usable.groupby(["a", "b", "year"])["direct"].transform("any")
    return usable[usable["direct"] | ~any_direct].reset_index(drop=True)


@dataclass
class _Reversal:
    history: tuple[str, str]
    names: tuple[str, str]
    before: _Run
    after: _Run
    strength: float
    directed: bool

    @property
    def flip_date(self) -> pd.Timestamp:
        last, first = self.before.last_date(), self.after.first_date()
        return (last + (first - last) / 2).normalize()

    def row(self) -> dict:
        first, second = self.names if self.directed else sorted(self.names)
        return {
            "a_id": first, "b_id": second,
            "before_start": self.before.start, "before_end": self.before.end, "before_stance": self.before.stance,
            "after_start": self.after.start, "after_end": self.after.end, "after_stance": self.after.stance,
            "flip_date": self.flip_date, "strength": self.strength,
            "evidence_before": self.before.evidence(), "evidence_after": self.after.evidence(),
        }


def _find_reversals(
    events: pd.DataFrame, *, knowledge_base, period: str, min_events: int, directed: bool, by_affiliation: bool,
) -> Iterator[_Reversal]:
    _check_events(events)
    _check_period(period)
    _check_min_events(min_events)
    _check_flag("directed", directed)
    _check_flag("by_affiliation", by_affiliation)
    folder = _Folder(_knowledge_base(knowledge_base), by_affiliation=by_affiliation)
    usable = _usable(_fold(events, folder))
    if usable.empty:
        return
    histories = _with_periods(_histories(usable, folder, directed=directed), ["a", "b"], period)
    for (a, b), frame in histories.groupby(["a", "b"], sort=True):
        history, runs = _runs(frame, min_events)
        for before, after in zip(runs, runs[1:]):
            rows = np.concatenate([before.rows, after.rows])
            names = (_name(a, history.source[rows]), _name(b, history.target[rows]))
            yield _Reversal((a, b), names, before, after, _strength(before, after, min_events), directed)


def reversals(
    events: pd.DataFrame,
    *,
    knowledge_base=None,
    period: str = "changepoints",
    min_events: int = 2,
    directed: bool = False,
    by_affiliation: bool = True,
) -> pd.DataFrame:
    """The reversals table: pairs whose stance flips between hostile and cooperative, strongest first.

    Columns: a_id, b_id (undirected: the smaller id first; directed: source, target), before_start,
    before_end, before_stance, after_start, after_end, after_stance, flip_date, strength,
    evidence_before, evidence_after. Rules for runs, outliers, flip date and strength: module docstring."""
    rows = [found.row() for found in _find_reversals(
        events, knowledge_base=knowledge_base, period=period, min_events=min_events,
        directed=directed, by_affiliation=by_affiliation,
    )]
    table = tables.frame("reversals", rows)
    return table.sort_values(["strength", "a_id", "b_id", "flip_date"], ascending=[False, True, True, True],
                             kind="stable").reset_index(drop=True)


# ─── Role swaps ───────────────────────────────────────────────────────────────────────────


def _typed(columns: Mapping[str, object], rows: list[dict]) -> pd.DataFrame:
    data = pd.DataFrame(rows, columns=list(columns))
    for column, dtype in columns.items():
        if dtype == tables.DATE:
            data[column] = pd.to_datetime(data[column]).astype(tables.DATE)
        elif dtype == tables.LIST:
            data[column] = data[column].astype("object")
        else:
            data[column] = data[column].astype(dtype)
    return data


def _sides(found: _Reversal, *, directed: bool) -> Iterator[tuple[str, str, str]]:
    """(actor name, target history, target name) for each side the reversal can be read from:
    the source toward the target, and (undirected) the target toward the source too."""
    (a, b), (name_a, name_b) = found.history, found.names
    yield name_a, b, name_b
    if not directed:
        yield name_b, a, name_a


def role_swaps(
    events: pd.DataFrame,
    *,
    knowledge_base=None,
    period: str = "changepoints",
    min_events: int = 2,
    directed: bool = False,
    by_affiliation: bool = True,
) -> pd.DataFrame:
    """Role swaps: A cooperative and B hostile toward the same C, then A hostile and B cooperative.

    One row per swap, strongest first; columns ROLE_SWAP_COLUMNS: a_id (cooperative before), b_id,
    target_id, before_start/before_end and after_start/after_end (the spans of the two actors'
    evidence), each actor's stances and flip date, strength (the smaller of the two reversals'),
    and the evidence event ids of both actors on both sides."""
    found = list(_find_reversals(
        events, knowledge_base=knowledge_base, period=period, min_events=min_events,
        directed=directed, by_affiliation=by_affiliation,
    ))
    by_target: dict[str, list[tuple[str, str, _Reversal]]] = {}
    for reversal in found:
        for actor, target, target_name in _sides(reversal, directed=directed):
            by_target.setdefault(target, []).append((actor, target_name, reversal))
    rows = []
    for target, readings in sorted(by_target.items()):
        turning_hostile = [item for item in readings if item[2].before.stance == "cooperative"]
        turning_friendly = [item for item in readings if item[2].before.stance == "hostile"]
        for (a, a_target, first), (b, b_target, second) in (
            (x, y) for x in turning_hostile for y in turning_friendly
        ):
            if a == b:
                continue
            overlap = max(first.before.start, second.before.start) <= min(first.before.end, second.before.end)
            later = max(first.before.end, second.before.end) < min(first.after.start, second.after.start)
            if not (overlap and later):
                continue
            rows.append({
                "a_id": a, "b_id": b, "target_id": a_target if a_target == b_target else target,
                "before_start": min(first.before.start, second.before.start),
                "before_end": max(first.before.end, second.before.end),
                "after_start": min(first.after.start, second.after.start),
                "after_end": max(first.after.end, second.after.end),
                "a_before_stance": first.before.stance, "a_after_stance": first.after.stance,
                "b_before_stance": second.before.stance, "b_after_stance": second.after.stance,
                "a_flip_date": first.flip_date, "b_flip_date": second.flip_date,
                "strength": min(first.strength, second.strength),
                "evidence_a_before": first.before.evidence(), "evidence_a_after": first.after.evidence(),
                "evidence_b_before": second.before.evidence(), "evidence_b_after": second.after.evidence(),
            })
    table = _typed(ROLE_SWAP_COLUMNS, rows)
    return table.sort_values(["strength", "a_id", "b_id", "target_id"], ascending=[False, True, True, True],
                             kind="stable").reset_index(drop=True)
