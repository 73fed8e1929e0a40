"""A verb token of a parsed spaCy Doc + the PETRARCH2 verb dictionary → the CAMEO code its entry gives
(VerbMatch); also the dictionary's in-memory form and the pattern notation that analysis.petrarch reads
and writes."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Collection, Iterable, Mapping, NamedTuple, Sequence

from analysis.parsed import lemma

if TYPE_CHECKING:
    from spacy.tokens import Token

OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "acomp"})
PREP_DEPS = frozenset({"prep", "agent", "dative"})
PARTICLE_DEPS = frozenset({"prt", "advmod"})
PREP_OBJECT_DEPS = frozenset({"pobj", "pcomp"})
SUBJECT_DEPS = frozenset({"nsubj"})
# Verbs that share the subject of the verb they hang on: "X met Y and signed …", "X agreed to send …".
SUBJECT_SHARING_DEPS = frozenset({"conj", "xcomp"})
PREP_NESTING = 2  # "(on state) (of alert)": a prep phrase inside the noun of another
_MARKERS = "$+^%"  # PETRARCH's source, target, skip and compound markers: positions, not words
_TOKEN = re.compile(r"[{}()]|[^\s{}()]+")


# ----------------------------------------------------------------------------------------- notation
# Both files write a pattern side in PETRARCH's notation (lower case in the data file): AID (a head word),
# {FINANCIAL AID} (a phrase, head last), &FOOD (a synset), (FOR {FINANCIAL AID}) (a prepositional phrase).

class Written(NamedTuple):
    words: tuple[str, ...]
    braced: bool  # {…} or joined by "_": a phrase, never a particle or a bare preposition


class WrittenPrep(NamedTuple):
    prepositions: tuple[str, ...]  # "by/with" → ("by", "with")
    nouns: tuple[Written, ...]


def word_parts(token: str) -> tuple[str, ...]:
    """"AIR_STRIKE" → ("air", "strike"); "FIGHTER_&AIRCRAFT" → ("fighter", "&aircraft"); a synset name keeps
    its inner underscores (&FIGHT_OF_WORDS) and loses a trailing one."""
    parts: list[str] = []
    for part in token.strip(_MARKERS).lower().split("_"):
        if parts and parts[-1].startswith("&"):
            parts[-1] += "_" + part
        else:
            parts.append(part)
    return tuple(part.rstrip("_") for part in parts if part.strip(_MARKERS + "_"))


def _closing(tokens: Sequence[str], start: int, where: str) -> int:
    bracket = ")" if tokens[start] == "(" else "}"
    nested = "{}" if bracket == ")" else ""  # {phrases} may sit inside a (prep phrase), nothing else nests
    for position in range(start + 1, len(tokens)):
        if tokens[position] == bracket:
            return position
        if tokens[position] in "({})" and tokens[position] not in nested:
            raise ValueError(f"{where}: {tokens[position]!r} inside {tokens[start]}…{bracket}; allowed: {{…}} "
                             "inside (…) only")
    raise ValueError(f"{where}: {tokens[start]!r} is never closed by {bracket!r}")


def read_notation(text: str, *, where: str) -> list[Written | WrittenPrep]:
    """The words, phrases and prepositional phrases of one side of a pattern, position markers dropped."""
    tokens, items, position = _TOKEN.findall(text), [], 0
    while position < len(tokens):
        token = tokens[position]
        if token in (")", "}"):
            raise ValueError(f"{where}: {token!r} closes nothing in {' '.join(text.split())!r}")
        if token in ("(", "{"):
            end = _closing(tokens, position, where)
            inner, position = tokens[position + 1:end], end + 1
            words = tuple(part for inner_token in inner for part in word_parts(inner_token))
            if token == "(":
                items.append(_prep_phrase(inner, where=where))
            elif words:
                items.append(Written(words, braced=True))
            continue
        if words := word_parts(token):
            items.append(Written(words, braced=len(words) > 1))
        position += 1
    return items


def _prep_phrase(tokens: Sequence[str], *, where: str) -> WrittenPrep:
    tokens = [token for token in tokens if token.strip(_MARKERS)]
    if not tokens or tokens[0] == "{":
        raise ValueError(f"{where}: a (…) phrase starts with its preposition, got ({' '.join(tokens)})")
    nouns = read_notation(" ".join(tokens[1:]), where=where)
    return WrittenPrep(tuple(tokens[0].lower().split("/")), tuple(nouns))


_PARTS = {"subject": ((Written,), "words and {phrases}"), "particles": ((Written,), "single words"),
          "object": ((Written,), "words and {phrases}"), "preps": ((WrittenPrep,), "(preposition nouns…) phrases")}


def read_part(part: str, text: str, synsets: Mapping, memo: dict, where: str) -> list[Written | WrittenPrep]:
    """The words, {phrases} or (prep phrases) of one part of a pattern (subject, particles, object, preps),
    checked against what that part may hold and against the synsets; `memo` reads each distinct one once."""
    if (part, text) not in memo:
        items = read_notation(text, where=f"{where} ({part})") if text else []
        kinds, allowed = _PARTS[part]
        if any(not isinstance(item, kinds) or (part == "particles" and item.braced) for item in items):
            raise ValueError(f"{where}: {part}={text!r}; allowed: {allowed}")
        terms = [term for item in items for term in (item.nouns if isinstance(item, WrittenPrep) else (item,))]
        if undefined := sorted({word for term in terms for word in term.words if word[0] == "&"} - set(synsets)):
            raise ValueError(f"{where}: synset {undefined[0]!r} is not defined; defined: {', '.join(synsets)}")
        memo[part, text] = items
    return memo[part, text]


def render_term(term: Written) -> str:
    return term.words[0] if len(term.words) == 1 else "{" + " ".join(term.words) + "}"


def render_prep(prep: WrittenPrep) -> str:
    return "(" + " ".join(["/".join(prep.prepositions), *map(render_term, prep.nouns)]) + ")"


# ----------------------------------------------------------------------------------------- the dictionary

@dataclass(frozen=True)
class Term:
    """A noun condition: head word → the modifier word sets that may go with it (one per alternative)."""

    text: str
    heads: Mapping[str, tuple[frozenset[str], ...]] = field(repr=False)
    weight: int = 1  # words written: {financial aid} counts 2

    @classmethod
    def from_words(cls, text: str, words: tuple[str, ...], synsets: Mapping[str, tuple[tuple[str, ...], ...]],
                   *, where: str) -> Term:
        """{&military aid} → head "aid" with {military}, {armed, forces}, …: every synset member (its last
        word its head) is an alternative."""
        *modifiers, head = words
        choices = [_alternatives(word, synsets, where) for word in modifiers]
        heads: dict[str, list[frozenset[str]]] = {}
        for head_phrase in _alternatives(head, synsets, where):
            for choice in itertools.product(*choices):
                heads.setdefault(head_phrase[-1], []).append(frozenset(itertools.chain(head_phrase[:-1], *choice)))
        return cls(text, {word: tuple(sets) for word, sets in heads.items()}, len(words))

    @classmethod
    def from_written(cls, written: Written, synsets: Mapping, memo: dict, *, where: str) -> Term:
        """The term of a written word or {phrase}; `memo` keeps each distinct one (&weapon alone has some
        200 alternatives to expand)."""
        text = render_term(written)
        if text not in memo:
            memo[text] = cls.from_words(text, written.words, synsets, where=where)
        return memo[text]


def _alternatives(word: str, synsets: Mapping[str, tuple[tuple[str, ...], ...]], where: str):
    if not word.startswith("&"):
        return ((word,),)
    if word not in synsets:
        raise ValueError(f"{where}: synset {word!r} is not defined; defined: {', '.join(sorted(synsets))}")
    return synsets[word]


@dataclass(frozen=True)
class PrepPhrase:
    text: str
    prepositions: frozenset[str]
    nouns: tuple[Term, ...]

    @classmethod
    def from_written(cls, written: WrittenPrep, synsets: Mapping, memo: dict, *, where: str) -> PrepPhrase:
        if any(isinstance(noun, WrittenPrep) for noun in written.nouns):
            raise ValueError(f"{where}: a (…) phrase cannot hold another one: {render_prep(written)!r}")
        return cls(render_prep(written), frozenset(written.prepositions),
                   tuple(Term.from_written(noun, synsets, memo, where=where) for noun in written.nouns))


class VerbPattern(NamedTuple):
    """One pattern line of a verb block, as `VerbPattern.compile` makes it from a data row's cells."""

    code: str | None  # None: a stop pattern, this sense is no event
    swapped: bool
    subject: tuple[Term, ...]
    particles: frozenset[str]
    objects: tuple[Term, ...]
    preps: tuple[PrepPhrase, ...]
    line: int
    text: str  # "&military * {arms shipment} (to border)"
    nouns: int  # words its noun conditions name: {financial aid} counts 2
    conditions: int  # those plus its particles and prepositions
    cue: frozenset[str] | None  # the parse must offer one of these words; None: no such test

    @classmethod
    def compile(cls, subject: Sequence[Written], particles: Sequence[Written], objects: Sequence[Written],
                preps: Sequence[WrittenPrep], *, code: str | None, swapped: bool, line: int, synsets: Mapping,
                memo: dict, where: str) -> VerbPattern:
        """The pattern of a data row's cells, read as notation; `memo` keeps each distinct term."""
        def terms(items: Sequence[Written]) -> tuple[Term, ...]:
            return tuple(Term.from_written(item, synsets, memo, where=where) for item in items)

        subject_terms, object_terms, words = terms(subject), terms(objects), frozenset(w.words[0] for w in particles)
        phrases = tuple(PrepPhrase.from_written(item, synsets, memo, where=where) for item in preps)
        nouns = sum(term.weight for term in (*subject_terms, *object_terms, *(n for p in phrases for n in p.nouns)))
        # Most patterns of a verb fail on their first word: one set test rejects them before any walk through
        # the parse.
        cue = (frozenset(object_terms[0].heads) if object_terms else phrases[0].prepositions if phrases
               else words or (frozenset(subject_terms[0].heads) if subject_terms else None))
        text = " ".join(filter(None, [" ".join(map(render_term, subject)), "*", " ".join(sorted(words)),
                                      " ".join(map(render_term, objects)), " ".join(map(render_prep, preps))]))
        return cls(code, swapped, subject_terms, words, object_terms, phrases, line, text, nouns,
                   nouns + len(words) + len(phrases), cue)


