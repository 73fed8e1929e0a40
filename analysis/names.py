"""The statistical NER's entities + the knowledge base's names → one set of named spans per Doc (`doc.ents`).

The knowledge base's SpanRuler runs after the NER and writes its matches to `doc.spans["knowledge_names"]`;
the `knowledge_names` component then decides, name by name:
  - where the NER found nothing, the knowledge base's name stands;
  - where the NER found the same name (give or take a leading "the" or a trailing possessive), the
    knowledge base's label and id stand: it knows that a name is a state, a person or an organisation;
  - where the NER found a longer name around it made of more proper nouns ("British Airways" around
    "British", "Mexico City" around "Mexico", "the Australia First Party" around "Australia"), the longer
    name stands as a name of its own; when the words it adds are capitalised generic nouns ("the Pakistan
    Army", "the Russian Government") it keeps the known name's id, an institution of that state; when they
    hold a function word ("the Governments of Norway") the known name stands, and the rest of the entity;
  - where the NER's entity only joins names with "and" or commas, or crosses the name, the knowledge
    base's names stand and the NER's entity goes.
A span written in lower case alone is no name ("the big league club"). A name the text describes takes the
kind of the noun that describes it, in all its mentions (analysis/descriptors.py: "Tal Afar is a town",
"militias, including Hezbollah and Amal"). Then, one sense per document (analysis/name_types.py): every name
the document spells once as a person ("George Hauser") makes the other spans it names persons too ("Hauser",
labelled ORG by the NER a paragraph later, or missed), and an organisation's or place's name found once is
found where the NER missed it ("Kafr Nabl" again), unless it is part of a longer name there.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

SPANS_KEY = "knowledge_names"
COMPONENT = "knowledge_names"
# Words that join two names rather than make one: an entity holding them beside a known name is a list.
JOINING_WORDS = frozenset({"and", "&", ",", "or", "/", ";", "-", "–", "—", "with", "vs", "vs.", "versus"})
DETERMINERS = frozenset({"the", "a", "an"})


# Compass words make a new place of a known one ("South Australia", "East Timor"), unlike other generic words.
COMPASS_WORDS = frozenset({"north", "south", "east", "west", "central"})


@functools.lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    """Words that make no name of their own beside a known one: generic institution words and their plurals
    ("Army", "Governments") and function words ("of", "the")."""
    from analysis.span_roles import FUNCTION_WORDS as _FUNCTION_WORDS, LEXICON

    generic = LEXICON["generic_words"] - COMPASS_WORDS
    return generic | {word + "s" for word in generic} | _FUNCTION_WORDS


def core(span: Span) -> tuple[int, int]:
    """Token bounds of a span without a leading determiner or quote and a trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while end - start > 1 and (doc[start].lower_ in DETERMINERS or doc[start].is_quote):
        start += 1
    while end - start > 1 and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
        end -= 1
    return start, end


def added_words(entity: Span, names: list[Span]) -> list:
    """The tokens of the core of `entity` that none of `names` covers."""
    start, end = core(entity)
    covered = {index for name in names for index in range(name.start, name.end)}
    return [token for token in entity.doc[start:end] if token.i not in covered]


def is_longer_name(entity: Span, names: list[Span]) -> bool:
    """Whether `entity` is one name that contains `names` ("Mexico City"), not a list of them ("Russia and
    China") nor the same name ("the Kremlin's")."""
    words = added_words(entity, names)
    if not words or any(token.lower_ in JOINING_WORDS and not _inside_word(token) for token in words) \
            or in_capitals(entity):
        return False
    if all(token.lower_ in _generic_words() for token in words) and not _institution(words):
        return False  # "the Governments of Norway": the state's own mention, and some common nouns
    return any(token.is_title or token.is_upper or token.like_num for token in words)


HYPHENS = frozenset({"-", "‑"})


def _inside_word(token) -> bool:
    """A hyphen written without spaces inside a name joins its parts, not two names: "Mujahedeen-e Khalq" is one
    name, unlike "Russia - China" (a "-" between spaces)."""
    doc = token.doc
    return token.text in HYPHENS and token.i > 0 and not doc[token.i - 1].whitespace_ and not token.whitespace_


