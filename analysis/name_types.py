"""What kind of name a span is, from its own words and from the rest of the document: a given name then a
surname is a person, a person's name ending in an organisation's head word an organisation, a city's name
labelled a person a place (`retyped`); one sense per document: a name spelled once as a person makes its other
spans persons, a name the document places somewhere ("near X", "the village of X", "north of X", "Tacloban, X")
is a place everywhere in it (`consistent_places`, `placed`), a name it says only an
organisation can be ("X was founded in …", "X's subsidiary") an organisation (`consistent_organisations`), and an
organisation named again by its head word alone ("the Commission" after "the European Commission") is found
(`short_references`). Part of the knowledge_names component (analysis/names.py)."""

from __future__ import annotations

import collections
import functools
import re
from typing import TYPE_CHECKING, Iterable

from analysis.names import DETERMINERS, HYPHENS, core, in_title_of_work, is_fragment

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# ─── Types from the words of a name ──────────────────────────────────────────────────────


@functools.lru_cache(maxsize=1)
def _name_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    from analysis import gazetteer
    from analysis.span_roles import LEXICON

    not_person_ends = gazetteer.organization_heads() | gazetteer.place_heads() | {
        word.title() for word in LEXICON["facility_nouns"] | LEXICON["generic_words"]}
    return gazetteer.given_names(), gazetteer.organization_heads(), gazetteer.place_heads(), not_person_ends


def _head(word: str, heads: frozenset[str]) -> bool:
    """`word` or its singular or plural heads names in `heads` ("College" for "Colleges")."""
    return word in heads or word + "s" in heads or (word.endswith("s") and word[:-1] in heads)


def retyped(span: Span, persons: set[str]) -> str:
    """The label a span's own words give it, for spans the knowledge base does not know:
    a given name then one or two surnames is a person ("Jenny Seaton", labelled ORG by the NER), particles
    between them too ("Staffan de Mistura", "Marcus du Sautoy": nameparser's particles);
    a person or place whose last word heads organisations' names is an organisation ("Vidal Workers Union");
    a person whose last word heads cities' names is a place ("Lake Charles" no, "Boulder Springs" yes);
    a city's name as a side of a match is a team ("Milan defeated Lazio", `competitor`);
    a person that is only a city's name and no person of the document is a place ("Reading", "Perth")."""
    label = span.label_
    if span.id_ or label not in {"PERSON", "ORG", "GPE", "LOC", "FAC"}:
        return label
    given, organization_heads, place_heads, not_person_ends = _name_words()
    start, end = core(span)
    words = span.doc[start:end]
    texts = [token.text for token in words]
    if not all(token.is_alpha for token in words):
        return label
    city = words.text in city_names()
    if label != "PERSON" and _given_then_surnames(words, given) and not city \
            and span[0].lower_ not in DETERMINERS and not _head(texts[-1], not_person_ends):
        return "PERSON"
    if label in {"PERSON", "GPE", "LOC"} and len(words) >= 2 and _head(texts[-1], organization_heads):
        return "ORG"
    if city and label in {"GPE", "ORG", "LOC", "PERSON"} and competitor(words):
        return "ORG"  # "Leeds beat Chelsea", "played for Lausanne": a team
    if label == "ORG" and len(words) == 1 and city and words.text not in persons:
        return "GPE"  # "Melbourne", "Marseille" labelled ORG: the city
    if label == "PERSON" and len(words) >= 2 and texts[-1] in place_heads and texts[0] not in given:
        return "GPE"
    if label == "PERSON" and 2 <= len(words) <= 3 and texts[0] in city_names() and texts[0] not in given \
            and texts[-1].endswith("s") and not texts[-1].endswith("ss"):
        return "ORG"  # a city's name and a plural noun: a team ("Boston Bruins", "Leeds Rhinos")
    if label == "PERSON" and city and words.text not in persons and texts[0] not in given:
        return "GPE"
    if label in {"PERSON", "ORG"} and _located(span.doc, start, end) and words.text not in persons \
            and texts[0] not in given and (label == "PERSON" or city):
        return "GPE"  # "a village near Hollowmere", "they played in Leeds"
    return label


def _given_then_surnames(words: Span, given: frozenset[str]) -> bool:
    """A given name, then one or two title-case surnames, with lower-case particles only between them
    ("Staffan de Mistura", "Ursula von der Leyen")."""
    from nameparser.config.particles import PARTICLES

    inner = [token for token in words[1:-1] if not (token.is_lower and token.text in PARTICLES)]
    names = [words[0], *inner, words[-1]] if len(words) >= 2 else list(words)
    return 2 <= len(names) <= 3 and all(token.is_title for token in names) and words[0].text in given


def competitor(words: Span) -> bool:
    """The name is a side of a match (actor_words competition_verbs, competition_prepositions): the subject,
    object or agent of a verb of winning ("Leeds beat Chelsea", "beaten by Leeds"), the object of a verb's
    preposition ("lost to Leeds", "played for Lausanne") or that verb's subject ("Madrid lost to Valencia"), or
    the subject or object of a verb a score goes with ("Marseille drew 1-1 with Bordeaux")."""
    from analysis.parsed import lemma
    from analysis.span_roles import LEXICON

    root = words.root
    preposition = root.head if root.dep_ == "pobj" else None
    verb = preposition.head if preposition is not None else root.head
    verb_lemma = lemma(verb).lower()
    winning = verb_lemma in LEXICON["competition_verbs"]
    if preposition is not None:
        if preposition.dep_ == "agent":
            return _scored(verb) or winning and _named_side(verb, preposition)
        return f"{verb_lemma} {preposition.lower_}" in LEXICON["competition_prepositions"] \
            or _scored(verb) and preposition.lower_ in ("with", "against", "to", "over")
    if root.dep_ not in ("nsubj", "nsubjpass", "dobj", "npadvmod") or verb.pos_ not in ("VERB", "AUX"):
        return False
    if _scored(verb):
        return True
    if winning:
        return _named_side(verb, root)
    return root.dep_ == "nsubj" and any(
        child.dep_ == "prep" and f"{verb_lemma} {child.lower_}" in LEXICON["competition_prepositions"]
        and any(object_.dep_ == "pobj" for object_ in child.children) for child in verb.children)


def _named_side(verb, side) -> bool:
    """The verb of winning has another side named, and it is no country: "Leeds beat Chelsea", not "Moscow
    defeated the resolution" (a vote) nor a country beaten ("Rome defeated the United States")."""
    from analysis import gazetteer

    others = [child for child in verb.children if child != side and child.dep_ in ("nsubj", "nsubjpass", "dobj", "npadvmod")]
    others += [pobj for agent in verb.children if agent.dep_ == "agent" and agent != side
               for pobj in agent.children if pobj.dep_ == "pobj"]
    return any(other.pos_ == "PROPN" and _compound_name(other) not in gazetteer.country_names() for other in others)


def _compound_name(token) -> str:
    """The name a proper noun heads with its compounds before it ("United" + "States")."""
    start = min([token.i, *(child.left_edge.i for child in token.lefts if child.dep_ == "compound")])
    return token.doc[start : token.i + 1].text


def _scored(verb) -> bool:
    """A score goes with the verb: two small numbers joined by a dash in its phrase ("1-1", "3 – 0")."""
    from analysis.names import is_score

    doc = verb.doc
    return any(is_score(doc[index : index + 3]) for index in range(verb.left_edge.i, verb.right_edge.i - 1))


LOCATIVE_PREPOSITIONS = frozenset({"in", "near"})


def _located(doc: Doc, start: int, end: int) -> bool:
    """The name follows "in" or "near" and owns nothing ("in Hollowmere", not "in Smith's view")."""
    if start == 0 or doc[start - 1].lower_ not in LOCATIVE_PREPOSITIONS:
        return False
    return end >= len(doc) or doc[end].tag_ != "POS" and doc[end].text not in ("'s", "’s")


def city_names() -> frozenset[str]:
    from analysis import gazetteer

    return gazetteer.city_names()


