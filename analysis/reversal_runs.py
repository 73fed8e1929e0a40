"""One pair's history cut into runs of one stance, and what a reversal between two runs needs: the sides'
document means, evidence, minimum amounts, subjects and confidence (the rules: analysis/reversals.py's
module docstring, "Reversals" and "Histories").

    stance(mean_score)                      cooperative, neutral or hostile
    runs(frame, minimum)                    a pair's history and the runs that can be sides of a reversal
    one_subject(before, after, pair, folder)  whether both sides speak of the same actors
    confidence(before, after, noise)        P(each side's true mean has its sign), multiplied
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from analysis.families import Folder
from analysis.stance_series import document_mean, pooled_variance, sign_probability, unit_means

COOPERATIVE_ABOVE = 1.0
HOSTILE_BELOW = -1.0


def stance(mean_score: float) -> str:
    """cooperative above +1, hostile below −1, neutral between (and for a missing mean)."""
    if mean_score is None or pd.isna(mean_score):
        return "neutral"
    if mean_score > COOPERATIVE_ABOVE:
        return "cooperative"
    if mean_score < HOSTILE_BELOW:
        return "hostile"
    return "neutral"


@dataclass
class History:
    """One pair's observations as arrays, in time order."""

    observation: np.ndarray
    date: np.ndarray
    score: np.ndarray
    source: np.ndarray
    target: np.ndarray
    doc: np.ndarray
    reports: np.ndarray
    documents: np.ndarray

    @classmethod
    def of(cls, frame: pd.DataFrame) -> "History":
        return cls(*(frame[column].to_numpy() for column in (
            "observation", "date", "score", "source", "target", "doc", "reports", "documents")))


@dataclass
class Run:
    """Consecutive periods of one stance in a pair's history, with their observations (rows of the history)."""

    stance: str
    start: pd.Timestamp
    end: pd.Timestamp
    rows: np.ndarray
    history: History

    @property
    def size(self) -> int:
        return len(self.rows)

    @property
    def sign(self) -> int:
        return 1 if self.stance == "cooperative" else -1

    @cached_property
    def unit_means(self) -> np.ndarray:
        """One mean score per document: the units of evidence."""
        return unit_means(self.history.doc[self.rows], self.history.score[self.rows].astype(float))

    @cached_property
    def mean(self) -> float:
        return document_mean(self.history.doc[self.rows], self.history.score[self.rows].astype(float))

    @cached_property
    def n_documents(self) -> int:
        return len({document for documents in self.history.documents[self.rows] for document in documents})

    def supported(self) -> bool:
        """Whether the run's document-level mean is of its stance."""
        return stance(self.mean) == self.stance

    def enough(self, observations: int, documents: int) -> bool:
        return self.size >= observations and self.n_documents >= documents

    def evidence(self) -> list[str]:
        """The stance ids of every report of the run's observations, by date."""
        return [report for reports in self.history.reports[self.rows] for report in reports]

    def first_date(self) -> pd.Timestamp:
        return pd.Timestamp(self.history.date[self.rows].min())

    def first_showing(self) -> pd.Timestamp:
        """The date of the first observation of the run's own sign: a neutral remark or a stray one of the old
        stance at the start of the run ("we are entitled to ask the United States …", scored 0) shows no change."""
        showing = self.rows[np.sign(self.history.score[self.rows].astype(float)) == self.sign]
        return pd.Timestamp(self.history.date[showing].min()) if len(showing) else self.first_date()


@dataclass(frozen=True)
class Minimum:
    """The evidence a side needs: `observations` and `documents` scaled to the corpus; `outlier`
    the configured observations, below which a run between two bigger opposite runs is an outlier."""

    observations: int
    documents: int
    outlier: int


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].stance == run.stance:
            last = merged[-1]
            rows = np.sort(np.concatenate([last.rows, run.rows]))
            merged[-1] = Run(run.stance, last.start, run.end, rows, run.history)
        else:
            merged.append(run)
    return merged


def _lone_outlier(runs: list[Run], size: int) -> int | None:
    """Index of the smallest run of fewer than `size` observations with runs of at least `size` on both sides."""
    outliers = [
        index for index in range(1, len(runs) - 1)
        if runs[index].size < size and runs[index - 1].size >= size and runs[index + 1].size >= size
    ]
    return min(outliers, key=lambda index: (runs[index].size, index)) if outliers else None


def runs(frame: pd.DataFrame, minimum: Minimum) -> tuple[History, list[Run]]:
    """The runs of one pair's history that can be sides of a reversal (module docstring, 1–3)."""
    history = History.of(frame)
    starts, ends = frame["period_start"].to_numpy(), frame["period_end"].to_numpy()
    # Observations are in time order and periods do not overlap, so each period is one block of rows.
    boundaries = np.flatnonzero(np.r_[True, starts[1:] != starts[:-1], True])
    runs = []
    for first, stop in zip(boundaries[:-1], boundaries[1:]):
        rows = np.arange(first, stop)
        period_stance = stance(document_mean(history.doc[rows], history.score[rows].astype(float)))
        if period_stance != "neutral":
            runs.append(Run(period_stance, pd.Timestamp(starts[first]), pd.Timestamp(ends[first]), rows, history))
    runs = _merge(runs)
    while True:
        kept = _merge([run for run in runs if run.supported() and run.enough(minimum.observations, minimum.documents)])
        outlier = _lone_outlier(kept, minimum.outlier)
        if outlier is not None:
            kept = _merge(kept[:outlier] + kept[outlier + 1:])
        if len(kept) == len(runs):
            return history, kept
        runs = kept


def _subjects(run: Run, column: str, history_id: str, folder: Folder) -> set[str]:
    """What a run's side speaks of, each kind in at least three quarters of its observations (a stray few do not
    change a side's subject, an even mixture has none): "state" (the state itself, or its ruler while in power)
    and "self" (the history's own actor, in power or not)."""
    families, days = getattr(run.history, column)[run.rows], run.history.date[run.rows]
    counts = {"state": 0, "self": 0}
    for family, day in zip(families, days):
        if family != history_id:
            counts["state"] += 1
        else:
            counts["self"] += 1
            counts["state"] += folder.in_power(history_id, pd.Timestamp(day).date())
    return {subject for subject, count in counts.items() if 4 * count >= 3 * len(families)}


def one_subject(before: Run, after: Run, history: tuple[str, str], folder: Folder) -> bool:
    """Whether both sides speak of the same actor on each side of the pair: Afghanistan in 1979 and the
    Taliban ruling it in 2025 are one (the state), but Afghanistan's years and the Taliban's insurgency of
    2018 are two, and a flip between them is no reversal."""
    return all(_subjects(before, column, history_id, folder) & _subjects(after, column, history_id, folder)
               for column, history_id in zip(("source", "target"), history))


def confidence(before: Run, after: Run, noise: float) -> float:
    """P(before's mean has its sign) · P(after's mean has its sign) (module docstring, "confidence")."""
    variance = pooled_variance([before.unit_means, after.unit_means], noise_variance=noise)
    return (sign_probability(before.unit_means, before.sign, noise_variance=variance)
            * sign_probability(after.unit_means, after.sign, noise_variance=variance))
