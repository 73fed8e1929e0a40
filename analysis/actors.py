"""Named spans in a spaCy Doc → actor mentions, each resolved to one canonical actor or to none.

Resolution, in order (the `method` column of the mentions table says which one applied):
  knowledge_base  a name or alias of a knowledge-base actor ("Russian Federation", "ISIS-K");
  demonym         "Russian", "Pakistani" → the state;
  metonymy        seats of government ("the Kremlin") always, and capitals used as a possessor
                  ("Kabul's ambassador"), as a modifier of people or institutions ("Moscow officials")
                  or as the subject of a verb ("Moscow said") → the actor governing that state on the
                  document's date (the Taliban for Afghanistan in 2025); a capital where people of an agent
                  noun are ("demonstrators in Baghdad") → the state; elsewhere a capital is a place;
                  "the Revolutionary Government of Cuba" is Cuba's mention (analysis/names.py);
  short_name      "Putin" → the full name seen earlier in the document;
  speaker         "we", "our country", "my Government" (also when the NER took it for a name), and a
                  government named only by its kind ("the Royal Government", no "of <State>" after it) → the
                  document's author, when it has one;
  title           an office named by its title ("the Secretary-General of NATO", "Hezbollah's
                  Secretary-General", "the Secretary-General" in a text naming the United Nations) → whoever held
                  it on the document's date (analysis/office_titles.py);
  discovered      a person, organisation, facility or operation the statistical NER found and the
                  knowledge base does not list: an actor whose id is made from its name; also a capital
                  where it is a place, and a place Phoenix lists under a state ("Kandahar": analysis/places.py),
                  with that state as the mention's `country` (the event reader codes it as the state);
  unresolved      a named span that stands for no actor ("Embassy", "Islamic", "AfPak region").
Names the knowledge base spells otherwise ("Mohammed Khatami", "Mujahedeen-e Khalq") and surnames of the day's
office holders ("Khatami") are found by analysis/variants.py; a title beside a person ("the British Defence
Secretary, <name>") gives the mention's country (analysis/titles.py). The actors table made from the mentions, and
`geopolitical(actors)`, which tells the actors of international politics from commentators, newspapers and
prisons, are analysis/actors_table.py.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from typing import TYPE_CHECKING, Iterator, Sequence

from anyascii import anyascii

from analysis import names, office_titles, places, titles, variants
from analysis.knowledge import Actor, KnowledgeBase
from analysis.parsed import sentences
from analysis.name_types import competitor
from analysis.span_roles import (FUNCTION_WORDS, LEXICON, ROMAN_NUMERAL, after_prefix, agent_words, first_person,
                                 heads_a_document, is_metonymic, locates_people, names_a_document_or_meeting, qualified_government,
                                 state_agent_nouns)

if TYPE_CHECKING:  # spaCy itself is imported where spans are made
    from spacy.tokens import Doc, Span

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT"}
HASHED_ID_LENGTH = 10  # hex digits of the id of a name without letters: 40 bits, no collision in practice

# Offices a person's name may open with: a known person whose roles name other offices is not the one meant
# ("King Hussein" after "Saddam Hussein", the President). Ranks and honorifics ("General", "Sheikh") say nothing.
OFFICE_TITLES = frozenset({"king", "queen", "president", "prime", "chairman", "emir", "sultan", "chancellor"})

# Labels of a place's name: a discovered place with a state has it as its mention's `country`
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Kinds of actors the NER finds that the knowledge base does not know, by NER label.
DISCOVERED_KIND = {"PERSON": "person", "ORG": "organization", "FAC": "place", "EVENT": "operation", "GPE": "place", "LOC": "place"}


def slug(text: str) -> str:
    """A stable lower-case id made from a name: "Crocus City Hall" → "crocus_city_hall", "Zürich" →
    "zurich"; a name in another script transliterated: "Владимир Путин" → "vladimir_putin", "毛泽东" →
    "mao_ze_dong"; a name with no letter or digit at all → "actor_" and a short hash of the name, so
    two names never share one id for want of letters. A leading "The" is no part of the id: "The Daily Star"
    mid-sentence and "Daily Star" after a sentence's "The" are one actor."""
    text = re.sub(r"^(?:The|THE|the)\s+(?=\S)", "", text)
    if _accents_only(text):
        # Names whose letters are ASCII once accents are stripped keep the ids of earlier builds.
        return _ascii_slug(text) or _hashed_id(text)
    return _ascii_slug(_transliterate(text)) or _hashed_id(text)


