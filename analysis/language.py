"""A document's text → the language it is in, when it is plainly not English (langdetect).

The kit's pipeline reads English; the corpus refuses a document in another language with a reason
that names it. Judged on the first SAMPLE_CHARS characters (langdetect's cost grows with the text),
and only for texts of at least MIN_CHARS characters: a shorter one is kept, as too short to judge.

- A sample in which at least ENGLISH_SHARE of the words are among ENGLISH_WORDS is English, without
  asking langdetect, which costs 4–10 ms a sample, as much as reading the file (langdetect alone on
  the 10,952 UN General Debate speeches: 106 s, all English). Every one of those speeches has over
  6% of its sample's words there; no other language has one of them as a common word (none is a
  stop word of any language spaCy knows but English).
- Any other sample goes to langdetect, with its random trials seeded (seed 0, as
  ``DetectorFactory.seed = 0`` would, but on the kit's own factory, so no global is changed): the same
  text always gets the same answer. It is refused when its likeliest language is not English and
  English has under ENGLISH_FLOOR of the probability; a mixed text, or one langdetect cannot judge
  (no letters), is kept.
"""

from __future__ import annotations

from functools import lru_cache

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

MIN_CHARS = 200
SAMPLE_CHARS = 3000
ENGLISH_SHARE = 0.04
ENGLISH_FLOOR = 0.2
# Common English words that are no common word of another language ("and", "have", "to", "in", "is",
# "was", "by", "for", "of" are: Norwegian, Danish, Czech, Dutch, German…).
ENGLISH_WORDS = frozenset("the that with which this were been their they would there these".split())

# The languages langdetect's profiles know, by code.
LANGUAGE_NAMES = dict(pair.split(":") for pair in (
    "af:Afrikaans ar:Arabic bg:Bulgarian bn:Bengali ca:Catalan cs:Czech cy:Welsh da:Danish de:German el:Greek "
    "en:English es:Spanish et:Estonian fa:Persian fi:Finnish fr:French gu:Gujarati he:Hebrew hi:Hindi "
    "hr:Croatian hu:Hungarian id:Indonesian it:Italian ja:Japanese kn:Kannada ko:Korean lt:Lithuanian "
    "lv:Latvian mk:Macedonian ml:Malayalam mr:Marathi ne:Nepali nl:Dutch no:Norwegian pa:Punjabi pl:Polish "
    "pt:Portuguese ro:Romanian ru:Russian sk:Slovak sl:Slovenian so:Somali sq:Albanian sv:Swedish sw:Swahili "
    "ta:Tamil te:Telugu th:Thai tl:Tagalog tr:Turkish uk:Ukrainian ur:Urdu vi:Vietnamese zh-cn:Chinese "
    "zh-tw:Chinese").split())


def foreign_language(text: str) -> tuple[str, float] | None:
    """(language code, probability) when `text` is plainly not English, else None."""
    if len(text) < MIN_CHARS:
        return None
    sample = text[:SAMPLE_CHARS]
    words = sample.lower().split()  # not a word pattern: splitting costs a quarter as much
    if words and sum(map(ENGLISH_WORDS.__contains__, words)) >= ENGLISH_SHARE * len(words):
        return None
    detector = _factory().create()
    detector.append(sample)
    try:
        languages = detector.get_probabilities()
    except LangDetectException:  # no letters to judge by
        return None
    english = sum(language.prob for language in languages if language.lang == "en")
    best = languages[0] if languages else None
    if best is None or best.lang == "en" or english >= ENGLISH_FLOOR:
        return None
    return best.lang, best.prob


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


@lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory
