"""Time expressions in a spaCy Doc → timex rows with TimeML values, normalised against the document date.

Values follow TimeML (TIMEX3) with these conventions:

- a day "2025-07-05", a month "2024-03", a year "1979" — start and end cover that day, month or year;
- a decade "199X" (the 1990s), a century "19XX" (the 20th century, taken as 1900–1999);
- a week "2025-W27" (ISO week; precision "unknown", since weeks are not one of `PRECISIONS`);
- a duration "P20Y" (decades and centuries are counted in years, "two decades" → "P20Y"), "P6M",
  "P2W", "P3D", "PT5H"; a vague count keeps its unit: "decades" → "PXDE", "years" → "PXY",
  "centuries" → "PXCE". Durations have no start or end, except the anchored ones ("the past two
  years" → anchor minus two years … anchor; "the next month" → anchor … anchor plus a month);
- an open interval "since 1996" keeps the value of its point ("1996", precision year) and runs from
  the start of that point to the anchor;
- a span of years "1996–2001" has no single value: value None, precision unknown, start and end set;
- "now", "currently", "the past", "at the time", "the future" → "PRESENT_REF", "PAST_REF", "FUTURE_REF"
  (precision unknown);
- anything unresolvable ("these years", "the same day", a relative expression without an anchor)
  → value None, precision unknown.

Dates outside pandas' datetime64[ns] range (before 1678, after 2261) keep their value but lose
their start and end. In rows, span texts follow TimeML extents: a leading preposition is a signal,
not part of the expression ("since 1996" → text "1996", whose interval still runs to the anchor);
a leading article is dropped when the value does not depend on it ("the 1990s" → "1990s", but
"the last year" stays, being a duration where "last year" is 2024).
"""

from __future__ import annotations

import calendar
import functools
import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterator

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from analysis.parsed import lemma, sentences


TENSES = ("past", "future")
FIRST_YEAR, LAST_YEAR = 1678, 2261  # the whole years inside pandas' datetime64[ns] range


@dataclass(frozen=True)
class Timex:
    """A normalised time expression: TimeML value, the days it covers, and its precision."""

    value: str | None
    start_date: date | None
    end_date: date | None
    precision: str


UNKNOWN = Timex(None, None, None, "unknown")


@dataclass(frozen=True)
class Reference:
    """The story's time (TimeML's reference time): the last day, month or year the text named. "The
    following day", "two weeks later" and "that year" count from it; so does a month or weekday without a
    year once the story has left the document's year ("In 1979 … In December" is December 1979)."""

    year: int
    month: int | None = None
    day: int | None = None

    @staticmethod
    def of(timex: Timex) -> "Reference | None":
        """The point `timex` names, or None for durations, spans, references and the unresolved."""
        match = _POINT_VALUE.fullmatch(timex.value or "")
        if match is None:
            return None
        year, month, day = (int(part) if part else None for part in match.groups())
        return Reference(year, month, day)

    def at(self, unit: str) -> "Reference | None":
        """This time cut to `unit` (day, week, month or year), or None when it is coarser than that."""
        if unit in ("day", "week"):
            return self if self.day else None
        if unit == "month":
            return Reference(self.year, self.month) if self.month else None
        return Reference(self.year)

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

