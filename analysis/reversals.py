"""Stance observations → dyads (each actor pair's stance per period) and reversals (a's stance toward
b flips between hostile and cooperative), with the evidence, its amount and a confidence.

Public functions; the table functions are pure, from the stances table (or, for older callers, the
events table) to a table:

    observations(table)                                  the stances table; events turned into observations
    fold_actors(table, *, knowledge_base)                table + source_family, target_family
    fold_actor(actor_id, *, knowledge_base, on)          one actor's family representative on a day
                                                         (both from analysis.families)
    dyads(table, *, knowledge_base, period, directed)    the "dyads" table (tables.SCHEMAS)
    reversals(table, *, knowledge_base, period, ...)     the "reversals" table (tables.SCHEMAS)
    role_swaps(table, *, knowledge_base, period, ...)    ROLE_SWAP_COLUMNS: two actors trading stances
                                                         toward a third
    change_point_periods(years, scores)                  the segments of one yearly series
    stance(mean_score)                                   cooperative, neutral or hostile

`knowledge_base=None` loads the kit's default knowledge base (`analysis.knowledge`); any object with
its `get`, `lineage`, `family` and `governing_actor` will do. The statistics of one series (merging,
document means, noise, change points, confidence) live in `analysis.stance_series`; which observations
count and the periods they fall in, in `analysis.pair_observations`.

Input
    The stances table: one row per stance observation — a speaker's event toward a target (kind
    "event", score its Goldstein weight, cue its CAMEO code) or evaluative words aimed at a target
    (kind "language"), score on the Goldstein scale (−10 … +10). An events table (told by its
    columns: an event_id, no stance_id or score) is turned into observations of kind "event"
    first (`observations`): negated events are dropped — "Russia did not recognise …" is the
    absence of an act, not its opposite. An observation counts when it has a source, a target, a
    date and a score, and its two actors fold into different families (the CIA → the United States).

One event, many reports
    Observations of kind "event" with the same source family, target family, CAMEO code (the
    cue's first word), date and date precision are one observation, whatever number of documents
    report it (three articles on the invasion of 27 December 1979 are one invasion); every report
    stays in the evidence. Language observations are a speaker's own words in one document and are
    never merged. A merged observation counts in the document of its first report.

Own voice (`authors`)
    In a corpus whose documents have authors (UN speeches: the speaking state), an author's stance is
    read from its own telling: its own speeches and its words reported elsewhere (an observation's
    `speaker_id`). Another speaker's account of its acts ("Israel occupies Sinai", said by Syria) counts as
    that speaker's accusation of it (analysis.observations), not as the author's own stance; so does an account
    whose teller is unknown ("…, as reported by the news agencies"). Actors that author nothing (news
    subjects, most states of a news corpus) keep every report.

Documents are the units of evidence
    Twenty sentences of one speech are one witness, not twenty. A side of a reversal (and a dyad)
    has its mean score from document means — each document's observations averaged, then the
    documents averaged — so one long speech cannot outvote ten short ones, and its confidence from
    the number and spread of those document means.

Families — each observation side folds into one representative actor on the observation's date,
by lineage (the Soviet Union → Russia), affiliation (the CIA → the United States) and rulers
(Afghanistan in 1998 → the Taliban): `analysis.families`, whose docstring has the rules.

Periods (`period=`)
    "year"          calendar years;
    "5y"            five-year bins starting at a year divisible by five (1975–1979, 1980–1984);
    "decade"        1970–1979, 1980–1989, …;
    "changepoints"  the segments of each pair's yearly series of document means (one point per
                    document and year) by exact optimal partitioning, years kept whole: the
                    segmentation minimising the squared deviations of the points from their
                    segment's mean plus a penalty of 3·σ²·ln(N) per segment (N the pair's points).
                    σ² is the noise variance of a document mean, estimated from all pairs of the
                    input (analysis.stance_series, which also gives the calibration of the 3).
    A period runs from 1 January of its first year to 31 December of its last.

Stance of a period: its mean score (of document means) above COOPERATIVE_ABOVE (+1) is
cooperative, below HOSTILE_BELOW (−1) hostile, else neutral (analysis.reversal_runs, which also holds a
pair's runs, the sides' subjects and the confidence).

Histories (reversals and role swaps only)
    A pair's history joins the observations of the families on its two sides and, for an actor that
    governs a state at some time, the observations with that state at any time: the gold reading of
    "historic roles have reversed" sets the Soviet invasion of Afghanistan (1979) against Russia's
    recognition of the Taliban (2025). To keep the Afghan Republic's years from speaking for the
    Taliban, a year in which the pair has observations with the ruler itself uses those only. A
    reversal is named after the ruler when the ruler's own observations are on one of its sides,
    else after the state. When both sides fall into one history (Afghanistan 2010 ↔ the Taliban),
    the pair keeps its families. The two sides of a reversal must speak of one actor: a ruler in power
    is the state, out of power only itself, and a side's subject is what at least three quarters of its
    observations name — Afghanistan's governments before and the Taliban's insurgency of 2018 after are
    two actors, and a flip between them (or toward an even mixture of them) is no reversal.

Reversals — how a flip is found in a pair's history (directed by default: a's stance toward b;
a pair that flips both ways gives two rows; `directed=False` joins a→b and b→a)
    1. The non-neutral periods, in time order, form runs of equal stance (neutral periods between
       two runs of one stance join them).
    2. A run is left out when its document-level mean is not of its stance, or when it lacks the
       minimum evidence: min(min_observations, D) observations and min(min_documents, D) documents,
       D the distinct documents (doc_id) of the table passed in. Runs of one stance that now touch
       merge.
    3. A lone outlier is left out too: a run of fewer than `min_observations` observations between
       two runs of the opposite stance with at least that many each (+ + + − + + + in one article).
    4. Each boundary between two remaining runs is a reversal.

    Minimum evidence. The defaults, 3 observations and 2 documents a side, ask that a stance rest
    on more than one misread sentence and on more than one occasion or witness; they are scaled to
    the corpus, so a one-document corpus (the seed article: one Soviet event against Russia's two,
    one American event a side) still shows its reversals, with a low confidence, while a corpus
    of 900 speeches needs the configured amounts.

    before_* / after_*   the span of the side's periods, its stance, its mean (of document means).
    n_before, n_after    observations (one event reported three times counts once).
    docs_before, …       distinct documents reporting the side's observations.
    flip_date            the date of the first observation of the after side that has the new
                         stance's sign: the first document showing the new stance, not the middle of
                         the silence before it, nor a neutral remark that opens the side.
    confidence           P(before side's true mean has its sign) · P(after side's …) under a
                         conjugate normal model of each side's document means (model, choice and
                         calibration: analysis.stance_series). It grows with the number of
                         documents and falls with their spread: one document a side at ±5 gives
                         about 0.6, at ±8 0.8, three documents a side at ±4 0.9, ten 0.999.
    strength             |after_mean − before_mean| / 20 (the Goldstein range), in [0, 1].
    evidence_*           the stance ids (event ids for an events table) of every report of the
                         side's observations, by date.
    Rows come strongest and surest first: by strength · confidence, then strength, then ids.

    On the 892 UN General Debate speeches of 13 speakers (1946–2024: 37,338 events, 6,727
    observations after merging) the defaults give 18 directed reversals resting on a median of 7
    documents a side; the former rules gave 213, resting on one document a side in the median.

Role swaps: actor A cooperative and actor B hostile toward C earlier, the opposite later (the United
States and the Soviet Union toward the Taliban and its forerunners). Built from two reversals of
the pairs (A, C) and (B, C) with opposite directions whose "before" spans overlap and which both
flip after both "before" spans end. `a_id` is the one cooperative before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Iterator, Mapping

import numpy as np
import pandas as pd

from analysis import tables
from analysis.families import Folder, check_flag, fold_actor, fold_actors, knowledge_base_or_default
from analysis.pair_observations import (
    FIXED_PERIODS,
    PERIODS,
    check_minimum,
    check_period,
    documents_in,
    noise_of,
    undirect,
    usable_observations,
    with_periods,
)
from analysis.reversal_runs import Minimum, Run, confidence, one_subject, runs, stance
from analysis.stance_series import DOCUMENT_PRIOR_WEIGHT, MIN_NOISE_VARIANCE, change_point_periods, check_table, observations

__all__ = [
    "PERIODS", "ROLE_SWAP_COLUMNS", "change_point_periods", "dyads", "fold_actor", "fold_actors",
    "observations", "reversals", "role_swaps", "stance",
]

GOLDSTEIN_RANGE = 20.0
# Minimum evidence on each side of a reversal (module docstring, "Minimum evidence").
MIN_OBSERVATIONS = 3
MIN_DOCUMENTS = 2

ROLE_SWAP_COLUMNS: dict[str, object] = {
    "a_id": tables.STRING, "b_id": tables.STRING, "target_id": tables.STRING,
    "before_start": tables.DATE, "before_end": tables.DATE, "after_start": tables.DATE, "after_end": tables.DATE,
    "a_before_stance": tables.SCHEMAS["reversals"]["before_stance"],
    "a_after_stance": tables.SCHEMAS["reversals"]["after_stance"],
    "b_before_stance": tables.SCHEMAS["reversals"]["before_stance"],
    "b_after_stance": tables.SCHEMAS["reversals"]["after_stance"],
    "a_flip_date": tables.DATE, "b_flip_date": tables.DATE, "strength": tables.FLOAT, "confidence": tables.FLOAT,
    "evidence_a_before": tables.LIST, "evidence_a_after": tables.LIST,
    "evidence_b_before": tables.LIST, "evidence_b_after": tables.LIST,
}


# ─── Dyads ────────────────────────────────────────────────────────────────────────────────


def dyads(
    table: pd.DataFrame,
    *,
    knowledge_base=None,
    period: str = "year",
    directed: bool = True,
    by_affiliation: bool = True,
    authors: Collection[str] = (),
) -> pd.DataFrame:
    """The dyads table: per (source family, target family, period) the number of observations (one
    event reported by several documents counts once), of documents reporting them, their mean score
    (the mean of document means, each weighted by its evidence: analysis.stance_series.document_mean) and its stance. `directed=False` merges A→B and B→A (source_id is
    then the smaller id). Columns: source_id, target_id, period_start, period_end, n_observations,
    n_documents, mean_score, stance. `authors`: the actors that author documents of the corpus, whose
    stance is read from their own telling (module docstring, "Own voice")."""
    check_table(table)
    check_period(period)
    check_flag("directed", directed)
    check_flag("by_affiliation", by_affiliation)
    usable = usable_observations(table, Folder(knowledge_base_or_default(knowledge_base), by_affiliation=by_affiliation, speaking=authors), authors)
    if usable.empty:
        return tables.empty("dyads")
    if not directed:
        usable = undirect(usable, "source", "target")
    keys = ["source", "target"]
    # Only changepoint periods weigh the noise: years, five-year periods and decades are fixed cuts.
    noise = noise_of(usable, keys) if period not in FIXED_PERIODS else MIN_NOISE_VARIANCE
    usable = with_periods(usable, keys, period, noise)
    cell = ["source", "target", "period_start", "period_end"]
    per_document = usable.groupby([*cell, "doc"], sort=True)["score"].agg(["mean", "size"])
    weight = per_document["size"] / (per_document["size"] + DOCUMENT_PRIOR_WEIGHT)
    weighted = (per_document["mean"] * weight).groupby(level=cell, sort=True).sum()
    summary = (weighted / weight.groupby(level=cell, sort=True).sum()).rename("mean_score").to_frame()
    summary["n_observations"] = usable.groupby(cell, sort=True).size()
    reporting = usable[[*cell, "documents"]].explode("documents")
    summary["n_documents"] = reporting.groupby(cell, sort=True)["documents"].nunique()
    summary = summary.reset_index().rename(columns={"source": "source_id", "target": "target_id"})
    summary["stance"] = summary["mean_score"].map(stance)
    return tables.conform("dyads", summary)


# ─── Reversals ────────────────────────────────────────────────────────────────────────────


def _name(history_id: str, families: np.ndarray) -> str:
    """The history's ruler when its own observations are present, else the family that stood in most often."""
    if (families == history_id).any():
        return history_id
    names, counts = np.unique(families.astype(str), return_counts=True)
    return str(names[np.argmax(counts)])


