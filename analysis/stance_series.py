"""Stance observations → the statistics of one pair's series: merged reports, document units, the
noise level, change points, and how sure a side's stance is.

    observations(table)                                      the stances table (events converted)
    merge_reports(usable)                                    one row per observation: reports of one event merged
    unit_means(documents, scores)                            one mean score per document
    document_mean(documents, scores)                         their mean, weighted by each document's evidence
    yearly_series(observations, keys)                        per pair: its (document, year) points
    estimate_noise(series)                                   the noise variance of a document mean
    change_point_periods(years, scores, *, noise_variance)   the segments of one yearly series
    pooled_variance(sides, *, noise_variance)                one pair's noise variance
    sign_probability(unit_means, sign, *, noise_variance)    P(a side's true mean has `sign`)

The actor families, periods and reversal rules that use these live in `analysis.reversals`.

The model
    A pair's evidence is a set of document means (each document's observations averaged; a
    document's observations of different years give one point a year for the change points).
    Document means are N(μ, σ²) around the pair's current stance μ.

    σ² (estimate_noise) is the variance of the points around their segments' means, pooled over
    all pairs of the input and shrunk toward 16 with the weight of 10 degrees of freedom, at least
    4 — with the segments found at that σ², a fixed point reached from 16 in a few rounds. The
    spread of all points, or of consecutive differences, would count the flips as noise, which in
    a small corpus of clear flips (the seed: two points of freedom) hides the flips themselves.
    Document means of one pair in the 892 UN General Debate speeches have σ² ≈ 13 this way (≈ 20
    around five-year means).

    Change points (segments): exact optimal partitioning of a yearly series, years kept whole,
    minimising the squared deviations from the segment means plus 3·σ²·ln(N) per segment (N the
    series' points) — a BIC-like penalty, stricter than the textbook 1–2 because every pair of a
    corpus is searched.

    Confidence of a side (sign_probability): conjugate normal model on its document means, prior
    μ ~ N(0, 10) — centred on no stance and worth about one and a half documents (in the UN
    General Debate build document means vary by about 26 in all, some 15 of it noise, leaving about
    11 for the true stances) — and σ² the pair's spread within its two sides pooled with the
    corpus σ² (pooled_variance, 10 degrees of freedom of prior weight), at least 4. At σ² = 16: one
    document a side at ±5 gives P·P = 0.61, at ±8 0.80, three documents a side around ±4 0.92,
    ten 0.999. It says how sure the two stances are given where the flip was put, not how sure the
    flip is where noise made one (the false flips of the simulations have high confidence too).
    Chosen over a bootstrap over documents, which is certain of a side of one document, and over
    the `ruptures` change-point library, which finds change points but says nothing about how sure
    a side is (and would be a new pin).

Calibration (seeded simulations, tests/test_reversals.py)
    Pure noise — 200 pairs of 10–60 yearly documents with 1–4 observations each, scores uniform in
    −10…+10 — gives a reversal in 1 pair of 200 with the penalty factor 3 (21 with factor 2, none
    with 4); scores resampled from the UN General Debate events, 7 of 200 (18 with 2, 4 with 4).
    A shift from −3.6 to +4.3 with ten documents a side is found in 198 of 200 pairs at a document
    noise of sd 3 (with factors 2, 3 and 4 alike) and in 179 of 200 at sd 4.5 (189 with 2, 164
    with 4); the flip date is the first document of the new stance exactly in 78 % and 59 % of
    them, else a year or two off.
"""

from __future__ import annotations

import math
from typing import Iterable, Iterator

import numpy as np
import pandas as pd

from analysis import tables

# Columns that make a table a stances table or an events table (the other columns may be absent).
STANCE_COLUMNS = ("stance_id", "doc_id", "date", "source_id", "target_id", "kind", "score")
EVENT_COLUMNS = ("event_id", "doc_id", "date", "source_id", "target_id", "goldstein", "negated")