_MONTHS = {name.lower()[:length]: number for number, name in enumerate(calendar.month_name) if name
           for length in (None, 3)} | {"sept": 9}
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_NUMBERS = {word: n for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NUMBERS |= {"a": 1, "an": 1, "single": 1, "couple": 2, "a couple of": 2, "dozen": 12, "a dozen": 12,
             "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_TENS_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
               "eighties": 8, "nineties": 9}
_ORDINALS = {word: n for n, word in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
_ORDINALS |= {"twenty first": 21, "twenty second": 22}
_VAGUE = r"several|many|a few|few|some|multiple|numerous|countless"
_UNIT_CODES = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE",
               "hour": "H", "minute": "M"}

_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(_WEEKDAYS)
_NUMBER = r"\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?: \w+)?|" + "|".join(
    sorted(_NUMBERS, key=len, reverse=True))
_UNIT = r"(?P<unit>day|week|month|year|decade|centur(?:y|ie)|hour|minute)(?P<plural>s?)"
_COUNT_WORD = r"\d+(?:\.\d+)?|" + "|".join(word for word in _NUMBERS if word.isalpha() and len(word) > 2)
# for patterns that find expressions in running text (analysis.timexes); lower case: compile them IGNORECASE
MONTH_PATTERN, COUNT_WORD_PATTERN, MONTH_NAMES = _MONTH, _COUNT_WORD, frozenset(_MONTHS)

# Words in front of a time expression that do not change which time it names (TimeML "mod"s and
# signals); peeled off one at a time. "the" is remembered: "the last year" is a duration.
_PREFIX = re.compile(
    r"(?:the|all of|all|in|from|between|on|at|during|by|until|till|through(?:out)?|before|after|around|about|"
    r"circa|c\.|of|for|over|within|into|as of|as (?:early|late) as|starting|beginning|roughly|nearly|"
    r"almost|approximately|more than|less than|at least|up to|just|only|very|the whole of|"
    r"(?:early|earlier|late|later|middle|start|beginning|end|turn|first half|second half) of|"
    r"early|earlier|late|later|mid)\s+")
_SINCE = re.compile(r"(?:ever )?since\s+")
_POINT_VALUE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:-(?:SP|SU|FA|WI))?(?:T[\d:]+)?")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR_RANGE = re.compile(r"(\d{4}) ?(?:-|/|to|and|until|through) ?(\d{4}|\d{2})")
_YEAR = re.compile(r"(?:year )?(\d{4})(?: ad| ce)?")
_MONTH_YEAR = re.compile(rf"({_MONTH})\.?,?(?: of)? (\d{{4}})")
_MONTH_RELATIVE_YEAR = re.compile(rf"({_MONTH})\.?(?: of)? (last|this|next) year")
_RELATIVE_MONTH = re.compile(rf"(last|this past|past|this|next|coming) ({_MONTH})")
_BARE_MONTH = re.compile(rf"({_MONTH})\.?")
_WEEKDAY_RULE = re.compile(
    rf"(?:(last|this past|past|previous|this|next|coming) )?({_WEEKDAY})(?: (?:morning|afternoon|evening|night))?")
_RELATIVE_UNIT = re.compile(r"(last|previous|this|current|next) (day|week|month|year|decade|century)")
_AGO = re.compile(rf"(?P<number>{_NUMBER}) {_UNIT} (?P<direction>ago|from now)")
# "two decades", "the past year", "a two-decade plus long occupation", "decades"; trailing words are
# allowed after a compound adjective ("20-year sentence") but not when they relate to another time.
_DURATION = re.compile(
    rf"(?:(?P<modifier>past|last|previous|next|coming|following) )?(?:an? )?"
    rf"(?:(?P<number>{_NUMBER}|{_VAGUE}|half a) )?{_UNIT}(?P<rest>(?: [a-z]+){{0,4}})")
_RELATIVE_WORDS = {"later", "earlier", "ago", "before", "after", "from", "since", "into", "in", "of", "on",
                   "to", "now", "hence", "prior", "back"}
_DECADE = re.compile(r"(\d{3})0 ?'?s")
_SHORT_DECADE = re.compile(r"'?(\d)0 ?'?s|(" + "|".join(_TENS_WORDS) + ")")
_CENTURY = re.compile(r"(\d{1,2})(?:st|nd|rd|th) century|(" + "|".join(_ORDINALS) + r") century")
_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_QUARTER = re.compile(r"(?:(first|second|third|fourth|1st|2nd|3rd|4th) quarter|q([1-4])) (?:of )?(\d{4})")
_NUMERIC_DATE = re.compile(r"\d{1,4}[/.]\d{1,2}[/.]\d{2,4}")
_REFERENCES = {
    "PRESENT_REF": {"now", "right now", "currently", "nowadays", "present", "the present", "at present"},
    "PAST_REF": {"past", "time", "that time", "formerly", "previously", "recently", "lately", "recent years", "recent months",
                 "recent weeks", "recent decades", "years ago", "decades ago", "long ago"},
    "FUTURE_REF": {"future", "soon", "coming years", "coming months", "coming weeks", "years to come"},
}