class VerbEntry(NamedTuple):
    """A verb (or multi-word verb: `words_before` + lemma + `words_after`) with its default code and the
    patterns of its block, most specific first."""

    lemma: str
    words_before: tuple[str, ...]
    words_after: tuple[str, ...]
    code: str | None  # None: no event unless a pattern says so
    swapped: bool
    patterns: tuple[VerbPattern, ...]
    line: int

    @property
    def name(self) -> str:
        return " ".join((*self.words_before, self.lemma, *self.words_after))


class VerbDictionary:
    """Verb name ("ask", "ask for", "wire tap") → VerbEntry, each built on its first lookup from rows the
    loader has checked: building all 4 600 patterns up front would double the start-up of a worker that
    meets a few hundred verbs."""

    def __init__(self, names: Iterable[str], build: Callable[[str], VerbEntry], *,
                 multi_word: Mapping[str, tuple[str, ...]], synsets: Mapping[str, tuple[tuple[str, ...], ...]]):
        self._names, self._build, self._built = dict.fromkeys(names), build, {}
        self.multi_word = multi_word  # lemma of the verb word → names of its multi-word verbs, longest first
        self.synsets = synsets

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: str) -> bool:
        return name in self._names

    def lookup(self, lemma: str) -> VerbEntry | None:
        """The one-word verb `lemma` ("ask"), or a multi-word verb by its words ("ask for")."""
        entry = self._built.get(lemma)
        if entry is None and lemma in self._names:
            entry = self._built[lemma] = self._build(lemma)
        return entry

    def multi_word_verbs(self, lemma: str) -> tuple[VerbEntry, ...]:
        """The multi-word verbs whose verb word is `lemma` ("ask" → "ask for"), longest first."""
        return tuple(self.lookup(name) for name in self.multi_word.get(lemma, ()))

    @property
    def entries(self) -> dict[str, VerbEntry]:
        """Every entry, in file order (builds them all)."""
        return {name: self.lookup(name) for name in self._names}

    @property
    def pattern_count(self) -> int:
        return sum(len(entry.patterns) for entry in self.entries.values())