def _accents_only(text: str) -> bool:
    """Whether stripping accents (NFKD, then dropping what is not ASCII) loses no letter or digit."""
    return all(character.isascii() or unicodedata.category(character)[0] not in "LN"
               for character in unicodedata.normalize("NFKD", text))


def _ascii_slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


def _transliterate(text: str) -> str:
    """`text` in ASCII (anyascii); each syllable of a script without letter case ("毛" → "Mao") is a
    word of its own, so "毛泽东" becomes "Mao Ze Dong" rather than one run "MaoZeDong"."""
    words = []
    for character in text:
        ascii_text = anyascii(character)
        uncased = character.isalpha() and not character.isupper() and not character.islower()
        words.append(f" {ascii_text} " if uncased and ascii_text[:1].isupper() else ascii_text)
    return "".join(words)


def _hashed_id(text: str) -> str:
    name = unicodedata.normalize("NFC", text).encode("utf-8", "surrogatepass")
    return f"actor_{hashlib.sha256(name).hexdigest()[:HASHED_ID_LENGTH]}"


def _strip_determiner(span: Span, *, known: bool = False) -> Span:
    while len(span) > 1 and span[0].lower_ in {"the", "a", "an"} | {"'", '"', "‘", "“"} and not (
            not known and _capital_article(span[0])):
        span = span[1:]
    while len(span) > 1 and (span[-1].is_punct or span[-1].tag_ == "POS"):
        span = span[:-1]
    return span


def _capital_article(token) -> bool:
    """A capital "The" inside a running sentence belongs to the name ("supporting The Used", "read The
    Hockey News"); at a sentence's start, after a quote or a colon, or in a title-case line it says nothing."""
    if token.text != "The" or token.is_sent_start or token.i == 0:
        return False
    before = token.doc[token.i - 1]
    return before.is_lower or before.text in {",", "(", ";"}


def _repair_person(span: Span, taken: set[int]) -> Span:
    """Keep a person's name whole: extend it over the title-case proper nouns that follow it
    ("Andrei Yuryevich" + "Rudenko") and over a given name just before it ("Moses" + "Mendelssohn"), which the
    small model often leaves out."""
    from analysis import gazetteer
    from analysis.noun_kinds import noun_kind

    start, end = span.start, span.end
    doc = span.doc
    while end < len(doc) and end not in taken and doc[end].pos_ == "PROPN" and doc[end].is_title:
        end += 1
    given = gazetteer.given_names()
    # a given name that is also a word for a person is a title ("Major", "Sir", "Sheikh"): left to the title rules
    while start > 0 and start - 1 not in taken and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
            and doc[start - 1].text in given and noun_kind(doc[start - 1].lower_) != "PERSON":
        start -= 1
    return doc[start:end]


def candidate_spans(doc: Doc) -> list[Span]:
    """The doc's named spans of actor labels, with adjacent person names merged and determiners trimmed."""
    from spacy.tokens import Span

    entities = [entity for entity in doc.ents if entity.label_ in ACTOR_LABELS]
    taken = {token.i for entity in doc.ents for token in entity}
    merged: list[Span] = []
    for entity in entities:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and entity.label_ == previous.label_ == "PERSON"
            and entity.start == previous.end
            and not previous.ent_id_
        ):
            merged[-1] = doc[previous.start : entity.end]
            merged[-1].label_ = "PERSON"
            continue
        merged.append(entity)
    spans = []
    for span in merged:
        label, actor_id = span.label_, span.ent_id_
        if label == "PERSON" and not actor_id:
            span = _repair_person(span, taken - set(range(span.start, span.end)))
        span = _strip_determiner(span, known=bool(actor_id))
        spans.append(Span(doc, span.start, span.end, label=label, span_id=actor_id))
    return spans