def normalize(text: str, *, anchor: date | None, tense: str | None = None,
              reference: Reference | None = None, year: int | None = None) -> Timex:
    """Normalise one time expression against `anchor` (the document date); never raises on odd text.

    `tense` ("past" or "future") says which way a bare weekday or month points; None means past.
    `reference` is the story's time (see `Reference`): without it, "the following day" names no day.
    `year` is the document's year when its day is unknown (a UN speech of 1985): while the story is in that
    year, a month without a year stays unresolved, as it would be without any date.
    """
    if tense is not None and tense not in TENSES:
        raise ValueError(f"tense={tense!r} is not a tense; allowed: None, {', '.join(TENSES)}")
    if isinstance(anchor, datetime):
        anchor = anchor.date() if anchor == anchor else None  # pandas NaT is a datetime unequal to itself
    elif anchor is not None and not isinstance(anchor, date):
        raise TypeError(f"anchor={anchor!r} is not a date; allowed: a datetime.date or None")
    if reference is not None and not isinstance(reference, Reference):
        raise TypeError(f"reference={reference!r} is not a Reference; allowed: a dates.Reference or None")
    if not isinstance(text, str) or len(text) > 200:
        return UNKNOWN
    return _normalize(text, anchor, tense, reference, anchor.year if anchor else year)


@functools.lru_cache(maxsize=8192)
def _normalize(text: str, anchor: date | None, tense: str | None, reference: Reference | None = None,
               year: int | None = None) -> Timex:
    cleaned = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    cleaned = re.sub(r"[\u2010-\u2015\u2212]", "-", cleaned)
    cleaned = re.sub(r"(?<=[a-z])-|-(?=[a-z])", " ", cleaned)  # "two-decade", "mid-2024", "decade-long"
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" ,;:()[]\"!?").rstrip(".")
    since = _SINCE.match(cleaned)
    if since:
        cleaned = cleaned[since.end():]
    if match := _HALF.fullmatch(cleaned):
        half = 1 if match[1] == "first" else 2
        first, last = _period("month", int(match[2]), half * 6 - 5), _period("month", int(match[2]), half * 6)
        return Timex(f"{int(match[2]):04d}-H{half}", first.start_date, last.end_date, "unknown")
    definite = False
    while prefix := _PREFIX.match(cleaned):
        definite = definite or prefix.group().strip() == "the"
        cleaned = cleaned[prefix.end():]
    try:
        timex = _in_story(cleaned, anchor, tense, definite, reference, year) or _resolve(cleaned, anchor, tense, definite)
    except (ValueError, OverflowError):  # arithmetic past year 1 or 9999: nothing to name
        return UNKNOWN
    if since and timex.start_date is not None:
        end = anchor if anchor is not None and anchor >= timex.start_date else None
        timex = Timex(timex.value, timex.start_date, end, timex.precision)
    return timex


