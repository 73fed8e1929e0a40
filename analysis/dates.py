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
- "now", "the past", "the future" → "PRESENT_REF", "PAST_REF", "FUTURE_REF" (precision unknown);
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
    "PAST_REF": {"past", "formerly", "previously", "recently", "lately", "recent years", "recent months",
                 "recent weeks", "recent decades", "years ago", "decades ago", "long ago"},
    "FUTURE_REF": {"future", "soon", "coming years", "coming months", "coming weeks", "years to come"},
}


def normalize(text: str, *, anchor: date | None, tense: str | None = None) -> Timex:
    """Normalise one time expression against `anchor` (the document date); never raises on odd text.

    `tense` ("past" or "future") says which way a bare weekday or month points; None means past.
    """
    if tense is not None and tense not in TENSES:
        raise ValueError(f"tense={tense!r} is not a tense; allowed: None, {', '.join(TENSES)}")
    if isinstance(anchor, datetime):
        anchor = anchor.date() if anchor == anchor else None  # pandas NaT is a datetime unequal to itself
    elif anchor is not None and not isinstance(anchor, date):
        raise TypeError(f"anchor={anchor!r} is not a date; allowed: a datetime.date or None")
    if not isinstance(text, str) or len(text) > 200:
        return UNKNOWN
    return _normalize(text, anchor, tense)


@functools.lru_cache(maxsize=8192)
def _normalize(text: str, anchor: date | None, tense: str | None) -> Timex:
    cleaned = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    cleaned = re.sub(r"[\u2010-\u2015\u2212]", "-", cleaned)
    cleaned = re.sub(r"(?<=[a-z])-|-(?=[a-z])", " ", cleaned)  # "two-decade", "mid-2024", "decade-long"
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" ,;:()[]\"!?").rstrip(".")
    since = _SINCE.match(cleaned)
    if since:
        cleaned = cleaned[since.end():]
    definite = False
    while prefix := _PREFIX.match(cleaned):
        definite = definite or prefix.group().strip() == "the"
        cleaned = cleaned[prefix.end():]
    try:
        timex = _resolve(cleaned, anchor, tense, definite)
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
    if unit in ("decade", "century"):
        count, code = count * (10 if unit == "decade" else 100), "Y"
    elif unit == "year" and count != int(count):
        count, code = count * 12, "M"
    amount = str(int(count)) if count == int(count) else f"{count:g}"
    start = end = None
    if anchor is not None and modifier and not time and count == int(count):
        count = int(count)
        delta = relativedelta(**{{"Y": "years", "M": "months", "W": "weeks", "D": "days"}[code]: count})
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
    span, value = {"year": (1, f"{year:04d}"), "decade": (10, f"{year // 10:03d}X"),
                   "century": (100, f"{year // 100:02d}XX")}[precision]
    if year < 0:
        return UNKNOWN
    start, end = _bounds(year, 1, 1, year + span - 1, 12, 31)
    return Timex(value, start, end, precision)


# --- finding time expressions in a Doc ------------------------------------------------------------

_EXTRA_PATTERNS = (
    # a year or decade after a preposition, which the small model sometimes leaves untagged
    re.compile(r"\b(?:in|since|by|until|till|before|after|during|from|around|circa)\s+(?:the\s+)?"
               r"(?:(?:early|mid|late)[\s-]+)?([12]\d{3}'?s?|'\d0s)\b", re.IGNORECASE),
    # duration compounds: "a two-decade plus long occupation", "a 20-year sentence", "a decade-long war"
    re.compile(rf"\b(?:(?:{_COUNT_WORD})-(?:day|week|month|year|decade|century)(?:\s+plus)?(?:[\s-]+long)?"
               r"|(?:day|week|month|year|decade|century|centurie)s?-long)\b(?!-old)", re.IGNORECASE),
)
_LEADING = {"the", "a", "an", "in", "on", "at", "during", "by", "until", "till", "through", "throughout",
            "before", "after", "around", "about", "circa", "of", "for", "over", "within", "from", "since",
            "between", "roughly", "nearly", "almost", "some", "approximately"}