def repair_types(doc: Doc, spans: list[Span], *, known: set[tuple[int, int]] = frozenset()) -> list[Span]:
    """Each span with the label its words give it (`retyped`), but for the knowledge base's names (`known`
    token bounds), whose label is the kind the knowledge base gives them."""
    from spacy.tokens import Span

    persons = person_names(spans)
    repaired = []
    for span in spans:
        label = span.label_ if (span.start, span.end) in known else retyped(span, persons)
        repaired.append(span if label == span.label_ else Span(doc, span.start, span.end, label=label))
    return repaired


# ─── One sense per document ──────────────────────────────────────────────────────────────


def person_names(spans: Iterable[Span]) -> set[str]:
    """Full names and surnames of the persons among `spans` that have two words or more and no other kind
    from the knowledge base."""
    names: set[str] = set()
    for span in spans:
        if span.label_ != "PERSON":
            continue
        words = [token for token in span if token.is_alpha]
        if len(words) >= 2 and words[-1].is_title:
            names.add(span.text)
            names.add(words[-1].text)
    return names


def consistent_persons(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans that spell a person named in full elsewhere in the document become that person (unless the
    knowledge base says what they are), and lone title-case tokens that spell one and are in no span
    become person spans."""
    from spacy.tokens import Span

    names = person_names(spans)
    if not names:
        return spans
    repaired = []
    for span in spans:
        if span.label_ != "PERSON" and not span.id_ and span.text in names:
            span = Span(doc, span.start, span.end, label="PERSON")
        repaired.append(span)
    covered = {index for span in repaired for index in range(span.start, span.end)}
    surnames = sorted(name for name in names if " " not in name)
    if surnames:
        # found in the text, not by walking every token
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, surnames)) + r")\b")
        for match in pattern.finditer(doc.text):
            found = doc.char_span(match.start(), match.end())
            if found is None or len(found) != 1:
                continue
            token = found[0]
            if token.i not in covered and token.is_title and not _in_longer_name(token):
                repaired.append(Span(doc, token.i, token.i + 1, label="PERSON"))
    return sorted(repaired, key=lambda span: span.start)


def consistent_organisations(doc: Doc, spans: list[Span]) -> list[Span]:
    """A name the document says only an organisation can be ("Caloi was founded in 1898", "Gazprom's subsidiary",
    "the founder of X": actor_words organisation_verbs, organisation_nouns) is an organisation in every
    span that spells it, where the NER or a person of that surname made it a person; names the knowledge base
    knows keep their kind."""
    from spacy.tokens import Span

    from analysis.parsed import lemma
    from analysis.span_roles import LEXICON

    verbs, nouns = LEXICON["organisation_verbs"], LEXICON["organisation_nouns"]
    cued = set()
    for span in spans:
        if span.label_ not in ("PERSON", "ORG") or span.id_:
            continue
        root = span.root
        governor = root.head
        owner = governor.head if root.dep_ == "pobj" and governor.lower_ == "of" else governor if root.dep_ == "poss" else None
        if root.dep_ == "nsubjpass" and lemma(governor).lower() in verbs \
                or owner is not None and owner.pos_ == "NOUN" and lemma(owner).lower() in nouns:
            cued.add(doc[slice(*core(span))].text)
    if not cued:
        return spans
    # a place keeps its kind ("the members of the Aabenraa County council" are a county's)
    return [Span(doc, span.start, span.end, label="ORG") if span.label_ == "PERSON" and not span.id_
            and doc[slice(*core(span))].text in cued else span for span in spans]


def consistent_places(doc: Doc, spans: list[Span]) -> list[Span]:
    """A name the document places somewhere ("a village near Hollowmere", "born in Hollowmere") is a place
    everywhere in it: its other spans labelled persons (and no full name of a person) become places too. A name
    its phrase makes a place is one even where the NER took it for an organisation or a person (`placed`:
    "the village of Laurel Hollow", "north of Whitebirk", "Vigan, Ilocos Sur", "Abra, where she was captured")."""
    from spacy.tokens import Span

    persons = person_names(spans)
    place_tokens = {index for span in spans if span.label_ in ("GPE", "LOC") for index in range(span.start, span.end)}
    unknown = [span for span in spans if not span.id_]
    places = {span.text for span in unknown if span.label_ in ("GPE", "LOC") and span.text not in persons
              and _located(doc, *core(span))}
    # a phrase that places a name outweighs the NER's person, even a name of several words ("north of Qarawat
    # Bani Zeid"): `placed` leaves names opened by a given name alone
    placed_names = {span.text for span in unknown if span.label_ in ("PERSON", "ORG") and placed(span, place_tokens)}
    if not places and not placed_names:
        return spans
    # a person's spelling becomes a place by either; an organisation's only by its phrase
    becomes_place = {"PERSON": places | placed_names, "ORG": placed_names}
    return [Span(doc, span.start, span.end, label="GPE") if not span.id_ and span.text in becomes_place.get(span.label_, ())
            else span for span in spans]


PATH_PREPOSITIONS = frozenset({"to", "into", "toward", "towards", "from", "at", "in", "near"})
COMPASS = re.compile(r"(?:north|south)(?:-?(?:east|west))?|east|west", re.IGNORECASE)


def _in_list(token) -> bool:
    """The token is one item of a list of three or more ("Telemundo, Univision, MUN2"), not the second of a
    place and the place holding it."""
    head = token.head
    items = [child for child in head.children if child.dep_ == "conj"]
    return head.dep_ == "conj" or items != [token] and token.dep_ == "conj" or any(
        child.dep_ in ("conj", "cc") for child in token.children)


def placed(span: Span, place_tokens: set[int]) -> bool:
    """The name's phrase makes it a place: it is what a settlement or a political unit is "of" ("the village of
    X", "the province of X": WordNet's GPE nouns) or what a compass point is "of" ("north of X"); it follows a
    place and a comma as the larger place holding it ("Vigan, Ilocos Sur", "Senlis, Oise, Picardie"; not an item
    of a list, nor a name taken for a person); or, named as a person and reached by a preposition of place or
    path, it heads a "where" clause ("fled to Abra, where she was captured"; not "the band of Al Kavelin, where he
    played"). A name whose words make it something else (a given name first, an organisation's head word last)
    is left alone."""
    from analysis.noun_kinds import noun_kind

    doc = span.doc
    start, end = core(span)
    words = doc[start:end]
    given, organization_heads, _, _ = _name_words()
    if words[0].text in given or _head(words[-1].text, organization_heads):
        return False
    root = words.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.i == start - 1:
        owner = head.head
        if owner.is_lower and (COMPASS.fullmatch(owner.text) or owner.pos_ == "NOUN" and noun_kind(owner.text) == "GPE"):
            return True
    # a person there is more often the apposition of a role before the place ("the envoy to Afghanistan, Zamir
    # Kabulov"): only a name taken for an organisation
    if span.label_ == "ORG" and root.dep_ in ("appos", "conj") and start >= 2 and doc[start - 1].text == "," and head.i == start - 2 \
            and head.i in place_tokens and not _in_list(root):
        return True
    return span.label_ == "PERSON" and root.dep_ == "pobj" and head.lower_ in PATH_PREPOSITIONS and any(
        child.dep_ == "relcl" and any(word.lower_ == "where" and word.dep_ == "advmod" for word in child.lefts)
        for child in root.rights)


REPEATED_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC"})


def repeated_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """The other mentions of a name the document has already found ("the Falcons" once an organisation, later
    "Falcons" missed by the NER): each uncovered spelling of a found organisation's or place's name, with that
    name's most frequent label, unless it is part of a longer name ("Falcons Stadium"). Persons are
    `consistent_persons`' work; names the knowledge base knows are found by its own matcher."""
    from spacy.tokens import Span

    labels: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for span in spans:
        if span.label_ in REPEATED_LABELS and not span.id_:
            start, end = core(span)
            name = doc[start:end]
            if any(token.is_title or token.is_upper for token in name) and len(name.text) > 2:
                labels[name.text][span.label_] += 1
    if not labels:
        return spans
    covered = {index for span in spans for index in range(span.start, span.end)}
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(labels, key=len, reverse=True))) + r")(?!\w)")
    found = []
    for match in pattern.finditer(doc.text):
        name = doc.char_span(match.start(), match.end())
        if name is None or any(token.i in covered for token in name):
            continue
        if _extends(name) or in_title_of_work(name) or is_fragment(name):
            continue
        found.append(Span(doc, name.start, name.end, label=labels[match.group()].most_common(1)[0][0]))
        covered.update(range(name.start, name.end))
    return sorted(spans + found, key=lambda span: span.start) if found else spans