def _resolve(text: str, anchor: date | None, tense: str | None, definite: bool) -> Timex:
    for value, phrases in _REFERENCES.items():
        if text in phrases:
            return Timex(value, None, None, "unknown")
    if match := _ISO_DAY.fullmatch(text):
        return _day(date(*map(int, match.groups())))
    if (match := _ISO_MONTH.fullmatch(text)) and 1 <= int(match[2]) <= 12:
        return _period("month", int(match[1]), int(match[2]))
    if match := _YEAR_RANGE.fullmatch(text):
        first, last = int(match[1]), int(match[2])
        last = last if len(match[2]) == 4 else first // 100 * 100 + last
        if last > first:
            start, _ = _bounds(first, 1, 1, first, 1, 1)
            _, end = _bounds(last, 12, 31, last, 12, 31)
            return Timex(None, start, end, "unknown")
    if match := _YEAR.fullmatch(text):
        return _period("year", int(match[1]))
    if match := _BC_YEAR.fullmatch(text):
        return _before_common_era(int(match[3]), match[1], match[2])
    if match := _SEASON_YEAR.fullmatch(text):
        return _season(match[1], int(match[2]))
    if match := _MONTH_YEAR.fullmatch(text):
        return _period("month", int(match[2]), _MONTHS[match[1]])
    if match := _QUARTER.fullmatch(text):
        quarter, year = int(match[2]) if match[2] else _QUARTERS[match[1]], int(match[3])
        first, last = _period("month", year, quarter * 3 - 2), _period("month", year, quarter * 3)
        return Timex(f"{year:04d}-Q{quarter}", first.start_date, last.end_date, "unknown")
    if match := _DECADE.fullmatch(text):
        if match[1].endswith("0") and int(match[1]) < 190:  # "the 1800s" is a century, "the 1990s" a decade
            return _period("century", int(match[1]) * 10)
        return _period("decade", int(match[1]) * 10)
    if match := _CENTURY.fullmatch(text):
        number = int(match[1]) if match[1] else _ORDINALS[match[2]]
        return _period("century", (number - 1) * 100) if number else UNKNOWN
    if match := _SHORT_DECADE.fullmatch(text):
        tens = int(match[1]) if match[1] else _TENS_WORDS[match[2]]
        latest = (anchor.year if anchor else 1999) // 10 * 10  # the latest such decade not after the anchor
        year = latest // 100 * 100 + tens * 10
        return _period("decade", year if year <= latest else year - 100)
    if match := _DURATION.fullmatch(text):
        timex = _duration(match, anchor, definite)
        if timex is not None:
            return timex
    if anchor is None:
        return _absolute_date(text, None, tense)
    if text in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return _day(anchor)
    if text in ("yesterday", "last night", "yesterday morning", "yesterday evening"):
        return _day(anchor - timedelta(days=1))
    if text in ("tomorrow", "tomorrow morning"):
        return _day(anchor + timedelta(days=1))
    if match := _WEEKDAY_RULE.fullmatch(text):
        return _day(_weekday(anchor, _WEEKDAYS[match[2]], match[1], tense))
    if match := _RELATIVE_UNIT.fullmatch(text):
        step = {"last": -1, "previous": -1, "next": 1}.get(match[1], 0)
        return _shifted(anchor, match[2], step)
    if match := _MONTH_RELATIVE_YEAR.fullmatch(text):
        year = anchor.year + {"last": -1, "this": 0, "next": 1}[match[2]]
        return _period("month", year, _MONTHS[match[1]])
    if match := _RELATIVE_MONTH.fullmatch(text):
        month = _MONTHS[match[2]]
        if match[1] == "this":
            return _period("month", anchor.year, month)
        future = match[1] in ("next", "coming")
        return _period("month", _month_year(anchor, month, future, strictly=True), month)
    if text in _SEASONS:
        return _season(text, _month_year(anchor, _SEASONS[text][1], tense == "future", strictly=False))
    if match := _BARE_MONTH.fullmatch(text):
        month = _MONTHS[match[1]]
        return _period("month", _month_year(anchor, month, tense == "future", strictly=False), month)
    if match := _AGO.fullmatch(text):
        count = _count(match["number"])
        if count is None or count != int(count):
            return UNKNOWN
        unit = match["unit"].replace("ie", "y")
        return _shifted(anchor, unit, int(count) if match["direction"] == "from now" else -int(count))
    return _absolute_date(text, anchor, tense)


# --- counting from the story's time ---------------------------------------------------------------

_DAY_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_STORY_UNIT = r"(day|week|month|year|morning|afternoon|evening|night)"
# "the following day", "the next morning", "the previous year" (with "the": "next year" counts from today)
_NEIGHBOUR = re.compile(rf"(following|next|subsequent|previous|preceding|prior) {_STORY_UNIT}")
_NEIGHBOUR_BEFORE_AFTER = re.compile(rf"{_STORY_UNIT} (after|before)")  # "the day after"
_SAME = re.compile(rf"(?:that(?: same)?|same|that very|very same) {_STORY_UNIT}")  # "that same day", "that year"
_MONTH_OF_THAT_YEAR = re.compile(
    rf"({_MONTH})\.? (?:of )?(?:that|the same|the following|the next|the previous|the preceding) year")
_NEIGHBOUR_MONTH = re.compile(rf"(following|next|subsequent|previous|preceding|prior) ({_MONTH})")
_LATER = re.compile(rf"(?P<number>{_NUMBER}) {_UNIT} (?P<direction>later|earlier|after|before|afterwards?|on)")
_NEIGHBOUR_STEPS = {"following": 1, "next": 1, "subsequent": 1, "after": 1, "previous": -1, "preceding": -1,
                    "prior": -1, "before": -1}