# ----------------------------------------------------------------------------------------- matching

class VerbMatch(NamedTuple):
    code: str | None  # None: no event (a stop pattern, or a --- verb that no pattern turned into one)
    swapped: bool  # the event runs from the target to the source
    specific: bool  # a pattern with conditions matched; False: the verb's default code
    pattern: str  # what matched, with its source line: "upgrade {diplomatic relations} (line 3170)"
    by_object: bool = False  # the pattern that matched names the verb's object ("gave an ultimatum")


def token_keys(token: Token) -> tuple[str, ...]:
    """The forms a dictionary word may match: lower-case text, lemma and the hyphenated compounds the token
    ends ("cease-fire", which spaCy splits into cease - fire)."""
    keys = (token.lower_, lemma(token).lower())
    doc, start, compounds = token.doc, token.i, []
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_:
        start -= 2
        compounds += [doc[start:token.i].text.lower() + key for key in keys]
    return keys + tuple(compounds)


class _Candidate:
    """A head word the parse offers to a noun condition; the words of its phrase are read only when a
    {modifier head} condition asks for them."""

    __slots__ = ("token", "keys", "root", "skip", "_words")

    def __init__(self, token: Token, root: Token, skip: Collection[int]):
        self.token, self.keys, self.root, self.skip, self._words = token, token_keys(token), root, skip, None

    @property
    def words(self) -> frozenset[str]:
        if self._words is None:
            self._words = frozenset(key for token in self.root.subtree if token.i not in self.skip
                                    for key in token_keys(token))
        return self._words