class MentionResolver:
    """Resolves a Doc's named spans to actors; keeps finding (spans) apart from deciding (ids)."""

    def __init__(self, knowledge_base: KnowledgeBase, *, on: date | None = None, author_id: str | None = None):
        self.knowledge_base = knowledge_base
        self.on = on
        self.author_id = author_id
        self.persons_seen: dict[str, str] = {}  # name token (surname, full name) → actor_id seen earlier
        self.person_variants = variants.DocumentPersons()  # the same, found again by a variant of the name

    def resolve(self, span: Span) -> tuple[str | None, str]:
        """(actor_id or None, method) for one candidate span, in document order."""
        text = span.text
        if text.lower() in LEXICON["not_actors"] or not any(character.isupper() for character in text):
            return None, "unresolved"
        if after_prefix(span):
            return None, "unresolved"  # "Indo-China", "Sino-Soviet", "anti-American": a region or a word, no actor
        if first_person(span):
            # "My Government", capitalised at a sentence's start and taken by the NER for a name
            return (self.author_id, "speaker") if self.author_id else (None, "unresolved")
        if span.label_ == "PERSON":
            if names_a_document_or_meeting(span) and self.knowledge_base.lookup(text, on=self.on) is None:
                return None, "unresolved"  # "the Cancun meeting", taken by the NER for a person
            if all(token.lower_ in LEXICON["generic_words"] or token.lower_ in FUNCTION_WORDS
                   for token in span if not token.is_punct):
                return None, "unresolved"  # "that racist aggressor State", taken by the NER for a person
            if len(span) == 1 and span[0].lower_ in state_agent_nouns():
                # a title alone ("the King", "My King" taken for a name): the speaker's own office after "my"/"our",
                # else no one by name (analysis/office_titles.py names its holder)
                owned = span.start > 0 and span.doc[span.start - 1].lower_ in ("my", "our")
                return (self.author_id, "speaker") if owned and self.author_id else (None, "unresolved")
            return self._person(span)
        kb = self.knowledge_base
        seat = kb.by_seat(text, on=self.on)
        if seat is not None:
            return self._governing(seat.actor_id), "metonymy"
        capital = kb.by_capital(text, on=self.on)
        if capital is not None and kb.lookup(text, on=self.on) is capital:
            capital = None  # "Luxembourg", "Djibouti", "Monaco": the state's own name before its capital's
        if capital is not None and span.label_ in {"GPE", "LOC", "ORG", "FAC"}:
            if span.label_ == "ORG" and competitor(span):
                return slug(text), "discovered"  # "Moscow beat Kiev 3-0": a team named after the city
            if is_metonymic(span):
                return self._governing(capital.actor_id), "metonymy"
            if locates_people(span):
                return capital.actor_id, "metonymy"  # "demonstrators in Baghdad": the state's people, as CAMEO codes them
            return slug(text), "discovered"
        if span.label_ == "NORP" or (span.ent_id_ and kb.by_demonym(text, on=self.on) is not None):
            people = kb.by_demonym(text, on=self.on)
            return (people.actor_id, "demonym") if people is not None else (None, "unresolved")
        actor = kb.get(span.ent_id_) if span.ent_id_ else kb.lookup(text, on=self.on)
        if actor is None and span.label_ == "ORG":
            actor = variants.knowledge_organizations(kb).find(text)  # "Mujahedeen-e Khalq": the MEK, spelt otherwise
        if actor is not None:
            return actor.actor_id, "knowledge_base"
        return self._discovered(span)

    def state_of_place(self, text: str) -> str | None:
        """The state a place lies in: a capital's, or one Phoenix lists the place under (analysis/places.py)."""
        capital = self.knowledge_base.by_capital(text, on=self.on)
        if capital is not None:
            return capital.actor_id
        state = places.state_of(text)
        actor = self.knowledge_base.get(state) if state else None
        return state if actor is not None and actor.kind == "state" else None

    def _governing(self, state_id: str) -> str:
        """Who a capital or seat stands for: the actor governing the state on the document's date; for an undated
        document the state itself, never today's ruler (an undated text on the 1980s is no text on the Taliban)."""
        return state_id if self.on is None else self.knowledge_base.governing_actor(state_id, on=self.on)

    def _person(self, span: Span) -> tuple[str | None, str]:
        text = span.text
        actor = self.knowledge_base.get(span.ent_id_) if span.ent_id_ else self.knowledge_base.lookup(text, on=self.on)
        tokens = text.split()
        if actor is not None:
            method = "knowledge_base"
        elif text in self.persons_seen:
            return self.persons_seen[text], "short_name"
        elif (seen := self.person_variants.find(text)) is not None and self._may_be(text, seen) and self._title_fits(text, seen):
            actor_id, method = seen, "short_name"  # "Mohammed Khatami" after "Mohammad Khatami"
            self.persons_seen.setdefault(text, actor_id)
            return actor_id, method
        else:
            # a variant of a known person's name ("Mohammed Khatami"), or a surname of one in office ("Khatami")
            actor = variants.knowledge_persons(self.knowledge_base).find(text, on=self.on)
            if actor is not None and not self._title_fits(text, actor.actor_id):
                actor = None  # "King Hussein" is not the President Saddam Hussein
            method = "knowledge_base" if actor is not None else "discovered"
        actor_id = actor.actor_id if actor is not None else slug(text)
        # Remember the surname and the full name, so a later "Putin" or "Hassan" finds this person.
        if len(tokens) > 1:
            self.persons_seen.setdefault(tokens[-1], actor_id)
        self.persons_seen.setdefault(text, actor_id)
        self.person_variants.add(text, actor_id)
        return actor_id, method

    def _may_be(self, name: str, actor_id: str) -> bool:
        """Whether a full name can name the person an earlier mention was resolved to: not when that is a known
        person whose full names all disagree ("Erik Halvorsen" after "Halvorsen", read as Kristin Halvorsen)."""
        actor = self.knowledge_base.get(actor_id)
        if actor is None or len(variants.words_of(name)) < 2:
            return True
        full_names = [alias for alias in actor.aliases if len(variants.words_of(alias)) >= 2]
        return not full_names or any(variants.same_person(name, alias) for alias in full_names)

    def _title_fits(self, name: str, actor_id: str) -> bool:
        """Whether the office a name opens with ("King Hussein", "President Hussein") is one the known person held:
        a person whose roles have titles, none of them that office, is someone else."""
        words = name.lower().replace(".", " ").split()
        actor = self.knowledge_base.get(actor_id)
        if len(words) < 2 or words[0] not in OFFICE_TITLES or actor is None:
            return True
        titles = [role.title.lower() for role in actor.roles if role.title]
        return not titles or any(words[0] in title.replace("-", " ").split() for title in titles)

    def _institution_state(self, span: Span) -> str | None:
        """ "the Revolutionary Command Council of Iraq", "the National Assembly of Kenya": an organ of a state the
        knowledge base does not list, named by a state institution noun and "of" a state, is that state (as CAMEO
        codes a government's organs, IRQGOV → IRQ)."""
        words = [token for token in span if not token.is_punct]
        ofs = [index for index, token in enumerate(words) if token.lower_ == "of"]
        if not ofs or ofs[-1] == 0 or ofs[-1] == len(words) - 1:
            return None
        head, owner = words[ofs[-1] - 1], " ".join(token.text for token in words[ofs[-1] + 1:])
        if head.lower_ not in state_agent_nouns():
            return None
        actor = self.knowledge_base.lookup(owner, on=self.on)
        return actor.actor_id if actor is not None and actor.kind == "state" else None

    def _discovered(self, span: Span) -> tuple[str | None, str]:
        """A named span the knowledge base does not list: an actor only when it has an actor's shape."""
        words = [token.lower_ for token in span if not token.is_punct]
        if not words or all(word in LEXICON["generic_words"] for word in words):
            return None, "unresolved"
        if all(word in FUNCTION_WORDS or word in agent_words() for word in words):
            return None, "unresolved"  # "the Governments of", "Powers", "the Secretary": a common noun, not a name
        if qualified_government(span):
            # "the Royal Government has always defended …": the speaker's own, as "my Government" (a news text
            # names no one by it)
            return (self.author_id, "speaker") if self.author_id else (None, "unresolved")
        if span.label_ in {"GPE", "LOC", "NORP"}:
            # An unknown geopolitical name is not an actor on its own: the knowledge base decides, or the places
            # Phoenix lists under a state ("Kandahar"), which are places of that state (`state_of_place`)
            if span.label_ != "NORP" and self.state_of_place(span.text) is not None:
                return slug(span.text), "discovered"
            return None, "unresolved"
        if names_a_document_or_meeting(span):
            return None, "unresolved"  # "the Camp David agreement": the name of a document, not its maker
        state = self._institution_state(span)
        if state is not None:
            return state, "institution"
        if words[-1] in LEXICON["document_nouns"] | LEXICON["gathering_nouns"] or heads_a_document(span):
            # "the Wye River Memorandum", "the Lusaka Accords", "the Convention on the Rights of the Child": a document;
            # "the Millennium Summit", "the Copenhagen Summit Meeting": a meeting
            return None, "unresolved"
        if span.label_ == "EVENT" and span[0].text != "Operation":
            return None, "unresolved"
        if ROMAN_NUMERAL.fullmatch(span.text) and span.start > 0 and span.doc[span.start - 1].text == "(":
            return None, "unresolved"  # "resolution 1514 (XV)": a session's number (not "the CDC", "MDC")
        return slug(span.text), "discovered"