_FUTURE_GOVERNORS = {"go", "plan", "schedule", "expect", "intend", "prepare", "set", "due"}
# A number after these words, or before a session in Roman numerals ("1762 (XVII)", "2254 (ES-V)"), numbers a
# document; it is no year: "resolution 2254 (2015)".
_NUMBERED_DOCUMENTS = {"resolution", "resolutions", "decision", "decisions", "document", "documents", "no", "no.", "number"}
_SESSION = re.compile(r"\(\s*(?:ES-)?[IVXLC]+(?:/\d+)?\s*\)")  # regular or emergency special session


def find_timexes(doc, *, anchor: date | None) -> list[dict]:
    """Time expressions in `doc` as timex rows: sent_id, start, end, text, value, start_date, end_date, precision.

    Candidates are spaCy's DATE entities, TIME entities that name a day, and patterns the small
    model misses (years after prepositions, duration compounds like "two-decade plus long").
    """
    parsed = doc.has_annotation("SENT_START")  # a blank pipeline has no sentences: all is sentence 0
    sentence_starts = [sentence.start_char for sentence in sentences(doc)] if parsed else [0]
    return [
        {"sent_id": bisect_right(sentence_starts, span.start_char) - 1, "start": span.start_char,
         "end": span.end_char, "text": span.text, "value": timex.value, "start_date": timex.start_date,
         "end_date": timex.end_date, "precision": timex.precision}
        for span, timex in _timexes(doc, anchor)
    ]


def _timexes(doc, anchor: date | None) -> Iterator[tuple[object, Timex]]:
    taken: set[int] = set()
    for span, label in sorted(_candidates(doc), key=lambda item: (item[0].start, -len(item[0]))):
        if taken.intersection(range(span.start, span.end)):
            continue
        if _is_document_number(span):
            continue
        span, signal = _trim(span, anchor)
        timex = normalize(signal + span.text, anchor=anchor, tense=_tense(span))
        if label == "TIME" and timex.precision != "day":
            continue
        if label == "PATTERN" and timex.value is None:
            continue
        taken.update(range(span.start, span.end))
        yield span, timex


def _is_document_number(span) -> bool:
    """A bare number that numbers a resolution or a decision, not a year (see _NUMBERED_DOCUMENTS)."""
    if len(span) != 1 or not span[0].is_digit:
        return False
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    # "(ES-V)" is at most five tokens; their text, not doc.text, which is rebuilt on every access
    return before in _NUMBERED_DOCUMENTS or bool(_SESSION.match(doc[span.end : span.end + 5].text))


def _candidates(doc) -> Iterator[tuple[object, str]]:
    for entity in doc.ents:
        if entity.label_ in ("DATE", "TIME"):
            yield entity, entity.label_
    text = doc.text  # built token by token on every access
    for pattern in _EXTRA_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span(1) if pattern.groups else match.span()
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or (pattern.groups and span.root.dep_ == "nummod"):  # "in 2000 cases"
                continue
            yield span, "PATTERN"


def _trim(span, anchor: date | None):
    """Drop leading prepositions (TimeML signals) and meaningless articles; return (span, signal)."""
    while len(span) > 1 and span[0].lower_ in _LEADING:
        shorter = span[1:]
        if span[0].lower_ in ("the", "a", "an"):
            whole = normalize(span.text, anchor=anchor)
            if whole.value is None or normalize(shorter.text, anchor=anchor) != whole:
                break  # the article is part of the meaning ("the last year"), or nothing says otherwise
        span = shorter
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    return span, "since " if before == "since" else ""


def _tense(span) -> str | None:
    """ "future" when the governing verb is will/shall + VB, "going to"/"plans to" + VB; "past" for past forms."""
    if not (span.doc.has_annotation("DEP") and span.doc.has_annotation("TAG")):
        return None
    token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
            break
        if token.head.i == token.i:  # the root; Token objects are new on each access, so compare positions
            return None
        token = token.head
    else:
        return None
    auxiliaries = {child.lower_ for child in token.children if child.dep_ in ("aux", "auxpass")}
    if auxiliaries & {"will", "shall", "'ll", "wo"}:
        return "future"
    head = token.head
    if token.tag_ == "VB" and "to" in auxiliaries and head.i != token.i and lemma(head) in _FUTURE_GOVERNORS:
        # "is going to sign", "plans to meet", "is expected to vote"; not "planned to" or "was set to"
        if head.tag_ != "VBD" and not {child.lower_ for child in head.children} & {"had", "was", "were"}:
            return "future"
    if token.tag_ in ("VBD", "VBN"):
        return "past"
    return None
