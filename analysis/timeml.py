"""TimeML values and the calendar arithmetic behind them: what a time expression is normalised to.

`Timex` is a normalised expression (value, first and last day, precision); `Reference` the story's time
that relative expressions count from (analysis.story_time). The functions make the values TimeML writes:
a day "2025-07-05", a month "2024-03", a year "1979", a decade "199", a century "19", an ISO week
"2025-W27", a season "1916-SP", a year before the common era "BC0480". Days outside pandas'
datetime64[ns] range (before 1678, after 2261) keep their value but have no first or last day. The words
for months, weekdays and numbers, and the patterns built of them, live here too.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

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
        match = POINT_VALUE.fullmatch(timex.value or "")
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


MONTHS = {name.lower()[:length]: number for number, name in enumerate(calendar.month_name) if name
           for length in (None, 3)} | {"sept": 9}
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
NUMBERS = {word: n for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBERS |= {"a": 1, "an": 1, "single": 1, "couple": 2, "a couple of": 2, "dozen": 12, "a dozen": 12,
             "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
TENS_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
               "eighties": 8, "nineties": 9}
ORDINALS = {word: n for n, word in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
ORDINALS |= {"twenty first": 21, "twenty second": 22}
VAGUE_PATTERN = r"several|many|a few|few|some|multiple|numerous|countless"
UNIT_CODES = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE",
               "hour": "H", "minute": "M"}

MONTH_PATTERN = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAY_PATTERN = "|".join(WEEKDAYS)
NUMBER_PATTERN = r"\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?: \w+)?|" + "|".join(
    sorted(NUMBERS, key=len, reverse=True))
UNIT_PATTERN = r"(?P<unit>day|week|month|year|decade|centur(?:y|ie)|hour|minute)(?P<plural>s?)"
COUNT_WORD_PATTERN = r"\d+(?:\.\d+)?|" + "|".join(word for word in NUMBERS if word.isalpha() and len(word) > 2)
MONTH_NAMES = frozenset(MONTHS)  # month names and their abbreviations, lower case (patterns: IGNORECASE)
SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "autumn": ("FA", 9), "fall": ("FA", 9), "winter": ("WI", 12)}
SEASON_PATTERN = "|".join(SEASONS)
POINT_VALUE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:-(?:SP|SU|FA|WI))?(?:T[\d:]+)?")
BARE_MONTH = re.compile(rf"({MONTH_PATTERN})\.?")
WEEKDAY_RULE = re.compile(
    rf"(?:(last|this past|past|previous|this|next|coming) )?({WEEKDAY_PATTERN})(?: (?:morning|afternoon|evening|night))?")


def count_of(words: str) -> float | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", words):
        return float(words)
    if words in NUMBERS:
        return NUMBERS[words]
    tens, _, units = words.partition(" ")
    if tens in NUMBERS and units in NUMBERS and NUMBERS[units] < 10:
        return NUMBERS[tens] + NUMBERS[units]
    return None


def weekday_near(anchor: date, weekday: int, modifier: str | None, tense: str | None) -> date:
    """The named weekday: the one on or before the anchor, unless the words or the tense point ahead."""
    if modifier == "this":
        return anchor - timedelta(days=anchor.weekday()) + timedelta(days=weekday)
    if modifier in ("next", "coming") or (modifier is None and tense == "future"):
        return anchor + timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)
    strictly = modifier is not None  # "last Saturday" on a Saturday is a week ago; "Saturday" is today
    return anchor - timedelta(days=(anchor.weekday() - weekday - strictly) % 7 + strictly)


def month_year(anchor: date, month: int, future: bool, *, strictly: bool) -> int:
    if future:
        return anchor.year if month > anchor.month or (month == anchor.month and not strictly) else anchor.year + 1
    return anchor.year if month < anchor.month or (month == anchor.month and not strictly) else anchor.year - 1


def shifted(anchor: date, unit: str, step: int) -> Timex:
    """The unit (day … century) that lies `step` units from the one holding the anchor."""
    if unit in ("hour", "minute"):
        return UNKNOWN
    scale = {"decade": 10, "century": 100}.get(unit, 1)
    if unit in ("day", "week"):
        moved = anchor + timedelta(days=step * (7 if unit == "week" else 1))
        return day_timex(moved) if unit == "day" else week_timex(moved)
    if unit == "month":
        moved = anchor + relativedelta(months=step)
        return period_timex("month", moved.year, moved.month)
    return period_timex(unit, anchor.year // scale * scale + step * scale)


def bounds(first_year: int, first_month: int, first_day: int,
            last_year: int, last_month: int, last_day: int) -> tuple[date | None, date | None]:
    if first_year < FIRST_YEAR or last_year > LAST_YEAR:
        return None, None
    return date(first_year, first_month, first_day), date(last_year, last_month, last_day)


def day_timex(day: date) -> Timex:
    start, end = bounds(day.year, day.month, day.day, day.year, day.month, day.day)
    return Timex(f"{day.year:04d}-{day.month:02d}-{day.day:02d}", start, end, "day")


def week_timex(day: date) -> Timex:
    year, week, _ = day.isocalendar()
    monday = day - timedelta(days=day.weekday())
    sunday = monday + timedelta(days=6)
    start, end = bounds(monday.year, monday.month, monday.day, sunday.year, sunday.month, sunday.day)
    return Timex(f"{year:04d}-W{week:02d}", start, end, "unknown")


def period_timex(precision: str, year: int, month: int = 1) -> Timex:
    """The month, year, decade or century starting in `year` (and `month`)."""
    if precision == "month":
        last_day = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 28
        start, end = bounds(year, month, 1, year, month, last_day)
        return Timex(f"{year:04d}-{month:02d}", start, end, "month")
    span, value = {"year": (1, f"{year:04d}"), "decade": (10, f"{year // 10:03d}"),
                   "century": (100, f"{year // 100:02d}")}[precision]
    if year < 0:
        return UNKNOWN
    start, end = bounds(year, 1, 1, year + span - 1, 12, 31)
    return Timex(value, start, end, precision)

def season_timex(name: str, year: int) -> Timex:
    """A season (TimeML "1916-SP"): spring March–May, summer June–August, autumn September–November,
    winter December to the end of February of the next year."""
    code, first_month = SEASONS[name]
    start, _ = bounds(year, first_month, 1, year, first_month, 1)
    last_year, last_month = (year + 1, 2) if code == "WI" else (year, first_month + 2)
    _, end = bounds(last_year, last_month, 1, last_year, last_month, calendar.monthrange(last_year, last_month)[1])
    return Timex(f"{year:04d}-{code}", start if end else None, end if start else None, "unknown")


def before_common_era(year: int, month: str | None, season: str | None) -> Timex:
    """TimeML's "BC0480", "BC0480-04", "BC0480-SP": no start or end, being outside pandas' dates."""
    if not year:
        return UNKNOWN
    if month:
        return Timex(f"BC{year:04d}-{MONTHS[month]:02d}", None, None, "month")
    return Timex(f"BC{year:04d}" + (f"-{SEASONS[season][0]}" if season else ""), None, None,
                 "unknown" if season else "year")