def _histories(usable: pd.DataFrame, folder: Folder, *, directed: bool) -> pd.DataFrame:
    """Each usable observation with the pair of histories it belongs to (`a`, `b`); in a year where
    the pair has observations with the ruler itself, those with the state it governs at other times
    are left out."""
    usable = usable.copy()
    usable["a"] = usable["source"].map(folder.history)
    usable["b"] = usable["target"].map(folder.history)
    same = usable["a"] == usable["b"]
    usable.loc[same, "a"] = usable.loc[same, "source"]
    usable.loc[same, "b"] = usable.loc[same, "target"]
    if not directed:
        usable = undirect(usable, "a", "b", ("source", "target"))
    usable["direct"] = (usable["a"] == usable["source"]) & (usable["b"] == usable["target"])
    any_direct = usable.groupby(["a", "b", "year"])["direct"].transform("any")
    return usable[usable["direct"] | ~any_direct].reset_index(drop=True)


@dataclass
class _Reversal:
    history: tuple[str, str]
    names: tuple[str, str]
    before: Run
    after: Run
    confidence: float
    directed: bool

    @property
    def flip_date(self) -> pd.Timestamp:
        return self.after.first_showing()

    @property
    def strength(self) -> float:
        return round(min(abs(self.after.mean - self.before.mean) / GOLDSTEIN_RANGE, 1.0), 4)

    def row(self) -> dict:
        first, second = self.names if self.directed else sorted(self.names)
        return {
            "a_id": first, "b_id": second,
            "before_start": self.before.start, "before_end": self.before.end, "before_stance": self.before.stance,
            "before_mean": round(self.before.mean, 4),
            "after_start": self.after.start, "after_end": self.after.end, "after_stance": self.after.stance,
            "after_mean": round(self.after.mean, 4), "flip_date": self.flip_date,
            "n_before": self.before.size, "n_after": self.after.size,
            "docs_before": self.before.n_documents, "docs_after": self.after.n_documents,
            "confidence": round(self.confidence, 4), "strength": self.strength,
            "evidence_before": self.before.evidence(), "evidence_after": self.after.evidence(),
        }