def name_head(name: Span) -> str | None:
    """The word an organisation's name is headed by: its last ("the European Commission" → Commission) or the
    one before its first "of" ("the Australian League of Rights" → League)."""
    start, end = core(name)
    words = [token for token in name.doc[start:end]]
    ofs = [number for number, token in enumerate(words) if token.lower_ == "of"]
    head = words[ofs[0] - 1] if ofs and ofs[0] > 0 else words[-1]
    return head.text if len(words) >= 2 and head.is_title else None


@functools.lru_cache(maxsize=1)
def _organisation_head_words() -> frozenset[str]:
    """Words an organisation's name can be shortened to: the heads of organisations' names, less the
    government's nouns ("the Government" is the speaker's or any state's)."""
    from analysis import gazetteer
    from analysis.span_roles import LEXICON

    return gazetteer.organization_heads() - {word.title() for word in LEXICON["government_nouns"]}


def short_references(doc: Doc, spans: list[Span]) -> list[Span]:
    """An organisation named again by its head word alone after "the" ("the Australian League of Rights … The
    League was formed in 1960", "the European Commission … the Commission said"): an organisation's span,
    where the NER found nothing, once a longer name with that head stands earlier in the
    document. actors.find_mentions gives it (or the NER's span of it) the longer name's actor."""
    from spacy.tokens import Span

    heads: dict[str, int] = {}
    for span in spans:
        head = name_head(span) if span.label_ == "ORG" else None
        if head in _organisation_head_words():
            heads.setdefault(head, span.end)
    if not heads:
        return spans
    covered = {index for span in spans for index in range(span.start, span.end)}
    found = []
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(heads))) + r")\b")  # found in the text, not token by token
    for match in pattern.finditer(doc.text):
        words = doc.char_span(match.start(), match.end())
        if words is None or len(words) != 1:
            continue
        token = words[0]
        if heads[token.text] > token.i or not is_short_reference(token):
            continue
        if token.i not in covered:
            found.append(Span(doc, token.i, token.i + 1, label="ORG"))
    return sorted(spans + found, key=lambda span: span.start) if found else spans