_MONTH_DAY = re.compile(rf"({_MONTH})\.? (\d{{1,2}})(?:st|nd|rd|th)?|(?:the )?(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MONTH})")
_SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "autumn": ("FA", 9), "fall": ("FA", 9), "winter": ("WI", 12)}
_SEASON = "|".join(_SEASONS)
_SEASON_YEAR = re.compile(rf"({_SEASON})(?: of)?,? (\d{{4}})")
_CLOCK = re.compile(r"(?:(?P<date1>.+?),? )?(?:at )?(?:(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))? ?(?P<half>a\.?m|p\.?m)\.?"
                    r"|(?P<hour24>\d{1,2})[:.](?P<minute24>\d{2})(?: ?(?:hours|hrs|h))?)"
                    r"(?: (?:gmt|utc|local time|[a-z]{3}))?(?:,? (?:on )?(?P<date2>.+))?")
_BC_YEAR = re.compile(rf"(?:(?:({_MONTH})\.?|({_SEASON}))(?: of)? )?(\d{{1,4}}) ?(?:bc|b\.c|bce|b\.c\.e)")
_HALF = re.compile(r"(?:the )?(first|second|latter|later|last) half of (?:the year )?(\d{4})")
_HOLIDAY = re.compile(r"(christmas(?: eve| day)?|new year's (?:eve|day)|easter(?: sunday)?)(?:,? (?:of )?(\d{4}))?")
_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "new year's day": (1, 1),
             "new year's eve": (12, 31)}


def _in_story(text: str, anchor: date | None, tense: str | None, definite: bool,
              reference: Reference | None, year: int | None = None) -> Timex | None:
    """The time of an expression that counts from the story's time or fills in what it leaves out (see
    `Reference`); None when `text` is none of these, UNKNOWN when it is one but the story has no time yet."""
    if match := _CLOCK.fullmatch(text):
        return _clock(match, anchor, tense, reference)
    if match := _HOLIDAY.fullmatch(text):
        return _holiday(match, anchor, reference)
    anaphor = _anaphor(text, definite)
    if anaphor is not None:
        unit, step = anaphor
        return _counted(reference, unit, step) if reference is not None else UNKNOWN
    if match := _MONTH_OF_THAT_YEAR.fullmatch(text):
        return _period("month", reference.year, _MONTHS[match[1]]) if reference else UNKNOWN
    if (match := _NEIGHBOUR_MONTH.fullmatch(text)) and (definite or match[1] != "next"):
        if reference is None or reference.month is None:
            return UNKNOWN
        month, forward = _MONTHS[match[2]], _NEIGHBOUR_STEPS[match[1]] > 0
        year = reference.year + (month <= reference.month if forward else -(month >= reference.month))
        return _period("month", year, month)
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
        count = _count(match["number"])
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
    timex = _shifted(base.first_day(), unit, step)
    return Timex(f"{timex.value}T{part}", timex.start_date, timex.end_date, "day") if part and timex.value else timex


def _underspecified(text: str, reference: Reference) -> Timex | None:
    """A month, day of a month, weekday or season without a year, in the story's year; a month nine or more
    months before the story's month is the next year's ("In December 1941 … in early February" is 1942)."""
    if match := _BARE_MONTH.fullmatch(text):
        month = _MONTHS[match[1]]
        return _period("month", _year_on_or_after(reference, month), month)
    if match := _MONTH_DAY.fullmatch(text):
        month, day = (match[1], match[2]) if match[1] else (match[4], match[3])
        return _day(date(_year_on_or_after(reference, _MONTHS[month]), _MONTHS[month], int(day)))
    if text in _SEASONS:
        return _season(text, reference.year)
    if (match := _WEEKDAY_RULE.fullmatch(text)) and reference.day and match[1] is None:
        return _day(_weekday(reference.first_day(), _WEEKDAYS[match[2]], None, "future"))  # narrative moves on
    return None


def _year_on_or_after(reference: Reference, month: int) -> int:
    return reference.year + 1 if reference.month and reference.month - month >= 9 else reference.year


def _before_common_era(year: int, month: str | None, season: str | None) -> Timex:
    """TimeML's "BC0480", "BC0480-04", "BC0480-SP": no start or end, being outside pandas' dates."""
    if not year:
        return UNKNOWN
    if month:
        return Timex(f"BC{year:04d}-{_MONTHS[month]:02d}", None, None, "month")
    return Timex(f"BC{year:04d}" + (f"-{_SEASONS[season][0]}" if season else ""), None, None,
                 "unknown" if season else "year")