def _find_reversals(
    table: pd.DataFrame, *, knowledge_base, period: str, min_observations: int, min_documents: int,
    directed: bool, by_affiliation: bool, authors: Collection[str] = (),
) -> Iterator[_Reversal]:
    check_table(table)
    check_period(period)
    check_minimum("min_observations", min_observations)
    check_minimum("min_documents", min_documents)
    check_flag("directed", directed)
    check_flag("by_affiliation", by_affiliation)
    folder = Folder(knowledge_base_or_default(knowledge_base), by_affiliation=by_affiliation, speaking=authors)
    usable = usable_observations(table, folder, authors)
    if usable.empty:
        return
    corpus = documents_in(table)
    minimum = Minimum(min(min_observations, corpus), min(min_documents, corpus), min_observations)
    keys = ["a", "b"]
    histories = _histories(usable, folder, directed=directed)
    noise = noise_of(histories, keys)
    histories = with_periods(histories, keys, period, noise)
    for (a, b), frame in histories.groupby(keys, sort=True):
        history, found = runs(frame, minimum)
        for before, after in zip(found, found[1:]):
            if not one_subject(before, after, (a, b), folder):
                continue
            rows = np.concatenate([before.rows, after.rows])
            names = (_name(a, history.source[rows]), _name(b, history.target[rows]))
            yield _Reversal((a, b), names, before, after, confidence(before, after, noise), directed)