def in_capitals(span: Span) -> bool:
    """Every word is in capitals, as in a headline: capitals say nothing there of what is a name."""
    return all(token.is_upper or not token.is_alpha for token in span) and sum(token.is_alpha for token in span) > 1


@functools.lru_cache(maxsize=None)
def _lexicon(key: str) -> frozenset[str]:
    """A word list of analysis/data/actor_words.yaml ("service_nouns", "institution_nouns")."""
    from analysis.span_roles import LEXICON

    return LEXICON[key]


def _institution(words: list) -> bool:
    """Added words that name an institution of the known name's state: capitalised generic nouns with no
    function word ("the Pakistan Army", "the Russian Government")."""
    return all(token.is_title and token.lower_ not in DETERMINERS and token.lower_ not in JOINING_WORDS
               and token.lower_ not in {"of", "for", "in", "on", "to", "with"} for token in words)


def _government_of(entity: Span, words: list, name: Span) -> bool:
    """A state's government named by a noun of institutions, "of" and the state, after capitalised words that
    say only what kind it is: "the Revolutionary Government of Cuba", "the Royal Government of Cambodia", "the
    People's Revolutionary Government of Grenada"; or the state itself under an official name with a noun of
    state forms: "the Democratic Republic of Afghanistan", "the People's Republic of Kampuchea"."""
    if name.label_ != "GPE" or name.end != core(entity)[1] or not words or words[-1].i != name.start - 1:
        return False
    words = [token for token in words if token.lower_ not in ("'s", "’s")]
    if len(words) < 2:
        return False
    *qualifiers, noun, of = words
    nouns = _lexicon("institution_nouns") | _lexicon("state_form_nouns")
    if of.lower_ != "of" or noun.lower_ not in nouns or not noun.is_title:
        return False
    return all(token.is_title and token.lower_ not in JOINING_WORDS for token in qualifiers)


def _institution_of(entity: Span, name: Span) -> Span:
    """The longer name, with the known name's id: an institution of its state ("the Pakistan Army")."""
    from spacy.tokens import Span

    return Span(entity.doc, entity.start, entity.end, label=entity.label_, span_id=name.id_)


def merge(entities: Iterable[Span], known: Iterable[Span]) -> list[Span]:
    """Non-overlapping named spans from the NER's `entities` and the knowledge base's `known` names."""
    from spacy.util import filter_spans

    known = filter_spans(list(known))
    entities = list(entities)
    kept: dict[int, Span] = {}  # start token → span
    inside: dict[int, list[Span]] = {}  # id of an NER entity → known names within it
    crossing: set[int] = set()
    for name in known:
        overlapping = [entity for entity in entities if entity.start < name.end and name.start < entity.end]
        if len(overlapping) == 1 and overlapping[0].start <= name.start and name.end <= overlapping[0].end:
            inside.setdefault(id(overlapping[0]), []).append(name)
        else:
            crossing.update(id(entity) for entity in overlapping)
            kept[name.start] = name
    for entity in entities:
        if id(entity) in crossing:
            continue
        names = inside.get(id(entity))
        if not names:
            kept[entity.start] = entity
        elif is_longer_name(entity, names):
            words = added_words(entity, names)
            # "the Pakistan Army", "the Pakistan Air Force": capitalised words ending in a state's service
            generic = len(names) == 1 and (all(token.lower_ in _generic_words() for token in words)
                                           or (_institution(words) and words[-1].lower_ in _lexicon("service_nouns"))
                                           or _government_of(entity, words, names[0]))
            kept[entity.start] = _institution_of(entity, names[0]) if generic and names[0].id_ else entity
        else:
            for name in names:
                kept[name.start] = name
            for piece in _leftovers(entity, names):
                kept[piece.start] = piece
    return filter_spans(kept.values())


def _leftovers(entity: Span, names: list[Span]) -> Iterable[Span]:
    """The runs of `entity` outside `names` that hold a capitalised word, with the entity's label: what the NER
    would have found around the known names ("the Governments of" beside "Norway")."""
    from spacy.tokens import Span

    if in_capitals(entity):
        return  # "IRAN REJECTS RUSSIAN OFFER": the NER's guess around the known names in a headline
    covered = {index for name in names for index in range(name.start, name.end)}
    run: list[int] = []
    for index in [*range(entity.start, entity.end), None]:
        if index is not None and index not in covered:
            run.append(index)
            continue
        if run and any((entity.doc[i].is_title or entity.doc[i].is_upper) and entity.doc[i].lower_ not in DETERMINERS
                       for i in run):
            yield Span(entity.doc, run[0], run[-1] + 1, label=entity.label_)
        run = []