def _holiday(match: re.Match, anchor: date | None, reference: Reference | None) -> Timex:
    """Christmas, New Year's Day or Easter of the year written, else of the story's or the document's year."""
    year = int(match[2]) if match[2] else (reference.year if reference else anchor.year if anchor else None)
    if year is None:
        return UNKNOWN
    day = easter(year) if match[1].startswith("easter") else date(year, *_HOLIDAYS[match[1]])
    if not match[2] and reference is None and day > anchor:  # "at Christmas", said in July, was last year's
        day = easter(year - 1) if match[1].startswith("easter") else date(year - 1, day.month, day.day)
    return _day(day)


def _season(name: str, year: int) -> Timex:
    """A season (TimeML "1916-SP"): spring March–May, summer June–August, autumn September–November,
    winter December to the end of February of the next year."""
    code, first_month = _SEASONS[name]
    start, _ = _bounds(year, first_month, 1, year, first_month, 1)
    last_year, last_month = (year + 1, 2) if code == "WI" else (year, first_month + 2)
    _, end = _bounds(last_year, last_month, 1, last_year, last_month, calendar.monthrange(last_year, last_month)[1])
    return Timex(f"{year:04d}-{code}", start if end else None, end if start else None, "unknown")


def _clock(match: re.Match, anchor: date | None, tense: str | None, reference: Reference | None) -> Timex:
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
        day = _normalize(words, anchor, tense, reference, anchor.year if anchor else None)
    elif reference is not None and reference.day:
        day = _day(reference.first_day())
    else:
        day = _day(anchor) if anchor else UNKNOWN
    if day.precision != "day" or day.value is None:
        return UNKNOWN
    return Timex(f"{day.value[:10]}T{hour:02d}:{minute:02d}", day.start_date, day.end_date, "day")


def _duration(match: re.Match, anchor: date | None, definite: bool) -> Timex | None:
    """A duration value ("P20Y"), or None when the words name a point ("last year") or nothing."""
    modifier, number, unit, plural = match["modifier"], match["number"], match["unit"], bool(match["plural"])
    rest = match["rest"].split()
    if set(rest) & _RELATIVE_WORDS or (rest and plural and rest[0] not in ("long", "plus", "old")):
        return None  # "two years later" is counted from another time; "years treaty" is no duration
    if number is None and modifier in ("last", "next", "previous", "following") and not definite and not plural:
        return None  # "last year" is 2024, not a duration
    if number is None and modifier is None and not plural and not match[0].startswith("a") and "long" not in rest:
        return None  # a bare "year" names no time, "a year" and "decade-long" do
    unit = unit.replace("ie", "y")
    count = _count(number) if number else (None if plural else 1)
    if number == "half a":
        count = 0.5
    code, time = _UNIT_CODES[unit], "T" if unit in ("hour", "minute") else ""
    if count is None:
        return Timex(f"P{time}X{code}", None, None, "duration")
    years_per_unit = {"decade": 10, "century": 100}.get(unit, 1)
    if years_per_unit > 1 and count != int(count):  # TimeML writes "half a century" as P50Y
        count, code, years_per_unit = count * years_per_unit, "Y", 1
    elif unit == "year" and count != int(count):
        count, code = count * 12, "M"
    amount = str(int(count)) if count == int(count) else f"{count:g}"
    start = end = None
    if anchor is not None and modifier and not time and count == int(count):
        count = int(count)
        field = {"Y": "years", "DE": "years", "CE": "years", "M": "months", "W": "weeks", "D": "days"}[code]
        delta = relativedelta(**{field: count * years_per_unit})
        if modifier in ("past", "last", "previous"):
            start, end = anchor - delta + timedelta(days=1), anchor
        else:
            start, end = anchor, anchor + delta - timedelta(days=1)
        if start.year < FIRST_YEAR or end.year > LAST_YEAR:
            start = end = None
    return Timex(f"P{time}{amount}{code}", start, end, "duration")


def _count(words: str) -> float | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", words):
        return float(words)
    if words in _NUMBERS:
        return _NUMBERS[words]
    tens, _, units = words.partition(" ")
    if tens in _NUMBERS and units in _NUMBERS and _NUMBERS[units] < 10:
        return _NUMBERS[tens] + _NUMBERS[units]
    return None