# Noise of one document's mean score, on the Goldstein scale. Estimated from every pair's series
# (estimate_noise) and shrunk toward PRIOR_NOISE_VARIANCE with the weight of PRIOR_NOISE_DF degrees
# of freedom, so that a small corpus (the seed: two points of freedom) borrows a sensible level:
# document means of one pair in 892 UN General Debate speeches scatter with a variance of about 20
# around their five-year means and of about 13 around their segments' means; 16 is between.
PRIOR_NOISE_VARIANCE = 16.0
PRIOR_NOISE_DF = 10.0
# Floor of the noise variance (two Goldstein points squared): a corpus of near-identical scores is
# not cut at every wobble, and no document mean is taken as more precise than that.
MIN_NOISE_VARIANCE = 4.0
# Prior of a side's true mean stance: centred on 0 (no stance), variance 10 (sd ≈ 3.2). In the UN
# General Debate build document means vary by about 26 in all and their noise is about 15, which
# leaves some 11 for the true stances; with noise near 15 the prior weighs as much as one and a half
# documents: enough to keep one document from making a side certain, little next to ten.
PRIOR_MEAN_VARIANCE = 10.0
# Change-point penalty per segment, in units of σ²·ln(N) (N document means in the series); the
# textbook BIC has 1–2, 3 because every pair of a corpus is searched. Calibrated by simulation
# (tests/test_reversals.py; the numbers are in the module docstring).
PENALTY_FACTOR = 3.0
# Rounds of segmenting and re-estimating the noise at most (estimate_noise); the UN General Debate
# build converges in 8.
NOISE_ROUNDS = 20


# ─── Observations ─────────────────────────────────────────────────────────────────────────


def _missing(table: pd.DataFrame, required: tuple[str, ...]) -> list[str]:
    return [column for column in required if column not in table.columns]


def is_events(table: pd.DataFrame) -> bool:
    """True when `table` is an events table rather than a stances table (told by its columns)."""
    return "stance_id" not in table.columns and "score" not in table.columns and "event_id" in table.columns


