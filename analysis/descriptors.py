"""Names typed by the common nouns that describe them: "Aisby, a hamlet in Lincolnshire" and "Aisby is a hamlet"
make Aisby a place wherever the document names it, "they toured with the band Blur" makes Blur an
organisation, "Garrick, a spokesman" a person.

A descriptor is an apposition beside the name or the predicate noun of "<name> is a …", read from the parse;
its kind (a person, an organisation, a political place, another place, a facility) comes from WordNet's noun
hierarchy (analysis/noun_kinds.py). The statistical NER types a name from its letters and its neighbours
alone; a description the text gives is firmer evidence, and one sense per document carries it to the name's
other mentions. Names the knowledge base knows keep its kind.
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING, Iterable

import numpy
from spacy.symbols import NOUN as NOUN_POS

from analysis.names import HYPHENS
from analysis.noun_kinds import noun_kind
from analysis.parsed import first_conjunct, lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

TYPED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
COPULAS = frozenset({"be"})
EXAMPLE_WORDS = frozenset({"including", "like"})


def noun_of(token: Token) -> str | None:
    """The kind of a descriptor noun: its longest compound WordNet knows ("a school district", "a talkback
    radio station" as a radio station), else its head word."""
    head = lemma(token).lower()
    compounds = [child.lower_ for child in token.lefts if child.dep_ == "compound" and child.pos_ == "NOUN"]
    for first in range(len(compounds)):
        kind = noun_kind(" ".join(compounds[first:] + [head]))
        if kind:
            return kind
    return noun_kind(head)


def _common_noun(token: Token) -> bool:
    return token.pos_ == "NOUN" and not token.ent_type_


def _titles_a_name(noun: Token) -> bool:
    """The noun stands before a proper noun of its own: a title ("the restaurant owner László"), not a
    description of the name before it."""
    following = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    return following is not None and following.pos_ == "PROPN"


def _determined(noun: Token) -> bool:
    """The noun has a determiner, a possessor or a modifier ("the band", "its owner", "American rock band"): a
    noun phrase, not a headline's verb the tagger took for a noun ("Mayor names Omar Khalil as …")."""
    return any(child.dep_ in ("det", "poss", "amod") for child in noun.lefts)


def _example_of(token: Token) -> Token | None:
    """The noun a list of examples illustrates: "bands such as X", "militias, including X", "groups like X"."""
    if token.dep_ != "pobj":
        return None
    preposition = token.head
    introduces = preposition.lower_ in EXAMPLE_WORDS or preposition.lower_ == "as" and any(
        child.lower_ == "such" for child in preposition.children)
    noun = _collected(preposition.head)
    mixed = noun.dep_ == "conj" or any(child.dep_ == "conj" for child in noun.children)  # "bands and artists such as …"
    return noun if introduces and not mixed and noun.i < preposition.i and _common_noun(noun) else None


def _collected(noun: Token) -> Token:
    """What a collective noun gathers: "bicycles" for "a broad range of bicycles", "groups" for "a number of
    groups"; other nouns are themselves."""
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            gathered = next((object_ for object_ in child.children if object_.dep_ == "pobj"), None)
            if gathered is not None and gathered.tag_ == "NNS" and _common_noun(gathered):
                return gathered
    return noun


def _and_other(token: Token) -> Token | None:
    """The noun that closes a list with "and other …": "X, Y and other bands"."""
    return next((child for child in token.rights if child.dep_ == "conj" and _common_noun(child)
                 and any(modifier.lower_ == "other" for modifier in child.lefts)), None)


def descriptor(span: Span) -> Token | None:
    """The common noun the text uses to say what `span` names: an apposition after it ("Aisby, a hamlet"),
    the noun it stands in apposition to ("the band Blur"), the predicate of a copula it (or the list it is in)
    is the subject of ("Aisby and Heydour are villages"; not when negated), or the noun a list of examples
    holding it illustrates (Hearst's patterns: "militias such as / including / like X", "X and other
    militias")."""
    root = span.root
    if any(child.dep_ == "case" for child in root.children):
        return None  # a possessor is not what is described ("big bands, including Rudy Vallee's")
    for child in root.rights:
        if child.dep_ == "appos" and child.i >= span.end and _common_noun(child) and not _titles_a_name(child):
            return child
    if root.dep_ == "appos" and root.head.i < span.start and _common_noun(root.head) and _determined(root.head):
        return root.head
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.dep_ == "compound" and before.head == root and _common_noun(before) \
            and (_determined(before) or any(child.dep_ == "det" and child.i < before.i for child in root.lefts)):
        return before  # "the militia Liwa Halab", parsed as one noun phrase headed by the name
    first = first_conjunct(root)
    if first.dep_ == "nsubj" and lemma(first.head) in COPULAS \
            and not any(child.dep_ == "neg" for child in first.head.children):
        attribute = next((child for child in first.head.rights if child.dep_ == "attr" and _common_noun(child)), None)
        if attribute is not None:
            return attribute
    return _example_of(first) or _and_other(first)


def _relational(noun: Token) -> bool:
    """A noun followed by "of": it tells a relation rather than a kind ("a member of", "an ally of")."""
    return any(child.dep_ == "prep" and child.lower_ == "of" for child in noun.rights)


def _organisation_words(span: Span) -> bool:
    """A word of the span heads organisations' names ("Party", "Bank") or names an organisation ("University")."""
    from analysis import gazetteer

    heads = gazetteer.organization_heads()
    return any(token.text in heads or token.is_title and noun_kind(token.text) == "ORG" for token in span)


def described_kind(span: Span) -> str | None:
    """The kind the span's descriptor gives it, or None. A role noun does not make a person of an organisation's
    name ("its current owner Southern Cross Broadcasting") nor a relation noun of any name the NER types
    otherwise ("Iran is a supporter of …")."""
    noun = descriptor(span)
    if noun is None:
        return None
    kind = noun_of(noun)
    if kind == "PERSON" and span.label_ != "PERSON" and (_relational(noun) or _organisation_words(span)):
        return None
    return kind


def head_kind(span: Span) -> str | None:
    """The kind the last word of a name of two title-case words or more gives it, where that word is a noun
    WordNet knows and the first word no given name: "Sandy River", "Davis Gym", "Cal Anderson Park" (not
    "Benny Hill"). Only for names the NER calls persons: an organisation's name often ends in a place's
    word ("the Houston Post", "the New York Stock Exchange", "One Nation")."""
    from analysis import gazetteer
    from analysis.names import core

    start, end = core(span)
    words = span.doc[start:end]
    if len(words) < 2 or not all(token.is_title and token.is_alpha for token in words) or words[0].text in gazetteer.given_names():
        return None
    kind = noun_kind(words[-1].text)
    return kind if span.label_ == "PERSON" and kind != "PERSON" else None


def _key(span: Span) -> str:
    from analysis.names import core

    start, end = core(span)
    return span.doc[start:end].text


def described(doc: Doc, spans: Iterable[Span], *, known: set[tuple[int, int]] = frozenset()) -> list[Span]:
    """Each span the knowledge base does not know, with the kind its own descriptor or the descriptors of the
    same name elsewhere in the document give it (the most frequent; a tie decides nothing). A place keeps its
    place label when the descriptor names another kind of place."""
    from spacy.tokens import Span

    spans = list(spans)
    candidates = [span for span in spans if span.label_ in TYPED_LABELS and (span.start, span.end) not in known and not span.id_]
    votes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for span in candidates:
        kind = described_kind(span) or head_kind(span)
        if kind:
            votes[_key(span)][kind] += 1
    if not votes:
        return spans
    kinds = {}
    for name, counts in votes.items():
        ranked = counts.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            kinds[name] = ranked[0][0]
    open_bounds = {(span.start, span.end) for span in candidates}
    retyped = []
    for span in spans:
        kind = kinds.get(_key(span)) if (span.start, span.end) in open_bounds else None
        if kind and _retypes(kind, span.label_):
            span = Span(doc, span.start, span.end, label=kind)
        retyped.append(span)
    return retyped


# ─── Names the NER missed after the noun that describes them ─────────────────────────────

NAMING_WORDS = frozenset({"called", "named"})
NAME_JOINERS = frozenset({"of", "to", "the", "and", "&"})
MAX_INTRODUCED_WORDS = 6
RETYPED_LABELS = frozenset({"WORK_OF_ART", "LAW", "PRODUCT"})


def introduced(doc: Doc, spans: list[Span]) -> list[Span]:
    """Names the NER missed, or took for a title or a law, where a described noun introduces them ("the band The
    Lazy Hornets", "the band Velvet Harbour", "a company called Brightwater Analytics"): a span of the noun's kind
    over the title-case words that follow it. A noun WordNet gives no kind ("the militant group X") introduces
    nothing."""
    from spacy.tokens import Span

    # the NER's guess that such a name is a title or a law ("the band God Street Wine" as a LAW) gives way
    loose = {index: span for span in spans if span.label_ in RETYPED_LABELS for index in range(span.start, span.end)}
    covered = {index for span in spans if span.label_ not in RETYPED_LABELS for index in range(span.start, span.end)}
    found, replaced = [], set()
    # the nouns are read from the POS array: iterating a Doc makes a Python object of every token
    for index in numpy.flatnonzero(doc.to_array("POS") == NOUN_POS).tolist():
        noun = doc[index]
        if not _common_noun(noun) and not (noun.pos_ == "NOUN" and noun.ent_type_ in RETYPED_LABELS) \
                or not (_determined(noun) or any(child.dep_ == "compound" for child in noun.lefts)):
            continue
        kind = noun_of(noun)
        if kind not in TYPED_LABELS:
            continue
        bounds = _name_after(noun, covered)
        if bounds is None:
            continue
        overlapping = {id(loose[index]) for index in range(*bounds) if index in loose}
        if any(span.start < bounds[0] or span.end > bounds[1] for span in spans if id(span) in overlapping):
            continue  # the NER's span reaches past the name: its bounds are not this name's
        found.append(Span(doc, *bounds, label=kind))
        covered.update(range(*bounds))
        replaced |= overlapping
    if not found:
        return spans
    return sorted([span for span in spans if id(span) not in replaced] + found, key=lambda span: span.start)


def _retypes(kind: str, label: str) -> bool:
    """A descriptor's kind replaces the NER's label, but for another kind of place, or a facility for an
    organisation (an institution or its building)."""
    return kind != label and not (kind in PLACE_LABELS and label in PLACE_LABELS) and not (kind == "FAC" and label == "ORG")


def _name_after(noun: Token, covered: set[int]) -> tuple[int, int] | None:
    """Token bounds of the title-case words just after `noun` (or after its comma, "called" or "named") that
    no span covers and no lower-case noun follows ("the company Board meeting" names nothing)."""
    doc = noun.doc
    if noun.i > 0 and doc[noun.i - 1].text in HYPHENS and not doc[noun.i - 1].whitespace_:
        return None  # "a first-round KO": the noun is half of a modifier
    start = noun.i + 1
    while start < len(doc) and (doc[start].text == "," and start == noun.i + 1 or doc[start].is_quote
                                or doc[start].lower_ in NAMING_WORDS and doc[start].head == noun):
        start += 1
    end = start
    while end < len(doc) and end - start < MAX_INTRODUCED_WORDS and end not in covered and not doc[end].is_sent_start:
        token = doc[end]
        if token.pos_ == "PROPN" and (token.is_title or token.is_upper and len(token) > 1) \
                or token.text == "The" and end == start:
            end += 1
        elif token.lower_ in NAME_JOINERS and end > start and end + 1 < len(doc) and doc[end + 1].is_title:
            end += 1
        else:
            break
    if end == start or doc[end - 1].lower_ in NAME_JOINERS:
        return None
    after = doc[end] if end < len(doc) else None
    if after is not None and (after.pos_ == "NOUN" or end in covered or after.text in HYPHENS and not doc[end - 1].whitespace_):
        return None  # "the company Board meeting", "second-team All-America"
    return start, end

