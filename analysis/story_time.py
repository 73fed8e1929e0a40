"""Time expressions that count from the story's time, or fill in from it what they leave out.

`in_story` is the first step of analysis.dates.normalize. It handles clock times ("8 PM on Saturday"),
holidays ("Christmas 1963") and the expressions TimeML calls anaphoric: "the following day", "two weeks
later", "later that month", "the previous April", "August of that year". They count from the story's time
(`timeml.Reference`, the last day, month or year the text named), never from the document date; without a
story time they name nothing. Once the story has left the document's year, a month, a day of a month, a
season or a weekday written without a year is also read in the story's year ("In 1979 … In December").
"""

from __future__ import annotations

import re
from datetime import date
from typing import Callable

from analysis.timeml import (
    MONTH_PATTERN, MONTHS, NUMBER_PATTERN, SEASONS, UNIT_PATTERN, UNKNOWN, WEEKDAY_RULE, WEEKDAYS, BARE_MONTH,
    Reference, Timex, count_of, day_timex, period_timex, season_timex, shifted, weekday_near,
)
from dateutil.easter import easter

_DAY_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_STORY_UNIT = r"(day|week|month|year|morning|afternoon|evening|night)"
# "the following day", "the next morning", "the previous year" (with "the": "next year" counts from today)
_NEIGHBOUR = re.compile(rf"(following|next|subsequent|previous|preceding|prior) {_STORY_UNIT}")
_NEIGHBOUR_BEFORE_AFTER = re.compile(rf"{_STORY_UNIT} (after|before)")  # "the day after"
_SAME = re.compile(rf"(?:that(?: same)?|same|that very|very same) {_STORY_UNIT}")  # "that same day", "that year"
_MONTH_OF_THAT_YEAR = re.compile(
    rf"({MONTH_PATTERN})\.? (?:of )?(?:that|the same|the following|the next|the previous|the preceding) year")
_NEIGHBOUR_MONTH = re.compile(rf"(following|next|subsequent|previous|preceding|prior) ({MONTH_PATTERN})")
_LATER = re.compile(rf"(?P<number>{NUMBER_PATTERN}) {UNIT_PATTERN} (?P<direction>later|earlier|after|before|afterwards?|on)")
_NEIGHBOUR_STEPS = {"following": 1, "next": 1, "subsequent": 1, "after": 1, "previous": -1, "preceding": -1,
                    "prior": -1, "before": -1}
_MONTH_DAY = re.compile(rf"({MONTH_PATTERN})\.? (\d{{1,2}})(?:st|nd|rd|th)?|(?:the )?(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({MONTH_PATTERN})")
_CLOCK = re.compile(r"(?:(?P<date1>.+?),? )?(?:at )?(?:(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))? ?(?P<half>a\.?m|p\.?m)\.?"
                    r"|(?P<hour24>\d{1,2})[:.](?P<minute24>\d{2})(?: ?(?:hours|hrs|h))?)"
                    r"(?: (?:gmt|utc|local time|[a-z]{3}))?(?:,? (?:on )?(?P<date2>.+))?")
_HOLIDAY = re.compile(r"(christmas(?: eve| day)?|new year's (?:eve|day)|easter(?: sunday)?)(?:,? (?:of )?(\d{4}))?")
_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "new year's day": (1, 1),
             "new year's eve": (12, 31)}


def in_story(text: str, anchor: date | None, tense: str | None, definite: bool, reference: Reference | None,
             year: int | None, *, resolve: Callable[..., Timex]) -> Timex | None:
    """The time of an expression that counts from the story's time or fills in what it leaves out (see
    `Reference`); None when `text` is none of these, UNKNOWN when it is one but the story has no time yet."""
    if match := _CLOCK.fullmatch(text):
        return _clock(match, anchor, tense, reference, resolve)
    if match := _HOLIDAY.fullmatch(text):
        return _holiday(match, anchor, reference)
    anaphor = _anaphor(text, definite)
    if anaphor is not None:
        unit, step = anaphor
        return _counted(reference, unit, step) if reference is not None else UNKNOWN
    if match := _MONTH_OF_THAT_YEAR.fullmatch(text):
        return period_timex("month", reference.year, MONTHS[match[1]]) if reference else UNKNOWN
    if (match := _NEIGHBOUR_MONTH.fullmatch(text)) and (definite or match[1] != "next"):
        if reference is None or reference.month is None:
            return UNKNOWN
        month, forward = MONTHS[match[2]], _NEIGHBOUR_STEPS[match[1]] > 0
        year = reference.year + (month <= reference.month if forward else -(month >= reference.month))
        return period_timex("month", year, month)
    if reference is not None and (year is None or reference.year != year):  # the story has left the document's year
        return _underspecified(text, reference)
    return None


