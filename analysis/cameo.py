"""CAMEO data files → lookup objects: the codebook (code → name, root, Goldstein weight, quad class)
and the trigger lexicon of analysis/data/event_patterns.yaml, checked against the codebook."""

from __future__ import annotations

import csv
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import yaml

DATA = Path(__file__).resolve().parent / "data"
PATTERNS_PATH = DATA / "event_patterns.yaml"
CODEBOOK_PATH = DATA / "cameo_codebook.csv"

TRIGGER_POS = ("VERB", "NOUN", "ADJ")
OF_ROLES = ("target", "source")
COMPLEMENTS = (None, True, False, "infinitive", "clause", "finite", "asked")


@dataclass(frozen=True)
class CodebookEntry:
    """One CAMEO code: `code` ("054"), `root` ("05"), `name` and Goldstein weight."""

    code: str
    root: str
    name: str
    goldstein: float

    @property
    def quad_class(self) -> int:
        return quad_class(self.root)


def quad_class(root: str) -> int:
    """GDELT quad class of a CAMEO root: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    4 material conflict."""
    number = int(root)
    if not 1 <= number <= 20:
        raise ValueError(f"root={root!r} is not a CAMEO root; allowed: 01 … 20")
    return 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 13 else 4


@functools.lru_cache(maxsize=8)
def _load_codebook(path: str) -> dict[str, CodebookEntry]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if line.strip() and not line.startswith("#"))
        missing = {"code", "root_code", "name", "goldstein"} - set(rows.fieldnames or ())
        if missing:
            raise ValueError(f"codebook {path!r} lacks column(s) {sorted(missing)}; "
                             "required: code, root_code, name, goldstein")
        return {row["code"]: CodebookEntry(row["code"], row["root_code"], row["name"], float(row["goldstein"]))
                for row in rows}


def load_codebook(path: str | os.PathLike | None = None) -> dict[str, CodebookEntry]:
    """The CAMEO codebook, code (text, leading zeros kept) → entry; read once per path."""
    return _load_codebook(str(Path(path) if path else CODEBOOK_PATH))


# ----------------------------------------------------------------------------------------- patterns

@dataclass(frozen=True)
class Pattern:
    """One trigger sense of event_patterns.yaml (its header documents each field)."""

    lemma: str
    code: str | None  # None: a stop entry, this sense is no event
    pos: str = "VERB"
    particle: frozenset[str] = frozenset()
    object: frozenset[str] | bool | None = None  # None: no condition; True: any object; False: none
    prep: frozenset[str] = frozenset()
    prep_object: frozenset[str] = frozenset()
    with_words: frozenset[str] = frozenset()
    without_words: frozenset[str] = frozenset()
    modifier: frozenset[str] = frozenset()
    complement: bool | str | None = None
    passive: bool | None = None
    negated_code: str | None = None
    absorbs: bool = False
    intent: bool = False
    needs_act: bool = False  # an intent verb that tells nothing of the kind of act without one the kit knows
    needs_target: bool = False  # no event unless someone is acted upon ("recognizes the value of …" recognizes no one)
    complement_codes: Mapping[str, str] = field(default_factory=dict)
    reporting: bool = False
    of_role: str = "target"
    target_preps: tuple[str, ...] | None = None
    note: str = ""
    swapped: bool = False  # the event runs from the target to the source (PETRARCH's [:code])
    origin: str = "kit"    # "kit" (event_patterns.yaml) or "petrarch" (data/petrarch_verbs.tsv)

    @property
    def conditioned(self) -> bool:
        """Whether the pattern asks anything of the parse beyond its lemma (a specific sense, not a default)."""
        return bool(self.particle or self.prep or self.with_words or self.without_words or self.modifier) or (
            self.object is not None or self.complement is not None or self.passive is not None)

    @property
    def root(self) -> str:
        return self.code[:2] if self.code else ""

    @property
    def moves_own_forces(self) -> bool:
        """Deploying, sending or withdrawing troops: the troops in the object are the doer's own."""
        return self.root in ("08", "15", "16") or self.code in ("074", "154")