def _absolute_date(text: str, anchor: date | None, tense: str | None) -> Timex:
    """Full dates in any format dateparser knows ("3 July 2025", "07/03/2025", "Sept. 11", "July 10")."""
    has_month = re.search(rf"\b(?:{_MONTH})\b", text) is not None
    if not re.search(r"\d", text) or not (has_month or _NUMERIC_DATE.search(text)):
        return UNKNOWN
    found = _dateparse(text, anchor, "future" if tense == "future" else "past")
    return _day(found) if found is not None else UNKNOWN


@functools.lru_cache(maxsize=4096)
def _dateparse(text: str, anchor: date | None, prefer: str) -> date | None:
    from dateparser.date import DateDataParser  # slow to import; only full dates need it

    settings = {"PREFER_DATES_FROM": prefer, "REQUIRE_PARTS": ["day", "month"] + ([] if anchor else ["year"])}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    try:
        found = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd input; such text is simply no date
        return None
    if found is None or found.date_obj is None or found.period != "day":
        return None
    return found.date_obj.date()


def _weekday(anchor: date, weekday: int, modifier: str | None, tense: str | None) -> date:
    """The named weekday: the one on or before the anchor, unless the words or the tense point ahead."""
    if modifier == "this":
        return anchor - timedelta(days=anchor.weekday()) + timedelta(days=weekday)
    if modifier in ("next", "coming") or (modifier is None and tense == "future"):
        return anchor + timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)
    strictly = modifier is not None  # "last Saturday" on a Saturday is a week ago; "Saturday" is today
    return anchor - timedelta(days=(anchor.weekday() - weekday - strictly) % 7 + strictly)


def _month_year(anchor: date, month: int, future: bool, *, strictly: bool) -> int:
    if future:
        return anchor.year if month > anchor.month or (month == anchor.month and not strictly) else anchor.year + 1
    return anchor.year if month < anchor.month or (month == anchor.month and not strictly) else anchor.year - 1


def _shifted(anchor: date, unit: str, step: int) -> Timex:
    """The unit (day … century) that lies `step` units from the one holding the anchor."""
    if unit in ("hour", "minute"):
        return UNKNOWN
    scale = {"decade": 10, "century": 100}.get(unit, 1)
    if unit in ("day", "week"):
        moved = anchor + timedelta(days=step * (7 if unit == "week" else 1))
        return _day(moved) if unit == "day" else _week(moved)
    if unit == "month":
        moved = anchor + relativedelta(months=step)
        return _period("month", moved.year, moved.month)
    return _period(unit, anchor.year // scale * scale + step * scale)


def _bounds(first_year: int, first_month: int, first_day: int,
            last_year: int, last_month: int, last_day: int) -> tuple[date | None, date | None]:
    if first_year < FIRST_YEAR or last_year > LAST_YEAR:
        return None, None
    return date(first_year, first_month, first_day), date(last_year, last_month, last_day)


def _day(day: date) -> Timex:
    start, end = _bounds(day.year, day.month, day.day, day.year, day.month, day.day)
    return Timex(f"{day.year:04d}-{day.month:02d}-{day.day:02d}", start, end, "day")


def _week(day: date) -> Timex:
    year, week, _ = day.isocalendar()
    monday = day - timedelta(days=day.weekday())
    sunday = monday + timedelta(days=6)
    start, end = _bounds(monday.year, monday.month, monday.day, sunday.year, sunday.month, sunday.day)
    return Timex(f"{year:04d}-W{week:02d}", start, end, "unknown")


def _period(precision: str, year: int, month: int = 1) -> Timex:
    """The month, year, decade or century starting in `year` (and `month`)."""
    if precision == "month":
        last_day = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 28
        start, end = _bounds(year, month, 1, year, month, last_day)
        return Timex(f"{year:04d}-{month:02d}", start, end, "month")
    span, value = {"year": (1, f"{year:04d}"), "decade": (10, f"{year // 10:03d}"),
                   "century": (100, f"{year // 100:02d}")}[precision]
    if year < 0:
        return UNKNOWN
    start, end = _bounds(year, 1, 1, year + span - 1, 12, 31)
    return Timex(value, start, end, precision)