# ─── Bounds ────────────────────────────────────────────────────────────────────────────────

# Words a name never ends in: the NER's "the Victoria Skating Club of", "National Action In", "Smith &".
TRAILING_WORDS = frozenset({"of", "in", "for", "and", "&", "the", "to", "at", "on", "by", "with", "from", "-", "/"})
QUOTES = frozenset({'"', "“", "”", "'", "‘", "’", "``", "''"})
MAX_TITLE_TOKENS = 8


def trimmed(span: Span) -> Span | None:
    """The span without words no name ends or starts in ("of", "&") and without a score after it ("Chelsea
    2-1"), or None when nothing is left."""
    from spacy.tokens import Span

    start, end = span.start, span.end
    doc = span.doc
    while end > start and doc[end - 1].lower_ in TRAILING_WORDS:
        end -= 1
    if end - start > 3 and doc[end - 4].is_alpha and is_score(doc[end - 3 : end]):
        end -= 3  # "Chelsea 2-1": the result after a team's name
    while end > start and doc[start].lower_ in TRAILING_WORDS - DETERMINERS:
        start += 1
    if end == start:
        return None
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_, span_id=span.id_)


def is_score(tokens: Span) -> bool:
    """Two small numbers joined by a dash: a match's result ("2-1", "3 – 0")."""
    first, dash, second = tokens
    return first.like_num and dash.text in ("-", "–") and second.like_num and len(first.text) <= 2 and len(second.text) <= 2


def with_ordinal(span: Span, taken: set[int]) -> Span:
    """An organisation extended over the ordinal just before it: "the 65th Air Division", "82nd Airborne"."""
    from spacy.tokens import Span

    before = span.start - 1
    doc = span.doc
    if span.label_ == "ORG" and before >= 0 and before not in taken and doc[span.start].is_title and (
            (doc[before].ent_type_ == "ORDINAL" and doc[before].like_num) or ORDINAL_NUMBER.match(doc[before].text)):
        return Span(doc, before, span.end, label=span.label_, span_id=span.id_)
    return span


ORDINAL_NUMBER = re.compile(r"^\d+(?:st|nd|rd|th|d)$")  # "93d PVI", the army's own way of writing ordinals


def with_demonym(doc: Doc, spans: list[Span]) -> list[Span]:
    """A known demonym just before an organisation named as a state's service is that state's institution:
    "Spanish" + "Air Force" → "Spanish Air Force" with the state's id (the NER often leaves the demonym out)."""
    from spacy.tokens import Span

    services = _lexicon("service_nouns")
    joined: list[Span] = []
    for span in spans:
        previous = joined[-1] if joined else None
        if previous is not None and previous.end == span.start and previous.label_ == "NORP" and previous.id_ \
                and span.label_ == "ORG" and not span.id_ and all(token.is_title for token in span) \
                and span[-1].lower_ in services:
            joined[-1] = Span(doc, previous.start, span.end, label="ORG", span_id=previous.id_)
            continue
        joined.append(span)
    return joined


QUOTE_CHARACTERS = frozenset('"“”‘’\'`')
TITLE_WINDOW_CHARACTERS = 80  # a quoted title of MAX_TITLE_TOKENS tokens fits in this many characters


