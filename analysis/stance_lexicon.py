"""The stance lexicon file (analysis/data/stance_lexicon.yaml) → a validated, look-up-ready StanceLexicon.

The file's header says what each section holds; this module checks every section, entry, key and value
on loading (a mistake is raised with the file, the entry, the bad key or value and what is allowed) and
builds the lookup tables once: word forms → lemma, and the small closed word classes as sets.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

LEXICON_PATH = Path(__file__).parent / "data" / "stance_lexicon.yaml"

SCORE_SECTIONS = ("qualities", "kinds", "traits", "relations", "stand_ins", "manners", "appraisals", "ideals")
WORD_LIST_SECTIONS = ("reporting_verbs", "agent_verbs", "receiving_verbs", "places", "sympathy", "emblems")
SECTIONS = ("settings", *WORD_LIST_SECTIONS, *SCORE_SECTIONS, "acts", "attitudes", "intensifiers", "event_scores")
ACT_KEYS = ("score", "of", "recipient", "note")
ACT_OF = ("agent", "patient", "none")
ACT_RECIPIENT = ("any", "speaker")
ATTITUDE_KEYS = ("score", "preps", "of", "owner", "note")
ATTITUDE_OF = ("target", "holder")
NUMBER_SETTINGS = {"patient_score": (0.0, 10.0), "further_cue_weight": (0.0, 1.0), "inverting_factor": (-1.0, 0.0),
                   "advocacy_score": (0.0, 10.0), "alignment_weight": (0.0, 1.0), "alignment_min_stance": (0.0, 10.0)}
LIST_SETTINGS = ("negating_prefixes", "inverting_prefixes", "neutral_prefixes", "negators", "distancing", "copulas",
                 "first_person", "person_pronouns", "member_nouns", "relational_kinds", "gratitude_words", "resolving_words",
                 "advocacy_verbs", "denying_words", "alignment_codes")
LABEL_SETTINGS = ("stand_in_labels",)
SETTINGS = (*NUMBER_SETTINGS, *LIST_SETTINGS, *LABEL_SETTINGS)


class StanceLexiconError(ValueError):
    """The stance lexicon file is malformed; the message names the file, the entry and what is allowed."""


@dataclass(frozen=True)
class Act:
    """An act noun: its agent gets `score`; `of` says whom its "of" phrase names."""

    score: float
    of: str = "agent"
    recipient: str = "any"


@dataclass(frozen=True)
class Attitude:
    """An attitude noun: its target (named by `preps`, and by "of" when `of` is "target") gets `score`."""

    score: float
    preps: frozenset[str]
    of: str = "holder"
    owner: float | None = None


@dataclass(frozen=True)
class StanceLexicon:
    """The lexicon's sections as lookup tables (lemmas lower case); `lemma_of` maps every word form to its lemma."""

    path: str
    qualities: Mapping[str, float]
    kinds: Mapping[str, float]
    traits: Mapping[str, float]
    acts: Mapping[str, Act]
    relations: Mapping[str, float]
    attitudes: Mapping[str, Attitude]
    stand_ins: Mapping[str, float]
    manners: Mapping[str, float]
    appraisals: Mapping[str, float]
    ideals: Mapping[str, float]
    emblems: frozenset[str]
    places: frozenset[str]
    intensifiers: Mapping[str, float]
    sympathy: frozenset[str]
    reporting_verbs: frozenset[str]
    agent_verbs: frozenset[str]
    receiving_verbs: frozenset[str]
    patient_score: float
    advocacy_score: float
    advocacy_verbs: frozenset[str]
    denying_words: frozenset[str]
    alignment_codes: frozenset[str]
    alignment_weight: float
    alignment_min_stance: float
    further_cue_weight: float
    inverting_factor: float
    negating_prefixes: frozenset[str]
    inverting_prefixes: frozenset[str]
    neutral_prefixes: frozenset[str]
    negators: frozenset[str]
    distancing: frozenset[str]
    copulas: frozenset[str]
    first_person: frozenset[str]
    person_pronouns: frozenset[str]
    member_nouns: frozenset[str]
    relational_kinds: frozenset[str]
    gratitude_words: frozenset[str]
    resolving_words: frozenset[str]
    stand_in_labels: frozenset[str]
    lemma_of: Mapping[str, str] = field(default_factory=dict)
    # forms of the words that can carry a score (hyphenated ones also by their last part)
    cue_words: frozenset[str] = frozenset()
    frames: frozenset[str] = frozenset()  # lemmas of the nouns that take arguments: acts, relations, attitudes

    # CAMEO code prefix → the score an event of that code gives its source's stance, where the Goldstein weight
    # misleads (appeals: see the file's event_scores section); longest prefix wins
    event_scores: Mapping[str, float] = field(default_factory=dict)

    def event_score(self, code: str, goldstein: float) -> float:
        """The stance score of an event of CAMEO `code`: event_scores by its longest prefix, else its weight."""
        for length in range(len(code), 1, -1):
            if code[:length] in self.event_scores:
                return self.event_scores[code[:length]]
        return goldstein

    def lookup(self, word: str) -> str | None:
        """The lemma of a lexicon word form ("aggressors" → "aggressor"), or None."""
        return self.lemma_of.get(word)