@dataclass(frozen=True)
class PatternSet:
    """The trigger lexicon (lemma, part of speech) → patterns in file order, and the rules' word classes."""

    patterns: Mapping[tuple[str, str], tuple[Pattern, ...]]
    light_verbs: frozenset[str]
    light_nouns: frozenset[str]
    light_preps: frozenset[str]
    object_control_verbs: frozenset[str]
    obligation_modals: frozenset[str]
    obligation_code: str
    future_modals: frozenset[str]
    intent_codes: Mapping[str, str]
    target_preps: tuple[str, ...]
    location_preps: tuple[str, ...]
    member_preps: tuple[str, ...]
    force_nouns: frozenset[str]
    member_nouns: frozenset[str]
    topic_nouns: frozenset[str] = frozenset()
    state_nouns: frozenset[str] = frozenset()
    receiving_verbs: frozenset[str] = frozenset()
    received_roots: tuple[str, ...] = ()
    message_nouns: frozenset[str] = frozenset()
    victim_nouns: frozenset[str] = frozenset()
    relational_nouns: frozenset[str] = frozenset()
    instrument_nouns: frozenset[str] = frozenset()
    # Modality word classes (analysis/events/modality.py): negative_governors, denial_verbs, report_nouns, conditions, threat_conditions,
    # counterfactual_modals, possibility_modals, ability_modals, obligation_modals, obligation_verbs, future_modals,
    # intent_nouns, refusal_auxiliaries, demand_words, requirement_nouns, plan_words, performative_frames,
    # awaiting_conjunctions, belief_verbs, courtesy_verbs, grounding_words, basis_nouns, obligation_adjectives.
    modality: Mapping[str, frozenset[str]] = field(default_factory=dict)
    refusal_codes: Mapping[str, str] = field(default_factory=dict)
    reciprocal_codes: tuple[str, ...] = ()
    partner_codes: tuple[str, ...] = ()
    expressive_codes: tuple[str, ...] = ()
    performative_codes: tuple[str, ...] = ()
    territorial_roots: tuple[str, ...] = ()
    # modal word → (base code, complement codes by the obliged act's code): "X must withdraw" → demand (1056)
    obligations: Mapping[str, tuple[str, Mapping[str, str]]] = field(default_factory=dict)
    accusation_codes: Mapping[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(len(entries) for entries in self.patterns.values())

    def lookup(self, lemma: str, pos: str) -> tuple[Pattern, ...]:
        return self.patterns.get((lemma, pos), ())


_PATTERN_KEYS = frozenset(Pattern.__dataclass_fields__)
_SETTING_KEYS = ("light_verbs", "light_nouns", "light_preps", "object_control_verbs", "obligation_modals", "obligation_code",
                 "future_modals", "intent_codes", "target_preps", "location_preps", "member_preps", "force_nouns", "member_nouns",
                 "negative_governors", "denial_verbs", "report_nouns", "conditions", "threat_conditions",
                 "counterfactual_modals", "possibility_modals", "ability_modals", "obligation_verbs", "intent_nouns",
                 "refusal_auxiliaries", "possibility_nouns", "preventing_verbs", "demand_nouns",
                 "refusal_codes", "reciprocal_codes", "partner_codes", "expressive_codes", "accusation_codes", "demand_words",
                 "requirement_nouns", "plan_words", "topic_nouns", "territorial_roots",
                 "state_nouns", "performative_frames", "performative_codes", "awaiting_conjunctions",
                 "belief_verbs", "courtesy_verbs", "receiving_verbs", "received_roots",
                 "message_nouns", "victim_nouns", "relational_nouns", "instrument_nouns", "grounding_words", "basis_nouns", "obligation_adjectives")
_MODALITY_KEYS = ("negative_governors", "denial_verbs", "report_nouns", "conditions", "threat_conditions",
                  "counterfactual_modals", "possibility_modals", "ability_modals", "obligation_modals", "obligation_verbs",
                  "future_modals",
                  "intent_nouns", "refusal_auxiliaries", "demand_words", "requirement_nouns", "possibility_nouns",
                  "preventing_verbs", "demand_nouns", "plan_words", "performative_frames", "awaiting_conjunctions",
                  "belief_verbs", "courtesy_verbs", "grounding_words", "basis_nouns", "obligation_adjectives")


def _word_list(value, *, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(item, str) for item in values):
        raise ValueError(f"{where}: {key}={value!r} is not a word or a list of words (YAML reads bare on/off/yes/no "
                         "as true/false: quote them, \"on\")")
    return tuple(dict.fromkeys(item.lower() for item in values))


def _words(value, *, where: str, key: str) -> frozenset[str]:
    return frozenset(_word_list(value, where=where, key=key))


def _pattern(entry, number: int, codebook: Mapping[str, CodebookEntry], path: str) -> Pattern:
    where = f"{path}: pattern #{number} {entry!r}"
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: a pattern is a mapping with at least `lemma` and `code`")
    unknown = set(entry) - _PATTERN_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_PATTERN_KEYS)}")
    if "lemma" not in entry or "code" not in entry:
        raise ValueError(f"{where}: `lemma` and `code` are required")
    pos = str(entry.get("pos", "VERB")).upper()
    if pos not in TRIGGER_POS:
        raise ValueError(f"{where}: pos={pos!r}; allowed: {', '.join(TRIGGER_POS)}")
    codes = [None if entry["code"] is None else str(entry["code"])]
    if entry.get("negated_code") is not None:
        codes.append(str(entry["negated_code"]))
    complement_codes = {str(root): str(code) for root, code in (entry.get("complement_codes") or {}).items()}
    for code in [*codes, *complement_codes.values()]:
        if code is not None and code not in codebook:
            raise ValueError(f"{where}: code {code!r} is not in the CAMEO codebook; quote codes so that leading "
                             "zeros survive (\"054\")")
    of_role = entry.get("of_role", "target")
    if of_role not in OF_ROLES:
        raise ValueError(f"{where}: of_role={of_role!r}; allowed: {', '.join(OF_ROLES)}")
    if entry.get("complement") not in COMPLEMENTS:
        raise ValueError(f"{where}: complement={entry.get('complement')!r}; allowed: true, false, infinitive, clause, finite, asked")
    raw_object = entry.get("object")
    if raw_object == "*" or raw_object is True:
        object_condition: frozenset[str] | bool | None = True
    elif raw_object is False or raw_object is None:
        object_condition = raw_object
    else:
        object_condition = _words(raw_object, where=where, key="object")
    return Pattern(
        lemma=str(entry["lemma"]).lower(), code=codes[0], pos=pos,
        particle=_words(entry.get("particle"), where=where, key="particle"),
        object=object_condition,
        prep=_words(entry.get("prep"), where=where, key="prep"),
        prep_object=_words(entry.get("prep_object"), where=where, key="prep_object"),
        with_words=_words(entry.get("with_words"), where=where, key="with_words"),
        without_words=_words(entry.get("without_words"), where=where, key="without_words"),
        modifier=_words(entry.get("modifier"), where=where, key="modifier"),
        complement=entry.get("complement"), passive=entry.get("passive"),
        negated_code=codes[1] if len(codes) > 1 else None,
        absorbs=bool(entry.get("absorbs", False)), intent=bool(entry.get("intent", False)),
        needs_act=bool(entry.get("needs_act", False)), needs_target=bool(entry.get("needs_target", False)),
        complement_codes=complement_codes, reporting=bool(entry.get("reporting", False)),
        of_role=of_role, note=str(entry.get("note", "")),
        target_preps=_word_list(entry["target_preps"], where=where, key="target_preps") if "target_preps" in entry
        else None,
    )


