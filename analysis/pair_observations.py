"""The observations of a stances table that can count toward a pair's stance, and the periods they fall in
(used by analysis.reversals for dyads, reversals and role swaps).

    check_period(period), check_minimum(name, value)    option checks with the allowed values
    usable_observations(table, folder, authors)          folded, counted, reports of one event merged
    told_by_others(folded, folder, authors)              rows another speaker tells of a self-speaking actor
    anachronistic(folded, knowledge_base)                rows naming an actor on a day it did not exist
    documents_in(table)                                  distinct documents
    noise_of(usable, keys)                               the noise variance of a document mean
    with_periods(usable, keys, period, noise)            period_start and period_end of every row
    undirect(usable, left, right, *also)                 each pair in one order

The rules themselves (own voice, anachronisms, periods) are told in analysis.reversals's docstring.
"""

from __future__ import annotations

from typing import Collection

import numpy as np
import pandas as pd

from analysis.families import Folder, fold_table
from analysis.stance_series import MIN_NOISE_VARIANCE, estimate_noise, merge_reports, observations, segments, yearly_series

PERIODS = ("year", "5y", "decade", "changepoints")
FIXED_PERIODS = ("year", "5y", "decade")  # cuts of the calendar; "changepoints" are found in each pair's series


# ─── Options ──────────────────────────────────────────────────────────────────────────────


def check_period(period: str) -> None:
    if period not in PERIODS:
        raise ValueError(f"period={period!r} is not a period; allowed: {', '.join(map(repr, PERIODS))}")


def check_minimum(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name}={value!r} is not allowed; allowed: an integer ≥ 1")


def told_by_others(folded: pd.DataFrame, folder: Folder, authors: Collection[str]) -> pd.Series:
    """Observations of an actor that speaks for itself in the corpus (an author of some of its documents)
    told by someone else: in a corpus of speeches a state's stance is read from its own speeches (and its
    words quoted elsewhere), while "Israel occupies Sinai" in a Syrian speech is Syria's account, which
    counts as Syria's accusation of Israel (analysis.observations), not as Israel's own stance."""
    flagged = pd.Series(False, index=folded.index)
    if not authors or "speaker_id" not in folded.columns or folded["speaker_id"].isna().all():
        return flagged  # a table that records no speakers cannot tell who told what
    speaking = {folder.static(str(author)) for author in authors if author}
    sources = folded["source_id"].astype("object")
    speakers = folded["speaker_id"].astype("object")
    known = sources.notna()
    families = {actor: folder.static(str(actor)) for actor in pd.unique(pd.concat([sources[known], speakers.dropna()]))}
    source_family = sources[known].map(families)
    # an unknown speaker is someone else too: "…, as reported by the news agencies" is not the actor's own telling
    speaker_family = speakers[known].map(families)
    flagged.loc[known] = (source_family.isin(speaking) & (source_family != speaker_family)).to_numpy()
    return flagged


def usable_observations(table: pd.DataFrame, folder: Folder, authors: Collection[str] = ()) -> pd.DataFrame:
    """The observations of `table` that can count, folded into families, reports of one event merged
    (stance_series.merge_reports: observation, date, year, score, source, target, doc, reports, documents)."""
    folded = fold_table(observations(table), folder)
    keep = (
        folded["source_family"].notna() & folded["target_family"].notna()
        & (folded["source_family"] != folded["target_family"]).fillna(False)
        & folded["date"].notna() & folded["score"].notna() & folded["doc_id"].notna()
        & ~anachronistic(folded, folder.knowledge_base) & ~told_by_others(folded, folder, authors)
    )
    usable = folded[keep].assign(
        source=folded.loc[keep, "source_family"].astype(str), target=folded.loc[keep, "target_family"].astype(str),
        score=folded.loc[keep, "score"].astype(float),
    )
    return merge_reports(usable)


def anachronistic(folded: pd.DataFrame, knowledge_base) -> pd.Series:
    """Observations that name an actor on a date when it did not exist: "the artificial famine perpetrated by
    the Soviet totalitarian regime", said in 2007, judges the past, not the Soviet Union's successor in 2007.
    Such a row speaks of history and does not count toward a stance; an event dated in its own time (the
    Soviet invasion of 1979) does; so does a name used before its actor began ("Viet Nam" in 1975, before the
    Socialist Republic of 1976: its forerunners fold into it). Knowledge bases without `ended` keep every
    row."""
    ended = getattr(knowledge_base, "ended", None)
    flagged = pd.Series(False, index=folded.index)
    if ended is None or folded.empty:
        return flagged
    days = pd.to_datetime(folded["date"], errors="coerce").dt.normalize()
    for column in ("source_id", "target_id"):
        pairs = pd.DataFrame({"actor": folded[column].astype(object), "day": days}).dropna()
        # One question per actor and day, joined back to the rows (a Python loop over every row is slow).
        asked = pairs.drop_duplicates()
        asked = asked.assign(gone=[ended(str(actor), on=day.date()) for actor, day in zip(asked["actor"], asked["day"])])
        gone = pairs.merge(asked, on=["actor", "day"], how="left")["gone"].to_numpy(dtype=bool)
        flagged.loc[pairs.index] |= gone
    return flagged


def documents_in(table: pd.DataFrame) -> int:
    return int(table["doc_id"].dropna().nunique())


# ─── Periods ──────────────────────────────────────────────────────────────────────────────


def noise_of(usable: pd.DataFrame, keys: list[str]) -> float:
    """The noise variance of a document mean in this input (stance_series.estimate_noise)."""
    if usable.empty:
        return MIN_NOISE_VARIANCE
    return estimate_noise((years, means) for _, years, means in yearly_series(usable, keys))


def with_periods(usable: pd.DataFrame, keys: list[str], period: str, noise: float) -> pd.DataFrame:
    """`usable` with period_start and period_end (changepoints: per group of `keys`)."""
    years = usable["year"].to_numpy(np.int64)
    if period == "year":
        first, last = years, years
    elif period in ("5y", "decade"):
        width = 5 if period == "5y" else 10
        first = years - years % width
        last = first + width - 1
    else:
        first, last = np.zeros_like(years), np.zeros_like(years)
        for rows, point_years, point_means in yearly_series(usable, keys):
            group_years = years[rows]
            for start, end in segments(point_years, point_means, noise_variance=noise):
                inside = rows[(group_years >= start) & (group_years <= end)]
                first[inside], last[inside] = start, end
    usable = usable.copy()
    usable["period_start"] = pd.to_datetime(pd.DataFrame({"year": first, "month": 1, "day": 1})).to_numpy()
    usable["period_end"] = pd.to_datetime(pd.DataFrame({"year": last, "month": 12, "day": 31})).to_numpy()
    return usable


def undirect(usable: pd.DataFrame, left: str, right: str, *also: tuple[str, str]) -> pd.DataFrame:
    """Put each pair in one order (the smaller id first) so A→B and B→A fall together."""
    usable = usable.copy()
    swap = usable[left] > usable[right]
    for first, second in ((left, right), *also):
        usable.loc[swap, [first, second]] = usable.loc[swap, [second, first]].to_numpy()
    return usable