def discovered_kind(label: str, text: str) -> str:
    """The kind of a discovered actor: by NER label, and facilities named as such are places."""
    if label == "ORG" and text.split()[-1].lower() in LEXICON["facility_nouns"]:
        return "place"
    return DISCOVERED_KIND.get(label, "organization")


def speaker_spans(doc: Doc) -> Iterator[Span]:
    """First-person references to the speaking state: "we", "us", "our country", "my Government"."""
    for token in doc:
        lower = token.lower_
        if lower in LEXICON["speaker_pronouns"]:
            yield doc[token.i : token.i + 1]
        elif lower in {"our", "my"} and token.head.lower_ in LEXICON["speaker_nouns"] and token.head.i > token.i:
            yield doc[token.i : token.head.i + 1]


def sentence_index(doc: Doc) -> dict[int, int]:
    """Map each sentence's first token index to the sentence's number in the document."""
    return {sentence.start: number for number, sentence in enumerate(sentences(doc))}


def find_mentions(
    doc: Doc,
    *,
    knowledge_base: KnowledgeBase,
    on: date | None = None,
    author_id: str | None = None,
) -> list[dict]:
    """Rows of the mentions table (without doc_id) for `doc`, in document order."""
    sentence_of = sentence_index(doc)
    resolver = MentionResolver(knowledge_base, on=on, author_id=author_id)
    rows = []
    spans = candidate_spans(doc)
    # "the Line of Control (LOC)": the acronym is the actor its long form is
    long_forms = {id(name): acronym for acronym, name in names.acronym_definitions(doc, spans).items()}
    by_acronym: dict[str, tuple[str | None, str]] = {}
    for span in spans:
        if span.text in by_acronym:
            actor_id, method = by_acronym[span.text]
        else:
            actor_id, method = resolver.resolve(span)
        if id(span) in long_forms:
            by_acronym[long_forms[id(span)]] = (actor_id, method)
        rows.append(_row(span, sentence_of, actor_id, method, span.label_))
    _short_reference_actors(spans, rows)
    _title_countries(doc, spans, rows, knowledge_base)
    if on is not None:
        rows = _with_office_holders(doc, spans, rows, knowledge_base, on, sentence_of)
    for row in rows:
        if row["method"] == "discovered" and row["label"] in PLACE_LABELS:
            row["country"] = resolver.state_of_place(row["text"])  # "Kabul" where it is a place: in AFG
    if author_id:
        covered = {token.i for span in spans for token in span}
        for span in speaker_spans(doc):
            if span.start not in covered:
                rows.append(_row(span, sentence_of, author_id, "speaker", "SPEAKER"))
    rows.sort(key=lambda row: row["start"])
    return rows