@functools.lru_cache(maxsize=8)
def _load_patterns(path: str, codebook_path: str) -> PatternSet:
    codebook = load_codebook(codebook_path)
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    if not isinstance(data, dict) or not isinstance(data.get("patterns"), list):
        raise ValueError(f"{path}: expected a mapping with a `patterns` list")
    settings = data.get("settings") or {}
    missing = [key for key in _SETTING_KEYS if key not in settings]
    if missing:
        raise ValueError(f"{path}: settings lack {missing}; required: {list(_SETTING_KEYS)}")
    for root, code in settings["intent_codes"].items():
        if str(code) not in codebook:
            raise ValueError(f"{path}: intent_codes[{root!r}]={code!r} is not in the CAMEO codebook")
    if str(settings["obligation_code"]) not in codebook:
        raise ValueError(f"{path}: obligation_code={settings['obligation_code']!r} is not in the CAMEO codebook")
    for key in ("refusal_codes", "accusation_codes"):
        for root, code in settings[key].items():
            if str(code) not in codebook:
                raise ValueError(f"{path}: {key}[{root!r}]={code!r} is not in the CAMEO codebook")
    obligations = _obligations(data.get("obligations"), codebook, path)
    grouped: dict[tuple[str, str], list[Pattern]] = {}
    for number, entry in enumerate(data["patterns"], start=1):
        # `lemma` may name a class of verbs at once ("lemma: *reducing_verbs"): one pattern per lemma
        lemmas = entry.get("lemma") if isinstance(entry, dict) and isinstance(entry.get("lemma"), list) else [None]
        for lemma in lemmas:
            one = entry if lemma is None else {**entry, "lemma": lemma}
            pattern = _pattern(one, number, codebook, path)
            grouped.setdefault((pattern.lemma, pattern.pos), []).append(pattern)
    word = functools.partial(_words, where=f"{path}: settings")
    ordered = functools.partial(_word_list, where=f"{path}: settings")
    return PatternSet(
        patterns={key: tuple(entries) for key, entries in grouped.items()},
        light_verbs=word(settings["light_verbs"], key="light_verbs"),
        light_nouns=word(settings["light_nouns"], key="light_nouns"),
        light_preps=word(settings["light_preps"], key="light_preps"),
        object_control_verbs=word(settings["object_control_verbs"], key="object_control_verbs"),
        obligation_modals=word(settings["obligation_modals"], key="obligation_modals"),
        obligation_code=str(settings["obligation_code"]),
        future_modals=word(settings["future_modals"], key="future_modals"),
        intent_codes={str(root): str(code) for root, code in settings["intent_codes"].items()},
        target_preps=ordered(settings["target_preps"], key="target_preps"),
        location_preps=ordered(settings["location_preps"], key="location_preps"),
        member_preps=ordered(settings["member_preps"], key="member_preps"),
        force_nouns=word(settings["force_nouns"], key="force_nouns"),
        member_nouns=word(settings["member_nouns"], key="member_nouns"),
        topic_nouns=word(settings["topic_nouns"], key="topic_nouns"),
        state_nouns=word(settings["state_nouns"], key="state_nouns"),
        receiving_verbs=word(settings["receiving_verbs"], key="receiving_verbs"),
        received_roots=ordered(settings["received_roots"], key="received_roots"),
        message_nouns=word(settings["message_nouns"], key="message_nouns"),
        victim_nouns=word(settings["victim_nouns"], key="victim_nouns"),
        relational_nouns=word(settings["relational_nouns"], key="relational_nouns"),
        instrument_nouns=word(settings["instrument_nouns"], key="instrument_nouns"),
        modality={key: word(settings[key], key=key) for key in _MODALITY_KEYS},
        refusal_codes={str(root): str(code) for root, code in settings["refusal_codes"].items()},
        reciprocal_codes=ordered(settings["reciprocal_codes"], key="reciprocal_codes"),
        partner_codes=ordered(settings["partner_codes"], key="partner_codes"),
        expressive_codes=ordered(settings["expressive_codes"], key="expressive_codes"),
        performative_codes=ordered(settings["performative_codes"], key="performative_codes"),
        territorial_roots=ordered(settings["territorial_roots"], key="territorial_roots"),
        obligations=obligations,
        accusation_codes={str(root): str(code) for root, code in settings["accusation_codes"].items()},
    )