def _candidates(roots: Iterable[Token], skip: Collection[int], *, of_phrases: bool) -> tuple[_Candidate, ...]:
    """Each root and its conjuncts ("food and medicine"), and with `of_phrases` the object of an "of" on
    them ("a series of attacks"); all take their modifiers from the root's phrase."""
    found = []
    for root in roots:
        heads = [root, *root.conjuncts]
        if of_phrases:
            heads += [noun for head in list(heads) for prep in head.children if prep.dep_ == "prep"
                      and prep.lower_ == "of" for child in prep.children if child.dep_ == "pobj"
                      for noun in (child, *child.conjuncts)]
        found += [_Candidate(head, root, skip) for head in heads if head.i not in skip]
    return tuple(found)


def _prep_phrases(starts: Iterable[Token], skip: Collection[int]) -> tuple[tuple[frozenset[str], tuple], ...]:
    """(preposition forms, its noun candidates) for each prep in `starts` and, nested, on their nouns."""
    phrases, seen, level = [], set(), [token for token in starts]
    for _ in range(PREP_NESTING + 1):
        following = []
        for prep in level:
            if prep.i in seen:
                continue
            seen.add(prep.i)
            nouns = _candidates([child for child in prep.children if child.dep_ in PREP_OBJECT_DEPS], skip,
                                of_phrases=False)
            phrases.append((frozenset(token_keys(prep)), nouns))
            following += [child for noun in nouns for child in noun.token.children if child.dep_ == "prep"]
        level = following
    return tuple(phrases)


class _Parse:
    """What the patterns of one verb token may ask about, each part read from the parse when first needed."""

    def __init__(self, verb: Token, skip: frozenset[int], phrase: tuple[Token, ...]):
        self.verb, self.skip, self.phrase = verb, skip, phrase

    @functools.cached_property
    def objects(self) -> tuple[_Candidate, ...]:
        phrase = {token.i for token in self.phrase}
        roots = [child for child in self.verb.children if child.dep_ in OBJECT_DEPS and child.i not in phrase]
        if self.verb.dep_ == "relcl":
            # "the tanks which Ethiopia receives from Cuba": the relative pronoun stands for the noun the clause is on
            roots = [self.verb.head if root.tag_ in ("WDT", "WP") else root for root in roots]
        # "asked for aid": the object of a multi-word verb's preposition is the verb's object.
        roots += [child for token in self.phrase for child in token.children if child.dep_ == "pobj"]
        return _candidates(roots, self.skip | phrase, of_phrases=True)

    @functools.cached_property
    def preps(self) -> tuple[tuple[frozenset[str], tuple], ...]:
        starts = [child for child in self.verb.children if child.dep_ in PREP_DEPS]
        starts += [child for head in self.objects for child in head.token.children if child.dep_ == "prep"]
        return _prep_phrases(starts, self.skip)

    @functools.cached_property
    def particles(self) -> frozenset[str]:
        # The parser may tag a particle as a preposition without an object ("backed down").
        return frozenset(key for child in self.verb.children
                         if child.dep_ in PARTICLE_DEPS or (child.dep_ == "prep" and not any(
                             grandchild.dep_ in PREP_OBJECT_DEPS for grandchild in child.children))
                         for key in token_keys(child))

    @functools.cached_property
    def subjects(self) -> tuple[_Candidate, ...]:
        verb = self.verb
        if any(child.dep_ == "nsubjpass" for child in verb.children):  # as PETRARCH: the "by" phrase
            agents = [child for agent in verb.children if agent.dep_ == "agent" for child in agent.children
                      if child.dep_ == "pobj"]
            return _candidates(agents, frozenset(), of_phrases=False)
        for _ in range(3):
            subjects = [child for child in verb.children if child.dep_ in SUBJECT_DEPS]
            if subjects or verb.dep_ not in SUBJECT_SHARING_DEPS:
                break
            verb = verb.head
        return _candidates(subjects, frozenset(), of_phrases=False)

    @functools.cached_property
    def present(self) -> frozenset[str]:
        """Every word a pattern's first condition may name: object, preposition, particle and subject words."""
        candidates = (*self.objects, *self.subjects, *(noun for _, nouns in self.preps for noun in nouns))
        return frozenset(itertools.chain(self.particles, *(forms for forms, _ in self.preps),
                                         *(candidate.keys for candidate in candidates)))