def in_title_of_work(span: Span, text: str | None = None) -> bool:
    """The span is (part of) a short quoted title ("Letters from Harlow", a song, a book), no name of an actor:
    a quote opens shortly before it and closes shortly after it, and every word between is capitalised or small."""
    doc = span.doc
    text = doc.text if text is None else text  # Doc.text joins every token: callers pass it once per Doc
    # most names have no quote near them: look at the characters before walking tokens
    if not (QUOTE_CHARACTERS & set(text[max(0, span.start_char - TITLE_WINDOW_CHARACTERS) : span.start_char])
            and QUOTE_CHARACTERS & set(text[span.end_char : span.end_char + TITLE_WINDOW_CHARACTERS])):
        return False
    sentence = span.sent if doc.has_annotation("SENT_START") else doc[:]
    opening = next((i for i in range(span.start - 1, max(sentence.start, span.start - MAX_TITLE_TOKENS) - 1, -1)
                    if doc[i].text in QUOTES), None)
    closing = next((i for i in range(span.end, min(sentence.end, span.end + MAX_TITLE_TOKENS))
                    if doc[i].text in QUOTES), None)
    if opening is None or closing is None or closing - opening - 1 > MAX_TITLE_TOKENS:
        return False
    inside = doc[opening + 1 : closing]
    return all(token.is_title or token.is_upper or token.is_punct or token.like_num or token.lower_ in TRAILING_WORDS
               or token.tag_ == "POS" for token in inside)


BRACKETS = frozenset("[]{}<>")


def is_fragment(span: Span) -> bool:
    """A capitalised common noun that opens a sentence ("Sympathy is not enough"), or a word with a bracket
    inside it ("W]e"): no name."""
    text = span.text
    if len(text) > 1 and not BRACKETS.isdisjoint(text):
        return True
    token = span[0]
    return len(span) == 1 and token.is_sent_start and token.pos_ == "NOUN" and token.is_title


def is_award(span: Span) -> bool:
    """A name ending in a word for an award ("the Video Music Awards", "the Turner Prize"): no actor's name."""
    from analysis.span_roles import LEXICON

    return len(span) > 1 and span[-1].lower_ in LEXICON["award_nouns"]


MODEL_DESIGNATION = re.compile(r"^[A-Z][A-Za-z]{0,3}-\d{1,4}[A-Z]?$")  # "F-104", "EC-130", "MiG-29", "B-52H"


def is_model_name(span: Span) -> bool:
    """The name of a model of aircraft or weapon, after or starting with its designation ("F-104 Starfighter",
    "the EC-130 Commando Solo"): no actor's name."""
    doc = span.doc
    return bool(MODEL_DESIGNATION.match(span[0].text)) or (
        span.start > 0 and MODEL_DESIGNATION.match(doc[span.start - 1].text) is not None)


def repair_bounds(doc: Doc, spans: list[Span], *, known: set[tuple[int, int]] = frozenset()) -> list[Span]:
    """Spans trimmed and extended (`trimmed`, `with_ordinal`); fragments, awards, models ("F-104 Starfighter")
    and quoted titles of works dropped, the knowledge base's names (`known`) kept as they are."""
    taken = {index for span in spans for index in range(span.start, span.end)}
    text = doc.text
    repaired = []
    for span in spans:
        if (span.start, span.end) in known:
            repaired.append(span)
            continue
        span = trimmed(span)
        if span is None or is_fragment(span) or is_award(span) or is_model_name(span) or in_title_of_work(span, text):
            continue
        repaired.append(with_ordinal(span, taken))
    return repaired


# ─── Acronyms defined in the text ────────────────────────────────────────────────────────

MAX_ACRONYM_LENGTH = 8


def acronym_definitions(doc: Doc, spans: Iterable[Span]) -> dict[str, Span]:
    """Acronyms the document defines after a name, "the Line of Control (LOC)", "Mujahedin-e Khalq (MEK)":
    acronym → the name it stands for, when its letters are initials of the name's words in order."""
    defined: dict[str, Span] = {}
    for span in spans:
        end = span.end
        if end + 2 >= len(doc) or doc[end].text != "(" or doc[end + 2].text != ")":
            continue
        acronym = doc[end + 1]
        if acronym.is_upper and acronym.is_alpha and 2 <= len(acronym) <= MAX_ACRONYM_LENGTH \
                and _initials_match(acronym.text, span) and acronym.text not in defined:
            defined[acronym.text] = span
    return defined


def _initials_match(acronym: str, span: Span) -> bool:
    """Every letter of `acronym` is the initial of a word of `span`, in order, the first of its first word."""
    initials = [token.text[0].upper() for token in span if token.is_alpha and token.lower_ not in DETERMINERS]
    if not initials or initials[0] != acronym[0]:
        return False
    position = 0
    for letter in acronym:
        while position < len(initials) and initials[position] != letter:
            position += 1
        if position == len(initials):
            return False
        position += 1
    return True