def is_short_reference(token) -> bool:
    """A title-case word alone after "the", inside a sentence and before no other noun ("The League was formed",
    "the League's founder"; not "the Union army", "the League of Nations")."""
    doc = token.doc
    if token.i == 0 or token.is_sent_start or not token.is_title or doc[token.i - 1].lower_ != "the":
        return False
    if not doc[token.i - 1].is_sent_start and doc[token.i - 1].text != "the":
        return False  # "… in The League": a title
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return after is None or not (after.pos_ in ("NOUN", "PROPN") or after.is_title or after.lower_ == "of"
                                 or after.text in HYPHENS and not token.whitespace_)


def _extends(name: Span) -> bool:
    """The name is part of a longer one: a title-case proper noun or a number stands just before or after it
    ("Falcons Stadium", "882 6PR"), a hyphen joins it to a word ("All-MAC"), or a capital article stands before
    it inside a sentence ("A Beautiful Lie")."""
    doc = name.doc
    before = doc[name.start - 1] if name.start > 0 else None
    after = doc[name.end] if name.end < len(doc) else None
    for token in (before, after):
        if token is not None and (token.pos_ in ("PROPN", "NUM") and (token.is_title or token.is_upper or token.like_num)):
            return True
    if before is not None and before.text in HYPHENS and not before.whitespace_:
        return True
    if after is not None and after.text in HYPHENS and not name[-1].whitespace_:
        return True
    return before is not None and before.text in ("A", "An", "The") and not before.is_sent_start


def _in_longer_name(token) -> bool:
    """The token stands beside another title-case word: part of some other name ("Hauser Street")."""
    doc = token.doc
    before = doc[token.i - 1] if token.i > 0 else None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return any(neighbour is not None and neighbour.is_title and not neighbour.is_sent_start and neighbour.pos_ == "PROPN"
               for neighbour in (before, after)) or (after is not None and after.is_title and after.pos_ == "PROPN")