def _ranked(table: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """Strongest and surest first: strength · confidence, then strength, then ids."""
    ranked = table.assign(_rank=table["strength"] * table["confidence"])
    ranked = ranked.sort_values(["_rank", "strength", *ids], ascending=[False, False] + [True] * len(ids), kind="stable")
    return ranked.drop(columns="_rank").reset_index(drop=True)


def reversals(
    table: pd.DataFrame,
    *,
    knowledge_base=None,
    period: str = "changepoints",
    min_observations: int = MIN_OBSERVATIONS,
    min_documents: int = MIN_DOCUMENTS,
    directed: bool = True,
    by_affiliation: bool = True,
    authors: Collection[str] = (),
) -> pd.DataFrame:
    """The reversals table: a's stance toward b flips between hostile and cooperative; strongest and
    surest first (strength · confidence, then strength).

    Columns: a_id, b_id (directed: the source and target families; `directed=False`: the smaller id
    first), before_start, before_end, before_stance, before_mean, after_start, after_end,
    after_stance, after_mean, flip_date, n_before, n_after, docs_before, docs_after, confidence,
    strength, evidence_before, evidence_after. A side needs min(min_observations, D) observations
    and min(min_documents, D) documents, D the documents of `table`. Rules for runs, outliers,
    flip date, confidence and strength: module docstring."""
    rows = [found.row() for found in _find_reversals(
        table, knowledge_base=knowledge_base, period=period, min_observations=min_observations,
        min_documents=min_documents, directed=directed, by_affiliation=by_affiliation, authors=authors,
    )]
    return _ranked(tables.frame("reversals", rows), ["a_id", "b_id", "flip_date"])


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
    table: pd.DataFrame,
    *,
    knowledge_base=None,
    period: str = "changepoints",
    min_observations: int = MIN_OBSERVATIONS,
    min_documents: int = MIN_DOCUMENTS,
    directed: bool = True,
    by_affiliation: bool = True,
    authors: Collection[str] = (),
) -> pd.DataFrame:
    """Role swaps: A cooperative and B hostile toward the same C, then A hostile and B cooperative.

    One row per swap, strongest and surest first; columns ROLE_SWAP_COLUMNS: a_id (cooperative
    before), b_id, target_id, before_start/before_end and after_start/after_end (the spans of the two
    actors' evidence), each actor's stances and flip date, strength (the smaller of the two
    reversals'), confidence (the product of theirs), and the evidence ids of both actors on both
    sides. Options as `reversals`."""
    found = list(_find_reversals(
        table, knowledge_base=knowledge_base, period=period, min_observations=min_observations,
        min_documents=min_documents, directed=directed, by_affiliation=by_affiliation, authors=authors,
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
                "confidence": round(first.confidence * second.confidence, 4),
                "evidence_a_before": first.before.evidence(), "evidence_a_after": first.after.evidence(),
                "evidence_b_before": second.before.evidence(), "evidence_b_after": second.after.evidence(),
            })
    return _ranked(_typed(ROLE_SWAP_COLUMNS, rows), ["a_id", "b_id", "target_id"])