def with_acronyms(doc: Doc, spans: list[Span]) -> list[Span]:
    """Every use of an acronym the document defines takes the label (and knowledge-base id) of the name it stands
    for; a use the NER missed becomes a span."""
    from spacy.tokens import Span

    defined = acronym_definitions(doc, spans)
    if not defined:
        return spans
    repaired = []
    for span in spans:
        name = defined.get(span.text)
        if name is not None and (span.label_ != name.label_ or span.id_ != name.id_):
            span = Span(doc, span.start, span.end, label=name.label_, span_id=name.id_)
        repaired.append(span)
    covered = {index for span in repaired for index in range(span.start, span.end)}
    for token in doc:
        name = defined.get(token.text)
        if name is not None and token.i not in covered:
            repaired.append(Span(doc, token.i, token.i + 1, label=name.label_, span_id=name.id_))
    return sorted(repaired, key=lambda span: span.start)


MAX_PARTICLE_LENGTH = 3  # "-e", "-i", "-ul", "-ut": the Persian, Urdu and Arabic links inside names


def join_hyphenated(doc: Doc, spans: list[Span]) -> list[Span]:
    """Two names linked by a hyphenated particle are one name: "Mujahedeen" + "-e " + "Khalq" (the NER and the
    knowledge base each found a part) → "Mujahedeen-e Khalq", an organisation, with no id of either part."""
    from spacy.tokens import Span

    joined: list[Span] = []
    for span in spans:
        previous = joined[-1] if joined else None
        if previous is not None and _linked_by_particle(doc, previous.end, span.start):
            label = "ORG" if "ORG" in (previous.label_, span.label_) else span.label_
            joined[-1] = Span(doc, previous.start, span.end, label=label)
            continue
        joined.append(span)
    return joined


def _linked_by_particle(doc: Doc, end: int, start: int) -> bool:
    """Tokens `end`..`start` are "-", a short lower-case particle and maybe another "-", written as one word
    with the name before them."""
    between = doc[end:start]
    if not 2 <= len(between) <= 3 or between[0].text not in HYPHENS or doc[end - 1].whitespace_ or between[0].whitespace_:
        return False
    particle = between[1]
    if not (particle.is_alpha and particle.is_lower and len(particle) <= MAX_PARTICLE_LENGTH):
        return False
    return len(between) == 2 or (between[2].text in HYPHENS and not particle.whitespace_ and not between[2].whitespace_)


NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})


def without_lower_case(doc: Doc, spans: list[Span], *, known: set[tuple[int, int]] = frozenset()) -> list[Span]:
    """The spans without names written in lower case alone ("the big league club", "a famous international
    artist", "the mag"): in a document that capitalises, a name has a capital or a digit. The knowledge base's
    names stay ("al-Qaeda" is one of its names)."""
    lower_case = {(span.start, span.end) for span in spans if span.label_ in NAME_LABELS and (span.start, span.end) not in known
                  and not any(character.isupper() or character.isdigit() for character in span.text)}
    if not lower_case or not any(token.is_alpha and not token.is_lower for token in doc):
        return spans  # nothing to drop, or a text written all in lower case, whose letters say nothing
    return [span for span in spans if (span.start, span.end) not in lower_case]


def knowledge_names(doc: Doc) -> Doc:
    """The pipeline component: merge the NER's entities with the knowledge base's names (see the module)."""
    from analysis.descriptors import described, introduced
    from analysis.name_types import (consistent_organisations, consistent_persons, consistent_places, repair_types,
                                     repeated_names, short_references)

    names = doc.spans.get(SPANS_KEY, ())
    spans = with_demonym(doc, join_hyphenated(doc, merge(doc.ents, names)))
    known = {(name.start, name.end) for name in names}
    spans = repair_bounds(doc, spans, known=known)
    spans = described(doc, repair_types(doc, without_lower_case(doc, spans, known=known), known=known), known=known)
    spans = introduced(doc, spans)
    spans = consistent_organisations(doc, consistent_persons(doc, spans))
    spans = short_references(doc, repeated_names(doc, consistent_places(doc, spans)))
    doc.ents = with_acronyms(doc, spans)
    return doc