def _obligations(section, codebook: Mapping[str, CodebookEntry], path: str) -> dict[str, tuple[str, dict[str, str]]]:
    """The `obligations` section: modal word → {code, complement_codes}, every code checked."""
    if not isinstance(section, dict) or not section:
        raise ValueError(f"{path}: expected an `obligations` mapping of modal words to {{code, complement_codes}}")
    found = {}
    for modal, entry in section.items():
        where = f"{path}: obligations[{modal!r}]"
        if not isinstance(entry, dict) or "code" not in entry:
            raise ValueError(f"{where}: expected a mapping with `code` and optional `complement_codes`")
        codes = {str(key): str(value) for key, value in (entry.get("complement_codes") or {}).items()}
        for code in [str(entry["code"]), *codes.values()]:
            if code not in codebook:
                raise ValueError(f"{where}: code {code!r} is not in the CAMEO codebook")
        found[str(modal).lower()] = (str(entry["code"]), codes)
    return found


def load_patterns(path: str | os.PathLike | None = None, *, codebook: str | os.PathLike | None = None) -> PatternSet:
    """The trigger lexicon of `path` (default analysis/data/event_patterns.yaml), checked against the
    codebook; read once per path."""
    return _load_patterns(str(Path(path) if path else PATTERNS_PATH), str(Path(codebook) if codebook else CODEBOOK_PATH))