def check_table(table: pd.DataFrame) -> None:
    """Raise when `table` is neither a stances table nor an events table."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame (the stances or events table), not {type(table).__name__}")
    required = EVENT_COLUMNS if is_events(table) else STANCE_COLUMNS
    missing = _missing(table, required)
    if missing:
        kind = "an events" if is_events(table) else "a stances"
        raise ValueError(
            f"{kind} table has no column(s) {missing}; allowed: a stances table with {list(STANCE_COLUMNS)} "
            f"or an events table with {list(EVENT_COLUMNS)}"
        )


def observations(table: pd.DataFrame) -> pd.DataFrame:
    """The stances table (tables.SCHEMAS["stances"]) of `table`: a stances table conformed as it is,
    an events table turned into observations of kind "event" — stance_id and event_id the event id,
    score its Goldstein weight, cue its CAMEO code, evidence its sentence; negated events dropped
    (the absence of an act is not its opposite)."""
    check_table(table)
    if not is_events(table):
        known = table[[column for column in table.columns if column in tables.SCHEMAS["stances"]]]
        return tables.conform("stances", known if "sent_id" in known.columns else known.assign(sent_id=0))
    kept = table[~table["negated"].fillna(False).astype(bool)]

    def column(name: str):
        return kept[name] if name in kept.columns else None

    converted = pd.DataFrame({
        "stance_id": kept["event_id"], "doc_id": kept["doc_id"], "sent_id": column("sent_id"),
        "date": kept["date"], "date_precision": column("date_precision"),
        "source_id": kept["source_id"], "target_id": kept["target_id"], "kind": "event",
        "score": kept["goldstein"], "cue": column("cameo_code"), "event_id": kept["event_id"],
        "evidence": column("text"),
    }, index=kept.index)
    if "sent_id" not in kept.columns:
        converted["sent_id"] = 0
    return tables.conform("stances", converted)


def _reports_and_documents(usable: pd.DataFrame, groups: np.ndarray) -> tuple[list, list]:
    """Each group's stance ids and its distinct documents, as tuples in row order: one sort and list slices,
    not a Python function per group (tens of thousands of groups made a redraw of the heatmap slow)."""
    if not len(groups):
        return [], []
    order = np.argsort(groups, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(groups[order]) != 0])
    ends = np.r_[starts[1:], len(order)]
    ids = list(map(str, usable["stance_id"].to_numpy(dtype=object)[order]))
    docs = list(map(str, usable["doc_id"].to_numpy(dtype=object)[order]))
    bounds = list(zip(starts.tolist(), ends.tolist()))
    return [tuple(ids[start:end]) for start, end in bounds], [tuple(dict.fromkeys(docs[start:end])) for start, end in bounds]


def merge_reports(usable: pd.DataFrame) -> pd.DataFrame:
    """One row per observation from usable observations with their families (`source`, `target`).

    Observations of kind "event" with the same source family, target family, CAMEO code (the cue's
    first word), date and date precision are one event, whatever number of documents (or
    sentences) report it; language
    observations, and events without a cue, stay one observation each. An observation keeps the
    mean score of its reports, its reports' stance ids (`reports`) and documents (`documents`), and
    is counted in the document of its first report (`doc`), so that it weighs once in the
    document means. Columns: observation, date, year, score, source, target, doc, reports, documents,
    in time order."""
    usable = usable.sort_values(["date", "doc_id", "sent_id", "stance_id"], kind="stable")
    event = (usable["kind"].astype(str) == "event") & usable["cue"].notna()
    key = usable["stance_id"].astype(str).radd("\x1f")
    # An event's cue is its CAMEO code, possibly followed by the trigger word ("193 invaded"): the
    # code alone names the event, so "invaded" in one report and "invasion" in another still agree.
    code = usable["cue"].astype(str).str.split(n=1).str[0]
    merged_key = (usable["source"].astype(str) + "\x1f" + usable["target"].astype(str) + "\x1f"
                  + code + "\x1f" + usable["date"].astype(str) + "\x1f" + usable["date_precision"].astype(str))
    key = key.where(~event, merged_key)
    grouped = usable.assign(key=key.to_numpy()).groupby("key", sort=False)
    merged = grouped.agg(
        observation=("stance_id", "first"), date=("date", "first"), score=("score", "mean"),
        source=("source", "first"), target=("target", "first"), doc=("doc_id", "first"),
    ).reset_index(drop=True)
    merged["reports"], merged["documents"] = _reports_and_documents(usable, grouped.ngroup().to_numpy())
    merged["year"] = pd.DatetimeIndex(merged["date"]).year.astype(int)
    return merged.sort_values(["date", "doc", "observation"], kind="stable").reset_index(drop=True)


# ─── Document means ───────────────────────────────────────────────────────────────────────


# A document's weight in a mean of document means is n/(n + DOCUMENT_PRIOR_WEIGHT), n its observations: a speech
# that names its neighbour once weighs a third as much as one that says it ten times (0.33 against 0.83), so a
# stray mention in another speech cannot cancel a speaker's whole speech, while ten sentences of one speech
# still weigh less than ten speeches (the documents, not the sentences, are the witnesses).
DOCUMENT_PRIOR_WEIGHT = 2.0


def document_mean(documents: np.ndarray, scores: np.ndarray) -> float:
    """The weighted mean of the document means of these observations (weights: DOCUMENT_PRIOR_WEIGHT)."""
    _, position = np.unique(documents, return_inverse=True)
    sums = np.bincount(position, weights=scores)
    counts = np.bincount(position).astype(float)
    weights = counts / (counts + DOCUMENT_PRIOR_WEIGHT)
    return float(np.sum(weights * sums / counts) / np.sum(weights)) if len(counts) else float("nan")


def unit_means(documents: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """The mean score of each document (one value per distinct document, in order of first appearance)."""
    _, first, position = np.unique(documents, return_index=True, return_inverse=True)
    sums = np.bincount(position, weights=scores)
    counts = np.bincount(position)
    return (sums / counts)[np.argsort(first)]


def yearly_series(observations: pd.DataFrame, keys: list[str]) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per group of `keys` of merged observations (columns year, doc, score): its rows, and the
    year and mean score of each (document, year) — the points of the group's yearly series, by year.

    A speech of 2020 recalling 1979 gives one point in each year, so one document is still a series."""
    points = observations.groupby([*keys, "year", "doc"], sort=True)["score"].mean().reset_index()
    point_years, point_means = points["year"].to_numpy(np.int64), points["score"].to_numpy(float)
    point_groups = points.groupby(keys, sort=False).indices
    for key, rows in observations.groupby(keys, sort=False).indices.items():
        found = point_groups[key]
        yield rows, point_years[found], point_means[found]


# ─── Change points ────────────────────────────────────────────────────────────────────────


def _partition(years: np.ndarray, values: np.ndarray, noise_variance: float) -> tuple[list[tuple[int, int]], float]:
    """The optimal segments of one series (see `segments`) and their within-segment sum of squares."""
    distinct, position = np.unique(years, return_inverse=True)
    counts = np.bincount(position).astype(float)
    cumulative_counts = np.concatenate([[0.0], np.cumsum(counts)])
    cumulative_sums = np.concatenate([[0.0], np.cumsum(np.bincount(position, weights=values))])
    cumulative_squares = np.concatenate([[0.0], np.cumsum(np.bincount(position, weights=values * values))])
    penalty = PENALTY_FACTOR * noise_variance * math.log(max(cumulative_counts[-1], 2.0))
    years_count = len(distinct)
    best = np.zeros(years_count + 1)
    best[0] = -penalty
    cut = np.zeros(years_count + 1, dtype=int)
    for end in range(1, years_count + 1):
        count = cumulative_counts[end] - cumulative_counts[:end]
        total = cumulative_sums[end] - cumulative_sums[:end]
        cost = (cumulative_squares[end] - cumulative_squares[:end]) - total ** 2 / count
        candidates = best[:end] + cost + penalty
        cut[end] = int(np.argmin(candidates))
        best[end] = candidates[cut[end]]
    found, end = [], years_count
    while end > 0:
        found.append((int(distinct[cut[end]]), int(distinct[end - 1])))
        end = cut[end]
    within = max(float(best[-1]) - (len(found) - 1) * penalty, 0.0)
    return found[::-1], within