# ----------------------------------------------------------------------------------------- word forms

def inflections(lemma: str, *, adjective: bool = False) -> list[str]:
    """The lemma and its regular plural (nouns) or comparative forms (adjectives): matching on forms avoids
    lemmatizing every token near a mention (the pipeline's lemmatizer is deferred)."""
    consonant_y = lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou"
    if adjective:
        if consonant_y:
            return [lemma, lemma[:-1] + "ier", lemma[:-1] + "iest"]
        if lemma.endswith("e"):
            return [lemma, lemma + "r", lemma + "st"]
        return [lemma, lemma + "er", lemma + "est"]
    if consonant_y:
        return [lemma, lemma[:-1] + "ies"]
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        return [lemma, lemma + "es"]
    return [lemma, lemma + "s"]


# ----------------------------------------------------------------------------------------- validation

class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping (PyYAML keeps the last one silently)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise StanceLexiconError(f"line {key_node.start_mark.line + 1}: {key!r} is given twice in one mapping")
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _Checker:
    """Raises StanceLexiconError with the file, the place in it and what is allowed."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, problem: str) -> None:
        raise StanceLexiconError(f"{self.path}: {where}: {problem}")

    def word(self, where: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip() or value != value.strip().lower():
            self.fail(where, f"{value!r} is not a word; allowed: a non-empty lower-case string")
        return value

    def words(self, where: str, value: Any) -> frozenset[str]:
        if not isinstance(value, list):
            self.fail(where, f"{value!r} is not a list of words; allowed: a YAML list such as [say, state]")
        return frozenset(self.word(f"{where}[{index}]", item) for index, item in enumerate(value))

    def labels(self, where: str, value: Any) -> frozenset[str]:
        if not isinstance(value, list) or not all(isinstance(item, str) and item.isupper() for item in value):
            self.fail(where, f"{value!r} is not a list of entity labels; allowed: upper-case labels like [GPE, NORP]")
        return frozenset(value)

    def number(self, where: str, value: Any, low: float, high: float) -> float:
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not number or math.isnan(value) or not low <= value <= high:
            self.fail(where, f"{value!r} is not a number from {low} to {high}")
        return float(value)

    def mapping(self, where: str, value: Any) -> Mapping:
        if not isinstance(value, dict):
            self.fail(where, f"{type(value).__name__} {value!r} is not a mapping; allowed: `word: value` lines")
        return value

    def keys(self, where: str, entry: Mapping, allowed: tuple[str, ...], required: tuple[str, ...]) -> None:
        for key in entry:
            if key not in allowed:
                self.fail(where, f"key {key!r} is not allowed; allowed: {', '.join(allowed)}")
        for key in required:
            if key not in entry:
                self.fail(where, f"key {key!r} is missing; required: {', '.join(required)}")

    def choice(self, where: str, value: Any, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            self.fail(where, f"{value!r} is not allowed; allowed: {', '.join(allowed)}")
        return value


def _parse(data: Any, path: Path) -> StanceLexicon:
    check = _Checker(path)
    data = check.mapping("the file", data)
    for section in data:
        check.choice(f"section {section!r}", section, SECTIONS)
    settings = check.mapping("settings", data.get("settings", {}))
    for key in settings:
        check.choice(f"settings key {key!r}", key, SETTINGS)
    for key in SETTINGS:
        if key not in settings:
            check.fail("settings", f"key {key!r} is missing; required: {', '.join(SETTINGS)}")
    values: dict[str, Any] = {key: check.number(f"settings.{key}", settings[key], *NUMBER_SETTINGS[key])
                              for key in NUMBER_SETTINGS}
    values |= {key: check.words(f"settings.{key}", settings[key]) for key in LIST_SETTINGS}
    values |= {key: check.labels(f"settings.{key}", settings[key]) for key in LABEL_SETTINGS}
    values |= {section: check.words(section, data.get(section, [])) for section in WORD_LIST_SECTIONS}
    for section in SCORE_SECTIONS:
        entries = check.mapping(section, data.get(section) or {})
        values[section] = {check.word(f"{section}: entry {lemma!r}", lemma):
                           check.number(f"{section}: entry {lemma!r}", score, -10.0, 10.0)
                           for lemma, score in entries.items()}
    values["event_scores"] = {}
    for code, score in check.mapping("event_scores", data.get("event_scores") or {}).items():
        if not (isinstance(code, str) and code.isdigit() and 2 <= len(code) <= 4):
            check.fail(f"event_scores: entry {code!r}", "is not a CAMEO code prefix; allowed: 2 to 4 digits, quoted (\"025\")")
        values["event_scores"][code] = check.number(f"event_scores: entry {code!r}", score, -10.0, 10.0)
    values["intensifiers"] = {check.word(f"intensifiers: entry {word!r}", word):
                              check.number(f"intensifiers: entry {word!r}", factor, 0.1, 3.0)
                              for word, factor in check.mapping("intensifiers", data.get("intensifiers") or {}).items()}
    acts = {}
    for lemma, entry in check.mapping("acts", data.get("acts") or {}).items():
        where = f"acts: entry {check.word(f'acts: entry {lemma!r}', lemma)!r}"
        entry = check.mapping(where, entry)
        check.keys(where, entry, ACT_KEYS, ("score", "of"))
        acts[lemma] = Act(score=check.number(f"{where}: score", entry["score"], -10.0, 10.0),
                          of=check.choice(f"{where}: of", entry["of"], ACT_OF),
                          recipient=check.choice(f"{where}: recipient", entry.get("recipient", "any"), ACT_RECIPIENT))
    attitudes = {}
    for lemma, entry in check.mapping("attitudes", data.get("attitudes") or {}).items():
        where = f"attitudes: entry {check.word(f'attitudes: entry {lemma!r}', lemma)!r}"
        entry = check.mapping(where, entry)
        check.keys(where, entry, ATTITUDE_KEYS, ("score", "preps", "of"))
        owner = entry.get("owner")
        attitudes[lemma] = Attitude(score=check.number(f"{where}: score", entry["score"], -10.0, 10.0),
                                    preps=check.words(f"{where}: preps", entry["preps"]),
                                    of=check.choice(f"{where}: of", entry["of"], ATTITUDE_OF),
                                    owner=None if owner is None else check.number(f"{where}: owner", owner, -10, 10))
    adjectives = {*values["qualities"], *values["intensifiers"], *values["distancing"]}
    nominal = [*values["qualities"], *values["kinds"], *values["traits"], *values["relations"], *values["stand_ins"],
               *acts, *attitudes, *values["intensifiers"], *values["places"], *values["sympathy"],
               *values["distancing"], *values["member_nouns"], *values["manners"], *values["appraisals"],
               *values["emblems"], *values["ideals"]]
    nouns = {*values["kinds"], *values["traits"], *values["relations"], *values["stand_ins"], *acts, *attitudes,
             *values["places"], *values["sympathy"], *values["member_nouns"], *values["emblems"], *values["ideals"]}
    lemma_of: dict[str, str] = {}
    for lemma in nominal:
        # a word that is both ("imperialist": a quality and a kind) has the forms of both ("imperialists")
        forms = {*inflections(lemma, adjective=lemma in adjectives), *(inflections(lemma, adjective=False)
                                                                          if lemma in adjectives and lemma in nouns else ())}
        for form in sorted(forms):
            # a listed lemma wins over another lemma's generated form ("aid" is not a form of "aids")
            if form == lemma or form not in lemma_of:
                lemma_of[form] = lemma
    scored = {*values["qualities"], *values["kinds"], *values["traits"], *values["relations"], *acts, *attitudes,
              *values["sympathy"], *values["manners"], *values["appraisals"], *values["emblems"],
              *(word for word, score in values["stand_ins"].items() if score)}
    cue_words = {form for form, lemma in lemma_of.items() if lemma in scored}
    cue_words |= {form.rsplit("-", 1)[-1] for form in cue_words}
    # the participles of the claims for a place ("admitted", "seated"), read in the passive only
    cue_words |= {verb + ending for verb in values["advocacy_verbs"] for ending in ("d", "ed", verb[-1] + "ed")}
    return StanceLexicon(path=str(path), acts=acts, attitudes=attitudes, lemma_of=lemma_of,
                         cue_words=frozenset(cue_words), frames=frozenset({*acts, *attitudes, *values["relations"]}),
                         **values)


@functools.lru_cache(maxsize=8)
def _load(path: str) -> StanceLexicon:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        raise StanceLexiconError(f"{file}: cannot read the stance lexicon ({error.strerror or error})") from error
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except StanceLexiconError as error:
        raise StanceLexiconError(f"{file}: {error}") from None
    except yaml.YAMLError as error:
        raise StanceLexiconError(f"{file}: not valid YAML ({error})") from error
    return _parse(data, file)


def load_stance_lexicon(path: str | Path | None = None) -> StanceLexicon:
    """The stance lexicon at `path` (default analysis/data/stance_lexicon.yaml), validated, loaded once per path."""
    return _load(str(Path(path).resolve()) if path is not None else str(LEXICON_PATH))