def _short_reference_actors(spans: Sequence[Span], rows: list[dict]) -> None:
    """A name shortened to its head ("the Commission" after "the European Commission", "The League" after "the
    Australian League of Rights": analysis/name_types.short_references) is the actor the last longer name with
    that head is, where it resolves to nothing better on its own."""
    from analysis.name_types import is_short_reference, name_head

    last: dict[str, tuple[str | None, str]] = {}
    for span, row in zip(spans, rows):
        start, end = names.core(span)
        if end - start == 1 and span.doc[start].text in last and row["method"] in ("discovered", "unresolved") \
                and is_short_reference(span.doc[start]):
            row["actor_id"], row["method"] = last[span.doc[start].text]
        elif span.label_ == "ORG" and row["actor_id"] is not None:
            head = name_head(span)
            if head is not None:
                last[head] = (row["actor_id"], row["method"])


def _with_office_holders(doc: Doc, spans: Sequence[Span], rows: list[dict], knowledge_base: KnowledgeBase, on: date,
                         sentence_of: dict[int, int]) -> list[dict]:
    """The rows plus one per office named by its title ("the Secretary-General" → who held it on `on`:
    analysis/office_titles.py); a discovered or unresolved name the title lies in gives way to it."""
    # a person's name decides even when discovered; a discovered organisation may be the title itself ("the
    # Secretary-General" taken by the NER for an organisation)
    known = [(span, row["actor_id"] if span.label_ == "PERSON" or row["method"] not in ("discovered", "unresolved")
              else None) for span, row in zip(spans, rows)]
    found = list(office_titles.OfficeHolders(knowledge_base, on, known).find(doc))
    if not found:
        return rows
    taken = {token for title, _ in found for token in range(title.start, title.end)}
    kept = [row for span, row in zip(spans, rows) if not taken.intersection(range(span.start, span.end))]
    return kept + [_row(doc[title.start:title.end], sentence_of, actor_id, "title", "PERSON") for title, actor_id in found]


