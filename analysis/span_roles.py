"""What a named span's words and its place in the sentence say it stands for, before the knowledge base is
asked (analysis/actors.py resolves the span with these): a capital used for its government ("Moscow said",
"the authorities in Tehran") or for its people ("demonstrators in Baghdad"), a name after a prefix
("Indo-China", "Sino-Soviet"), a name qualifying a document or a meeting ("the Camp David agreement"), a
session's roman numeral ("resolution 1514 (XV)"), the speaker's own words ("My Government") and a government
named only by its kind ("the Royal Government"). The word lists are analysis/data/actor_words.yaml (`LEXICON`).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from analysis.parsed import lemma

if TYPE_CHECKING:
    from spacy.tokens import Span

LEXICON_PATH = Path(__file__).parent / "data" / "actor_words.yaml"


def _load_lexicon(path: Path = LEXICON_PATH) -> dict[str, frozenset[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {key: frozenset(word.lower() for word in words) for key, words in data.items()}


LEXICON = _load_lexicon()


# Sectors of agent nouns (analysis/agents.py) whose holders act for a state: government, military, police,
# intelligence, legislature, judiciary. "The regime of Pretoria", "the junta in Rangoon" are the state's.
STATE_SECTORS = ("GOV", "MIL", "COP", "SPY", "LEG", "JUD")


@functools.lru_cache(maxsize=1)
def state_agent_nouns() -> frozenset[str]:
    from analysis.agents import agent_heads

    heads = {head for head, sectors in agent_heads().items()
             if any(sector.startswith(STATE_SECTORS) for sector in sectors)}
    return frozenset(heads | LEXICON["institution_nouns"])


def is_metonymic(span: Span) -> bool:
    """A capital stands for its state's government when it owns, qualifies or acts, or names whose
    institution a noun is ("the regime of Pretoria", "the authorities in Tehran"), or is what an act is aimed
    at or done with ("a delegation to Moscow", "closer to Washington", "talks with Beijing", "Putin visited
    Tehran"); not when it is a location ("a summit in Tehran", "the streets of Kabul", "entered Kabul") or
    names a thing of the city ("Kabul airport")."""
    root = span.root
    if root.dep_ == "poss" or (span.end < len(span.doc) and span.doc[span.end].tag_ == "POS"):
        return True
    if root.dep_ in {"compound", "amod", "nmod"} and lemma(root.head).lower() in state_agent_nouns():
        return True
    if root.dep_ == "pobj" and root.head.lower_ in ("of", "in") and root.head.head.pos_ == "NOUN" \
            and lemma(root.head.head).lower() in state_agent_nouns():
        # "in" says whose only for an institution with no owner of its own: "Moscow's embassy in Kabul" is in Kabul
        institution = root.head.head
        owned = any(child.dep_ == "poss" or (child.dep_ in ("compound", "amod") and child.is_title)  # "Russian"
                    for child in institution.children)
        return root.head.lower_ == "of" or not owned
    if root.dep_ in {"nsubj", "nsubjpass"}:
        return root.head.pos_ in {"VERB", "AUX"}
    if root.dep_ == "pobj":
        return root.head.lower_ not in LEXICON["locative_prepositions"]
    if root.dep_ in {"dobj", "dative"}:
        # "visited Tehran", "called Washington"; not "entered Kabul", "left Moscow", "reached Kyiv": places
        return lemma(root.head).lower() not in LEXICON["movement_verbs"]
    return False


FUNCTION_WORDS = frozenset({"the", "of", "and", "a", "an", "for", "in", "on", "to", "with", "our", "their", "its", "all"})


@functools.lru_cache(maxsize=1)
def agent_words() -> frozenset[str]:
    """Agent nouns (analysis/agents.py: "government", "governments", "powers", "secretary" …)."""
    from analysis.agents import agent_heads

    return frozenset(agent_heads())


def after_prefix(span: Span) -> bool:
    """The span ends a hyphenated word whose first part names no actor: "Indo-China" (a region), "Sino-Soviet",
    "Afro-Asian", "pro-Soviet" (adjectives). "Arab-Israeli" keeps both names."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].text not in ("-", "‑", "–") or doc[span.start - 2].whitespace_ \
            or doc[span.start - 1].whitespace_:
        return False
    before = doc[span.start - 2]
    return before.is_alpha and (not before.ent_type_ or before.lower_ in LEXICON["hyphen_prefixes"])


def qualified_government(span: Span) -> bool:
    """ "the Royal Government", "the Revolutionary Government", "the Provisional Government": a government named
    only by what kind it is, with no state of its own ("… of Cambodia" names one)."""
    tokens = [token for token in span if token.lower_ != "the"]
    if len(tokens) < 2 or tokens[-1].lower_ not in LEXICON["government_nouns"]:
        return False
    if span.end < len(span.doc) and span.doc[span.end].lower_ == "of":
        return False
    # words of a government's kind only: "the Khmer Government", "the Saigon Government" name whose it is
    return all(token.lower_ in LEXICON["government_kinds"] for token in tokens[:-1])


def locates_people(span: Span) -> bool:
    """A capital where people of an agent noun are, with no owner of their own: "demonstrators in Baghdad",
    "students in Tehran" (not "Russian diplomats in Kabul": Russia's)."""
    root = span.root
    if root.dep_ != "pobj" or root.head.lower_ != "in" or root.head.head.pos_ != "NOUN":
        return False
    people = root.head.head
    owned = any(child.dep_ in ("poss", "amod", "compound") and (child.ent_type_ or child.is_title) for child in people.children)
    return people.lower_ in agent_words() and not owned


def names_a_document_or_meeting(span: Span) -> bool:
    """ "the Camp David agreement", "the Cancun meeting": a name qualifying a document or a meeting."""
    head = span.root.head
    qualified = LEXICON["document_nouns"] | LEXICON["meeting_nouns"]
    return span.root.dep_ in ("compound", "nmod", "amod") and bool({lemma(head).lower(), head.lower_} & qualified)


# Prepositions after a document's noun that open what the document is about or where it was made.
DOCUMENT_PREPOSITIONS = frozenset({"on", "of", "for", "against", "between", "concerning", "relating"})


def heads_a_document(span: Span) -> bool:
    """ "the Convention on the Rights of the Child", "the International Covenant on Civil and Political Rights",
    "the Treaty of Tlatelolco": a name whose head is a document's noun followed by what it is about (not "the
    North Atlantic Treaty Organization", whose head is the organisation)."""
    root = span.root
    after = root.i + 1
    return (root.lower_ in LEXICON["document_nouns"] and after < span.end
            and span.doc[after].lower_ in DOCUMENT_PREPOSITIONS)


ROMAN_NUMERAL = re.compile(r"(?=[MDCLXVI]{2,})M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")


def first_person(span: Span) -> bool:
    """ "My Government", "Our delegation": a first-person possessive and the speaker's own nouns."""
    words = [token.lower_ for token in span]
    return len(words) > 1 and words[0] in ("my", "our") and all(word in LEXICON["speaker_nouns"] for word in words[1:])
