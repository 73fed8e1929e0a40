"""One time expression → its TimeML value, normalised against the document date and the story's time.

`normalize(text, anchor=document date, tense=…, reference=story time)` never raises on odd text. Values
follow TimeML (TIMEX3), made by analysis.timeml:

- a day "2025-07-05", a month "2024-03", a year "1979" — start and end cover that day, month or year;
- a decade "199" (the 1990s), a century "19" (the 20th century, taken as 1900–1999);
- a week "2025-W27", a season "1916-SP", a half year "2008-H2", a quarter "2024-Q1" (precision "unknown":
  they are not one of `PRECISIONS`, but start and end are set);
- a year before the common era "BC0480", "BC0480-04" (no start or end);
- a clock time on its day "2025-07-05T20:00" (precision day);
- a duration "P20Y", "P2DE" (two decades), "P1CE", "P6M", "P2W", "P3D", "PT5H"; a vague count keeps its
  unit: "decades" → "PXDE", "years" → "PXY". Durations have no start or end, except the anchored ones
  ("the past two years" → anchor minus two years … anchor; "the next month" → anchor … plus a month);
- an open interval "since 1996" keeps the value of its point ("1996", precision year) and runs from
  the start of that point to the anchor;
- a span of years "1996–2001" has no single value: value None, precision unknown, start and end set
  (analysis.timexes splits such a span found in a text into its two ends);
- "now", "currently", "the past", "at the time", "the future" → "PRESENT_REF", "PAST_REF", "FUTURE_REF"
  (precision unknown);
- what counts from the story's time ("the following day", "two weeks later", "that year") or leaves out
  its year is read by analysis.story_time; without a story time it is unresolved;
- anything unresolvable ("these years", a relative expression without an anchor) → value None,
  precision unknown.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from analysis.story_time import in_story
from analysis.timeml import (
    FIRST_YEAR, LAST_YEAR, Timex, UNKNOWN, Reference, MONTHS, WEEKDAYS, TENS_WORDS, ORDINALS, VAGUE_PATTERN, UNIT_CODES, MONTH_PATTERN, NUMBER_PATTERN, UNIT_PATTERN, SEASONS, SEASON_PATTERN, BARE_MONTH, WEEKDAY_RULE, count_of, weekday_near, month_year, shifted, bounds, day_timex, period_timex, season_timex, before_common_era,
)


TENSES = ("past", "future")
# Words in front of a time expression that do not change which time it names (TimeML "mod"s and
# signals); peeled off one at a time. "the" is remembered: "the last year" is a duration.
_PREFIX = re.compile(
    r"(?:the|all of|all|in|from|between|on|at|during|by|until|till|through(?:out)?|before|after|around|about|"
    r"circa|c\.|of|for|over|within|into|as of|as (?:early|late) as|starting|beginning|roughly|nearly|"
    r"almost|approximately|more than|less than|at least|up to|just|only|very|the whole of|"
    r"(?:early|earlier|late|later|middle|start|beginning|end|turn|first half|second half) of|"
    r"early|earlier|late|later|mid)\s+")
_SINCE = re.compile(r"(?:ever )?since\s+")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR_RANGE = re.compile(r"(\d{4}) ?(?:-|/|to|and|until|through) ?(\d{4}|\d{2})")
_YEAR = re.compile(r"(?:year )?(\d{4})(?: ad| ce)?")
_MONTH_YEAR = re.compile(rf"({MONTH_PATTERN})\.?,?(?: of)? (\d{{4}})")
_MONTH_RELATIVE_YEAR = re.compile(rf"({MONTH_PATTERN})\.?(?: of)? (last|this|next) year")
_RELATIVE_MONTH = re.compile(rf"(last|this past|past|this|next|coming) ({MONTH_PATTERN})")
_RELATIVE_UNIT = re.compile(r"(last|previous|this|current|next) (day|week|month|year|decade|century)")
_AGO = re.compile(rf"(?P<number>{NUMBER_PATTERN}) {UNIT_PATTERN} (?P<direction>ago|from now)")
# "two decades", "the past year", "a two-decade plus long occupation", "decades"; trailing words are
# allowed after a compound adjective ("20-year sentence") but not when they relate to another time.
_DURATION = re.compile(
    rf"(?:(?P<modifier>past|last|previous|next|coming|following) )?(?:an? )?"
    rf"(?:(?P<number>{NUMBER_PATTERN}|{VAGUE_PATTERN}|half a) )?{UNIT_PATTERN}(?P<rest>(?: [a-z]+){{0,4}})")
_RELATIVE_WORDS = {"later", "earlier", "ago", "before", "after", "from", "since", "into", "in", "of", "on",
                   "to", "now", "hence", "prior", "back"}
_DECADE = re.compile(r"(\d{3})0 ?'?s")
_SHORT_DECADE = re.compile(r"'?(\d)0 ?'?s|(" + "|".join(TENS_WORDS) + ")")
_CENTURY = re.compile(r"(\d{1,2})(?:st|nd|rd|th) century|(" + "|".join(ORDINALS) + r") century")
_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_QUARTER = re.compile(r"(?:(first|second|third|fourth|1st|2nd|3rd|4th) quarter|q([1-4])) (?:of )?(\d{4})")
_SEASON_YEAR = re.compile(rf"({SEASON_PATTERN})(?: of)?,? (\d{{4}})")
_BC_YEAR = re.compile(rf"(?:(?:({MONTH_PATTERN})\.?|({SEASON_PATTERN}))(?: of)? )?(\d{{1,4}}) ?(?:bc|b\.c|bce|b\.c\.e)")
_HALF = re.compile(r"(?:the )?(first|second|latter|later|last) half of (?:the year )?(\d{4})")
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
        first, last = period_timex("month", int(match[2]), half * 6 - 5), period_timex("month", int(match[2]), half * 6)
        return Timex(f"{int(match[2]):04d}-H{half}", first.start_date, last.end_date, "unknown")
    definite = False
    while prefix := _PREFIX.match(cleaned):
        definite = definite or prefix.group().strip() == "the"
        cleaned = cleaned[prefix.end():]
    try:
        timex = in_story(cleaned, anchor, tense, definite, reference, year, resolve=_normalize) or _resolve(
            cleaned, anchor, tense, definite)
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
        return day_timex(date(*map(int, match.groups())))
    if (match := _ISO_MONTH.fullmatch(text)) and 1 <= int(match[2]) <= 12:
        return period_timex("month", int(match[1]), int(match[2]))
    if match := _YEAR_RANGE.fullmatch(text):
        first, last = int(match[1]), int(match[2])
        last = last if len(match[2]) == 4 else first // 100 * 100 + last
        if last > first:
            start, _ = bounds(first, 1, 1, first, 1, 1)
            _, end = bounds(last, 12, 31, last, 12, 31)
            return Timex(None, start, end, "unknown")
    if match := _YEAR.fullmatch(text):
        return period_timex("year", int(match[1]))
    if match := _BC_YEAR.fullmatch(text):
        return before_common_era(int(match[3]), match[1], match[2])
    if match := _SEASON_YEAR.fullmatch(text):
        return season_timex(match[1], int(match[2]))
    if match := _MONTH_YEAR.fullmatch(text):
        return period_timex("month", int(match[2]), MONTHS[match[1]])
    if match := _QUARTER.fullmatch(text):
        quarter, year = int(match[2]) if match[2] else _QUARTERS[match[1]], int(match[3])
        first, last = period_timex("month", year, quarter * 3 - 2), period_timex("month", year, quarter * 3)
        return Timex(f"{year:04d}-Q{quarter}", first.start_date, last.end_date, "unknown")
    if match := _DECADE.fullmatch(text):
        if match[1].endswith("0") and int(match[1]) < 190:  # "the 1800s" is a century, "the 1990s" a decade
            return period_timex("century", int(match[1]) * 10)
        return period_timex("decade", int(match[1]) * 10)
    if match := _CENTURY.fullmatch(text):
        number = int(match[1]) if match[1] else ORDINALS[match[2]]
        return period_timex("century", (number - 1) * 100) if number else UNKNOWN
    if match := _SHORT_DECADE.fullmatch(text):
        tens = int(match[1]) if match[1] else TENS_WORDS[match[2]]
        latest = (anchor.year if anchor else 1999) // 10 * 10  # the latest such decade not after the anchor
        year = latest // 100 * 100 + tens * 10
        return period_timex("decade", year if year <= latest else year - 100)
    if match := _DURATION.fullmatch(text):
        timex = _duration(match, anchor, definite)
        if timex is not None:
            return timex
    if anchor is None:
        return _absolute_date(text, None, tense)
    if text in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return day_timex(anchor)
    if text in ("yesterday", "last night", "yesterday morning", "yesterday evening"):
        return day_timex(anchor - timedelta(days=1))
    if text in ("tomorrow", "tomorrow morning"):
        return day_timex(anchor + timedelta(days=1))
    if match := WEEKDAY_RULE.fullmatch(text):
        return day_timex(weekday_near(anchor, WEEKDAYS[match[2]], match[1], tense))
    if match := _RELATIVE_UNIT.fullmatch(text):
        step = {"last": -1, "previous": -1, "next": 1}.get(match[1], 0)
        return shifted(anchor, match[2], step)
    if match := _MONTH_RELATIVE_YEAR.fullmatch(text):
        year = anchor.year + {"last": -1, "this": 0, "next": 1}[match[2]]
        return period_timex("month", year, MONTHS[match[1]])
    if match := _RELATIVE_MONTH.fullmatch(text):
        month = MONTHS[match[2]]
        if match[1] == "this":
            return period_timex("month", anchor.year, month)
        future = match[1] in ("next", "coming")
        return period_timex("month", month_year(anchor, month, future, strictly=True), month)
    if text in SEASONS:
        return season_timex(text, month_year(anchor, SEASONS[text][1], tense == "future", strictly=False))
    if match := BARE_MONTH.fullmatch(text):
        month = MONTHS[match[1]]
        return period_timex("month", month_year(anchor, month, tense == "future", strictly=False), month)
    if match := _AGO.fullmatch(text):
        count = count_of(match["number"])
        if count is None or count != int(count):
            return UNKNOWN
        unit = match["unit"].replace("ie", "y")
        return shifted(anchor, unit, int(count) if match["direction"] == "from now" else -int(count))
    return _absolute_date(text, anchor, tense)


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
    count = count_of(number) if number else (None if plural else 1)
    if number == "half a":
        count = 0.5
    code, time = UNIT_CODES[unit], "T" if unit in ("hour", "minute") else ""
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


def _absolute_date(text: str, anchor: date | None, tense: str | None) -> Timex:
    """Full dates in any format dateparser knows ("3 July 2025", "07/03/2025", "Sept. 11", "July 10")."""
    has_month = re.search(rf"\b(?:{MONTH_PATTERN})\b", text) is not None
    if not re.search(r"\d", text) or not (has_month or _NUMERIC_DATE.search(text)):
        return UNKNOWN
    found = _dateparse(text, anchor, "future" if tense == "future" else "past")
    return day_timex(found) if found is not None else UNKNOWN


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