def _among(term: Term, candidates: tuple[_Candidate, ...]) -> bool:
    return any(not modifiers or modifiers <= candidate.words for candidate in candidates
               for key in candidate.keys for modifiers in term.heads.get(key, ()))


def _prep_holds(prep: PrepPhrase, parse: _Parse) -> bool:
    if any(prep.prepositions & forms and all(_among(noun, nouns) for noun in prep.nouns)
           for forms, nouns in parse.preps):
        return True
    # A preposition the parser read as the verb's particle takes the verb's object: "set aside the rift".
    return bool(prep.prepositions & parse.particles) and all(_among(noun, parse.objects) for noun in prep.nouns)


def _holds(pattern: VerbPattern, parse: _Parse) -> bool:
    return ((not pattern.particles or pattern.particles <= parse.particles)
            and all(_among(term, parse.objects) for term in pattern.objects)
            and all(_prep_holds(prep, parse) for prep in pattern.preps)
            and all(_among(term, parse.subjects) for term in pattern.subject))


def _is_word(token: Token, word: str) -> bool:
    return word == token.lower_ or word == lemma(token).lower()


def _phrase_tokens(verb: Token, entry: VerbEntry) -> tuple[Token, ...] | None:
    """The tokens of a multi-word verb's other words, or None when the verb lacks one: a word after the verb
    is a child of the verb or of the word before it ("live up to"); a word before it is a left child or one
    of the tokens just before ("wire-tapped")."""
    found: list[Token] = []
    for word in entry.words_after:
        token = next((child for anchor in (verb, *found) for child in anchor.children if _is_word(child, word)),
                     None)
        if token is None:
            return None
        found.append(token)
    nearby = [*verb.lefts, *verb.doc[max(verb.i - 2 * len(entry.words_before), 0):verb.i]]
    for word in entry.words_before:
        token = next((candidate for candidate in nearby if _is_word(candidate, word)), None)
        if token is None:
            return None
        found.append(token)
    return tuple(found)


def _match_entry(entry: VerbEntry, parse: _Parse) -> VerbMatch:
    for pattern in entry.patterns:
        if (pattern.cue is None or not pattern.cue.isdisjoint(parse.present)) and _holds(pattern, parse):
            text = pattern.text.replace("*", entry.name, 1)
            return VerbMatch(pattern.code, pattern.swapped, True, f"{text} (line {pattern.line})", bool(pattern.objects))
    return VerbMatch(entry.code, entry.swapped, False, f"{entry.name} (line {entry.line})")


def match_verb(token: Token, dictionary: VerbDictionary, *, skip: Collection[int] = ()) -> VerbMatch | None:
    """The dictionary's reading of verb `token`: the code of its most specific pattern that holds in the
    parse, else the verb's default code; None when the dictionary lacks the verb. A multi-word verb whose
    other words the verb carries ("asked for") goes before the one-word verb. `skip`: indices of tokens that
    must not count as object words (actor names): neither as heads nor as modifiers of objects and
    prepositional nouns."""
    verb = lemma(token).lower()  # the kit's lemmatizer runs on demand: never read token.lemma_ directly
    if verb not in dictionary and verb not in dictionary.multi_word:
        return None
    skip = frozenset(skip)
    for entry in dictionary.multi_word_verbs(verb):
        phrase = _phrase_tokens(token, entry)
        if phrase is not None:
            return _match_entry(entry, _Parse(token, skip, phrase))
    entry = dictionary.lookup(verb)
    return None if entry is None else _match_entry(entry, _Parse(token, skip, ()))