def segments(years: np.ndarray, values: np.ndarray, *, noise_variance: float) -> list[tuple[int, int]]:
    """Exact optimal partitioning of a yearly series (years kept whole): the segmentation that
    minimises the squared deviations of the points from their segment's mean plus
    PENALTY_FACTOR·noise_variance·ln(N) per segment, N the number of points."""
    if len(years) == 0:
        return []
    return _partition(np.asarray(years), np.asarray(values, dtype=float), noise_variance)[0]


def estimate_noise(series: Iterable[tuple[np.ndarray, np.ndarray]]) -> float:
    """The noise variance of a document mean in a set of yearly series ((years, values) each): the
    variance of the points around their segments' means, pooled over the series and shrunk toward
    PRIOR_NOISE_VARIANCE with the weight of PRIOR_NOISE_DF degrees of freedom, at least
    MIN_NOISE_VARIANCE — with the segments found at that same variance (a fixed point, reached
    from PRIOR_NOISE_VARIANCE in a few rounds). A flip is not taken for noise, as it would be by
    the spread of all points or of consecutive differences, which in a small corpus of clear flips
    (the seed) would hide the flips themselves."""
    informative = [(np.asarray(years), np.asarray(values, dtype=float)) for years, values in series if len(values) > 1]
    variance = PRIOR_NOISE_VARIANCE
    for _ in range(NOISE_ROUNDS):
        squares, freedom = 0.0, 0
        for years, values in informative:
            found, within = _partition(years, values, variance)
            squares += within
            freedom += len(values) - len(found)
        updated = max((squares + PRIOR_NOISE_DF * PRIOR_NOISE_VARIANCE) / (freedom + PRIOR_NOISE_DF), MIN_NOISE_VARIANCE)
        if abs(updated - variance) <= 1e-9 * variance:
            break
        variance = updated
    return variance


def change_point_periods(
    years: Iterable[int], scores: Iterable[float], *, noise_variance: float | None = None,
) -> list[tuple[int, int]]:
    """(first year, last year) of each segment of one yearly series of document means, by exact
    optimal partitioning (see `segments`); one score per document and year, a year is never cut,
    years without points fall between segments. `noise_variance=None` estimates it from this
    series alone (`estimate_noise`)."""
    years = np.asarray(list(years), dtype=np.int64)
    values = np.asarray(list(scores), dtype=float)
    if len(years) != len(values):
        raise ValueError(f"years and scores differ in length ({len(years)} and {len(values)}); allowed: one score per year")
    if noise_variance is None:
        noise_variance = estimate_noise([(years, values)])
    elif not isinstance(noise_variance, (int, float)) or isinstance(noise_variance, bool) or not noise_variance > 0:
        raise ValueError(f"noise_variance={noise_variance!r} is not allowed; allowed: a number > 0, or None")
    return segments(years, values, noise_variance=float(noise_variance))


# ─── Confidence ───────────────────────────────────────────────────────────────────────────


def pooled_variance(sides: Iterable[np.ndarray], *, noise_variance: float) -> float:
    """The noise variance of one pair's document means: the spread within its sides, pooled, shrunk
    toward the corpus's `noise_variance` with the weight of PRIOR_NOISE_DF degrees of freedom."""
    squares, freedom = 0.0, 0
    for means in sides:
        means = np.asarray(means, dtype=float)
        squares += float(np.sum((means - means.mean()) ** 2)) if len(means) else 0.0
        freedom += max(len(means) - 1, 0)
    return max((squares + PRIOR_NOISE_DF * noise_variance) / (freedom + PRIOR_NOISE_DF), MIN_NOISE_VARIANCE)


def sign_probability(unit_means: np.ndarray, sign: int, *, noise_variance: float) -> float:
    """P(the side's true mean has `sign`) under a conjugate normal model: document means
    ~ N(μ, noise_variance), prior μ ~ N(0, PRIOR_MEAN_VARIANCE)."""
    means = np.asarray(unit_means, dtype=float)
    precision = 1.0 / PRIOR_MEAN_VARIANCE + len(means) / noise_variance
    posterior_mean = float(np.sum(means)) / noise_variance / precision
    z = sign * posterior_mean * math.sqrt(precision)
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))
