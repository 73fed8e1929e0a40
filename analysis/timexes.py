"""Time expressions in a spaCy Doc → timex rows, each normalised by analysis.dates.

`find_timexes(doc, anchor=document date)` reads the expressions in text order and keeps the story's
time (`timeml.Reference`): the last day, month or year the text named. "The following day", "two weeks
later", "that year" count from it, and once the story has left the document's year, so does a month,
day or season written without a year ("In 1979 … In December" is 1979-12). Deictic words ("yesterday",
"last year", "next month") always count from the document date.

Candidates are spaCy's DATE entities, TIME entities that name a day, and patterns the small model
misses: years after prepositions, BC years, clock times, duration compounds ("two-decade plus long"),
and the words for the present, past and future ("now", "currently", "in the past" → PRESENT_REF,
PAST_REF, FUTURE_REF).

Span texts follow TimeML extents: a leading preposition is a signal, not part of the expression ("since
1996" → "1996", whose interval still runs to the anchor); articles stay ("the 1990s", "the past two years").

A range gives both ends as two rows, as TimeML annotates it: "1915-17" → 1915 and 1917,
"6-7 January 1916" → 1916-01-06 and 1916-01-07, "March 5-9, 1918", "July 1 to July 3, 1863";
each end borrows the month or year the other one writes. (`dates.normalize` of a whole range of years
still gives the interval, without a value.)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date
from typing import Iterator

from analysis.dates import normalize
from analysis.timeml import COUNT_WORD_PATTERN, MONTH_NAMES, MONTH_PATTERN, Reference, Timex
from analysis.parsed import lemma, sentences

_EXTRA_PATTERNS = (
    # a year or decade after a preposition, which the small model sometimes leaves untagged
    re.compile(r"\b(?:in|since|by|until|till|before|after|during|from|around|circa)\s+(?:the\s+)?"
               r"(?:(?:early|mid|late)[\s-]+)?([12]\d{3}'?s?|'\d0s)\b", re.IGNORECASE),
    # duration compounds: "a two-decade plus long occupation", "a 20-year sentence", "a decade-long war"
    re.compile(rf"\b(?:(?:{COUNT_WORD_PATTERN})-(?:day|week|month|year|decade|century)(?:\s+plus)?(?:[\s-]+long)?"
               r"|(?:day|week|month|year|decade|century|centurie)s?-long)\b(?!-old)", re.IGNORECASE),
    # the present, the past and the future, which the model does not tag
    re.compile(r"\b(?:now|currently|nowadays|presently|at present|recently|lately|at (?:the|that) time|(?:in )?the (?:past|future)"
               r"(?!\s+(?:\w+\s+)?(?:years?|months?|weeks?|days?|decades?|centur)))\b", re.IGNORECASE),
    # seasons, lower case: "the Prague Spring" is no time
    re.compile(r"\b(?:spring|summer|autumn|winter)\b"),
    # years before the common era: "480 BC", "April 480 BC", "the spring of 480 BC"
    re.compile(rf"\b(?:(?:(?:{MONTH_PATTERN})\.?|[Ss]pring|[Ss]ummer|[Aa]utumn|[Ww]inter)(?: of)? )?\d{{1,4}} ?(?:BC|B\.C\.|BCE)(?![A-Za-z])"),
    # holidays with their year: "Christmas 1963", "New Year's Day 1950"
    re.compile(r"\b(?:Christmas(?: Eve| Day)?|New Year's (?:Eve|Day)|Easter(?: Sunday)?)(?:,? (?:of )?\d{4})?\b"),
    # clock times, with the day they fall on: "8 PM on Saturday", "11 a.m.", "15:00 GMT"
    re.compile(r"\b(?:\d{1,2}(?:[:.]\d{2})? ?(?:[ap]\.m\.|[ap]m\b)|\d{1,2}:\d{2}\b(?: ?(?:GMT|UTC)\b)?)"
               r"(?: (?:on )?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tomorrow)\b)?", re.IGNORECASE),
    # times counted from the story's time, which the model often leaves untagged: "that same month"
    re.compile(r"\b(?:(?:that(?: same| very)?|the same|the (?:following|next|previous|preceding)) "
               r"(?:day|week|month|year|morning|afternoon|evening|night)"
               rf"|(?:{COUNT_WORD_PATTERN}|a) (?:day|week|month|year)s? (?:later|earlier))\b", re.IGNORECASE),
    # the first day of a range the model tags only from its second day: "from 12 to 14 October 1960"
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s*(?:-|\u2013|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)? (?:of )?"
               rf"(?:{MONTH_PATTERN})\b(?:,? \d{{4}})?", re.IGNORECASE),
)
_LEADING = {"in", "on", "at", "during", "by", "until", "till", "through", "throughout",
            "before", "after", "around", "about", "circa", "of", "for", "over", "within", "from", "since",
            "between", "roughly", "nearly", "almost", "some", "approximately"}
# On the way from a month to a present-tense verb, these point ahead: "is due in May", "runs through June".
_AHEAD_WORDS = {"due", "scheduled", "slated", "expected", "planned", "set", "through", "until", "till", "by"}
_AGE = re.compile(r"(?:an? )?\d{1,3}[- ]years?[- ]old|(?:an? )?(?:\w+[- ])?\w+[- ]years?[- ]old", re.IGNORECASE)
_DAY_NUMBER = re.compile(r"(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?")
_FUTURE_GOVERNORS = {"go", "plan", "schedule", "expect", "intend", "prepare", "set", "due"}
# A number after these words, or before a session in Roman numerals ("1762 (XVII)", "2254 (ES-V)"), numbers a
# document; it is no year: "resolution 2254 (2015)".
_NUMBERED_DOCUMENTS = {"resolution", "resolutions", "decision", "decisions", "document", "documents", "no", "no.", "number"}
_SESSION = re.compile(r"\(\s*(?:ES-)?[IVXLC]+(?:/\d+)?\s*\)")  # regular or emergency special session


def find_timexes(doc, *, anchor: date | None, year: int | None = None) -> list[dict]:
    """Time expressions in `doc` as timex rows: sent_id, start, end, text, value, start_date, end_date, precision.

    Rows come in text order; each is normalised against `anchor` (the document date) and the story's time
    the text before it has set (see the module docstring). `year` is the document's year when only that is
    known (see dates.normalize).
    """
    parsed = doc.has_annotation("SENT_START")  # a blank pipeline has no sentences: all is sentence 0
    sentence_starts = [sentence.start_char for sentence in sentences(doc)] if parsed else [0]
    return [
        {"sent_id": bisect_right(sentence_starts, start) - 1, "start": start, "end": end, "text": text,
         "value": timex.value, "start_date": timex.start_date, "end_date": timex.end_date, "precision": timex.precision}
        for start, end, text, timex in _timexes(doc, anchor, anchor.year if anchor else year)
    ]


def _timexes(doc, anchor: date | None, year: int | None) -> Iterator[tuple[int, int, str, Timex]]:
    taken: set[int] = set()
    reference: Reference | None = None
    for span, label in sorted(_candidates(doc), key=lambda item: (item[0].start, -len(item[0]))):
        if taken.intersection(range(span.start, span.end)):
            continue
        if _is_document_number(span) or _is_age(span):
            continue
        span, signal = _trim(_with_day_before(span))
        tense = _tense(span)
        ends = _range_ends(span.text)
        parts = [(span.start_char + first, span.start_char + last, spelled) for first, last, spelled in ends] if ends \
            else [(span.start_char, span.end_char, signal + span.text)]
        found = []
        for start, end, spelled in parts:
            timex = normalize(spelled, anchor=anchor, tense=tense, reference=reference, year=year)
            if label == "TIME" and timex.precision not in ("day", "duration"):  # "8 PM" on a day, "24 hours"
                continue
            if label == "PATTERN" and timex.value is None:
                continue
            found.append((start, end, doc.text[start:end] if ends else span.text, timex))
            if _moves_story(spelled, timex, anchor, reference, year):
                reference = Reference.of(timex) or reference
        if found:
            taken.update(range(span.start, span.end))
            yield from found


def _moves_story(spelled: str, timex: Timex, anchor: date | None, reference: Reference | None, year: int | None) -> bool:
    """Whether the time an expression names becomes the story's time. Not when the story is away from the
    document's year and the expression counts from the document date: in a history, "this day" or "today"
    tells nothing about when the next "the following day" is."""
    if reference is None or anchor is None or reference.year == anchor.year:
        return True
    return normalize(spelled, anchor=None, reference=reference, year=year).value == timex.value


# A range of years, days, months or seasons: each end is a time expression of its own.
_TO = r"\s*(?:-|\u2013|\u2014|to|and|until|till|through)\s*"
_MONTH_WORD = rf"(?:{MONTH_PATTERN})\.?"
_SEASON_OR_MONTH = rf"(?:{MONTH_PATTERN}|spring|summer|autumn|fall|winter)\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_MONTH_AND_DAY = rf"(?:{_MONTH_WORD} {_DAY}|{_DAY} (?:of )?{_MONTH_WORD})"
_YEAR_AFTER = r"(?:,? (?P<year>\d{4}))?"
_RANGES = tuple(re.compile(pattern, re.IGNORECASE) for pattern in (
    rf"(?P<a>\d{{4}}){_TO}(?P<b>\d{{4}}|\d{{2}})",  # 1915-17, 1917-1918, 1915 to 1916
    rf"(?P<a>(?:the )?{_DAY}){_TO}(?P<b>(?:the )?{_DAY} (?:of )?(?P<month>{MONTH_PATTERN})\.?{_YEAR_AFTER})",  # 6-7 January 1916
    rf"(?P<a>(?P<month>{MONTH_PATTERN})\.? {_DAY}){_TO}(?P<b>{_DAY}{_YEAR_AFTER})",  # March 5-9, 1918; May 4 and 5
    # July 1 to July 3, 1863; November 21, 1948 to January 31, 1949
    rf"(?P<a>{_MONTH_AND_DAY}(?:,? \d{{4}})?){_TO}(?P<b>{_MONTH_AND_DAY}{_YEAR_AFTER})",
    # June to August 1944; July 1951 - July 1953
    rf"(?P<a>{_SEASON_OR_MONTH}(?:,? \d{{4}})?){_TO}(?P<b>{_SEASON_OR_MONTH}{_YEAR_AFTER})",
))


def _range_ends(text: str) -> list[tuple[int, int, str]] | None:
    """The two ends of a range as (start, end, text to normalise), offsets into `text`; None for no range.
    Each end borrows what the other writes: "6" in "6-7 January 1916" is read as "6 January 1916"."""
    for number, pattern in enumerate(_RANGES):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        first, second = match["a"], match["b"]
        groups = match.groupdict()
        if number == 0:
            if len(second) == 2:
                second = first[:2] + second
            if int(second) <= int(first):
                return None  # "1990-91" is a range; "2004-02" is a month
        else:
            if groups.get("month") and number == 1:
                first = f"{first} {groups['month']}"
            elif groups.get("month") and number == 2:
                second = f"{groups['month']} {second}"
            if groups.get("year") and not re.search(r"\d{4}", first):
                first = f"{first} {groups['year']}"
        return [(match.start("a"), match.end("a"), first), (match.start("b"), match.end("b"), second)]
    return None


def _is_document_number(span) -> bool:
    """A bare number that numbers a resolution or a decision, not a year (see _NUMBERED_DOCUMENTS)."""
    if len(span) != 1 or not span[0].is_digit:
        return False
    doc = span.doc
    before = next((token.lower_ for token in reversed(doc[max(0, span.start - 3) : span.start]) if not token.is_space), "")
    # "(ES-V)" is at most five tokens; their text, not doc.text, which is rebuilt on every access
    return before in _NUMBERED_DOCUMENTS or bool(_SESSION.match(doc[span.end : span.end + 5].text))


def dates_a_numbered_document(span) -> bool:
    """A year in brackets after a numbered document: "resolution 435 (1978)" is the resolution's year, which
    dates no act of the sentence."""
    doc, start = span.doc, span.start
    words = [token for token in doc[max(0, start - 5) : start] if not token.is_space]
    return (len(words) >= 3 and words[-1].text == "(" and words[-2].like_num
            and words[-3].lower_ in _NUMBERED_DOCUMENTS)


def _is_age(span) -> bool:
    """An age, which is no time: "a 22-year-old", "John Smith, 48,", "aged 61"."""
    if _AGE.fullmatch(span.text):
        return True
    if len(span) != 1 or not span[0].is_digit or int(span[0].text) > 130:
        return False
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in ("aged", "age", "ages"):
        return True
    # "<name>, 48," : a number set off by commas right after a person's name
    return (before is not None and before.text == "," and span.start >= 2 and doc[span.start - 2].ent_type_ == "PERSON"
            and (span.end == len(doc) or doc[span.end].is_punct))


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


def _with_day_before(span):
    """`span` with the day the model left in front of its month: "5" in "on 5 October 1789", "the 19th of"
    in "the 19th of October 1950"."""
    doc, start = span.doc, span.start
    if start == 0 or span[0].lower_.rstrip(".") not in MONTH_NAMES:
        return span
    if doc[start - 1].lower_ == "of" and start >= 2:
        start -= 1
    if _DAY_NUMBER.fullmatch(doc[start - 1].lower_):
        start -= 1
        if start > 0 and doc[start - 1].lower_ == "the":
            start -= 1
        return doc[start : span.end]
    return span


def _trim(span):
    """Drop leading prepositions, which TimeML counts as signals; return (span, signal). Articles stay:
    "the 1990s", "the past two years" are the expressions."""
    while len(span) > 1 and span[0].lower_ in _LEADING:
        span = span[1:]
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    return span, "since " if before == "since" else ""


def _tense(span) -> str | None:
    """ "future" when the governing verb is will/shall + VB, "going to"/"plans to" + VB, or a present verb with
    "due", "scheduled", "through", "until" on the way ("is due in May", "runs through June"); "past" for past forms."""
    if not (span.doc.has_annotation("DEP") and span.doc.has_annotation("TAG")):
        return None
    token, passed = span.root, set()
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
            break
        if token.head.i == token.i:  # the root; Token objects are new on each access, so compare positions
            return None
        passed.add(token.lower_)
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
    if token.tag_ in ("VBZ", "VBP") and not auxiliaries & {"has", "have", "'s", "'ve"} and passed & _AHEAD_WORDS:
        return "future"
    if token.tag_ in ("VBD", "VBN"):
        return "past"
    return None