def _row(span: Span, sentence_of: dict[int, int], actor_id: str | None, method: str, label: str) -> dict:
    return {
        "sent_id": sentence_of[span.sent.start],
        "start": span.start_char,
        "end": span.end_char,
        "text": span.text,
        "label": label,
        "actor_id": actor_id,
        "method": method,
        "country": None,
    }


def _country_of(actor: Actor | None) -> str | None:
    """The state an actor stands for or belongs to, as the owner of a title ("British", "the Kremlin's")."""
    if actor is None or actor.kind in ("person", "place"):
        return None
    return actor.actor_id if actor.kind == "state" else actor.country


def _title_countries(doc: Doc, spans: Sequence[Span], rows: list[dict], knowledge_base: KnowledgeBase) -> None:
    """Set the `country` of person mentions whose title names the state they serve (analysis/titles.py)."""
    if not any(span.label_ == "PERSON" for span in spans):
        return
    owner: dict[int, str] = {}
    for span, row in zip(spans, rows):
        country = _country_of(knowledge_base.get(row["actor_id"])) if row["actor_id"] else None
        if country is not None:
            owner.update(dict.fromkeys(range(span.start, span.end), country))
    if not owner:
        return
    office_words = state_agent_nouns()
    for span, row in zip(spans, rows):
        if span.label_ == "PERSON" and row["actor_id"]:
            row["country"] = titles.title_owner(doc, span, owner.get, office_words)