def _anaphor(text: str, definite: bool) -> tuple[str, int] | None:
    """(unit, step) of an expression counted from the story's time: "the following day" → (day, 1)."""
    if (match := _NEIGHBOUR.fullmatch(text)) and (definite or match[1] not in ("next", "previous")):
        return match[2], _NEIGHBOUR_STEPS[match[1]]
    if definite and (match := _NEIGHBOUR_BEFORE_AFTER.fullmatch(text)):
        return match[1], _NEIGHBOUR_STEPS[match[2]]
    if match := _SAME.fullmatch(text):
        return match[1], 0
    if definite and text in ("month", "year"):  # "the end of the month", "later in the year"
        return text, 0
    if match := _LATER.fullmatch(text):
        count = count_of(match["number"])
        if count is None or count != int(count):
            return "vague", 0
        sign = -1 if match["direction"] in ("earlier", "before") else 1
        return match["unit"].replace("ie", "y"), sign * int(count)
    return None


def _counted(reference: Reference, unit: str, step: int) -> Timex:
    """The `unit` lying `step` units from the story's time ("the following day": day, 1)."""
    part = _DAY_PARTS.get(unit)  # "the next morning" is the next day, in the morning
    unit = "day" if part else unit
    if unit not in ("day", "week", "month", "year", "decade", "century"):
        return UNKNOWN  # "a few years later" names no year
    base = reference if unit in ("decade", "century") else reference.at(unit)
    if base is None:
        return UNKNOWN  # "two days later" than a month names no day
    timex = shifted(base.first_day(), unit, step)
    return Timex(f"{timex.value}T{part}", timex.start_date, timex.end_date, "day") if part and timex.value else timex


def _underspecified(text: str, reference: Reference) -> Timex | None:
    """A month, day of a month, weekday or season without a year, in the story's year; a month nine or more
    months before the story's month is the next year's ("In December 1941 … in early February" is 1942)."""
    if match := BARE_MONTH.fullmatch(text):
        month = MONTHS[match[1]]
        return period_timex("month", _year_on_or_after(reference, month), month)
    if match := _MONTH_DAY.fullmatch(text):
        month, day = (match[1], match[2]) if match[1] else (match[4], match[3])
        return day_timex(date(_year_on_or_after(reference, MONTHS[month]), MONTHS[month], int(day)))
    if text in SEASONS:
        return season_timex(text, reference.year)
    if (match := WEEKDAY_RULE.fullmatch(text)) and reference.day and match[1] is None:
        return day_timex(weekday_near(reference.first_day(), WEEKDAYS[match[2]], None, "future"))  # narrative moves on
    return None


def _year_on_or_after(reference: Reference, month: int) -> int:
    return reference.year + 1 if reference.month and reference.month - month >= 9 else reference.year


def _holiday(match: re.Match, anchor: date | None, reference: Reference | None) -> Timex:
    """Christmas, New Year's Day or Easter of the year written, else of the story's or the document's year."""
    year = int(match[2]) if match[2] else (reference.year if reference else anchor.year if anchor else None)
    if year is None:
        return UNKNOWN
    day = easter(year) if match[1].startswith("easter") else date(year, *_HOLIDAYS[match[1]])
    if not match[2] and reference is None and day > anchor:  # "at Christmas", said in July, was last year's
        day = easter(year - 1) if match[1].startswith("easter") else date(year - 1, day.month, day.day)
    return day_timex(day)


def _clock(match: re.Match, anchor: date | None, tense: str | None, reference: Reference | None,
           resolve: Callable[..., Timex]) -> Timex:
    """A clock time ("8 PM", "15:00 GMT Saturday") on the day its words name, else the story's day."""
    hour = int(match["hour"] or match["hour24"])
    minute = int(match["minute"] or match["minute24"] or 0)
    if match["half"]:
        if not 1 <= hour <= 12:
            return UNKNOWN
        hour = hour % 12 + (12 if match["half"].startswith("p") else 0)
    if hour > 23 or minute > 59:
        return UNKNOWN
    words = match["date1"] or match["date2"]
    if words:
        day = resolve(words, anchor, tense, reference, anchor.year if anchor else None)
    elif reference is not None and reference.day:
        day = day_timex(reference.first_day())
    else:
        day = day_timex(anchor) if anchor else UNKNOWN
    if day.precision != "day" or day.value is None:
        return UNKNOWN
    return Timex(f"{day.value[:10]}T{hour:02d}:{minute:02d}", day.start_date, day.end_date, "day")


