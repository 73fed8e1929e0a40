"""Default ranges from the data: the years a chart shows, and the period a heatmap bins them by.

One old date must not stretch a chart: a 2001–2008 news corpus that recalls the treaty of 1648 once
should be drawn over 2001–2008, saying that one dated row lies outside. `robust_years` finds the
years where the dates cluster: the sorted years are cut into runs wherever two years with data lie
more than a gap apart (at least MIN_GAP years, or a quarter of the central 80% of the dates' span),
and the outermost runs are dropped while together they hold less than TAIL_SHARE of the dated rows
on their side. A steady spread of dates (a history running 1979–2025) keeps every year; only
isolated outliers go.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_GAP = 5  # years: a shorter break between dates is a quiet spell, not an outlier
TAIL_SHARE = 0.03  # of the dated rows, per side: more than this is part of the story, however far
# The heatmap's period from the span it covers: each bound is the longest span drawn at that period,
# so a heatmap has about 5–15 columns.
PERIOD_SPANS = (("year", 15), ("5y", 60))


@dataclass(frozen=True)
class YearRange:
    """Years `first`–`last` (inclusive) and how many dated rows (of `total`) lie outside them."""

    first: int
    last: int
    outside: int = 0
    total: int = 0

    def __iter__(self):  # `start, end = robust_years(...)` reads like a tuple
        return iter((self.first, self.last))

    @property
    def label(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"

    def note(self, noun: str = "dated rows") -> str:
        """"3 of 1,204 dated events lie outside 2001–2008" when some do, else ""."""
        if not self.outside:
            return ""
        return f"{self.outside:,} of {self.total:,} {noun} lie outside {self.label}"


def _years(dates) -> np.ndarray:
    series = pd.Series(dates)
    if not pd.api.types.is_datetime64_any_dtype(series):
        series = pd.to_numeric(series, errors="coerce")
        return series.dropna().astype("int64").to_numpy()
    return series.dropna().dt.year.astype("int64").to_numpy()


def robust_years(dates, *, fallback: tuple[int, int] | None = None) -> YearRange | None:
    """The years where `dates` (datetimes or integer years) cluster, outliers left out (see the module
    docstring); `fallback` (or None) when there are no dates."""
    years = np.sort(_years(dates))
    if not len(years):
        return YearRange(*fallback) if fallback is not None else None
    low, high = np.quantile(years, [0.1, 0.9])
    gap = max(MIN_GAP, (high - low) / 4)
    distinct, counts = np.unique(years, return_counts=True)
    starts = np.flatnonzero(np.r_[True, np.diff(distinct) > gap])  # each run of years with no gap inside
    ends = np.r_[starts[1:], len(distinct)]
    sizes = np.array([counts[start:end].sum() for start, end in zip(starts, ends)])
    allowed = TAIL_SHARE * len(years)
    first_run, last_run = 0, len(starts) - 1
    while first_run < last_run and sizes[: first_run + 1].sum() < allowed:
        first_run += 1
    while last_run > first_run and sizes[last_run:].sum() < allowed:
        last_run -= 1
    first, last = int(distinct[starts[first_run]]), int(distinct[ends[last_run] - 1])
    outside = int(((years < first) | (years > last)).sum())
    return YearRange(first, last, outside, len(years))


def period_for_span(first: int, last: int) -> str:
    """"year" for a span of up to 15 years, "5y" up to 60, else "decade"."""
    span = last - first + 1
    return next((period for period, longest in PERIOD_SPANS if span <= longest), "decade")
