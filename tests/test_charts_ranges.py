"""analysis/charts/ranges.py: the years and period a chart defaults to, from the data."""

import numpy as np
import pandas as pd
import pytest

from analysis.charts.ranges import YearRange, period_for_span, robust_years


def test_one_old_date_does_not_stretch_a_news_corpus():
    # A 2001–2008 news corpus that once recalls the Congress of Vienna (1815).
    dates = pd.Series(pd.to_datetime([f"{year}-06-01" for year in np.repeat(range(2001, 2009), 50)] + ["1815-06-09"]))
    found = robust_years(dates)
    assert (found.first, found.last) == (2001, 2008)
    assert found.outside == 1 and found.total == 401
    assert found.note("dated events") == "1 of 401 dated events lie outside 2001–2008"


def test_a_history_spread_over_decades_keeps_every_year():
    # A backgrounder on Afghanistan: a few dates each from the 1979 invasion to 2025.
    years = [1979, 1979, 1988, 1989, 1992, 1996, 2001, 2001, 2011, 2021, 2021, 2025, 2025]
    found = robust_years(years)
    assert tuple(found) == (1979, 2025) and found.outside == 0 and found.note() == ""


def test_a_cluster_of_old_dates_that_is_part_of_the_story_stays():
    # Speeches of 1946–2024 that keep returning to 1914–1918: a tenth of the dates, so not outliers.
    years = list(np.repeat(range(1946, 2025), 10)) + [1914, 1915, 1916, 1917, 1918] * 20
    assert robust_years(years).first == 1914


def test_no_dates_give_the_fallback_or_none():
    assert robust_years([]) is None
    assert robust_years(pd.Series([pd.NaT, pd.NaT]), fallback=(1979, 2025)) == YearRange(1979, 2025)


@pytest.mark.parametrize(("first", "last", "period"), [(2001, 2008, "year"), (1990, 2024, "5y"), (1946, 2024, "decade")])
def test_the_period_follows_the_span(first, last, period):
    assert period_for_span(first, last) == period
